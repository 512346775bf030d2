import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { CliError, EXIT } from '../errors.js';
import type { Output } from '../output.js';

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
  const dep = (pkg: string) =>
    options.from
      ? `file:${join(options.from, `${pkg.replace('@smartloket/', 'smartloket-')}.tgz`)}`
      : CORE_VERSION_RANGE;
  const plugins = options.plugins ?? [];
  const packageJson = {
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
    },
    dependencies: Object.fromEntries(
      ['@smartloket/core', '@smartloket/cli', '@smartloket/runtime', ...plugins].map((p) => [p, dep(p)]),
    ),
  };
  const imports = plugins.map((p, i) => `import plugin${i} from '${p}';`).join('\n');
  const config = `import { defineConfig } from '@smartloket/runtime';
${imports}

/**
 * The deployment configuration. \`smartloket dev\` runs it with every development part
 * (simulators, dev login, dev mailbox, test keys); \`smartloket start\` needs the production
 * parts configured (see docs/deploying/).
 */
export default defineConfig({
  municipality: {
    name: { nl: ${JSON.stringify(name)} },
    nisCode: '${nis}',
    address: { street: 'Marktplein 1', postcode: '9999', city: ${JSON.stringify(name.replace(/^Gemeente /, ''))} },
  },
  database: { url: 'sqlite:.data/smartloket.sqlite' },
  server: { port: 3000 },
  plugins: [${plugins.map((_, i) => `plugin${i}()`).join(', ')}],
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
  };
  for (const [file, content] of Object.entries(files)) writeFileSync(join(target, file), content);
  out.result(
    { dir: target, files: Object.keys(files) },
    `Created a SmartLoket deployment in ${target}\n\nNext:\n  cd ${dir}\n  npm install\n  npx smartloket dev`,
  );
  return { dir: target, files: Object.keys(files) };
}
