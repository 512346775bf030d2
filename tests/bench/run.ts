/**
 * Runs every benchmark under tests/bench/<name>/index.ts in its own process and prints their
 * figures. `pnpm bench` runs all; `pnpm bench documents delivery` runs those. Benchmarks print
 * numbers and whether targets are met; they never fail a build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const dir = join(root, 'tests/bench');
const asked = process.argv.slice(2);
const names = readdirSync(dir, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'index.ts')))
  .map((e) => e.name)
  .filter((n) => asked.length === 0 || asked.includes(n));

for (const name of names) {
  process.stdout.write(`\n=== bench: ${name} ===\n`);
  const result = spawnSync(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', join(dir, name, 'index.ts')],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) process.stdout.write(`(bench ${name} exited with ${result.status})\n`);
}
