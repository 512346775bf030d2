import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { type DeclarativeType, parseDeclarativeType } from '@smartloket/declarative';
import { CliError, EXIT } from '../errors.js';
import type { Output } from '../output.js';
import { camel, isIdPart } from '../scaffold/names.js';
import {
  type DependencyMode,
  fromTypeRequestTypeTs,
  fromTypeTestTs,
  MARKER_ENTRIES,
  MARKER_IMPORTS,
  pluginIndexTs,
  pluginModuleTs,
  pluginPackageJson,
  pluginReadme,
  pluginTsconfig,
  pluginTsupConfig,
  pluginVitestConfig,
  type RequestTypeSpec,
  requestTypesIndexTs,
  requestTypeTestTs,
  requestTypeTs,
} from '../scaffold/templates.js';

/** The core range generated plugins declare as peer (the core this CLI ships with). */
export const CORE_PEER_RANGE = '^0.1.0';

export interface NewPluginOptions {
  cwd: string;
  /** Target folder (default: `plugins/<id>` inside a deployment, else `plugin-<id>`). */
  dir?: string | undefined;
  /** npm package name (default `smartloket-plugin-<id>`). */
  packageName?: string | undefined;
  /** Dutch title of the plugin. */
  title?: string | undefined;
  /** First request type: name (default `aanvraag`) and kind. */
  type?: string | undefined;
  kind?: string | undefined;
  typeTitle?: string | undefined;
  /** `workspace:^` dependencies (inside the SmartLoket repository). */
  workspace?: boolean | undefined;
  /** A request type the form designer made (its exported JSON file): the plugin's first type. */
  fromType?: string | undefined;
}

/** The JSON of `--from-type`, validated; a problem names the path in the file. */
function readTypeFile(cwd: string, file: string): DeclarativeType {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(resolve(cwd, file), 'utf8'));
  } catch {
    throw new CliError(`--from-type ${file}: not a readable JSON file`, EXIT.config);
  }
  const parsed = parseDeclarativeType(json);
  if (!parsed.ok) {
    throw new CliError(
      `--from-type ${file}: ${parsed.errors.map((e) => `${e.path || '(type)'}: ${e.message}`).join('; ')}`,
      EXIT.config,
    );
  }
  return parsed.value;
}

function parseKind(kind: string | undefined): 'certificate' | 'report' {
  const k = kind ?? 'certificate';
  if (k !== 'certificate' && k !== 'report') {
    throw new CliError(`--kind must be "certificate" or "report", not "${k}"`, EXIT.config);
  }
  return k;
}

function write(root: string, files: Record<string, string>): string[] {
  for (const [file, content] of Object.entries(files)) {
    const path = join(root, file);
    mkdirSync(resolve(path, '..'), { recursive: true });
    writeFileSync(path, content);
  }
  return Object.keys(files);
}

/** Is `dir` a deployment made by `smartloket init` (a config file and a package.json)? */
function isDeployment(dir: string): boolean {
  return existsSync(join(dir, 'smartloket.config.ts')) && existsSync(join(dir, 'package.json'));
}

/**
 * In a deployment: adds the plugin as a workspace dependency and to `plugins: [...]` of the
 * configuration, so `smartloket dev` shows it at once.
 */
function installInDeployment(deployment: string, packageName: string, pluginId: string): boolean {
  const pkgPath = join(deployment, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { dependencies?: Record<string, string> };
  pkg.dependencies = { ...pkg.dependencies, [packageName]: 'workspace:*' };
  writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
  const configPath = join(deployment, 'smartloket.config.ts');
  const config = readFileSync(configPath, 'utf8');
  const ident = `${camel(pluginId)}Plugin`;
  const at = config.indexOf('plugins: [');
  if (at < 0 || config.includes(`from '${packageName}'`)) return false;
  const insertAt = at + 'plugins: ['.length;
  const empty = config[insertAt] === ']';
  const withEntry = `${config.slice(0, insertAt)}${ident}${empty ? '' : ', '}${config.slice(insertAt)}`;
  const line = `import ${ident} from '${packageName}';`;
  const lines = withEntry.split('\n');
  let last = -1;
  lines.forEach((l, i) => {
    if (l.startsWith('import ')) last = i;
  });
  lines.splice(last + 1, 0, line);
  writeFileSync(configPath, lines.join('\n'));
  if (!existsSync(join(deployment, 'pnpm-workspace.yaml'))) {
    writeFileSync(join(deployment, 'pnpm-workspace.yaml'), "packages:\n  - 'plugins/*'\n");
  }
  return true;
}

/** The request type module and test of `--from-type`: the definition with the plugin's id. */
function fromTypeFiles(def: DeclarativeType, spec: RequestTypeSpec): Record<string, string> {
  const { $schema: _schema, ...rest } = def;
  const definition = { ...rest, id: `${spec.pluginId}.${spec.name}` };
  const fields = def.steps.flatMap((s) => s.fields);
  const refusesEmpty =
    def.audience.includes('citizen') && fields.some((f) => f.required && f.kind !== 'boolean');
  return {
    [`src/request-types/${spec.name}.ts`]: fromTypeRequestTypeTs(spec, definition),
    [`src/request-types/${spec.name}.test.ts`]: fromTypeTestTs(
      spec,
      fields.map((f) => f.name),
      '../index.js',
      refusesEmpty,
    ),
  };
}

/** `smartloket new plugin <id>`: a plugin package with a first request type and its test. */
export function newPlugin(
  pluginId: string,
  options: NewPluginOptions,
  out: Output,
): { dir: string; files: string[]; requestTypeId: string } {
  if (!isIdPart(pluginId)) {
    throw new CliError(
      `plugin id "${pluginId}" must be lowercase letters, digits and dashes, starting with a letter`,
      EXIT.config,
    );
  }
  const inDeployment = !options.dir && isDeployment(options.cwd);
  const dir = resolve(
    options.cwd,
    options.dir ?? (inDeployment ? `plugins/${pluginId}` : `plugin-${pluginId}`),
  );
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new CliError(`${dir} exists and is not empty`, EXIT.config);
  }
  const fromType = options.fromType ? readTypeFile(options.cwd, options.fromType) : undefined;
  const typeName = options.type ?? fromType?.id.split('.').pop() ?? 'aanvraag';
  if (!isIdPart(typeName)) throw new CliError(`request type name "${typeName}" is not valid`, EXIT.config);
  const packageName = options.packageName ?? `smartloket-plugin-${pluginId}`;
  const title = options.title ?? pluginId.charAt(0).toUpperCase() + pluginId.slice(1).replace(/-/g, ' ');
  const first: RequestTypeSpec = {
    pluginId,
    name: typeName,
    kind: fromType ? (fromType.document ? 'certificate' : 'report') : parseKind(options.kind),
    title: options.typeTitle ?? fromType?.title.nl,
  };
  const deps: DependencyMode = options.workspace
    ? { kind: 'workspace' }
    : { kind: 'registry', range: CORE_PEER_RANGE };
  const files = write(dir, {
    'package.json': pluginPackageJson({
      pluginId,
      packageName,
      description: `SmartLoket plugin: ${title}.`,
      deps,
      coreRange: CORE_PEER_RANGE,
      more: fromType ? ['@smartloket/declarative'] : [],
    }),
    'tsconfig.json': pluginTsconfig(),
    'tsup.config.ts': pluginTsupConfig(),
    'vitest.config.ts': pluginVitestConfig(),
    'README.md': pluginReadme({ pluginId, packageName, title, first }),
    '.gitignore': 'dist/\nnode_modules/\n',
    'src/index.ts': pluginIndexTs({ pluginId, packageName, title, coreRange: CORE_PEER_RANGE }),
    'src/module.ts': pluginModuleTs(),
    'src/request-types/index.ts': requestTypesIndexTs(first),
    ...(fromType
      ? fromTypeFiles(fromType, first)
      : {
          [`src/request-types/${typeName}.ts`]: requestTypeTs(first),
          [`src/request-types/${typeName}.test.ts`]: requestTypeTestTs(first, '../index.js'),
        }),
  });
  const installed = inDeployment && installInDeployment(options.cwd, packageName, pluginId);
  const rel = relative(options.cwd, dir) || '.';
  out.result(
    { dir, packageName, pluginId, requestTypeId: `${pluginId}.${typeName}`, files, installed },
    `Created plugin "${pluginId}" (${packageName}) in ${dir}\n` +
      (installed ? `Added it to package.json and smartloket.config.ts of this deployment.\n` : '') +
      `\nNext:\n  ${installed ? 'npx -y pnpm@10.34.9 install' : `cd ${rel} && npm install`}\n  ${
        installed ? `npx -y pnpm@10.34.9 --filter ${packageName} test` : 'npm test'
      }\n  ${installed ? 'npx -y pnpm@10.34.9 exec smartloket' : 'npx smartloket'} new request-type ${pluginId}.<name> --plugin ${rel}`,
  );
  return { dir, files, requestTypeId: `${pluginId}.${typeName}` };
}

export interface NewRequestTypeOptions {
  cwd: string;
  /** The plugin package folder (default: the working directory). */
  plugin?: string | undefined;
  kind?: string | undefined;
  title?: string | undefined;
}

/** `smartloket new request-type <id>`: a request type with its test, added to the plugin's list. */
export function newRequestType(
  id: string,
  options: NewRequestTypeOptions,
  out: Output,
): { dir: string; files: string[]; requestTypeId: string } {
  const dir = resolve(options.cwd, options.plugin ?? '.');
  const pkgPath = join(dir, 'package.json');
  if (!existsSync(pkgPath))
    throw new CliError(`${dir} has no package.json (use --plugin <dir>)`, EXIT.config);
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { smartloket?: { role?: string; id?: string } };
  if (pkg.smartloket?.role !== 'plugin') {
    throw new CliError(
      `${pkgPath} is not a SmartLoket plugin (no "smartloket": { "role": "plugin" })`,
      EXIT.config,
    );
  }
  const parts = id.split('.');
  const pluginId = parts.length === 2 ? parts[0]! : pkg.smartloket.id;
  const name = parts.length === 2 ? parts[1]! : parts[0]!;
  if (!pluginId) throw new CliError(`give the id as <plugin id>.<name>, e.g. melding.${id}`, EXIT.config);
  if (parts.length > 2 || !isIdPart(pluginId) || !isIdPart(name)) {
    throw new CliError(
      `request type id "${id}" must look like <plugin>.<name> (lowercase, dashes)`,
      EXIT.config,
    );
  }
  if (pkg.smartloket.id && pkg.smartloket.id !== pluginId) {
    throw new CliError(
      `request type "${pluginId}.${name}" does not belong to plugin "${pkg.smartloket.id}" (ids start with the plugin id)`,
      EXIT.config,
    );
  }
  const indexPath = join(dir, 'src/request-types/index.ts');
  const typePath = join(dir, `src/request-types/${name}.ts`);
  if (existsSync(typePath)) throw new CliError(`${typePath} exists`, EXIT.config);
  const spec: RequestTypeSpec = { pluginId, name, kind: parseKind(options.kind), title: options.title };
  const files = write(dir, {
    [`src/request-types/${name}.ts`]: requestTypeTs(spec),
    [`src/request-types/${name}.test.ts`]: requestTypeTestTs(spec, '../index.js'),
  });
  let registered = false;
  if (existsSync(indexPath)) {
    const index = readFileSync(indexPath, 'utf8');
    if (index.includes(MARKER_IMPORTS) && index.includes(MARKER_ENTRIES)) {
      const ident = camel(name);
      // Keep the sibling imports sorted by path, as biome's organizeImports wants them.
      const lines = index.split('\n');
      const marker = lines.indexOf(MARKER_IMPORTS);
      const siblings = lines.slice(0, marker).filter((l) => /^import \{ \w+ \} from '\.\//.test(l));
      const others = lines.slice(0, marker).filter((l) => !siblings.includes(l));
      siblings.push(`import { ${ident} } from './${name}.js';`);
      const path = (l: string) => /from '([^']+)'/.exec(l)?.[1] ?? '';
      siblings.sort((a, b) => (path(a) < path(b) ? -1 : 1));
      writeFileSync(
        indexPath,
        [...others, ...siblings, ...lines.slice(marker)]
          .join('\n')
          .replace(MARKER_ENTRIES, `${ident},\n  ${MARKER_ENTRIES}`),
      );
      registered = true;
    }
  }
  out.result(
    { dir, requestTypeId: `${pluginId}.${name}`, files, registered },
    `Created request type "${pluginId}.${name}" (${spec.kind}) in ${dir}/src/request-types/\n` +
      (registered
        ? 'Registered it in src/request-types/index.ts.'
        : `Register it yourself: requestTypes.add(${camel(name)}RequestType) in the plugin's register().`),
  );
  return { dir, files, requestTypeId: `${pluginId}.${name}` };
}
