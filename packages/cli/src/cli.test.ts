import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from './errors.js';
import { runCaptured } from './test-support.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'smartloket-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI in-process and captures what it prints. */
const run = (...args: string[]) => runCaptured(dir, ...args);

const municipality = `{ name: { nl: 'Gemeente Test' }, nisCode: '99001', address: { street: 'Markt 1', postcode: '9999', city: 'Test' } }`;

describe('smartloket', () => {
  it('start refuses development-only parts and names each', async () => {
    const file = join(dir, 'dev.config.mjs');
    writeFileSync(file, `export default { municipality: ${municipality}, plugins: [] };\n`);
    const { code, stderr } = await run('start', '--config', file);
    expect(code).toBe(EXIT.devParts);
    expect(stderr).toContain('refuses development-only parts');
    for (const part of ['dev identity provider', 'MAGDA simulator', 'dev mailbox', 'test seal keys']) {
      expect(stderr).toContain(part);
    }
  });

  it('a broken configuration names the wrong key and exits non-zero', async () => {
    const file = join(dir, 'broken.config.mjs');
    writeFileSync(
      file,
      `export default { municipality: { ...${municipality}, nisCode: '123' }, plugins: [] };\n`,
    );
    const { code, stderr } = await run('start', '--config', file);
    expect(code).toBe(EXIT.config);
    expect(stderr).toContain('Configuration "municipality.nisCode": a NIS code has 5 digits');
  });

  it('an unknown configuration key is named', async () => {
    const file = join(dir, 'unknown.config.mjs');
    writeFileSync(file, `export default { municipality: ${municipality}, databse: {}, plugins: [] };\n`);
    const { code, stderr } = await run('start', '--config', file);
    expect(code).toBe(EXIT.config);
    expect(stderr).toContain('"databse"');
  });

  it('a missing configuration file is a config error', async () => {
    const { code, stderr } = await run('start');
    expect(code).toBe(EXIT.config);
    expect(stderr).toContain('smartloket.config.ts');
  });

  it('init writes a deployment that validates', async () => {
    const { code, stdout } = await run(
      'init',
      'gemeente-x',
      '--name',
      'Gemeente X',
      '--nis',
      '99003',
      '--json',
    );
    expect(code).toBe(EXIT.ok);
    expect(JSON.parse(stdout).files).toContain('smartloket.config.ts');
    const config = readFileSync(join(dir, 'gemeente-x', 'smartloket.config.ts'), 'utf8');
    expect(config).toContain("nisCode: '99003'");
    // The dev world is a dev dependency: a production install (--prod) leaves it out.
    const pkg = JSON.parse(readFileSync(join(dir, 'gemeente-x', 'package.json'), 'utf8'));
    expect(pkg.devDependencies).toEqual({ '@smartloket/dev-world': '^0.1.0' });
    expect(Object.keys(pkg.dependencies)).not.toContain('@smartloket/dev-world');
    const again = await run('init', 'gemeente-x');
    expect(again.code).toBe(EXIT.config);
    expect(again.stderr).toContain('not empty');
  });

  it('init --plugin imports the plugin package and lists its default export (a plugin, not a factory)', async () => {
    const { code } = await run('init', 'gemeente-p', '--plugin', '@smartloket/plugin-bevolking');
    expect(code).toBe(EXIT.ok);
    const config = readFileSync(join(dir, 'gemeente-p', 'smartloket.config.ts'), 'utf8');
    expect(config).toContain("import plugin0 from '@smartloket/plugin-bevolking';");
    expect(config).toContain('plugins: [plugin0],');
    const bevolking = (await import('../../../plugins/bevolking/src/index.js')).default;
    expect(typeof bevolking).toBe('object');
    expect(bevolking.id).toBe('bevolking');
  });

  it('an unknown command is a usage error', async () => {
    const { code, stderr } = await run('frobnicate');
    expect(code).toBe(EXIT.config);
    expect(stderr).toContain('unknown command "frobnicate"');
  });
});
