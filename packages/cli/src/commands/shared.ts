import { systemClock } from '@smartloket/core';
import { type Database, openDatabase } from '@smartloket/db';
import { type DeploymentConfig, resolveDatabaseUrl } from '@smartloket/runtime';
import { findConfig, loadConfig } from '../load-config.js';

export interface OpsOptions {
  cwd: string;
  config?: string | undefined;
}

/** The actor the CLI writes in audit records. */
export const OPERATOR = { type: 'staff' as const, id: 'cli', name: 'smartloket CLI' };

/** Opens the deployment's database (migrated), runs `fn`, closes it. */
export async function withDatabase<T>(
  options: OpsOptions,
  fn: (db: Database, config: DeploymentConfig, baseDir: string) => Promise<T>,
): Promise<T> {
  const { config, baseDir } = await loadConfig(findConfig(options.cwd, options.config));
  const db = await openDatabase({
    url: resolveDatabaseUrl(config.database.url, baseDir),
    ownerUrl: config.database.ownerUrl,
    clock: systemClock,
  });
  try {
    await db.migrate();
    return await fn(db, config, baseDir);
  } finally {
    await db.close();
  }
}
