import { describe, expect, it } from 'vitest';
import { slowestTests } from './slowest-reporter.js';

describe('slowest tests reporter', () => {
  it('lists the slowest first, at most the asked count, with project and file', () => {
    const tests = Array.from({ length: 12 }, (_, i) => ({
      name: `test ${i}`,
      file: `tests/x/${i}.test.ts`,
      project: i % 2 ? 'unit' : 'e2e',
      durationMs: ((i * 7) % 12) * 1000,
    }));
    const lines = slowestTests(tests);
    expect(lines[0]).toBe('10 slowest tests:');
    expect(lines).toHaveLength(11);
    expect(lines[1]).toBe('  11.0 s  [unit] tests/x/5.test.ts > test 5');
    expect(lines[10]).toBe('   2.0 s  [e2e] tests/x/2.test.ts > test 2');
    expect(slowestTests([])).toEqual([]);
  });
});
