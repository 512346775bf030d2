#!/usr/bin/env node
// The smartloket command. An installed package runs its build (dist/). In a clone before
// `pnpm build` it runs the TypeScript source through tsx, with the workspace packages resolved to
// their sources (the `source` export condition); without tsx it says in one line what to run.
import { spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = new URL('../dist/bin.js', import.meta.url);
const source = new URL('../src/bin.ts', import.meta.url);

if (existsSync(dist)) {
  await import(dist.href);
} else {
  let tsx;
  try {
    tsx = existsSync(source) ? import.meta.resolve('tsx') : undefined;
  } catch {
    tsx = undefined;
  }
  if (!tsx) {
    process.stderr.write(
      'smartloket: this copy of @smartloket/cli is not built: run "npx -y pnpm@10.34.9 build" in the repository first.\n',
    );
    process.exit(1);
  }
  // The workspace's compiler options (core's decorators) for every package's sources, wherever
  // the command runs from: the repository's tsconfig.json, found from the real sources.
  const tsconfig = join(realpathSync(fileURLToPath(source)), '../../../../tsconfig.json');
  const env = existsSync(tsconfig) ? { TSX_TSCONFIG_PATH: tsconfig, ...process.env } : process.env;
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', tsx, fileURLToPath(source), ...process.argv.slice(2)],
    { stdio: 'inherit', env },
  );
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
