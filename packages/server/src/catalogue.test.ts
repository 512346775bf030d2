import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SETTINGS_MAX_AGE_MS } from '@smartloket/db';
import { createTestDeployment, createTestPlugin, type TestDeployment } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../tests/support/portal.js';
import { createApp, listen } from './app.js';

// Two server processes on one database: two deployments (own pool, own settings copy) on one
// SQLite file, each with its own app. Each copy's time is a counter the test moves.
const dir = mkdtempSync(join(tmpdir(), 'smartloket-catalogue-'));
const url = `sqlite:${join(dir, 'loket.db')}`;
const time = { a: 0, b: 0 };
const servers: Server[] = [];
let a: TestDeployment;
let b: TestDeployment;
let baseA: string;
let baseB: string;

beforeAll(async () => {
  a = await createTestDeployment({
    plugins: [createTestPlugin()],
    databaseUrl: url,
    settingsCache: { now: () => time.a },
  });
  b = await createTestDeployment({
    plugins: [createTestPlugin()],
    databaseUrl: url,
    settingsCache: { now: () => time.b },
  });
  for (const [d, set] of [
    [a, (u: string) => (baseA = u)],
    [b, (u: string) => (baseB = u)],
  ] as const) {
    const started = await listen(createApp(d), 0, '127.0.0.1');
    servers.push(started.server);
    set(started.url);
  }
});
afterAll(async () => {
  for (const s of servers) s.close();
  await a?.close();
  await b?.close();
  rmSync(dir, { recursive: true, force: true });
});

const catalogue = async (base: string) => (await fetch(`${base}/?lang=nl`)).text();

describe('catalogue', () => {
  it('renders from the process copy of the settings: no query per request type', async () => {
    await catalogue(baseB); // warm: the first render reads the settings once
    const queries: string[] = [];
    const onQuery = (q: { sql: string }) => queries.push(q.sql);
    b.db.knex.on('query', onQuery);
    try {
      for (let i = 0; i < 5; i++) expect(await catalogue(baseB)).toContain('Testattest');
    } finally {
      b.db.knex.off('query', onQuery);
    }
    expect(queries.filter((q) => q.includes('settings'))).toEqual([]);
  });

  it('shows a switch at once in the process that changed it and within the bound in the others', async () => {
    expect(await catalogue(baseA)).toContain('Testattest');
    expect(await catalogue(baseB)).toContain('Testattest');

    await a.db.settings.set('requestType.test.attest.enabled', false, 'admin');
    expect(await catalogue(baseA)).not.toContain('Testattest');
    // The other process keeps its copy until it is SETTINGS_MAX_AGE_MS old...
    time.b += SETTINGS_MAX_AGE_MS - 1;
    expect(await catalogue(baseB)).toContain('Testattest');
    // ...and reads the change once it is.
    time.b += 1;
    expect(await catalogue(baseB)).not.toContain('Testattest');
    // Submissions through the other process are refused from then on too (same check).
    expect(await b.requests.requestType('test.attest')).toBeUndefined();

    await a.db.settings.delete('requestType.test.attest.enabled', 'admin');
    expect(await catalogue(baseA)).toContain('Testattest');
    time.b += SETTINGS_MAX_AGE_MS;
    expect(await catalogue(baseB)).toContain('Testattest');
  });
});

describe('catalogue for visitors without a session (rendered once, reused)', () => {
  let portal: TestPortal;
  beforeAll(async () => {
    portal = await startTestPortal({ plugins: [createTestPlugin()] });
  });
  afterAll(async () => {
    await portal?.close();
  });

  it('never shows one visitor the page of another: a logged-in person sees their name, the next visitor does not', async () => {
    const anonymous = async (lang: string) => (await fetch(`${portal.url}/?lang=${lang}`)).text();
    const first = await anonymous('nl');
    expect(await anonymous('nl')).toBe(first);
    expect(first).toContain('Testattest');
    const french = await anonymous('fr');
    expect(french).toContain('<html lang="fr"');
    expect(french).not.toBe(first);

    const jan = await portal.login('jan');
    const page = await jan.get('/?lang=nl');
    expect(page.text).toContain('Jan');
    expect(page.text).toContain('action="/logout"');
    expect(await anonymous('nl')).toBe(first);
    expect(first).not.toContain('action="/logout"');
  });

  it('a search is rendered for its query, not served from the page without one', async () => {
    const html = await (await fetch(`${portal.url}/?lang=nl&q=zzzz-nothing`)).text();
    expect(html).toContain('zzzz-nothing');
    expect(html).not.toContain('Testattest');
  });
});
