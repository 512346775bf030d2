import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from '@smartloket/db';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from './cli.js';
import { EXIT } from './errors.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'smartloket-migrate-purge-'));
  writeFileSync(
    join(dir, 'smartloket.config.mjs'),
    `export default { municipality: { name: { nl: 'Gemeente Test' }, nisCode: '99001', address: { street: 'Markt 1', postcode: '9999', city: 'Test' } }, database: { url: 'sqlite:.data/test.sqlite' }, plugins: [] };\n`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]) {
  let stderr = '';
  let stdout = '';
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((c) => {
    stderr += String(c);
    return true;
  });
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((c) => {
    stdout += String(c);
    return true;
  });
  try {
    return { code: await runCli(['node', 'smartloket', ...args], dir), stderr, stdout };
  } finally {
    err.mockRestore();
    out.mockRestore();
  }
}

describe('migrate and purge output', () => {
  it('migrate up applies every migration, reports them as JSON, and draws nothing on a pipe', async () => {
    const up = await run('migrate', '--json');
    expect(up.code).toBe(EXIT.ok);
    expect(JSON.parse(up.stdout)).toEqual({ applied: MIGRATIONS.map((m) => m.name) });
    expect(up.stderr).toBe(''); // stderr is not a terminal here: no progress bar
    const status = await run('migrate', 'status', '--json');
    expect(JSON.parse(status.stdout).migrations.every((m: { applied: boolean }) => m.applied)).toBe(true);
    expect((await run('migrate', 'up')).stdout).toBe('Already up to date.\n');
    expect((await run('migrate', 'sideways')).code).toBe(EXIT.config);
  });

  it('purge --json gives the counts; --batch-size is checked', async () => {
    const { code, stdout, stderr } = await run('purge', '--batch-size', '50', '--json');
    expect(code).toBe(EXIT.ok);
    expect(JSON.parse(stdout)).toMatchObject({ documents: 0, sessions: 0, audit: 0, dryRun: false });
    expect(stderr).toBe('');
    const bad = await run('purge', '--batch-size', '0');
    expect(bad.code).toBe(EXIT.config);
    expect(bad.stderr).toContain('--batch-size');
  });
});
