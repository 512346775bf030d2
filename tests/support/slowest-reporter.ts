import type { Reporter, TestModule } from 'vitest/node';

/** One timed test for {@link slowestTests}. */
export interface TimedTest {
  name: string;
  file: string;
  project: string;
  durationMs: number;
}

/** The `count` slowest of `tests`, slowest first, as lines to print. */
export function slowestTests(tests: TimedTest[], count = 10): string[] {
  const slowest = [...tests].sort((a, b) => b.durationMs - a.durationMs).slice(0, count);
  if (slowest.length === 0) return [];
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`.padStart(8);
  return [
    `${slowest.length} slowest tests:`,
    ...slowest.map((t) => `${seconds(t.durationMs)}  [${t.project}] ${t.file} > ${t.name}`),
  ];
}

/**
 * A vitest reporter that prints the ten slowest tests (with their project and file) after the
 * run, besides the default reporter: where the suite's time goes, in every CI log.
 */
export class SlowestTestsReporter implements Reporter {
  constructor(
    private readonly count = 10,
    private readonly write: (text: string) => void = (text) => process.stdout.write(text),
  ) {}

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const tests: TimedTest[] = [];
    for (const m of testModules) {
      for (const test of m.children.allTests()) {
        const d = test.diagnostic();
        if (!d) continue;
        tests.push({
          name: test.fullName,
          file: m.relativeModuleId,
          project: m.project.name,
          durationMs: d.duration,
        });
      }
    }
    const lines = slowestTests(tests, this.count);
    if (lines.length > 0) this.write(`\n${lines.join('\n')}\n`);
  }
}
