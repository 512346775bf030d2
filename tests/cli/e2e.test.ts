import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/net.js';
import { shellCommands, words } from './tutorial.js';

/**
 * What a developer does with the packages, end to end: the commands of
 * docs/building-plugins/first-request-type.md, parsed from its `sh` blocks and run as written
 * (so the tutorial cannot drift from the code) in a temp folder: pack the clone's packages and
 * plugins, `init` a deployment from the tarballs, scaffold a plugin and a second request type,
 * install, test and build the plugin, start `dev` and see both request types in the catalogue
 * over HTTP, and `plugin verify` exiting 1 on the stub's TODO legal basis. Then, with the
 * installed command as an operator runs it: a broken configuration is named and exits 2, and
 * `start` refuses the development parts of the generated configuration with exit 3.
 *
 * The environment is the one the tutorial describes, a developer's machine: `CI` is not set for
 * the doc's commands (CI=true makes pnpm install frozen, which a new project without a lockfile
 * cannot; the tutorial says so for CI servers), and pnpm prefers its store
 * (`npm_config_prefer_offline`, what a warm machine does anyway) so the run stays lean. Only three
 * things are substituted: the clone's path for `/path/to/smartloket`, a temp folder for
 * `/tmp/packs`, and a free port for `dev` (`--port`, which the tutorial names). The clone's own
 * `install && build` is not run again: the suite builds before it tests (`pnpm test`).
 *
 * Slow by nature (a pack, an install, a build and a test run of a fresh project): about 4 minutes
 * on an idle two-core machine, 12 on one shared by several test runs. No limit of its own beyond
 * the project's wide one; each step's time is printed.
 */
const E2E_LIMIT_MS = 30 * 60_000;
const root = resolve(import.meta.dirname, '../..');
const tutorial = join(root, 'docs/building-plugins/first-request-type.md');
const PNPM = ['npx', '-y', 'pnpm@10.34.9'];

const stepTimes: [string, number][] = [];

/** The environment of the tutorial's reader: no CI, a warm pnpm store. */
function readerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', npm_config_prefer_offline: 'true' };
  delete env.CI;
  return env;
}

function run(
  cmd: string[],
  cwd: string,
  options: { env?: NodeJS.ProcessEnv; expectStatus?: number } = {},
): string {
  const started = performance.now();
  try {
    const r = spawnSync(cmd[0]!, cmd.slice(1), {
      cwd,
      encoding: 'utf8',
      env: options.env ?? { ...process.env, CI: '1', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
    const output = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
    if (r.error || r.status !== (options.expectStatus ?? 0)) {
      throw new Error(
        `${cmd.join(' ')} in ${cwd} exited ${String(r.status)} (expected ${options.expectStatus ?? 0}):\n${output}\n${r.error?.message ?? ''}`,
      );
    }
    return output;
  } finally {
    const skip = cmd[0] === process.execPath ? 2 : cmd[0] === 'npx' ? 3 : 1;
    stepTimes.push([cmd.slice(skip, skip + 2).join(' '), performance.now() - started]);
  }
}

describe('first-request-type.md, followed literally (pack, init, new plugin, new request-type, install, test, build, dev, verify)', () => {
  let dir: string;
  let app: string;
  let child: ChildProcess | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'smartloket-e2e-'));
  });
  afterAll(() => {
    process.stdout.write(
      `cli e2e steps: ${stepTimes.map(([n, ms]) => `${n} ${(ms / 1000).toFixed(1)} s`).join(', ')}\n`,
    );
    // dev runs in its own process group (npx, pnpm, node): end the group this test started.
    if (child?.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'runs every command of the tutorial as written and gets what the tutorial says',
    async () => {
      const packs = join(dir, 'packs');
      mkdirSync(packs);
      const commands = shellCommands(tutorial);
      // The published way (`npx @smartloket/cli init ...`) needs packages on the registry: the
      // clone's way below it is the one run here. Both end in the same deployment.
      const published = commands.filter((c) => c.block === commands[0]!.block);
      expect(published[0]!.line).toMatch(/^npx @smartloket\/cli init gemeente-x /);
      const handled: string[] = [];
      let cwd = dir;
      let sawTests = false;
      let sawDev = false;
      let sawVerify = false;

      for (const { line } of commands.filter((c) => c.block !== published[0]!.block)) {
        const w = words(line).map((x) =>
          x.replace('/path/to/smartloket', root).replace(/^\/tmp\/packs$/, packs),
        );
        if (line === `${PNPM.join(' ')} install && ${PNPM.join(' ')} build`) {
          // The clone's install and build: done by the suite before it tests.
          handled.push(line);
          continue;
        }
        if (w[0] === 'cd') {
          cwd = resolve(cwd, w[1]!);
          handled.push(line);
          continue;
        }
        if (w[0] === 'node' && w[1]!.startsWith(root)) {
          run([process.execPath, ...w.slice(1)], cwd, { env: readerEnv() });
          if (w[2] === 'init') app = join(cwd, w[3]!);
          handled.push(line);
          continue;
        }
        expect(w.slice(0, 3), `a command the tutorial test does not know: ${line}`).toEqual(PNPM);
        const args = w.slice(3);
        if (args.includes('pack')) {
          // In the clone.
          run(w, root, { env: readerEnv() });
          expect(readdirSync(packs).some((f) => f.startsWith('smartloket-plugin-bevolking-'))).toBe(true);
        } else if (args.join(' ') === 'exec smartloket dev') {
          const port = await freePort();
          child = spawn(w[0]!, [...w.slice(1), '--port', String(port)], {
            cwd,
            env: readerEnv(),
            stdio: ['ignore', 'pipe', 'pipe'],
            detached: true,
          });
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
          // Ctrl+C.
          process.kill(-child.pid!, 'SIGINT');
          await new Promise((r) => (child!.exitCode !== null ? r(null) : child!.once('exit', r)));
          sawDev = true;
        } else if (args.join(' ') === 'exec smartloket plugin verify .') {
          // As generated: exit 1 with the stub's TODO legal basis, as the tutorial says.
          const out = run(w, cwd, { env: readerEnv(), expectStatus: 1 });
          expect(out).toContain('legal basis still TODO');
          sawVerify = true;
        } else {
          const out = run(w, cwd, { env: readerEnv() });
          if (args.at(-1) === 'test') {
            expect(out).toMatch(/Tests\s+5 passed/);
            sawTests = true;
          }
          if (args[0] === 'exec' && args[2] === 'new' && args[3] === 'plugin') {
            expect(readFileSync(join(app, 'smartloket.config.ts'), 'utf8')).toContain(
              'plugins: [fietsenPlugin]',
            );
          }
        }
        handled.push(line);
      }
      expect(handled.length).toBeGreaterThanOrEqual(12);
      expect({ sawTests, sawDev, sawVerify }).toEqual({ sawTests: true, sawDev: true, sawVerify: true });
      // Beyond the tutorial: the generated plugin type-checks.
      run([...PNPM, 'run', 'typecheck'], join(app, 'plugins/fietsen'), { env: readerEnv() });
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
      const nis = /nisCode: '(\d{5})'/.exec(config)?.[0];
      expect(nis).toBeDefined();
      writeFileSync(join(app, 'broken.config.ts'), config.replace(nis!, "nisCode: '9900'"));
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
