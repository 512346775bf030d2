import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The `smartloket` bin in a clone before `pnpm build` (no dist/): it runs the TypeScript source
 * through tsx, and without tsx it says in one line what to run; never a module-not-found stack.
 * The package is rebuilt in a temporary folder: the bin file itself, and links to the sources
 * and the installed dependencies, without dist/.
 */
const root = resolve(import.meta.dirname, '../..');
const cliDir = join(root, 'packages/cli');

describe('the smartloket bin without a build', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'smartloket-bin-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const unbuilt = (name: string, withSources: boolean) => {
    const pkg = join(dir, name);
    mkdirSync(join(pkg, 'bin'), { recursive: true });
    copyFileSync(join(cliDir, 'bin/smartloket.js'), join(pkg, 'bin/smartloket.js'));
    copyFileSync(join(cliDir, 'package.json'), join(pkg, 'package.json'));
    if (withSources) {
      symlinkSync(join(cliDir, 'src'), join(pkg, 'src'));
      symlinkSync(join(cliDir, 'node_modules'), join(pkg, 'node_modules'));
    }
    return join(pkg, 'bin/smartloket.js');
  };
  const run = (bin: string, ...args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 900_000,
    });

  it('runs the sources through tsx: --help works', () => {
    const help = run(unbuilt('clone', true), '--help');
    expect(help.stderr).toBe('');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage:');
    expect(help.stdout).toContain('dev');
  });

  it('passes on the exit code of the command', () => {
    const wrong = run(unbuilt('clone-2', true), 'frobnicate');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('unknown command "frobnicate"');
  });

  it('without sources or tsx, says in one line what to run (exit 1)', () => {
    const bare = run(unbuilt('bare', false), '--help');
    expect(bare.status).toBe(1);
    expect(bare.stderr.trim().split('\n')).toHaveLength(1);
    expect(bare.stderr).toContain('pnpm@10.34.9 build');
    expect(bare.stderr).not.toMatch(/\n\s+at /);
  });
});
