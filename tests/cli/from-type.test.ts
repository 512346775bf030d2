import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { newPlugin } from '../../packages/cli/src/commands/new.js';
import type { Output } from '../../packages/cli/src/output.js';

/**
 * `smartloket new plugin <id> --from-type type.json` (issue 23): a municipality outgrows the
 * designer; the exported type becomes a TypeScript plugin with the same type, and the plugin's
 * generated tests pass. Generated inside the repository so its imports resolve to the workspace.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = join(root, 'packages/declarative/src/fixtures/feestzaal.json');
const dir = mkdtempSync(join(root, 'tests/cli/.generated-'));
const quiet: Output = { result: () => {}, progress: () => {}, warn: () => {} } as unknown as Output;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('new plugin --from-type', () => {
  it('writes a plugin with the same request type, and its generated tests pass', () => {
    const made = newPlugin(
      'zalen',
      { cwd: root, dir: join(dir, 'zalen'), fromType: fixture, workspace: true },
      quiet,
    );
    expect(made.requestTypeId).toBe('zalen.feestzaal');
    const source = readFileSync(join(dir, 'zalen/src/request-types/feestzaal.ts'), 'utf8');
    expect(source).toContain('"id": "zalen.feestzaal"');
    expect(source).toContain('compileDeclarativeType');
    const pkg = JSON.parse(readFileSync(join(dir, 'zalen/package.json'), 'utf8'));
    expect(pkg.dependencies['@smartloket/declarative']).toBe('workspace:^');
    const out = execFileSync(
      process.execPath,
      [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'e2e', join(dir, 'zalen/src')],
      { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
    expect(out).toMatch(/Tests\s+2 passed/);
  });

  it('refuses an invalid export, naming the path in it', () => {
    const bad = join(dir, 'bad.json');
    const json = JSON.parse(readFileSync(fixture, 'utf8'));
    json.steps[0].fields[0].label.nl = '<i>x</i>';
    execFileSync(process.execPath, [
      '-e',
      `require('fs').writeFileSync(${JSON.stringify(bad)}, ${JSON.stringify(JSON.stringify(json))})`,
    ]);
    expect(() => newPlugin('zalen2', { cwd: root, dir: join(dir, 'zalen2'), fromType: bad }, quiet)).toThrow(
      /steps\[0\]\.fields\[0\]\.label\.nl: plain text only/,
    );
  });
});
