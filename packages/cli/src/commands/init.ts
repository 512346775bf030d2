import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { CliError, EXIT } from '../errors.js';
import type { Output } from '../output.js';
import { lit } from '../scaffold/names.js';

export interface InitOptions {
  cwd: string;
  /** Municipality name (Dutch). */
  name?: string;
  nis?: string;
  /** Plugins to add (package names). */
  plugins?: string[];
  /** Point dependencies at packed tarballs or a local workspace instead of the registry. */
  from?: string;
}

const CORE_VERSION_RANGE = '^0.1.0';

/**
 * The @smartloket tarballs in a folder (made with `pnpm pack`), by package name:
 * `smartloket-core-0.1.0.tgz` → `@smartloket/core`: `file:/abs/smartloket-core-0.1.0.tgz`.
 */
export function packedPackages(dir: string): Record<string, string> {
  if (!existsSync(dir)) throw new CliError(`--from: ${dir} does not exist`, EXIT.config);
  const packs: Record<string, string> = {};
  for (const file of readdirSync(dir).sort()) {
    const m = /^smartloket-(.+)-\d+\.\d+\.\d+(?:-[\w.]+)?\.tgz$/.exec(file);
    if (m) packs[`@smartloket/${m[1]}`] = `file:${join(dir, file)}`;
  }
  if (Object.keys(packs).length === 0)
    throw new CliError(`--from: no smartloket-*.tgz in ${dir}`, EXIT.config);
  return packs;
}

/** `smartloket init <dir>`: a new deployment folder, ready for `smartloket dev`. */
export function init(dir: string, options: InitOptions, out: Output): { dir: string; files: string[] } {
  const target = resolve(options.cwd, dir);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new CliError(`${target} exists and is not empty`, EXIT.config);
  }
  mkdirSync(target, { recursive: true });
  const name = options.name ?? 'Gemeente Voorbeeld';
  const nis = options.nis ?? '99001';
  if (!/^\d{5}$/.test(nis)) throw new CliError('--nis must be a 5-digit NIS code', EXIT.config);
  const packs = options.from ? packedPackages(resolve(options.cwd, options.from)) : undefined;
  const dep = (pkg: string) => {
    if (!packs) return CORE_VERSION_RANGE;
    const file = packs[pkg];
    if (!file)
      throw new CliError(
        `--from: no packed ${pkg} (a *.tgz from "pnpm pack") in ${options.from}`,
        EXIT.config,
      );
    return file;
  };
  const plugins = options.plugins ?? [];
  const packageJson: Record<string, unknown> = {
    name: basename(target)
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '-'),
    private: true,
    type: 'module',
    scripts: {
      dev: 'smartloket dev',
      start: 'smartloket start',
      worker: 'smartloket worker',
      migrate: 'smartloket migrate up',
      doctor: 'smartloket doctor',
    },
    dependencies: Object.fromEntries(
      ['@smartloket/core', '@smartloket/cli', '@smartloket/runtime', ...plugins].map((p) => [p, dep(p)]),
    ),
    // The simulators, dev login and dev mailbox of `smartloket dev`: a production install
    // (`pnpm install --prod`) leaves them out.
    devDependencies: { '@smartloket/dev-world': dep('@smartloket/dev-world') },
  };
  if (packs) {
    // Every @smartloket package (also those other packages depend on) comes from the tarballs.
    packageJson.pnpm = {
      overrides: packs,
      onlyBuiltDependencies: ['better-sqlite3', 'esbuild'],
    };
  } else {
    packageJson.pnpm = { onlyBuiltDependencies: ['better-sqlite3', 'esbuild'] };
  }
  const imports = plugins.map((p, i) => `import plugin${i} from '${p}';`).join('\n');
  const config = `import { defineConfig } from '@smartloket/runtime';${imports ? `\n${imports}` : ''}

/**
 * The deployment configuration. \`smartloket dev\` runs it with every development part
 * (simulators, dev login, dev mailbox, test keys); \`smartloket start\` needs the production
 * parts configured (see docs/deploying/).
 */
export default defineConfig({
  municipality: {
    name: { nl: ${lit(name)} },
    nisCode: '${nis}',
    address: { street: 'Marktplein 1', postcode: '9999', city: ${lit(name.replace(/^Gemeente /, ''))} },
  },
  database: { url: 'sqlite:.data/smartloket.sqlite' },
  server: { port: 3000 },
  plugins: [${plugins.map((_, i) => `plugin${i}`).join(', ')}],
});
`;
  const env = `# Copy to .env and fill in for production (smartloket start).
# DATABASE_URL=postgres://smartloket@db.example/smartloket
# SMARTLOKET_SEAL_PASSPHRASE=
`;
  const files: Record<string, string> = {
    'package.json': `${JSON.stringify(packageJson, null, 2)}\n`,
    'smartloket.config.ts': config,
    '.env.example': env,
    '.gitignore': '.data/\nnode_modules/\n.env\n',
    // Plugins made with `smartloket new plugin` live in plugins/ as workspace packages.
    'pnpm-workspace.yaml': "packages:\n  - 'plugins/*'\n",
  };
  for (const [file, content] of Object.entries(files)) writeFileSync(join(target, file), content);
  out.result(
    { dir: target, files: Object.keys(files) },
    `Created a SmartLoket deployment in ${target}\n\nNext:\n  cd ${dir}\n  npx -y pnpm@10.34.9 install\n  npx -y pnpm@10.34.9 exec smartloket dev`,
  );
  return { dir: target, files: Object.keys(files) };
}
