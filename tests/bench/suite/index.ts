/**
 * Where the test suite's time goes: runs `vitest run` (all of it, or the projects and files given
 * as arguments) with the JSON reporter beside the default one, then prints the wall-clock time,
 * the time per project (the e2e project runs its files one at a time: its sum is the floor of the
 * run), the slowest files and the load average before and after (figures taken on a busy machine
 * are upper bounds). `BENCH_SUITE_REPORT=<file>` prints the figures of an earlier report instead.
 *
 *   pnpm bench suite                       # the whole suite
 *   node --import tsx tests/bench/suite/index.ts --project unit
 *
 * Prints figures only; never fails a build.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');

interface FileResult {
  name: string;
  startTime: number;
  endTime: number;
  status: string;
  assertionResults: { status: string }[];
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

let reportFile = process.env.BENCH_SUITE_REPORT;
let wallMs: number | undefined;
const loadBefore = load();
if (!reportFile) {
  reportFile = join(mkdtempSync(join(tmpdir(), 'smartloket-bench-suite-')), 'report.json');
  const started = performance.now();
  spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${reportFile}`,
      ...process.argv.slice(2),
    ],
    { cwd: root, stdio: 'inherit' },
  );
  wallMs = performance.now() - started;
}

const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
  numTotalTests: number;
  numFailedTests: number;
  startTime: number;
  testResults: FileResult[];
};
const files = report.testResults.map((f) => {
  const name = relative(root, f.name);
  return {
    name,
    project: name.startsWith('tests/') ? 'e2e' : 'unit',
    ms: f.endTime - f.startTime,
    failed: f.status !== 'passed',
  };
});
const lastEnd = Math.max(...report.testResults.map((f) => f.endTime));

console.log(`\ncores: ${availableParallelism()}; load average before: ${loadBefore}, after: ${load()}`);
if (wallMs !== undefined) console.log(`vitest run, wall clock: ${seconds(wallMs)}`);
console.log(`first test file start to last file end: ${seconds(lastEnd - report.startTime)}`);
console.log(`tests: ${report.numTotalTests}, failed: ${report.numFailedTests}`);
for (const project of ['unit', 'e2e']) {
  const mine = files.filter((f) => f.project === project);
  const sum = mine.reduce((s, f) => s + f.ms, 0);
  console.log(
    `${project}: ${mine.length} files, ${seconds(sum)} summed over the files (tests and hooks; module import not included)`,
  );
}
console.log('\nslowest files:');
for (const f of [...files].sort((a, b) => b.ms - a.ms).slice(0, 20)) {
  console.log(`${seconds(f.ms).padStart(9)}  [${f.project}] ${f.name}${f.failed ? '  (failed)' : ''}`);
}
