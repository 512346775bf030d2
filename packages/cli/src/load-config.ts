import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
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

/** Loads (TypeScript configs through tsx) and validates a deployment configuration. */
export async function loadConfig(path: string): Promise<{ config: DeploymentConfig; baseDir: string }> {
  let mod: { default?: unknown };
  if (/\.m?ts$/.test(path)) {
    const { tsImport } = await import('tsx/esm/api');
    mod = (await tsImport(pathToFileURL(path).href, import.meta.url)) as { default?: unknown };
  } else {
    mod = (await import(pathToFileURL(path).href)) as { default?: unknown };
  }
  const raw = (mod.default as { default?: unknown } | undefined)?.default ?? mod.default;
  if (!raw)
    throw new ConfigError('(file)', `${path} has no default export (export default defineConfig({...}))`);
  return { config: validateConfig(raw), baseDir: dirname(path) };
}
