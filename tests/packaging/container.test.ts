import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/net.js';

/**
 * The container image definition (deploy/container) cannot rot unseen: there is no Docker here,
 * so this runs the build stage's own script (assemble.sh: pack, `init --from`, `install --prod`)
 * and checks what the final stage would hold: no dev world and no dev tools in node_modules, the
 * installed command runs, `dev` names the missing dev world, and `start` with the container's
 * configuration (everything from the environment) answers the image's HEALTHCHECK with the code
 * folder made read-only. It also reads the Dockerfile for the rules the runtime stage must keep.
 *
 * Needs the packages built (`pnpm test` builds before it runs vitest).
 */
const root = resolve(import.meta.dirname, '../..');
const containerDir = join(root, 'deploy/container');
const pnpm = process.env.npm_execpath?.endsWith('.cjs')
  ? `${process.execPath} ${process.env.npm_execpath}`
  : 'npx -y pnpm@10.34.9';

/** Names that must never be installed in the image. */
const FORBIDDEN = [
  /^@smartloket\/dev-/,
  /^@smartloket\/testkit$/,
  /^oidc-provider$/,
  /^smtp-server$/,
  /^mailparser$/,
  /^vitest$/,
  /^@vitest\//,
  /^vite$/,
  /^playwright(-core)?$/,
  /^typescript$/,
  /^tsup$/,
];

/** The package names in pnpm's virtual store (`node_modules/.pnpm/<name>@<version>...`). */
function installedPackages(app: string): string[] {
  return readdirSync(join(app, 'node_modules/.pnpm'))
    .filter((entry) => entry !== 'node_modules' && !entry.startsWith('lock'))
    .map((entry) => {
      const at = entry.indexOf('@', 1);
      return entry.slice(0, at).replace('+', '/');
    });
}

/** The stages of a Dockerfile, as lists of instructions (continuation lines joined). */
function stages(dockerfile: string): string[][] {
  const lines = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const result: string[][] = [];
  for (const line of lines) {
    if (/^FROM\s/i.test(line)) result.push([line]);
    else result.at(-1)?.push(line);
  }
  return result;
}

describe('the container image definition (deploy/container)', () => {
  let dir: string;
  let app: string;
  let child: ChildProcess | undefined;
  const bin = () => join(app, 'node_modules/@smartloket/cli/bin/smartloket.js');
  const cli = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [bin(), ...args], {
      cwd: app,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', ...env },
      timeout: 900_000,
    });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'smartloket-container-'));
    const out = execFileSync(
      'bash',
      [join(containerDir, 'assemble.sh'), join(dir, 'out'), '--prefer-offline'],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, PNPM: pnpm, CI: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    app = out.trim().split('\n').at(-1)!;
  });
  afterAll(() => {
    if (child?.exitCode === null) child.kill('SIGTERM');
    if (app && existsSync(app)) chmodSync(app, 0o755);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the runtime stage small and unprivileged, with a health check on /healthz', () => {
    const dockerfile = readFileSync(join(containerDir, 'Dockerfile'), 'utf8');
    const [build, runtime, ...more] = stages(dockerfile);
    expect(more).toEqual([]);
    expect(build![0]).toMatch(/ AS build$/);
    // The build stage runs the very script this test runs.
    expect(build!.join('\n')).toContain('deploy/container/assemble.sh /out');
    const final = runtime!.join('\n');
    expect(final).toContain('COPY --from=build /out/app /app');
    expect(final).toMatch(/^USER node$/m);
    expect(final).toMatch(/^HEALTHCHECK .*\/healthz/m);
    expect(final).toMatch(/^VOLUME \["\/data", "\/tmp"\]$/m);
    expect(final).toMatch(/^CMD \["start"\]$/m);
    for (const tool of ['apt-get install', 'pnpm', 'g++', 'python3', 'make ', 'COPY . .'])
      expect(final, `the runtime stage must not contain "${tool}"`).not.toContain(tool);
  });

  it('installs no dev world and no dev tool', () => {
    const installed = installedPackages(app);
    expect(installed).toContain('@smartloket/cli');
    expect(installed).toContain('@smartloket/plugin-bevolking');
    expect(installed.filter((name) => FORBIDDEN.some((f) => f.test(name)))).toEqual([]);
    expect(existsSync(join(app, 'node_modules/@smartloket/dev-world'))).toBe(false);
    console.log(
      `production install (cli, runtime, core, three plugins): ${installed.length} packages in node_modules/.pnpm`,
    );
  });

  it('runs the installed command; `dev` names the missing dev world in one line (exit 2)', () => {
    const help = cli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('smartloket');
    // A configuration with the development parts (the defaults), as `smartloket init` writes it.
    const devConfig = join(dir, 'dev.config.mjs');
    writeFileSync(
      devConfig,
      `export default { municipality: { name: { nl: 'Gemeente Dev' }, nisCode: '99005', address: { street: 'Markt 1', postcode: '9999', city: 'Dev' } }, dataDir: ${JSON.stringify(join(dir, 'dev-data'))}, plugins: [] };\n`,
    );
    const dev = cli(['dev', '--port', '0', '--config', devConfig]);
    expect(dev.status).toBe(2);
    expect(dev.stderr).toContain('pnpm add -D @smartloket/dev-world');
    expect(dev.stderr.trim().split('\n')).toHaveLength(1);
    expect(dev.stderr).not.toMatch(/\n\s+at /);
  });

  it('starts with the container configuration on a read-only code folder and passes the HEALTHCHECK', async () => {
    const secrets = join(dir, 'secrets');
    const keys = JSON.parse(
      cli(['keys', 'generate', '--dir', secrets, '--organisation', 'Gemeente Container (TEST)', '--json'])
        .stdout,
    ) as { sealKey: string; chain: string; sealCertificate: string };
    const env = {
      NODE_ENV: 'production',
      SMARTLOKET_DATA_DIR: join(dir, 'data'),
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      MUNICIPALITY_NAME_NL: 'Gemeente Container',
      MUNICIPALITY_NIS: '99004',
      MUNICIPALITY_STREET: 'Markt 1',
      MUNICIPALITY_POSTCODE: '9999',
      MUNICIPALITY_CITY: 'Container',
      OIDC_ISSUER: 'https://login.example.invalid',
      OIDC_CLIENT_ID: 'smartloket',
      OIDC_CLIENT_SECRET: 'secret',
      MAGDA_ENDPOINT: 'https://magda.example.invalid/soap',
      MAGDA_TLS_CERT_FILE: keys.sealCertificate,
      MAGDA_TLS_KEY_FILE: keys.sealKey,
      MAGDA_IDENTIFICATIE: '99004.smartloket.test',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: '9',
      MAIL_FROM_ADDRESS: 'noreply@container.example',
      SEAL_KEY_FILE: keys.sealKey,
      SEAL_CHAIN_FILE: keys.chain,
    };
    // As in the image: an unprivileged user (nobody, when this runs as root) who may write the
    // data folder and /tmp only; the deployment's folder is read-only.
    const user = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    mkdirSync(env.SMARTLOKET_DATA_DIR);
    chmodSync(dir, 0o755);
    for (const file of readdirSync(secrets))
      if (statSync(join(secrets, file)).isFile()) chmodSync(join(secrets, file), 0o644);
    if (user.uid !== undefined) chownSync(env.SMARTLOKET_DATA_DIR, user.uid, user.gid);
    const mode = statSync(app).mode;
    chmodSync(app, 0o555);
    try {
      child = spawn(process.execPath, [bin(), 'start'], {
        cwd: app,
        env: { ...process.env, NO_COLOR: '1', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
        ...user,
      });
      let output = '';
      child.stdout!.on('data', (c) => {
        output += String(c);
      });
      child.stderr!.on('data', (c) => {
        output += String(c);
      });
      for (let i = 0; i < 3000 && !output.includes('listens on'); i++) {
        if (child.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(output).toContain('SmartLoket listens on');

      // The image's HEALTHCHECK command, as written in the Dockerfile.
      const dockerfile = readFileSync(join(containerDir, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
      const check = JSON.parse(/HEALTHCHECK .*?CMD (\[.*\])/.exec(dockerfile)![1]!) as string[];
      expect(check[0]).toBe('node');
      const health = spawnSync(process.execPath, check.slice(1), {
        env: { ...process.env, PORT: env.PORT },
        timeout: 900_000,
      });
      expect(health.status).toBe(0);
      expect(await (await fetch(`http://127.0.0.1:${env.PORT}/healthz`)).json()).toEqual({ status: 'ok' });
    } finally {
      child?.kill('SIGTERM');
      chmodSync(app, mode);
    }
  });
});
