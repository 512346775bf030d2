import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { systemClock } from '@smartloket/core';
import { openDatabase } from '@smartloket/db';
import { type DeploymentConfig, resolveDatabaseUrl } from '@smartloket/runtime';
import { certificateChecks } from '../certificates.js';
import { EXIT } from '../errors.js';
import { findConfig, loadConfig } from '../load-config.js';
import type { Output } from '../output.js';
import type { OpsOptions } from './shared.js';

/** One finding of `doctor` or `digest`. */
export interface Check {
  name: string;
  ok: boolean;
  /** A warning does not fail `doctor`. */
  warning?: boolean;
  detail: string;
}

async function reachable(url: string): Promise<string | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    await res.body?.cancel();
    return res.ok ? undefined : `HTTP ${res.status}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * `smartloket doctor`: configuration, database and migrations, identity provider discovery,
 * MAGDA endpoint, SMTP settings, signer files and certificate expiry, plugins. Exit 1 when a
 * check fails; warnings (certificates expiring within 30 days) do not fail.
 */
export async function doctor(options: OpsOptions, out: Output): Promise<number> {
  const checks: Check[] = [];
  let loaded: { config: DeploymentConfig; baseDir: string };
  try {
    loaded = await loadConfig(findConfig(options.cwd, options.config));
    checks.push({ name: 'configuration', ok: true, detail: 'valid' });
  } catch (error) {
    checks.push({ name: 'configuration', ok: false, detail: (error as Error).message });
    return finish(checks, out);
  }
  const { config, baseDir } = loaded;
  try {
    const db = await openDatabase({
      url: resolveDatabaseUrl(config.database.url, baseDir),
      ownerUrl: config.database.ownerUrl,
      clock: systemClock,
    });
    try {
      const status = await db.migrationStatus();
      const pending = status.filter((m) => !m.applied).length;
      checks.push({
        name: 'database',
        ok: pending === 0,
        detail:
          pending === 0
            ? `reachable, ${status.length} migrations applied`
            : `${pending} migration(s) pending (smartloket migrate up)`,
      });
    } finally {
      await db.close();
    }
  } catch (error) {
    checks.push({ name: 'database', ok: false, detail: (error as Error).message });
  }
  if (config.identity.kind === 'oidc') {
    const url = `${config.identity.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const problem = await reachable(url);
    checks.push({ name: 'identity provider', ok: !problem, detail: problem ?? `discovery at ${url}` });
  } else {
    checks.push({
      name: 'identity provider',
      ok: true,
      warning: true,
      detail: 'dev identity provider (development only)',
    });
  }
  if (config.magda.kind === 'magda') {
    const missing = [config.magda.tls.cert, config.magda.tls.key]
      .map((f) => resolve(baseDir, f))
      .filter((f) => !existsSync(f));
    checks.push({
      name: 'MAGDA client certificate',
      ok: missing.length === 0,
      detail: missing.length ? `missing ${missing.join(', ')}` : 'certificate and key present',
    });
  } else {
    checks.push({ name: 'MAGDA', ok: true, warning: true, detail: 'simulator (development only)' });
  }
  checks.push(
    config.mail.kind === 'smtp'
      ? {
          name: 'SMTP',
          ok: true,
          detail: `${config.mail.host}:${config.mail.port}${config.mail.secure ? ' (TLS)' : ''}`,
        }
      : { name: 'SMTP', ok: true, warning: true, detail: 'dev mailbox (development only)' },
  );
  if (config.signer.kind === 'pkcs12') {
    const ok =
      existsSync(resolve(baseDir, config.signer.file)) && Boolean(process.env[config.signer.passphraseEnv]);
    checks.push({
      name: 'signer',
      ok,
      detail: ok
        ? 'PKCS#12 file and passphrase present'
        : `PKCS#12 file or $${config.signer.passphraseEnv} missing`,
    });
  } else if (config.signer.kind === 'dev-keys') {
    checks.push({ name: 'signer', ok: true, warning: true, detail: 'test seal keys (development only)' });
  }
  checks.push(...certificateChecks(config, baseDir, new Date()));
  for (const entry of config.plugins) {
    const plugin = 'plugin' in entry ? entry.plugin : entry;
    const raw = 'plugin' in entry ? entry.options : undefined;
    const parsed = plugin.options ? plugin.options.safeParse(raw ?? {}) : { success: true as const };
    checks.push({
      name: `plugin ${plugin.id}`,
      ok: parsed.success,
      detail: parsed.success
        ? `${plugin.version ?? '?'}, options valid, ${Object.keys(plugin.sources).length} source service(s)`
        : `options: ${'error' in parsed ? parsed.error.issues.map((i: { path: PropertyKey[]; message: string }) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ') : ''}`,
    });
  }
  return finish(checks, out);
}

function finish(checks: Check[], out: Output): number {
  const failed = checks.filter((c) => !c.ok);
  out.result(
    { ok: failed.length === 0, checks },
    checks.map((c) => `${c.ok ? (c.warning ? '!' : '✔') : '✘'} ${c.name}: ${c.detail}`).join('\n'),
  );
  return failed.length === 0 ? EXIT.ok : EXIT.failure;
}
