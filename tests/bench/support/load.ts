/**
 * HTTP load for the benches: autocannon against a URL at a number of connections, reported as
 * requests per second and latency percentiles. The server under test should run in another
 * process (see server.ts), so the load generator does not take its event loop.
 */
import { readFileSync } from 'node:fs';
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
  /** CPU the server process used per answered request (ms), when its pid was given. */
  serverCpuMsPerRequest?: number | undefined;
}

/** User + system CPU time of a process so far (ms), from /proc (Linux). */
export function processCpuMs(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces): utime is the 12th, stime the 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

export async function load(
  base: string,
  path: string,
  connections: number,
  seconds: number,
  serverPid?: number,
): Promise<LoadFigures> {
  const cpu0 = serverPid ? processCpuMs(serverPid) : undefined;
  const r = await autocannon({ url: base + path, connections, duration: seconds });
  const cpu1 = serverPid ? processCpuMs(serverPid) : undefined;
  return {
    serverCpuMsPerRequest:
      cpu0 !== undefined && cpu1 !== undefined && r.requests.total > 0
        ? (cpu1 - cpu0) / r.requests.total
        : undefined,
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
  return `${f.path.padEnd(12)} ${String(f.connections).padStart(4)} conn  ${f.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${f.p50Ms} ms  p97.5 ${f.p97_5Ms} ms  p99 ${f.p99Ms} ms${f.serverCpuMsPerRequest !== undefined ? `  server CPU ${f.serverCpuMsPerRequest.toFixed(2)} ms/req` : ''}${f.errors + f.non2xx > 0 ? `  errors ${f.errors} non-2xx ${f.non2xx}` : ''}`;
}
