import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { SlowestTestsReporter } from './tests/support/slowest-reporter.js';

/**
 * One vitest config with a project per area. Workspace packages resolve to their TypeScript
 * sources through the `source` export condition, so tests never need a build first.
 */
const shared = {
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
};

/**
 * `expect.poll` gives up after 1 s by default: one slow round trip to a browser or a server on a
 * loaded machine and the poll fails. Polls end when their condition holds; this only bounds a hang.
 */
const expectOptions = { poll: { timeout: 120_000, interval: 50 } };

export default defineConfig({
  test: {
    // vitest's default is one worker less than the cores: one on a two-core CI machine, so every
    // file ran after the other. With two, the unit project's files run two at a time; vitest then
    // runs the e2e project's files one at a time (fileParallelism: false below), after the unit
    // files (a project without file parallelism is its own group, run last). See tests/bench/README.md.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // The default output, then the ten slowest tests: where the suite's time goes.
    reporters: ['default', new SlowestTestsReporter(10)],
    projects: [
      {
        ...shared,
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.ts',
            'plugins/*/src/**/*.test.ts',
            'examples/*/src/**/*.test.ts',
          ],
          environment: 'node',
          expect: expectOptions,
          // Wide: a test must not fail because the machine is busy (CI shares it); a hang still ends.
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        ...shared,
        test: {
          name: 'e2e',
          include: ['tests/**/*.test.ts'],
          environment: 'node',
          expect: expectOptions,
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
