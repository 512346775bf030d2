/**
 * HTTP load for the benches: autocannon against a URL at a number of connections, reported as
 * requests per second and latency percentiles. The server under test should run in another
 * process (see server.ts), so the load generator does not take its event loop.
 */
import autocannon from 'autocannon';

export interface LoadFigures {
  path: string;
  connections: number;
  requestsPerSecond: number;
  p50Ms: number;
  p97_5Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

export async function load(
  base: string,
  path: string,
  connections: number,
  seconds: number,
): Promise<LoadFigures> {
  const r = await autocannon({ url: base + path, connections, duration: seconds });
  return {
    path,
    connections,
    requestsPerSecond: r.requests.total / r.duration,
    p50Ms: r.latency.p50,
    p97_5Ms: r.latency.p97_5,
    p99Ms: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

export function formatLoad(f: LoadFigures): string {
  return `${f.path.padEnd(12)} ${String(f.connections).padStart(4)} conn  ${f.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${f.p50Ms} ms  p97.5 ${f.p97_5Ms} ms  p99 ${f.p99Ms} ms${f.errors + f.non2xx > 0 ? `  errors ${f.errors} non-2xx ${f.non2xx}` : ''}`;
}
