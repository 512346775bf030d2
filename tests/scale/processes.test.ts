import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import { type DevIdentityProvider, loginAs, startDevIdentityProvider } from '@smartloket/dev-world/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillRequest, hidden, PortalClient } from '../support/portal.js';
import { type RoundRobinProxy, startRoundRobinProxy } from '../support/round-robin-proxy.js';
import type { ChildSettings } from './process-child.js';

/**
 * Several processes on one PostgreSQL database, as production runs them: two server processes
 * and two worker processes (real child processes), behind a round-robin loopback proxy. Citizens
 * log in through the dev identity provider on one server and continue on the other; the CSRF
 * token of one server holds on the other; a rate limit counts across both; a server restarted
 * while submissions flow loses none and files none twice.
 */
const root = resolve(import.meta.dirname, '../..');
const VERIFY_LIMIT = 4;
const unavailable = await postgresUnavailableReason();
if (unavailable && process.env.CI) throw new Error(`CI needs PostgreSQL: ${unavailable}`);

interface Child {
  settings: ChildSettings;
  process: ChildProcess;
  url?: string;
}

async function startChild(settings: ChildSettings): Promise<Child> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', 'tests/scale/process-child.ts'],
    {
      cwd: root,
      env: { ...process.env, SMARTLOKET_CHILD: JSON.stringify(settings) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string | undefined>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening (\S+)/.exec(out);
      if (m) ok(m[1]);
      else if (out.includes('working')) ok(undefined);
    });
    child.once('exit', (code) => fail(new Error(`${settings.id} exited with ${code} before it was ready`)));
  });
  return { settings, process: child, ...(url ? { url } : {}) };
}

async function stopChild(child: Child): Promise<number | null> {
  if (child.process.exitCode !== null) return child.process.exitCode;
  const exited = new Promise<number | null>((r) => child.process.once('exit', (code) => r(code)));
  child.process.kill('SIGTERM');
  return exited;
}

describe.skipIf(Boolean(unavailable))('two servers and two workers on PostgreSQL behind a proxy', () => {
  let db: TestDatabase;
  let idp: DevIdentityProvider;
  let proxy: RoundRobinProxy;
  const children: Child[] = [];
  let servers: Child[] = [];

  const serverSettings = (id: string): ChildSettings => ({
    role: 'server',
    id,
    databaseUrl: db.url,
    ownerUrl: db.ownerUrl,
    clockIso: CLOCK,
    issuer: idp.issuer,
    publicUrl: proxy.url,
    verifyLimit: VERIFY_LIMIT,
  });
  const CLOCK = new Date().toISOString();

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    proxy = await startRoundRobinProxy([]);
    idp = await startDevIdentityProvider({
      port: 0,
      host: '127.0.0.1',
      clients: [
        {
          client_id: 'smartloket',
          client_secret: 'dev-secret',
          redirect_uris: [`${proxy.url}/auth/callback`],
          post_logout_redirect_uris: [`${proxy.url}/`],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
    });
    // Start one at a time: each migrates (a no-op after the first) before it listens.
    for (const id of ['server-a', 'server-b']) children.push(await startChild(serverSettings(id)));
    for (const id of ['worker-1', 'worker-2']) {
      children.push(
        await startChild({ role: 'worker', id, databaseUrl: db.url, ownerUrl: db.ownerUrl, clockIso: CLOCK }),
      );
    }
    servers = children.filter((c) => c.url);
    proxy.targets.push(...servers.map((s) => s.url!));
  });
  afterAll(async () => {
    for (const c of children) await stopChild(c);
    await proxy?.close();
    await idp?.stop();
    await db?.destroy();
  });

  /** A citizen logged in through the proxy (the login's steps alternate between the servers). */
  async function citizen(): Promise<PortalClient> {
    const client = new PortalClient(proxy.url);
    const result = await loginAs('jan', 'itsme', { baseUrlOfRp: proxy.url, jar: client.jar });
    expect(result.response?.status).toBe(200);
    await result.response?.body?.cancel();
    return client;
  }

  /** `client`'s session cookie sent straight to one server, past the proxy. */
  const direct = (client: PortalClient, server: Child) => {
    const c = new PortalClient(server.url!);
    const cookie = client.jar.header(proxy.url);
    return {
      get: (path: string) => c.get(path, cookie ? { cookie } : {}),
      post: (path: string, form: Record<string, string>) => c.post(path, form, cookie ? { cookie } : {}),
    };
  };

  it('keeps a login and its CSRF token across the server processes', async () => {
    const jan = await citizen();
    const [a, b] = servers as [Child, Child];
    for (const s of [a, b]) {
      const mine = await direct(jan, s).get('/my');
      expect(mine.status).toBe(200);
    }
    // The form (and its CSRF token) from server A, the steps and submit on server B.
    const form = await direct(jan, a).get('/request/test.attest');
    expect(form.status).toBe(200);
    const csrf = hidden(form.text, '_csrf');
    const draft = hidden(form.text, '_draft');
    const step = await direct(jan, b).post('/request/test.attest', {
      _csrf: csrf,
      _draft: draft,
      _step: '0',
      _action: 'next',
      forWhom: 'self',
    });
    expect(step.status).toBe(200);
    const forged = await direct(jan, b).post('/request/test.attest', {
      _csrf: 'not-the-token',
      _draft: draft,
      _action: 'submit',
    });
    expect(forged.status).toBe(403);
    const done = await direct(jan, b).post('/request/test.attest', {
      _csrf: csrf,
      _draft: draft,
      _action: 'submit',
    });
    expect(done.status).toBe(303);
  });

  it('counts a rate limit across the server processes', async () => {
    const [a, b] = servers as [Child, Child];
    const statuses: number[] = [];
    for (let i = 0; i < 2 * VERIFY_LIMIT; i++) {
      statuses.push((await new PortalClient((i % 2 ? b : a).url!).get('/verify')).status);
    }
    expect(statuses).toEqual([...Array(VERIFY_LIMIT).fill(200), ...Array(VERIFY_LIMIT).fill(429)]);
  });

  it('loses and doubles nothing while a server restarts under load', async () => {
    const clients = await Promise.all(Array.from({ length: 4 }, () => citizen()));
    const PER_CLIENT = 8;
    const ids: string[] = [];
    const failures: string[] = [];
    let submitted = 0;
    let restarted: Promise<void> | undefined;
    let restartDone = false;
    const restart = async () => {
      // Stop server A while requests flow (SIGTERM: it finishes what it accepted), start a new one.
      const a = servers[0]!;
      const code = await stopChild(a);
      expect(code).toBe(0);
      const fresh = await startChild(serverSettings('server-a2'));
      children.push(fresh);
      proxy.targets.splice(proxy.targets.indexOf(a.url!), 1, fresh.url!);
      servers = [fresh, servers[1]!];
      // Let a few more submissions reach it before the load stops.
      const seen = proxy.answered.get(fresh.url!) ?? 0;
      for (let i = 0; i < 3000 && (proxy.answered.get(fresh.url!) ?? 0) < seen + 6; i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      restartDone = true;
    };
    await Promise.all(
      clients.map(async (client) => {
        // At least PER_CLIENT each, and on until the restarted server has answered (bounded).
        for (let k = 0; (k < PER_CLIENT || !restartDone) && k < 100; k++) {
          const { draft, csrf, last } = await fillRequest(client, 'test.attest', [{ forWhom: 'self' }]);
          if (last.status !== 200) failures.push(`step: HTTP ${last.status}`);
          const done = await client.post('/request/test.attest', {
            _csrf: csrf,
            _draft: draft,
            _action: 'submit',
          });
          const id = /\/my\/requests\/([0-9a-f-]{36})/.exec(done.location ?? '')?.[1];
          if (done.status === 303 && id) ids.push(id);
          else failures.push(`submit: HTTP ${done.status}`);
          submitted++;
          if (submitted === 6) restarted = restart();
        }
      }),
    );
    await restarted;
    expect(failures).toEqual([]);
    expect(new Set(ids).size).toBe(submitted);
    expect(submitted).toBeGreaterThanOrEqual(clients.length * PER_CLIENT);

    // Every request delivered by one of the workers, bounded by polls, not by a clock.
    const states = async () =>
      (await db.db.knex('requests').whereIn('id', ids).select('id', 'state')) as {
        id: string;
        state: string;
      }[];
    for (let i = 0; i < 3000; i++) {
      if ((await states()).every((r) => r.state === 'delivered')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const rows = await states();
    expect(rows).toHaveLength(ids.length);
    expect(rows.filter((r) => r.state !== 'delivered')).toEqual([]);
    const documents = await db.db
      .knex('documents')
      .whereIn('request_id', ids)
      .count({ n: '*' })
      .groupBy('request_id');
    expect(documents.map((d) => Number(d.n))).toEqual(Array(ids.length).fill(1));
    const delivered = await db.db
      .knex('request_events')
      .whereIn('request_id', ids)
      .where({ type: 'deliver' })
      .count({ n: '*' })
      .groupBy('request_id');
    expect(delivered.map((d) => Number(d.n))).toEqual(Array(ids.length).fill(1));
    // Both servers answered part of the load, the restarted one too.
    expect(proxy.answered.get(servers[0]!.url!) ?? 0).toBeGreaterThan(0);
  });
});
