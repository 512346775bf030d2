import type { Server } from 'node:http';
import { createTestDeployment, createTestPlugin, type TestDeployment } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, listen } from './app.js';

let d: TestDeployment;
let server: Server;
let base: string;

beforeAll(async () => {
  d = await createTestDeployment({ plugins: [createTestPlugin()] });
  const started = await listen(createApp(d), 0, '127.0.0.1');
  server = started.server;
  base = started.url;
});
afterAll(async () => {
  server?.close();
  await d?.close();
});

const ROUTES = [
  '/',
  '/healthz',
  '/readyz',
  '/metrics',
  '/api/v1/catalogue',
  '/assets/site.css',
  '/no-such-page',
];

describe('server', () => {
  it.each(ROUTES)('sends the security headers on %s', async (path) => {
    const res = await fetch(base + path);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('strict-transport-security')).toContain('max-age=31536000');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('answers health and readiness; metrics are not public', async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: 'ready' });
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(404);
    expect(await metrics.text()).not.toContain('smartloket_process_cpu');
  });

  it('lists the enabled request types in the catalogue, in the asked language', async () => {
    const nl = await (await fetch(`${base}/`)).text();
    expect(nl).toContain('<html lang="nl">');
    expect(nl).toContain('Testattest');
    const fr = await (await fetch(`${base}/?lang=fr`)).text();
    expect(fr).toContain('Attestation de test');
    const en = await (
      await fetch(`${base}/`, { headers: { 'accept-language': 'en-GB,en;q=0.9,nl;q=0.5' } })
    ).text();
    expect(en).toContain('Test certificate');
    const json = (await (await fetch(`${base}/api/v1/catalogue`)).json()) as { items: { id: string }[] };
    expect(json.items.map((i) => i.id)).toEqual([
      'test.attest',
      'test.reviewed',
      'test.adults-only',
      'test.melding',
    ]);
  });

  it('hides a request type switched off by an administrator', async () => {
    await d.db.settings.set('requestType.test.reviewed.enabled', false, 'admin');
    const json = (await (await fetch(`${base}/api/v1/catalogue`)).json()) as { items: { id: string }[] };
    expect(json.items.map((i) => i.id)).not.toContain('test.reviewed');
    await d.db.settings.set('requestType.test.reviewed.enabled', true, 'admin');
  });

  it('answers unknown pages with a translated 404 and no internals', async () => {
    const res = await fetch(`${base}/no-such-page?lang=fr`);
    expect(res.status).toBe(404);
    const body = await res.text();
    expect(body).toContain('Page introuvable');
    expect(body).not.toMatch(/at \w+ \(|node_modules|Error:/);
  });
});
