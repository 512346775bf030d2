import type { Output } from '../output.js';
import { type OpsOptions, withDatabase } from './shared.js';

/** `smartloket purge`: applies the retention terms; `--dry-run` counts first. */
export async function purge(options: OpsOptions & { dryRun?: boolean }, out: Output): Promise<void> {
  await withDatabase(options, async (db, config) => {
    const result = await db.retention.purge({ terms: config.retention, dryRun: options.dryRun === true });
    const lines = Object.entries(result as unknown as Record<string, unknown>)
      .filter(([k]) => k !== 'dryRun')
      .map(([k, v]) => `  ${k.padEnd(14)} ${v}`);
    out.result(
      { ...result, dryRun: options.dryRun === true },
      `${options.dryRun ? 'Would purge (dry run, nothing changed):' : 'Purged:'}\n${lines.join('\n')}`,
    );
  });
}
