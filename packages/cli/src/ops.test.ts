import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rangeAdmits } from './commands/verify.js';
import { EXIT } from './errors.js';
import { runCaptured } from './test-support.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'smartloket-ops-'));
  writeFileSync(
    join(dir, 'smartloket.config.mjs'),
    `export default { municipality: { name: { nl: 'Gemeente Test' }, nisCode: '99001', address: { street: 'Markt 1', postcode: '9999', city: 'Test' } }, database: { url: 'sqlite:.data/test.sqlite' }, plugins: [] };\n`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => runCaptured(dir, ...args);

describe('operator commands', () => {
  it('grants: refuses an invalid KBO, adds, lists and revokes', async () => {
    const bad = await run('grants', 'add', '--kbo', '0123.456.789', '--type', 'bevolking.*');
    expect(bad.code).toBe(EXIT.config);
    expect(bad.stderr).toContain('not a valid KBO number');
    const added = await run('grants', 'add', '--kbo', '0417.497.106', '--type', 'bevolking.*', '--json');
    expect(added.code).toBe(EXIT.ok);
    const grant = JSON.parse(added.stdout).grant as { id: string; kbo: string };
    const list = JSON.parse((await run('grants', 'list', '--json')).stdout).grants as { id: string }[];
    expect(list.map((g) => g.id)).toEqual([grant.id]);
    const revoked = await run('grants', 'revoke', '--id', grant.id, '--json');
    expect(JSON.parse(revoked.stdout).grant.revokedAt).not.toBeNull();
  });

  it('purge --dry-run counts and says it changed nothing', async () => {
    const { code, stdout } = await run('purge', '--dry-run');
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain('dry run, nothing changed');
  });

  it('report prints CSV with a header', async () => {
    const { code, stdout } = await run('report');
    expect(code).toBe(EXIT.ok);
    expect(stdout.split('\n')[0]).toBe('reference,type,kind,state,requester_kind,created_at,closed_at');
  });

  it('doctor passes a development configuration with warnings, and fails a broken one', async () => {
    const ok = await run('doctor', '--json');
    expect(ok.code).toBe(EXIT.ok);
    const checks = JSON.parse(ok.stdout).checks as { name: string; ok: boolean; warning?: boolean }[];
    expect(checks.find((c) => c.name === 'database')?.ok).toBe(true);
    expect(checks.find((c) => c.name === 'MAGDA')?.warning).toBe(true);
    writeFileSync(join(dir, 'broken.config.mjs'), 'export default { plugins: [] };\n');
    const broken = await run('doctor', '--config', 'broken.config.mjs');
    expect(broken.code).toBe(EXIT.failure);
    expect(broken.stdout).toContain('✘ configuration');
  });

  it('plugins lists what the configuration enables', async () => {
    const { code, stdout } = await run('plugins', '--json');
    expect(code).toBe(EXIT.ok);
    expect(JSON.parse(stdout)).toEqual({ plugins: [] });
  });

  it('plugin verify fails a folder without package.json', async () => {
    const { code, stdout } = await run('plugin', 'verify', '.');
    expect(code).toBe(EXIT.failure);
    expect(stdout).toContain('✘ package.json');
  });

  it('plugin verify accepts the built melding example', async () => {
    const melding = resolve(import.meta.dirname, '../../../examples/plugin-melding');
    const { code, stdout } = await run('plugin', 'verify', melding, '--json');
    const result = JSON.parse(stdout) as {
      ok: boolean;
      checks: { name: string; ok: boolean; detail: string }[];
    };
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    expect(code).toBe(EXIT.ok);
    expect(result.checks.find((c) => c.name === 'request types')?.detail).toContain(
      'melding.openbaar-domein',
    );
  });

  it('new plugin refuses an id that is not lowercase', async () => {
    const { code, stderr } = await run('new', 'plugin', 'Melding');
    expect(code).toBe(EXIT.config);
    expect(stderr).toContain('must be lowercase');
  });

  it('rangeAdmits follows caret semantics for 0.x', () => {
    expect(rangeAdmits('^0.1.0', '0.1.3')).toBe(true);
    expect(rangeAdmits('^0.1.0', '0.2.0')).toBe(false);
    expect(rangeAdmits('^1.0.0', '1.4.0')).toBe(true);
    expect(rangeAdmits('>=0.1.0', '2.0.0')).toBe(true);
  });
});
