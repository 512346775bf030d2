import type { Server } from 'node:http';
import { createTestDeployment, createTestPlugin, type TestDeployment } from '@smartloket/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, listen } from './app.js';
import { listenMetrics, metricsAccess } from './metrics.js';

const TOKEN = 'm'.repeat(40);
const open: { d: TestDeployment; servers: Server[] }[] = [];

/** A deployment with `server.metrics` as given, its app listening on loopback. */
async function serve(metrics: Record<string, unknown> | undefined) {
  const d = await createTestDeployment({
    plugins: [createTestPlugin()],
    config: { server: { port: 0, host: '127.0.0.1', ...(metrics ? { metrics } : {}) } },
  });
  const { server, url } = await listen(createApp(d), 0, '127.0.0.1');
  const separate = await listenMetrics(d.config.server.metrics, () => d);
  open.push({ d, servers: [server, ...(separate ? [separate.server] : [])] });
  return { url, metricsUrl: separate?.url };
}

afterEach(async () => {
  for (const { d, servers } of open.splice(0)) {
    for (const s of servers) s.close();
    await d.close();
  }
});

const get = (url: string, token?: string) =>
  fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('/metrics access', () => {
  it('is not served without a metrics section (production default)', async () => {
    const { url, metricsUrl } = await serve(undefined);
    expect(metricsUrl).toBeUndefined();
    const res = await get(`${url}/metrics`, TOKEN);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('smartloket_process');
  });

  it('asks for the configured bearer token: 401 without or with a wrong one, 200 with it', async () => {
    const { url } = await serve({ token: TOKEN });
    const none = await get(`${url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect(await none.text()).not.toContain('smartloket_process');
    expect((await get(`${url}/metrics`, `${TOKEN}x`)).status).toBe(401);
    expect((await get(`${url}/metrics`, 'short')).status).toBe(401);
    const ok = await get(`${url}/metrics`, TOKEN);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('smartloket_process_cpu');
  });

  it('reads the token from the environment variable named by tokenEnv', async () => {
    process.env.SMARTLOKET_TEST_METRICS_TOKEN = 'e'.repeat(36);
    try {
      const { url } = await serve({ tokenEnv: 'SMARTLOKET_TEST_METRICS_TOKEN' });
      expect((await get(`${url}/metrics`, TOKEN)).status).toBe(401);
      expect((await get(`${url}/metrics`, 'e'.repeat(36))).status).toBe(200);
    } finally {
      delete process.env.SMARTLOKET_TEST_METRICS_TOKEN;
    }
    expect(() => metricsAccess({ tokenEnv: 'SMARTLOKET_TEST_METRICS_TOKEN', host: '127.0.0.1' })).toThrow(
      /server\.metrics\.tokenEnv.*not set/,
    );
  });

  it('serves metrics on the separate listener only; the public one answers 404', async () => {
    const { url, metricsUrl } = await serve({ port: 0, host: '127.0.0.1' });
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await get(`${url}/metrics`)).status).toBe(404);
    const res = await get(`${metricsUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('smartloket_process_cpu');
    expect((await get(`${metricsUrl}/`)).status).toBe(404);
    expect((await get(`${metricsUrl}/api/v1/catalogue`)).status).toBe(404);
  });

  it('asks for the token on the separate listener too when both are set', async () => {
    const { url, metricsUrl } = await serve({ port: 0, token: TOKEN });
    expect((await get(`${url}/metrics`, TOKEN)).status).toBe(404);
    expect((await get(`${metricsUrl}/metrics`)).status).toBe(401);
    expect((await get(`${metricsUrl}/metrics`, TOKEN)).status).toBe(200);
  });

  it('refuses a metrics section that opens nothing, a short token, or both token kinds', async () => {
    for (const metrics of [{}, { token: 'short' }, { token: TOKEN, tokenEnv: 'X' }]) {
      await expect(
        createTestDeployment({ plugins: [createTestPlugin()], config: { server: { metrics } } }),
      ).rejects.toThrow(/metrics/);
    }
  });
});
