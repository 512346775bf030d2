import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@smartloket/core';
import { type Database, openDatabase } from '@smartloket/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from './errors.js';
import { runCaptured } from './test-support.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'smartloket-api-clients-'));
  writeFileSync(
    join(dir, 'smartloket.config.mjs'),
    `export default { municipality: { name: { nl: 'Gemeente Test' }, nisCode: '99001', address: { street: 'Markt 1', postcode: '9999', city: 'Test' } }, database: { url: 'sqlite:.data/test.sqlite' }, plugins: [] };\n`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => runCaptured(dir, ...args);

/** Opens the deployment's database the way the server would, for `fn`. */
async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ url: `sqlite:${join(dir, '.data/test.sqlite')}`, clock: systemClock });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

describe('smartloket api-clients', () => {
  it('refuses wrong usage with exit 2 and creates nothing', async () => {
    const unknown = await run('api-clients', 'delete');
    expect(unknown.code).toBe(EXIT.config);
    expect(unknown.stderr).toContain('use list, create, rotate, revoke');
    const noScope = await run('api-clients', 'create', '--name', 'Zaaksysteem');
    expect(noScope.code).toBe(EXIT.config);
    expect(noScope.stderr).toContain('--scope');
    const badScope = await run('api-clients', 'create', '--name', 'Zaaksysteem', '--scope', 'root');
    expect(badScope.code).toBe(EXIT.config);
    expect(badScope.stderr).toContain('scopes must be one or more of read, act, admin');
    const badType = await run(
      'api-clients',
      'create',
      '--name',
      'Z',
      '--scope',
      'read',
      '--type',
      'Bevolking!',
    );
    expect(badType.code).toBe(EXIT.config);
    expect(badType.stderr).toContain('"Bevolking!" is not a request type id');
    expect((await run('api-clients', 'rotate')).code).toBe(EXIT.config);
    const list = await run('api-clients', 'list', '--json');
    expect(list.code).toBe(EXIT.ok);
    expect(JSON.parse(list.stdout)).toEqual({ clients: [] });
    expect((await run('api-clients', 'list')).stdout).toContain('No API clients.');
  });

  it('creates a client whose secret, shown once, gets an access token; rotates and revokes it', async () => {
    const created = await run(
      'api-clients',
      'create',
      '--name',
      'Zaaksysteem',
      '--scope',
      'read,act',
      '--type',
      'bevolking.*',
      '--json',
    );
    expect(created.code).toBe(EXIT.ok);
    const { client, secret } = JSON.parse(created.stdout) as {
      client: { id: string; name: string; scopes: string[]; requestTypes: string[] | null };
      secret: string;
    };
    expect(client).toMatchObject({
      name: 'Zaaksysteem',
      scopes: ['read', 'act'],
      requestTypes: ['bevolking.*'],
    });
    expect(secret).toMatch(/^slk_/);
    expect(
      await withDb(async (db) => (await db.apiClients.issueAccessToken(client.id, secret, 60))?.client.id),
    ).toBe(client.id);

    const text = await run('api-clients', 'list');
    expect(text.code).toBe(EXIT.ok);
    expect(text.stdout).toContain('Zaaksysteem');
    expect(text.stdout).toContain('read,act');
    expect(text.stdout).toContain('active');
    expect(text.stdout).not.toContain(secret);

    const rotated = await run('api-clients', 'rotate', '--id', client.id);
    expect(rotated.code).toBe(EXIT.ok);
    expect(rotated.stdout).toContain('The secret is shown only now');
    const newSecret = /client_secret: (\S+)/.exec(rotated.stdout)?.[1];
    expect(newSecret).toMatch(/^slk_/);
    expect(newSecret).not.toBe(secret);
    await withDb(async (db) => {
      expect(await db.apiClients.issueAccessToken(client.id, secret, 60)).toBeUndefined();
      expect(await db.apiClients.issueAccessToken(client.id, newSecret!, 60)).toBeDefined();
    });

    const revoked = await run('api-clients', 'revoke', '--id', client.id, '--json');
    expect(revoked.code).toBe(EXIT.ok);
    expect(JSON.parse(revoked.stdout).client.revokedAt).not.toBeNull();
    await withDb(async (db) => {
      expect(await db.apiClients.issueAccessToken(client.id, newSecret!, 60)).toBeUndefined();
      expect(await db.apiClients.authenticate(newSecret!)).toBeUndefined();
    });
    const again = await run('api-clients', 'revoke', '--id', client.id);
    expect(again.code).toBe(EXIT.failure);
    expect(again.stderr).toContain('no active API client');
    expect((await run('api-clients', 'rotate', '--id', client.id)).code).toBe(EXIT.failure);

    const audit = await withDb((db) =>
      db.knex('audit_log').where('category', 'like', 'api_client_%').select(),
    );
    expect(audit.map((r) => r.category)).toEqual([
      'api_client_created',
      'api_client_rotated',
      'api_client_revoked',
    ]);
    expect(audit.every((r) => String(r.actor).includes('smartloket CLI'))).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(secret.slice(4));
    expect(JSON.stringify(audit)).not.toContain(newSecret!.slice(4));
  });
});
