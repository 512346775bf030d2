import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The fields of a package.json the walk reads. */
export interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** One installed package reached from the root, and the chain of names that reached it. */
export interface Reached {
  name: string;
  version: string;
  dir: string;
  /** `@smartloket/cli > @smartloket/identity-acmidm > oidc-provider`. */
  path: string;
}

export function readPackage(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/** Where `name` resolves from `fromDir`, as Node finds it (node_modules up the tree), real path. */
export function resolvePackageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(candidate)) return realpathSync(dirname(candidate));
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * What a production install of a package needs: its `dependencies`, `optionalDependencies` and
 * required `peerDependencies`, transitively. Never `devDependencies`, never optional peers.
 */
function productionDependencies(pkg: PackageJson): string[] {
  const optionalPeers = new Set(
    Object.entries(pkg.peerDependenciesMeta ?? {})
      .filter(([, meta]) => meta.optional)
      .map(([name]) => name),
  );
  return [
    ...Object.keys(pkg.dependencies ?? {}),
    ...Object.keys(pkg.optionalDependencies ?? {}),
    ...Object.keys(pkg.peerDependencies ?? {}).filter((name) => !optionalPeers.has(name)),
  ];
}

/**
 * The production dependency tree of the package in `rootDir`, walked through the installed
 * node_modules (pnpm's layout or a flat one): every package once, with the first path to it.
 * Optional dependencies that are not installed (another platform) are skipped.
 */
export function productionTree(rootDir: string): Reached[] {
  const root = readPackage(rootDir);
  const seen = new Map<string, Reached>();
  const queue: { dir: string; pkg: PackageJson; path: string }[] = [
    { dir: realpathSync(rootDir), pkg: root, path: root.name },
  ];
  while (queue.length > 0) {
    const { dir, pkg, path } = queue.shift()!;
    for (const name of productionDependencies(pkg)) {
      const depDir = resolvePackageDir(name, dir);
      if (!depDir || seen.has(depDir)) continue;
      const dep = readPackage(depDir);
      const reached = { name, version: dep.version, dir: depDir, path: `${path} > ${name}` };
      seen.set(depDir, reached);
      queue.push({ dir: depDir, pkg: dep, path: reached.path });
    }
  }
  return [...seen.values()];
}

/** The workspace packages that are published (not `private`), by folder. */
export function publishedPackages(repoRoot: string): { dir: string; pkg: PackageJson }[] {
  const found: { dir: string; pkg: PackageJson }[] = [];
  for (const area of ['packages', 'plugins', 'examples']) {
    for (const entry of readdirSync(join(repoRoot, area), { withFileTypes: true })) {
      const dir = join(repoRoot, area, entry.name);
      if (!entry.isDirectory() || !existsSync(join(dir, 'package.json'))) continue;
      const pkg = readPackage(dir);
      if (!pkg.private) found.push({ dir, pkg });
    }
  }
  return found;
}
