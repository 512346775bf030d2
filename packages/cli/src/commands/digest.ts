import { localize } from '@smartloket/core';
import type { DeploymentConfig } from '@smartloket/runtime';
import { EXIT } from '../errors.js';
import { findConfig, loadConfig } from '../load-config.js';
import type { Output } from '../output.js';
import { type Check, certificateChecks } from './doctor.js';
import { type OpsOptions, withDatabase } from './shared.js';

/**
 * `smartloket digest`: the daily problem digest for administrators: dead-lettered jobs, failed
 * requests, broken configuration and certificates expiring within 30 days. Prints it (or JSON);
 * run it daily from cron and mail the output, or with --json feed notifier-mail's
 * `problem_digest` template.
 */
export async function digest(options: OpsOptions, out: Output): Promise<number> {
  const problems: Check[] = [];
  let loaded: { config: DeploymentConfig; baseDir: string };
  try {
    loaded = await loadConfig(findConfig(options.cwd, options.config));
  } catch (error) {
    problems.push({ name: 'configuration', ok: false, detail: (error as Error).message });
    return finishDigest(problems, out, 'SmartLoket');
  }
  const { config, baseDir } = loaded;
  await withDatabase(options, async (db) => {
    const dead = await db.jobs.listDead({ limit: 1000 });
    const byType = new Map<string, number>();
    for (const j of dead.items) byType.set(j.type, (byType.get(j.type) ?? 0) + 1);
    for (const [type, n] of byType) {
      problems.push({
        name: `dead jobs ${type}`,
        ok: false,
        detail: `${n} job(s) gave up (see the back-office)`,
      });
    }
    const failed = await db.requests.count({ states: ['failed'] });
    if (failed > 0)
      problems.push({ name: 'failed requests', ok: false, detail: `${failed} request(s) failed delivery` });
  });
  for (const c of certificateChecks(config, baseDir, new Date())) if (!c.ok || c.warning) problems.push(c);
  return finishDigest(problems, out, localize(config.municipality.name, 'nl'));
}

function finishDigest(problems: Check[], out: Output, name: string): number {
  out.result(
    { municipality: name, problems },
    problems.length
      ? `Problems of ${name}:\n${problems.map((p) => `- ${p.name}: ${p.detail}`).join('\n')}`
      : `No problems for ${name}.`,
  );
  return problems.length ? EXIT.failure : EXIT.ok;
}
