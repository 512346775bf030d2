import type { RetentionCategory, RetentionResult } from '@smartloket/db';
import { createDeployment, createLogger } from '@smartloket/runtime';
import { certificateFiles, certificateProviderService, createCertificateProvider } from '../certificates.js';
import { CliError, EXIT } from '../errors.js';
import { findConfig, loadConfig } from '../load-config.js';
import type { Output } from '../output.js';
import type { Progress } from '../progress.js';
import type { OpsOptions } from './shared.js';

/**
 * `smartloket purge`: applies the retention terms, category by category in batches, with a
 * progress bar per category on a terminal; `--dry-run` counts first. The terms are the daily
 * purge's: the config's `retention`, and each enabled request type's own terms where they differ
 * (so the deployment's plugins are loaded).
 */
export async function purge(
  options: OpsOptions & { dryRun?: boolean; batchSize?: number | undefined },
  out: Output,
): Promise<void> {
  const batchSize = options.batchSize;
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) {
    throw new CliError('--batch-size must be a whole number of at least 1', EXIT.config);
  }
  const { config, baseDir } = await loadConfig(findConfig(options.cwd, options.config));
  const deployment = await createDeployment(config, {
    baseDir,
    logger: createLogger({ level: 'warn' }),
    services: [
      certificateProviderService(createCertificateProvider(() => certificateFiles(config, baseDir))),
    ],
  });
  const { db } = deployment;
  try {
    let bar: Progress | undefined;
    let current: RetentionCategory | undefined;
    let result: RetentionResult;
    try {
      result = await db.retention.purge({
        terms: await deployment.retentionTerms(),
        dryRun: options.dryRun === true,
        ...(batchSize ? { batchSize } : {}),
        onProgress: (p) => {
          if (p.category !== current) {
            bar?.stop();
            current = p.category;
            bar = p.total > 0 ? out.progress(`purge ${p.category.padEnd(18)}`, p.total) : undefined;
          }
          bar?.setTotal(p.total);
          bar?.update(p.done);
        },
      });
    } finally {
      bar?.stop();
    }
    const { dryRun: _dryRun, auditSkipped, ...counts } = result;
    if (auditSkipped) out.warn(`audit rows not purged: ${auditSkipped}`);
    const lines = Object.entries(counts).map(([k, v]) => `  ${k.padEnd(18)} ${v}`);
    out.result(
      { ...result, dryRun: options.dryRun === true },
      `${options.dryRun ? 'Would purge (dry run, nothing changed):' : 'Purged:'}\n${lines.join('\n')}`,
    );
  } finally {
    await deployment.close();
  }
}
