import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/net.js';

/**
 * What a developer does with the published packages, end to end and offline: pack the
 * workspace's packages, `smartloket init` a deployment from the tarballs, scaffold a plugin and a
 * second request type, install from the pnpm store (--prefer-offline), build and test the plugin, start
 * the deployment and see both request types in the catalogue over HTTP. Then, with the installed
 * command as an operator runs it: a broken configuration is named and exits 2, and `start`
 * refuses the development parts of the generated configuration with exit 3.
 *
 * Needs the packages built (`pnpm test` builds before it runs vitest).
 *
 * Slow by nature (a pack, an install, a build and a test run of a fresh project): about 4 minutes
 * on an idle two-core machine, 12 on one shared by several test runs (measured: 709 s at a load
 * average of 15). The limits below leave a wide margin above that; each step's time is printed.
 */
const E2E_LIMIT_MS = 30 * 60_000;
const root = resolve(import.meta.dirname, '../..');
const pnpm = process.env.npm_execpath?.endsWith('.cjs')
  ? [process.execPath, process.env.npm_execpath]
  : ['pnpm'];

const stepTimes: [string, number][] = [];

function run(cmd: string[], cwd: string, env: Record<string, string> = {}): string {
  const started = performance.now();
  try {
    return execFileSync(cmd[0]!, cmd.slice(1), {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, CI: '1', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}\n${e.stderr ?? ''}\n${e.message}`);
  } finally {
    const skip = cmd[0] === process.execPath ? 2 : 1;
    stepTimes.push([cmd.slice(skip, skip + 2).join(' '), performance.now() - started]);
  }
}

describe('smartloket from packed packages (init, new plugin, new request-type, install, test, dev)', () => {
  let dir: string;
  let app: string;
  let child: ChildProcess | undefined;
  const smartloket = (...args: string[]) =>
    run([process.execPath, join(root, 'packages/cli/bin/smartloket.js'), ...args], app);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'smartloket-e2e-'));
    app = join(dir, 'gemeente-e2e');
  });
  afterAll(() => {
    process.stdout.write(
      `cli e2e steps: ${stepTimes.map(([n, ms]) => `${n} ${(ms / 1000).toFixed(1)} s`).join(', ')}\n`,
    );
    if (child?.pid) child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'creates, scaffolds, installs offline, tests and serves a new plugin',
    async () => {
      const packs = join(dir, 'packs');
      mkdirSync(packs);
      run([...pnpm, '-r', '--filter', './packages/**', 'pack', '--pack-destination', packs], root);

      run(
        [
          process.execPath,
          join(root, 'packages/cli/bin/smartloket.js'),
          'init',
          'gemeente-e2e',
          '--from',
          packs,
          '--nis',
          '99002',
          '--name',
          'Gemeente E2E',
        ],
        dir,
      );
      const made = JSON.parse(smartloket('new', 'plugin', 'fietsen', '--type', 'fietskluis', '--json')) as {
        installed: boolean;
        requestTypeId: string;
      };
      expect(made).toMatchObject({ installed: true, requestTypeId: 'fietsen.fietskluis' });
      smartloket(
        'new',
        'request-type',
        'fietsen.losliggende-tegel',
        '--kind',
        'report',
        '--plugin',
        'plugins/fietsen',
      );
      expect(readFileSync(join(app, 'smartloket.config.ts'), 'utf8')).toContain('plugins: [fietsenPlugin]');

      // From the store first: pin vite (a transitive dependency of vitest) to the version the
      // workspace installed, so resolution does not reach for a newer one the store lacks.
      // --prefer-offline, not --offline: a fresh clone installed from its lockfile has the packages
      // in the store but no registry metadata cached, and resolving the new plugin's ranges needs it.
      const pkgPath = join(app, 'package.json');
      const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
      const vite = createRequire(join(root, 'package.json'))('vite/package.json') as { version: string };
      pkg.pnpm.overrides.vite = vite.version;
      writeFileSync(pkgPath, JSON.stringify(pkg, null, 2));
      run([...pnpm, 'install', '--prefer-offline', '--config.confirmModulesPurge=false'], app);

      const plugin = join(app, 'plugins/fietsen');
      run([...pnpm, 'run', 'typecheck'], plugin);
      run([...pnpm, 'run', 'build'], plugin);
      const tests = run([...pnpm, 'exec', 'vitest', 'run', '--reporter=verbose'], plugin);
      expect(tests).toMatch(/Tests\s+5 passed/);

      const port = await freePort();
      child = spawn(
        process.execPath,
        [join(app, 'node_modules/@smartloket/cli/bin/smartloket.js'), 'dev', '--port', String(port)],
        {
          cwd: app,
          env: { ...process.env, NO_COLOR: '1' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout!.on('data', (c) => {
        output += String(c);
      });
      child.stderr!.on('data', (c) => {
        output += String(c);
      });
      // Bounded by count (3,000 polls: at least five minutes), not by a deadline.
      for (let i = 0; i < 3000 && !output.includes('Press Ctrl+C'); i++) {
        if (child.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(output, `smartloket dev (exit code ${child.exitCode})`).toContain(
        'SmartLoket (development) is running',
      );
      const catalogue = (await (await fetch(`http://127.0.0.1:${port}/api/v1/catalogue`)).json()) as {
        items: { id: string }[];
      };
      expect(catalogue.items.map((i) => i.id).sort()).toEqual([
        'fietsen.fietskluis',
        'fietsen.losliggende-tegel',
      ]);
    },
    E2E_LIMIT_MS,
  );

  it(
    'the installed command names a broken configuration (exit 2) and start refuses dev parts (exit 3)',
    () => {
      const bin = join(app, 'node_modules/@smartloket/cli/bin/smartloket.js');
      const cli = (...args: string[]) =>
        spawnSync(process.execPath, [bin, ...args], {
          cwd: app,
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1' },
          timeout: 10 * 60_000,
        });
      const config = readFileSync(join(app, 'smartloket.config.ts'), 'utf8');
      expect(config).toContain("nisCode: '99002'");
      writeFileSync(join(app, 'broken.config.ts'), config.replace("nisCode: '99002'", "nisCode: '9900'"));
      const broken = cli('start', '--config', 'broken.config.ts');
      expect(broken.status).toBe(2);
      expect(broken.stderr).toContain('"municipality.nisCode"');

      // As generated the configuration runs on development parts only: fine for dev, not for start.
      const start = cli('start');
      expect(start.status).toBe(3);
      expect(start.stderr).toContain('refuses development-only parts');
      for (const part of ['dev identity provider', 'MAGDA simulator', 'dev mailbox', 'test seal keys']) {
        expect(start.stderr).toContain(part);
      }
    },
    E2E_LIMIT_MS,
  );
});
