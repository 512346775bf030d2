import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Keeps docs/reference/core honest: typedoc (root typedoc.json, validation warnings as errors,
 * so an undocumented export fails) regenerates the reference of @smartloket/core into a temp dir,
 * and it must equal the committed one. Fix a failure with `pnpm run docs` and commit the result.
 */

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const committed = join(root, 'docs/reference/core');

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(relative(dir, join(entry.parentPath, entry.name)));
  }
  return out.sort();
}

describe('API reference of @smartloket/core', () => {
  let out: string;
  let result: { code: number; output: string };

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'smartloket-reference-'));
    const typedoc = join(root, 'node_modules/typedoc/bin/typedoc');
    try {
      const { stdout, stderr } = await run(process.execPath, [typedoc, '--out', out], { cwd: root });
      result = { code: 0, output: stdout + stderr };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      result = { code: e.code ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
    }
  });

  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('documents every export (typedoc validation passes without warnings)', () => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal colours
    const plain = result.output.replace(/\x1b\[[0-9;]*m/g, '');
    expect(plain.split('\n').filter((l) => /\[(warning|error)\]/.test(l))).toEqual([]);
    expect(result.code).toBe(0);
  });

  it('matches the committed docs/reference/core (run `pnpm run docs` to update)', async () => {
    const expected = await files(committed);
    const actual = await files(out);
    expect(actual).toEqual(expected);
    for (const file of actual) {
      const [a, b] = await Promise.all([
        readFile(join(out, file), 'utf8'),
        readFile(join(committed, file), 'utf8'),
      ]);
      expect(a, `docs/reference/core/${file} is out of date`).toBe(b);
    }
  });
});
