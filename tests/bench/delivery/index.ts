/**
 * Delivery bench: many citizens request population certificates at once against a running
 * deployment (bevolking plugin, MAGDA simulator over HTTPS with 300 ms latency), and we measure
 * from submit to downloadable. Prints figures and whether the targets are met; asserts nothing.
 *
 *   node --conditions=source --import tsx tests/bench/delivery/index.ts
 *
 * Scenarios: SQLite with the in-process worker (the embedded default); PostgreSQL with one and
 * with two worker processes at the same per-worker concurrency. PostgreSQL comes from
 * SMARTLOKET_TEST_PG_URL (skipped, with a note, when unreachable).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Identity } from '@smartloket/core';
import { createTestDatabase, postgresUnavailableReason } from '@smartloket/db/testing';
import { PEOPLE } from '@smartloket/dev-population';
import { startMagdaDevSimulator } from '@smartloket/dev-world/magda';
import type { Deployment } from '@smartloket/runtime';
import { openBenchDeployment } from './deployment.js';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 300);
const REQUESTERS = Number(process.env.BENCH_REQUESTERS ?? 20);
const PER_REQUESTER = Number(process.env.BENCH_PER_REQUESTER ?? 10);
const WORKER_CONCURRENCY = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 8);
const BURST = Number(process.env.BENCH_BURST ?? 160);
const root = resolve(import.meta.dirname, '../../..');

const people = PEOPLE.filter((p) => !p.death);
const identity = (i: number): Identity => {
  const p = people[i % people.length]!;
  return {
    subject: `bench:${p.key}`,
    issuer: 'bench',
    insz: p.insz,
    means: 'itsme',
    level: 'high',
    capacity: 'BUR',
    legalRepresentativeOf: [],
    roles: [],
    staffRoles: [],
  };
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function submit(d: Deployment, i: number): Promise<string> {
  const { request } = await d.requests.submit({
    typeId: 'bevolking.hoofdverblijfplaats',
    input: { forWhom: 'self' },
    locale: 'nl',
    identity: identity(i),
  });
  return request.id;
}

async function downloadable(d: Deployment, id: string, nudge?: () => void): Promise<void> {
  nudge?.();
  for (;;) {
    const r = await d.db.requests.get(id);
    if (r?.state === 'delivered') return;
    if (r && !['waiting_source', 'rendering', 'signing'].includes(r.state)) {
      throw new Error(`request ended in ${r.state}`);
    }
    await sleep(10);
  }
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** `REQUESTERS` citizens, each submitting `PER_REQUESTER` requests one after the other. */
async function latencyRun(d: Deployment, nudge?: () => void) {
  const times: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: REQUESTERS }, async (_, r) => {
      for (let k = 0; k < PER_REQUESTER; k++) {
        const t0 = performance.now();
        const id = await submit(d, r * PER_REQUESTER + k);
        await downloadable(d, id, nudge);
        times.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return {
    n: times.length,
    throughput: times.length / seconds,
    p50: pct(times, 50),
    p95: pct(times, 95),
    p99: pct(times, 99),
  };
}

/** `BURST` requests submitted at once; throughput until the last is downloadable. */
async function burstRun(d: Deployment, nudge?: () => void) {
  const started = performance.now();
  const ids = await Promise.all(Array.from({ length: BURST }, (_, i) => submit(d, i)));
  await Promise.all(ids.map((id) => downloadable(d, id, nudge)));
  return BURST / ((performance.now() - started) / 1000);
}

function line(name: string, r: Awaited<ReturnType<typeof latencyRun>>) {
  const f = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
  console.log(
    `${name.padEnd(34)} n=${r.n}  throughput ${r.throughput.toFixed(1)}/s  p50 ${f(r.p50)}  p95 ${f(r.p95)}  p99 ${f(r.p99)}`,
  );
}

async function startWorkers(count: number, options: Record<string, unknown>): Promise<ChildProcess[]> {
  const children: ChildProcess[] = [];
  for (let i = 0; i < count; i++) {
    const child = spawn(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        'tests/bench/delivery/worker.ts',
        JSON.stringify({ ...options, id: `bench-worker-${i}` }),
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((ok, fail) => {
      child.stdout!.on('data', (b: Buffer) => b.toString().includes('ready') && ok());
      child.once('exit', (code) => fail(new Error(`worker exited with ${code}`)));
    });
    children.push(child);
  }
  return children;
}

async function stopWorkers(children: ChildProcess[]) {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((r) => {
          c.once('exit', () => r());
          c.kill('SIGTERM');
        }),
    ),
  );
}

const dir = mkdtempSync(join(tmpdir(), 'bench-delivery-'));
const certificatesDir = join(dir, 'magda');
const sim = await startMagdaDevSimulator({ certificatesDir });
sim.faults.latency(LATENCY_MS);
console.log(
  `delivery bench: GeefAttest over HTTPS (mTLS + WS-Security), simulator latency ${LATENCY_MS} ms, ${REQUESTERS} concurrent requesters x ${PER_REQUESTER}, per-worker concurrency ${WORKER_CONCURRENCY}, burst ${BURST}`,
);

try {
  // SQLite: one process, the in-process worker (the embedded default), nudged after each submit.
  {
    const d = await openBenchDeployment({
      databaseUrl: `sqlite:${join(dir, 'bench.sqlite')}`,
      magdaUrl: sim.url,
      certificatesDir,
      concurrency: REQUESTERS,
    });
    const worker = d.createWorker({ concurrency: REQUESTERS, pollMs: 20 }).start();
    const r = await latencyRun(d, () => worker.nudge());
    line(`SQLite, in-process worker (c=${REQUESTERS})`, r);
    console.log(`  target p95 < 1.5 s at ${REQUESTERS} requesters: ${r.p95 < 1500 ? 'MET' : 'NOT MET'}`);
    await worker.stop();
    await d.close();
  }

  const unavailable = await postgresUnavailableReason();
  if (unavailable) {
    console.log(`PostgreSQL scenarios skipped: ${unavailable}`);
  } else {
    const throughput: number[] = [];
    for (const workers of [1, 2]) {
      const db = await createTestDatabase('postgres');
      try {
        const options = {
          databaseUrl: db.url,
          ownerUrl: db.ownerUrl,
          magdaUrl: sim.url,
          certificatesDir,
          concurrency: WORKER_CONCURRENCY,
        };
        const d = await openBenchDeployment({ ...options, migrate: false });
        const children = await startWorkers(workers, options);
        try {
          const r = await latencyRun(d);
          line(
            `PostgreSQL, ${workers} worker process${workers > 1 ? 'es' : ''} (c=${WORKER_CONCURRENCY})`,
            r,
          );
          const burst = await burstRun(d);
          throughput.push(burst);
          console.log(`  burst of ${BURST}: ${burst.toFixed(1)} deliveries/s`);
        } finally {
          await stopWorkers(children);
          await d.close();
        }
      } finally {
        await db.destroy();
      }
    }
    const ratio = throughput[1]! / throughput[0]!;
    console.log(
      `two workers / one worker (burst throughput): ${ratio.toFixed(2)}  target >= 1.8: ${ratio >= 1.8 ? 'MET' : 'NOT MET'}`,
    );
  }
} finally {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
}
