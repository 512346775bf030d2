/** Starts tests/bench/support/server.ts in a child process and waits for its URL. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');

export interface BenchServer {
  url: string;
  types: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function spawnBenchServer(env: Record<string, string> = {}): Promise<BenchServer> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', join(root, 'tests/bench/support/server.ts')],
    { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const { url, types } = await new Promise<{ url: string; types: number }>((ok, fail) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening (\S+) types (\d+)/.exec(out);
      if (m) ok({ url: m[1]!, types: Number(m[2]) });
    });
    child.once('exit', (code) => fail(new Error(`bench server exited with ${code}`)));
  });
  return {
    url,
    types,
    child,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
