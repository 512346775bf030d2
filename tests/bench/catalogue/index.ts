/**
 * Catalogue bench: the portal's catalogue page (every plugin, 29 request types) against
 * `/healthz` on the same server process, at 20 connections. The server runs in its own process;
 * autocannon loads it from this one. Prints figures; asserts nothing.
 *
 *   node --conditions=source --import tsx tests/bench/catalogue/index.ts
 *
 * BENCH_SECONDS (default 10) per measurement, BENCH_CONNECTIONS (default 20).
 */
import { formatLoad, load } from '../support/load.js';
import { spawnBenchServer } from '../support/spawn-server.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const TARGET = 1500;

const server = await spawnBenchServer();
try {
  console.log(`server ${server.url}, ${server.types} request types, ${SECONDS} s per measurement`);
  await load(server.url, '/?lang=nl', CONNECTIONS, 2); // warm-up
  const pid = server.child.pid;
  const health = await load(server.url, '/healthz', CONNECTIONS, SECONDS, pid);
  const catalogue = await load(server.url, '/?lang=nl', CONNECTIONS, SECONDS, pid);
  const search = await load(server.url, '/?lang=nl&q=attest', CONNECTIONS, SECONDS, pid);
  console.log(formatLoad(health));
  console.log(formatLoad(catalogue));
  console.log(formatLoad(search));
  const ok = catalogue.requestsPerSecond >= TARGET;
  console.log(
    `catalogue ${catalogue.requestsPerSecond.toFixed(0)} req/s, ${catalogue.serverCpuMsPerRequest?.toFixed(2) ?? '?'} ms server CPU each (one core: ${catalogue.serverCpuMsPerRequest ? (1000 / catalogue.serverCpuMsPerRequest).toFixed(0) : '?'} req/s) (${((100 * catalogue.requestsPerSecond) / health.requestsPerSecond).toFixed(0)}% of /healthz); target >= ${TARGET} req/s: ${ok ? 'met' : 'NOT met'}`,
  );
} finally {
  await server.stop();
}
