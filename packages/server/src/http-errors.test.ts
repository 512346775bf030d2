import { createTestPlugin } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hidden,
  type PortalClient,
  startTestPortal,
  type TestPortal,
} from '../../../tests/support/portal.js';
import { createApiClient } from './api/index.js';

let portal: TestPortal;
let jan: PortalClient;
let token: string;

/** Rows per table, to show a malformed request wrote nothing. */
async function rowCounts(): Promise<Record<string, number>> {
  const knex = portal.d.db.knex;
  const tables = (await knex('sqlite_master').where({ type: 'table' }).select('name')) as { name: string }[];
  const out: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await knex(name).count({ n: '*' });
    out[name] = Number(row?.n);
  }
  return out;
}

const STACK = /at \w+ \(|node_modules|URIError|SyntaxError|Error:/;

beforeAll(async () => {
  portal = await startTestPortal({ plugins: [createTestPlugin()], worker: false });
  jan = await portal.login('jan');
  token = (await createApiClient(portal.d.db, { name: 'fuzz', scopes: ['read', 'act', 'admin'] })).secret;
  const res = await fetch(`${portal.url}/api/v1/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
  });
  await res.body?.cancel();
});
afterAll(async () => {
  await portal?.close();
});

describe('malformed requests', () => {
  it.each([
    '/request/%ff',
    '/my/requests/%c0%ae',
    '/verify/%ED%A0%80',
    '/backoffice/requests/%e0%a4%a',
    '/follow/%',
  ])('answers a bad percent-encoding in %s with a translated 400 page', async (path) => {
    const before = await rowCounts();
    for (const [lang, text] of [
      ['nl', 'Het adres van deze pagina is ongeldig'],
      ['fr', "L'adresse de cette page n'est pas valide"],
      ['en', 'The address of this page is not valid'],
    ] as const) {
      const page = await jan.get(`${path}?lang=${lang}`);
      expect(page.status).toBe(400);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.text).toContain(`<html lang="${lang}">`);
      expect(page.text).toContain(text);
      expect(page.text).not.toMatch(STACK);
    }
    const after = await rowCounts();
    expect(after).toEqual(before);
  });

  it('answers a bad percent-encoding in an API id with problem JSON', async () => {
    const before = await rowCounts();
    for (const path of [
      '/api/v1/requests/%ff',
      '/api/v1/requests/%c0%ae/events',
      '/api/v1/grants/%ED%A0%80',
    ]) {
      const res = await fetch(`${portal.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ status: 400, title: expect.any(String), type: expect.any(String) });
      expect(JSON.stringify(body)).not.toMatch(STACK);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('answers a form body over the limit with 413, not 500', async () => {
    const before = await rowCounts();
    const form = await jan.get('/request/test.attest?lang=fr');
    const csrf = hidden(form.text, '_csrf');
    const page = await jan.post('/request/test.attest?lang=fr', { _csrf: csrf, big: 'x'.repeat(300_000) });
    expect(page.status).toBe(413);
    expect(page.text).toContain('<html lang="fr">');
    expect(page.text).toContain('trop volumineux');
    expect(await rowCounts()).toEqual(before);
  });

  it('answers an API body over the limit with 413 problem JSON', async () => {
    const res = await fetch(`${portal.url}/api/v1/grants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ x: 'y'.repeat(300_000) }),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 413 });
  });

  it('answers broken JSON with 400 problem JSON on the API and a page elsewhere', async () => {
    const before = await rowCounts();
    const res = await fetch(`${portal.url}/api/v1/grants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 400 });
    const broken = await fetch(`${portal.url}/my/email?lang=en`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/html' },
      body: '{"a":',
    });
    expect(broken.status).toBe(400);
    const text = await broken.text();
    expect(text).toContain('could not be read');
    expect(text).not.toMatch(STACK);
    expect(await rowCounts()).toEqual(before);
  });

  it('answers multipart without a boundary, or cut off, with 400', async () => {
    const before = await rowCounts();
    const noBoundary = await jan.post('/request/test.attest', {}, { 'content-type': 'multipart/form-data' });
    expect(noBoundary.status).toBe(400);
    expect(noBoundary.text).not.toMatch(STACK);
    const truncated = await fetch(`${portal.url}/request/test.attest`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=XyZ' },
      body: '--XyZ\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\nabc',
    });
    expect(truncated.status).toBe(400);
    expect(await truncated.text()).not.toMatch(STACK);
    const api = await fetch(`${portal.url}/api/v1/grants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'multipart/form-data' },
      body: 'x',
    });
    expect(api.status).toBe(400);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    expect(await rowCounts()).toEqual(before);
  });

  it('answers a bad percent-encoding in OAuth Basic credentials with 401 or 400, never 500', async () => {
    const res = await fetch(`${portal.url}/api/v1/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('%ff:%ff').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});
