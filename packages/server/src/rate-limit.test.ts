import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forEachDatabase } from '@smartloket/db/testing';
import { createTestDeployment, createTestPlugin, type TestDeployment } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../tests/support/portal.js';

const LIMIT = 3;
const rule = { windowMs: 60_000, limit: LIMIT };
const app = {
  rateLimits: { login: rule, submit: rule, anonymous: rule, confirmation: rule },
  verification: { codeLimit: rule, uploadLimit: rule },
};
const config = { api: { rateLimitPerMinute: LIMIT } };

/** `server.rateLimits` in the deployment configuration reaches every limiter it names. */
describe('rate limits from the configuration', () => {
  let portal: TestPortal;
  beforeAll(async () => {
    const two = { windowMinutes: 15, limit: 2 };
    portal = await startTestPortal({
      worker: false,
      config: { server: { rateLimits: { login: two, verifyCode: two } } },
    });
  });
  afterAll(async () => {
    await portal?.close();
  });

  it('limits logins and verification lookups to the configured number', async () => {
    const logins: number[] = [];
    const lookups: number[] = [];
    for (let i = 0; i < 3; i++) {
      logins.push((await portal.client().get('/login')).status);
      lookups.push((await portal.client().get('/verify')).status);
    }
    expect(logins.map((s) => s === 429)).toEqual([false, false, true]);
    expect(lookups).toEqual([200, 200, 429]);
  });

  it('refuses a limit that is not a positive whole number', async () => {
    await expect(
      startTestPortal({
        worker: false,
        config: { server: { rateLimits: { login: { windowMinutes: 15, limit: 0 } } } },
      }),
    ).rejects.toThrow(/server\.rateLimits\.login\.limit/);
  });
});

/**
 * Two server "processes" (each its own deployment, pool and express app on its own port) on one
 * database: a limit of N allows N requests in total across both, not N each.
 */
forEachDatabase('rate limits across processes', (_url, db) => {
  let one: TestPortal;
  let two: TestPortal;
  let other: TestDeployment;
  beforeAll(async () => {
    one = await startTestPortal({
      databaseUrl: db.url,
      databaseOwnerUrl: db.ownerUrl,
      worker: false,
      app,
      config,
    });
    other = await createTestDeployment({
      plugins: [createTestPlugin()],
      databaseUrl: db.url,
      databaseOwnerUrl: db.ownerUrl,
      clock: one.d.clock,
      config,
    });
    two = await startTestPortal({ deployment: other, app });
  });
  afterAll(async () => {
    await two?.close();
    await other?.close();
    await one?.close();
  });

  /** Sends `2 * LIMIT` requests alternately to both servers; returns their statuses in order. */
  async function alternate(send: (portal: TestPortal) => Promise<number>): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < 2 * LIMIT; i++) statuses.push(await send(i % 2 ? two : one));
    return statuses;
  }

  it('shares the login limit', async () => {
    const statuses = await alternate(async (p) => (await p.client().get('/login')).status);
    expect(statuses.filter((s) => s !== 429)).toHaveLength(LIMIT);
    expect(statuses.slice(LIMIT)).toEqual(Array(LIMIT).fill(429));
  });

  it('shares the API limit (token endpoint)', async () => {
    const statuses = await alternate(async (p) => {
      const res = await fetch(`${p.url}/api/v1/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&client_id=00000000-0000-0000-0000-000000000000&client_secret=x',
      });
      await res.body?.cancel();
      return res.status;
    });
    expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(401));
    expect(statuses.slice(LIMIT)).toEqual(Array(LIMIT).fill(429));
  });

  it('shares the verification limit', async () => {
    const statuses = await alternate(async (p) => (await p.client().get('/verify')).status);
    expect(statuses).toEqual([...Array(LIMIT).fill(200), ...Array(LIMIT).fill(429)]);
  });

  it('stores counters without the client address in clear', async () => {
    const rows = await db.admin('rate_limit_windows').select();
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain('127.0.0.1');
  });
});

describe('every limiter of the server', () => {
  it('is built by sharedRateLimit (counts in the database), never with the in-memory default', () => {
    const root = fileURLToPath(new URL('.', import.meta.url));
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (
          /\.tsx?$/.test(entry.name) &&
          !/\.test\.tsx?$/.test(entry.name) &&
          entry.name !== 'rate-limit.ts'
        ) {
          if (/\brateLimit\s*\(|\bMemoryStore\b/.test(readFileSync(path, 'utf8')))
            offenders.push(path.slice(root.length));
        }
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});
