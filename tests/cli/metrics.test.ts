import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOutput, type DevRunning, dev } from '@smartloket/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TOKEN = 't'.repeat(40);

/**
 * `server.metrics` from the configuration file to its effect in `smartloket dev` (`start` uses
 * the same `listenMetrics` and `createApp`): a separate listener with a bearer token serves the
 * metrics, the public listener answers 404.
 */
describe('server.metrics in the configuration file', () => {
  let dir: string;
  let running: DevRunning;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'smartloket-metrics-'));
    writeFileSync(
      join(dir, 'smartloket.config.mjs'),
      `export default {
  municipality: {
    name: { nl: 'Gemeente Meetdorp' },
    nisCode: '99002',
    address: { street: 'Markt 1', postcode: '9999', city: 'Meetdorp' },
  },
  database: { url: 'sqlite:.data/dev.sqlite' },
  server: { port: 0, metrics: { port: 0, host: '127.0.0.1', token: ${JSON.stringify(TOKEN)} } },
  plugins: [],
};
`,
    );
    running = await dev({ cwd: dir, port: 0, watch: false }, createOutput({ quiet: true }));
  });
  afterAll(async () => {
    await running?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves metrics on the separate listener behind the token, and not on the public one', async () => {
    expect(running.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.metricsUrl).not.toBe(running.url);
    expect((await fetch(`${running.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${running.metricsUrl}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${running.metricsUrl}/metrics`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const ok = await fetch(`${running.metricsUrl}/metrics`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('smartloket_process_cpu');
  });
});
