import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { productionTree, publishedPackages } from './dependency-tree.js';

/**
 * A production install carries no dev world: no published production package depends, however
 * indirectly, on a dev-only package (`"smartloket": { "role": "dev" }`: the dev world, the dev
 * population, the testkit) or on a server-only or test tool. Walks the installed node_modules,
 * `dependencies` (and required peers) only, as `pnpm install --prod` would install them.
 * Observability (e.g. @opentelemetry/*) and the config loader (tsx) are allowed.
 */
const root = resolve(import.meta.dirname, '../..');

/** Tools that belong on a development machine or in CI, never in a production install. */
const FORBIDDEN_TOOLS = [
  '@smartloket/testkit',
  'oidc-provider',
  'smtp-server',
  'mailparser',
  'vitest',
  'vite',
  'playwright',
  'playwright-core',
  '@playwright/test',
  '@axe-core/playwright',
  'typescript',
  'tsup',
  'typedoc',
  '@biomejs/biome',
  '@changesets/cli',
  'fast-check',
];

const packages = publishedPackages(root);
const devOnly = new Set(
  packages
    .filter(({ pkg }) => (pkg as { smartloket?: { role?: string } }).smartloket?.role === 'dev')
    .map(({ pkg }) => pkg.name),
);
const production = packages.filter(({ pkg }) => !devOnly.has(pkg.name));

/** Why a package may not be in a production install, or undefined when it may. */
function forbidden(name: string): string | undefined {
  if (devOnly.has(name) || name.startsWith('@smartloket/dev-')) return 'dev world';
  if (FORBIDDEN_TOOLS.includes(name) || name.startsWith('@vitest/')) return 'dev/test tool';
  return undefined;
}

describe('production dependencies', () => {
  it('knows the dev-only packages and the production packages', () => {
    expect([...devOnly].sort()).toEqual([
      '@smartloket/dev-population',
      '@smartloket/dev-world',
      '@smartloket/testkit',
    ]);
    expect(production.map(({ pkg }) => pkg.name)).toContain('@smartloket/cli');
    expect(production.length).toBeGreaterThanOrEqual(10);
  });

  it.each(production.map(({ dir, pkg }) => [pkg.name, dir]))(
    '%s depends on no dev-world package and no dev tool',
    (_name, dir) => {
      const found = productionTree(dir)
        .map((r) => ({ ...r, why: forbidden(r.name) }))
        .filter((r) => r.why)
        .map((r) => `${r.path} (${r.why})`);
      expect(found).toEqual([]);
    },
  );

  it('counts the production packages of @smartloket/cli (467 before the dev world moved out)', () => {
    const cli = production.find(({ pkg }) => pkg.name === '@smartloket/cli')!;
    const tree = productionTree(cli.dir);
    const distinct = new Set(tree.map((r) => `${r.name}@${r.version}`));
    console.log(`@smartloket/cli: ${distinct.size} production packages (walked from node_modules)`);
    expect(distinct.size).toBeGreaterThan(0);
  });
});
