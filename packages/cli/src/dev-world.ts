import { CliError, EXIT } from './errors.js';

/** The package with the development servers `smartloket dev` starts (a dev dependency). */
export const DEV_WORLD_PACKAGE = '@smartloket/dev-world';

/** What `smartloket dev` uses of the dev world. */
export type DevWorld = typeof import('@smartloket/dev-world');

/** True when `error` says that the package `name` itself (not one of its dependencies) is missing. */
export function isMissingPackage(error: unknown, name: string): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (!e || (e.code !== 'ERR_MODULE_NOT_FOUND' && e.code !== 'MODULE_NOT_FOUND')) return false;
  const message = String(e.message);
  return message.includes(`'${name}'`) || message.includes(`"${name}"`);
}

/** The one line `smartloket dev` prints when the dev world is not installed. */
export function devWorldMissingMessage(name = DEV_WORLD_PACKAGE): string {
  return `"smartloket dev" needs the dev world, which is not installed: add it as a dev dependency (pnpm add -D ${name}, or npm install --save-dev ${name}).`;
}

/**
 * Loads the dev world (MAGDA simulator, dev identity provider, dev mailbox) on demand, so that
 * `start` and `worker` never import it and a production install can leave it out. When the
 * package is missing it throws a {@link CliError} (exit 2) naming the package to add.
 */
export async function loadDevWorld<T = DevWorld>(
  load: () => Promise<T> = () => import('@smartloket/dev-world') as Promise<T>,
  name = DEV_WORLD_PACKAGE,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isMissingPackage(error, name)) throw new CliError(devWorldMissingMessage(name), EXIT.config);
    throw error;
  }
}
