import { readFileSync } from 'node:fs';
import { createTestDeployment, createTestPlugin, type TestDeployment } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetricsRegistry, observeSourceCall } from './metrics.js';

let t: TestDeployment;
beforeAll(async () => {
  t = await createTestDeployment({ plugins: [createTestPlugin()] });
});
afterAll(async () => {
  await t?.close();
});

type Json = Awaited<ReturnType<ReturnType<typeof createMetricsRegistry>['getMetricsAsJSON']>>;
const value = (metrics: Json, name: string, labels: Record<string, string> = {}) =>
  (metrics.find((m) => m.name === name)?.values ?? [])
    .filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))
    .reduce((sum, v) => sum + v.value, 0);

describe('database gauges', () => {
  it('count the ready queue, its oldest job, dead jobs and the outbox backlog from the database', async () => {
    const registry = createMetricsRegistry(t.db, { cacheMs: 0 });
    await t.db.jobs.enqueue({ type: 'metrics.test', payload: {} });
    t.clock.advance(90_000);
    await t.db.jobs.enqueue({ type: 'metrics.test', payload: {} });
    await t.db.jobs.enqueue({
      type: 'metrics.test',
      payload: {},
      runAt: new Date(t.clock.now().getTime() + 60_000),
    });
    await t.db.outbox.add({
      kind: 'email',
      dedupeKey: 'metrics-1',
      recipient: 'someone@example.org',
      payload: {},
      purgeAt: new Date(t.clock.now().getTime() + 86_400_000),
    });
    const m = await registry.getMetricsAsJSON();
    // The job due in a minute is not ready yet.
    expect(value(m, 'smartloket_jobs_ready', { type: 'metrics.test' })).toBe(2);
    expect(value(m, 'smartloket_jobs_oldest_ready_age_seconds', { type: 'metrics.test' })).toBe(90);
    expect(value(m, 'smartloket_outbox_pending', { kind: 'email' })).toBe(1);
    expect(value(m, 'smartloket_outbox_oldest_pending_age_seconds', { kind: 'email' })).toBe(0);
    // No personal data in any label.
    expect(JSON.stringify(m)).not.toContain('someone@example.org');
  });

  it('read the database at most once per cacheMs, whatever the number of scrapes', async () => {
    const registry = createMetricsRegistry(t.db, { cacheMs: 3_600_000 });
    const first = value(await registry.getMetricsAsJSON(), 'smartloket_jobs_ready', { type: 'cache.test' });
    await t.db.jobs.enqueue({ type: 'cache.test', payload: {} });
    const second = value(await registry.getMetricsAsJSON(), 'smartloket_jobs_ready', { type: 'cache.test' });
    expect([first, second]).toEqual([0, 0]);
    const fresh = createMetricsRegistry(t.db, { cacheMs: 0 });
    expect(value(await fresh.getMetricsAsJSON(), 'smartloket_jobs_ready', { type: 'cache.test' })).toBe(1);
  });
});

describe('source metrics', () => {
  it('count latency, errors by code and the breaker state per service', async () => {
    const registry = createMetricsRegistry(t.db);
    observeSourceCall({ service: 'GeefTest', seconds: 0.2, breaker: 'closed' });
    observeSourceCall({ service: 'GeefTest', seconds: 0, errorCode: 'CIRCUIT_OPEN', breaker: 'open' });
    const m = await registry.getMetricsAsJSON();
    const count = (outcome: string) =>
      (m.find((x) => x.name === 'smartloket_source_call_duration_seconds')?.values ?? []).find(
        (v) =>
          (v as { metricName?: string }).metricName === 'smartloket_source_call_duration_seconds_count' &&
          v.labels.service === 'GeefTest' &&
          v.labels.outcome === outcome,
      )?.value;
    expect([count('ok'), count('error')]).toEqual([1, 1]);
    expect(value(m, 'smartloket_source_errors_total', { service: 'GeefTest', code: 'CIRCUIT_OPEN' })).toBe(1);
    expect(value(m, 'smartloket_source_breaker_state', { service: 'GeefTest' })).toBe(2);
  });
});

describe('the dashboard and the operator docs', () => {
  it('name only metrics that exist', async () => {
    const names = new Set((await createMetricsRegistry(t.db).getMetricsAsJSON()).map((m) => m.name));
    const docs = ['../../../docs/deploying/grafana-dashboard.json', '../../../docs/deploying/README.md'];
    for (const doc of docs) {
      const text = readFileSync(new URL(doc, import.meta.url), 'utf8');
      const used = new Set(
        [...text.matchAll(/\bsmartloket_[a-z_]+[a-z]\b/g)]
          .map((m) => m[0].replace(/_(bucket|sum|count)$/, ''))
          .filter((n) => !n.endsWith('_')),
      );
      expect(used.size, doc).toBeGreaterThan(5);
      for (const name of used) expect(names.has(name), `${doc}: ${name}`).toBe(true);
    }
  });
});
