import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CORE_VERSION, PLUGIN_TAG, type Plugin, type RequestTypeDefinition } from '@smartloket/core';
import type { Output } from '../output.js';
import type { Check } from './doctor.js';

/** Does a simple range (`^x.y.z`, `~x.y.z`, `>=x.y.z`, `x.y.z`) admit `version`? */
export function rangeAdmits(range: string, version: string): boolean {
  const m = /^(\^|~|>=)?(\d+)\.(\d+)\.(\d+)$/.exec(range.trim());
  const v = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m || !v) return false;
  const [a, b, c] = [Number(m[2]), Number(m[3]), Number(m[4])];
  const [x, y, z] = [Number(v[1]), Number(v[2]), Number(v[3])];
  const cmp = x - a || y - b || z - c;
  if (cmp < 0) return false;
  switch (m[1]) {
    case '>=':
      return true;
    case '~':
      return x === a && y === b;
    case '^':
      return a > 0 ? x === a : b > 0 ? x === 0 && y === b : x === 0 && y === 0 && z === c;
    default:
      return cmp === 0;
  }
}

/**
 * `smartloket plugin verify [dir]`: checks a plugin package before publishing: package metadata,
 * the peer range on @smartloket/core, the exports map, the built entry (a plugin object as
 * default export), request type ids under the plugin id, and the source manifest. Exit 1 when a
 * check fails.
 */
export async function verifyPlugin(dir: string, options: { cwd: string }, out: Output): Promise<number> {
  const root = resolve(options.cwd, dir);
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail: string, warning = false) =>
    checks.push({ name, ok, detail, warning });
  const pkgPath = join(root, 'package.json');
  if (!existsSync(pkgPath)) {
    check('package.json', false, `not found in ${root}`);
    return done(checks, out);
  }
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as Record<string, any>;
  check('name', typeof pkg.name === 'string' && pkg.name.length > 0, pkg.name ?? 'missing');
  check('version', /^\d+\.\d+\.\d+/.test(pkg.version ?? ''), pkg.version ?? 'missing');
  check('description', Boolean(pkg.description), pkg.description ?? 'missing');
  check('license', Boolean(pkg.license), pkg.license ?? 'missing');
  check('type', pkg.type === 'module', pkg.type === 'module' ? 'ESM' : 'set "type": "module"');
  check(
    'smartloket.role',
    pkg.smartloket?.role === 'plugin',
    pkg.smartloket?.role === 'plugin' ? 'plugin' : 'add "smartloket": { "role": "plugin" } (discovery)',
  );
  const peer = pkg.peerDependencies?.['@smartloket/core'] as string | undefined;
  check(
    'peer @smartloket/core',
    peer !== undefined && rangeAdmits(peer, CORE_VERSION),
    peer === undefined
      ? 'declare @smartloket/core as a peerDependency (one core per deployment)'
      : rangeAdmits(peer, CORE_VERSION)
        ? `${peer} admits core ${CORE_VERSION}`
        : `${peer} does not admit core ${CORE_VERSION}`,
  );
  if (pkg.dependencies?.['@smartloket/core']) {
    check('dependencies', false, '@smartloket/core must be a peer dependency, not a dependency');
  }
  const dot = pkg.exports?.['.'];
  const entry = typeof dot === 'string' ? dot : (dot?.import ?? dot?.default);
  check(
    'exports',
    typeof entry === 'string' && (typeof dot === 'string' || typeof dot?.types === 'string'),
    typeof entry === 'string' ? `"." → ${entry}` : 'an exports map with "." { types, import } is needed',
  );
  const files: string[] = pkg.files ?? [];
  if (typeof entry === 'string') {
    const entryPath = resolve(root, entry);
    const top = entry.replace(/^\.\//, '').split('/')[0]!;
    check(
      'files',
      files.length === 0 || files.includes(top),
      files.includes(top) ? `includes ${top}` : `"files" must include ${top}`,
    );
    if (!existsSync(entryPath)) {
      check('entry', false, `${entry} does not exist (build first)`);
    } else {
      try {
        const mod = (await import(pathToFileURL(entryPath).href)) as { default?: Plugin };
        const plugin = mod.default;
        if (!plugin || plugin.$$type !== PLUGIN_TAG) {
          check('default export', false, 'the default export must be the plugin (definePlugin)');
        } else {
          check('default export', true, `plugin "${plugin.id}"`);
          if (pkg.smartloket?.id) check('plugin id', pkg.smartloket.id === plugin.id, `${plugin.id}`);
          check(
            'compat.core',
            rangeAdmits(plugin.compat.core, CORE_VERSION) && (!peer || plugin.compat.core === peer),
            `${plugin.compat.core}${peer && plugin.compat.core !== peer ? ` differs from the peer range ${peer}` : ''}`,
          );
          if (plugin.version && plugin.version !== pkg.version) {
            check(
              'version',
              false,
              `plugin.version ${plugin.version} differs from package.json ${pkg.version}`,
            );
          }
          const types: RequestTypeDefinition[] = [];
          const providers: string[] = [];
          const noop = { add() {} };
          plugin.register({
            options: plugin.options ? plugin.options.parse({}) : {},
            pluginId: plugin.id,
            requestTypes: { add: (d: RequestTypeDefinition<any>) => types.push(d) },
            rules: noop,
            sources: noop,
            renderers: noop,
            signers: noop,
            payments: { add: (p: { id: string }) => providers.push(p.id) },
            services: noop,
          });
          const foreign = types.filter((t) => !t.id.startsWith(`${plugin.id}.`));
          check(
            'request types',
            (types.length > 0 || providers.length > 0) && foreign.length === 0,
            foreign.length
              ? `ids outside "${plugin.id}.": ${foreign.map((t) => t.id).join(', ')}`
              : types.length === 0 && providers.length > 0
                ? `none (payment providers: ${providers.join(', ')})`
                : `${types.length}: ${types.map((t) => t.id).join(', ')}`,
          );
          for (const [service, m] of Object.entries(plugin.sources)) {
            const todo = !m.legalBasis || /TODO/i.test(m.legalBasis);
            check(
              `manifest ${service}`,
              !todo && m.fields.length > 0,
              todo ? 'legal basis still TODO' : m.legalBasis,
            );
          }
        }
      } catch (error) {
        check('entry', false, `import failed: ${(error as Error).message}`);
      }
    }
  }
  return done(checks, out);
}

function done(checks: Check[], out: Output): number {
  const failed = checks.filter((c) => !c.ok);
  out.result(
    { ok: failed.length === 0, checks },
    `${checks.map((c) => `${c.ok ? '✔' : '✘'} ${c.name}: ${c.detail}`).join('\n')}\n${
      failed.length ? `${failed.length} problem(s).` : 'Ready to publish.'
    }`,
  );
  return failed.length ? 1 : 0;
}
