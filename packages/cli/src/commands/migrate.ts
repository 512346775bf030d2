import { systemClock } from '@smartloket/core';
import { openDatabase } from '@smartloket/db';
import { resolveDatabaseUrl } from '@smartloket/runtime';
import { CliError, EXIT } from '../errors.js';
import { findConfig, loadConfig } from '../load-config.js';
import type { Output } from '../output.js';
import type { Progress } from '../progress.js';

/** `smartloket migrate [up|down|status]`. */
export async function migrate(
  direction: string,
  options: { config?: string; cwd: string },
  out: Output,
): Promise<void> {
  if (!['up', 'down', 'status'].includes(direction)) {
    throw new CliError(`unknown migrate direction "${direction}" (use up, down or status)`, EXIT.config);
  }
  const { config, baseDir } = await loadConfig(findConfig(options.cwd, options.config));
  const db = await openDatabase({
    url: resolveDatabaseUrl(config.database.url, baseDir),
    ownerUrl: config.database.ownerUrl,
    clock: systemClock,
  });
  try {
    if (direction === 'up') {
      // One step per migration; the bar appears only on a terminal.
      let bar: Progress | undefined;
      let applied: string[];
      try {
        ({ applied } = await db.migrate({
          onProgress: (p) => {
            bar ??= out.progress('migrate', p.total);
            bar.update(p.done, p.done < p.total ? p.name : '');
          },
        }));
      } finally {
        bar?.stop();
      }
      out.result(
        { applied },
        applied.length
          ? `Applied ${applied.length} migration(s): ${applied.join(', ')}`
          : 'Already up to date.',
      );
    } else if (direction === 'down') {
      const { rolledBack } = await db.migrateDown();
      out.result(
        { rolledBack },
        rolledBack.length ? `Rolled back: ${rolledBack.join(', ')}` : 'Nothing to roll back.',
      );
    } else {
      const status = await db.migrationStatus();
      out.result(
        { migrations: status },
        status.map((m) => `${m.applied ? '✔' : '·'} ${m.name}`).join('\n') || 'No migrations.',
      );
    }
  } finally {
    await db.close();
  }
}
