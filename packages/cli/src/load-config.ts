import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError } from '@smartloket/core';
import { type DeploymentConfig, validateConfig } from '@smartloket/runtime';

export const CONFIG_NAMES = [
  'smartloket.config.ts',
  'smartloket.config.mts',
  'smartloket.config.js',
  'smartloket.config.mjs',
];

/** Finds the config file: the given path, or a `smartloket.config.*` in `cwd`. */
export function findConfig(cwd: string, explicit?: string): string {
  if (explicit) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path)) throw new ConfigError('--config', `file not found: ${path}`);
    return path;
  }
  for (const name of CONFIG_NAMES) {
    const path = resolve(cwd, name);
    if (existsSync(path)) return path;
  }
  throw new ConfigError('--config', `no ${CONFIG_NAMES[0]} in ${cwd} (run "smartloket init" to make one)`);
}

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /**
   * Import the configuration afresh, with every module it imports (local files and packages),
   * bypassing the module cache: `smartloket dev` uses it to reload a changed configuration or a
   * changed local plugin. Every fresh load evaluates those modules again, so a process should
   * do it on a change only.
   */
  fresh?: boolean;
}

/** A loaded configuration. */
export interface LoadedConfig {
  config: DeploymentConfig;
  /** The folder of the config file: relative paths in the configuration resolve against it. */
  baseDir: string;
  /**
   * With `fresh`: the local files the configuration imported (the config file and every module
   * outside `node_modules`, through symbolic links), as absolute paths. Otherwise the config file.
   */
  files: string[];
}

/** A file URL the import hooks reported, as a local path, or nothing for a package file. */
function localFile(url: string): string | undefined {
  if (!url.startsWith('file:')) return undefined;
  const path = fileURLToPath(url.replace(/[?#].*$/, ''));
  return /[\\/]node_modules[\\/]/.test(path) ? undefined : path;
}

/** Loads (TypeScript configs through tsx) and validates a deployment configuration. */
export async function loadConfig(path: string, options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  let mod: { default?: unknown };
  const imported = new Set<string>([path]);
  if (options.fresh) {
    // tsx imports in a namespace of its own: a new one each call, so nothing comes from the cache.
    const { tsImport } = await import('tsx/esm/api');
    mod = (await tsImport(pathToFileURL(path).href, {
      parentURL: import.meta.url,
      onImport: (url: string) => {
        const file = localFile(url);
        if (file) imported.add(file);
      },
    })) as { default?: unknown };
  } else if (/\.m?ts$/.test(path)) {
    const { tsImport } = await import('tsx/esm/api');
    mod = (await tsImport(pathToFileURL(path).href, import.meta.url)) as { default?: unknown };
  } else {
    mod = (await import(pathToFileURL(path).href)) as { default?: unknown };
  }
  const raw = (mod.default as { default?: unknown } | undefined)?.default ?? mod.default;
  if (!raw)
    throw new ConfigError('(file)', `${path} has no default export (export default defineConfig({...}))`);
  return { config: validateConfig(raw), baseDir: dirname(path), files: [...imported] };
}
