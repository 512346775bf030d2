import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isValidKbo, localize, normalizeKbo, systemClock } from '@smartloket/core';
import { type Database, openDatabase } from '@smartloket/db';
import { type DeploymentConfig, resolveDatabaseUrl } from '@smartloket/runtime';
import { certificateExpiry, generateDevPki } from '@smartloket/signer-pades';
import { CliError, EXIT } from '../errors.js';
import { findConfig, loadConfig } from '../load-config.js';
import type { Output } from '../output.js';

export interface OpsOptions {
  cwd: string;
  config?: string | undefined;
}

const OPERATOR = { type: 'staff' as const, id: 'cli', name: 'smartloket CLI' };

async function withDatabase<T>(
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

/** `smartloket plugins`: the configured plugins, enabled or not, versions, compatibility, manifests. */
export async function plugins(options: OpsOptions, out: Output): Promise<void> {
  const { config } = await loadConfig(findConfig(options.cwd, options.config));
  const rows = config.plugins.map((entry) => {
    const plugin = 'plugin' in entry ? entry.plugin : entry;
    const enabled = 'plugin' in entry ? entry.enabled !== false : true;
    return {
      id: plugin.id,
      packageName: plugin.packageName ?? null,
      version: plugin.version ?? null,
      enabled,
      compat: plugin.compat.core,
      sources: Object.entries(plugin.sources).map(([service, m]) => ({
        service,
        fields: m.fields,
        legalBasis: m.legalBasis,
      })),
    };
  });
  out.result(
    { plugins: rows },
    rows
      .map(
        (r) =>
          `${r.enabled ? '●' : '○'} ${r.id} ${r.packageName ?? ''}@${r.version ?? '?'} (core ${r.compat})${r.enabled ? '' : ' disabled'}\n` +
          r.sources.map((s) => `    ${s.service}: ${s.fields.join(', ')} — ${s.legalBasis}`).join('\n'),
      )
      .join('\n') || 'No plugins configured.',
  );
}

/** `smartloket keys generate`: test seal keys (a TEST CA), with how to trust them. */
export function keysGenerate(
  options: {
    cwd: string;
    dir?: string | undefined;
    organisation?: string | undefined;
    days?: number | undefined;
  },
  out: Output,
): void {
  const dir = resolve(options.cwd, options.dir ?? '.data/keys');
  const pki = generateDevPki({
    dir,
    organisation: options.organisation ?? 'SmartLoket (TEST)',
    validDays: options.days ?? 365,
  });
  const how = (pki as { howToTrust?: { en?: string } }).howToTrust?.en ?? '';
  out.result(
    pki,
    `Test keys (NOT for production) in ${dir}\n  seal key  ${pki.sealKey}\n  chain     ${pki.chain}\n\n${how}`,
  );
}

/** `smartloket grants list|add|revoke`. */
export async function grants(
  action: string,
  args: { kbo?: string; type?: string; until?: string; id?: string; note?: string },
  options: OpsOptions,
  out: Output,
): Promise<void> {
  if (!['list', 'add', 'revoke'].includes(action)) {
    throw new CliError(`unknown grants action "${action}" (use list, add or revoke)`, EXIT.config);
  }
  let kbo: string | undefined;
  if (args.kbo !== undefined) {
    if (!isValidKbo(args.kbo))
      throw new CliError(`--kbo "${args.kbo}" is not a valid KBO number`, EXIT.config);
    kbo = normalizeKbo(args.kbo);
  }
  let until: Date | undefined;
  if (args.until !== undefined) {
    until = new Date(args.until);
    if (Number.isNaN(until.getTime())) throw new CliError('--until must be a date (YYYY-MM-DD)', EXIT.config);
  }
  if (action === 'add' && (!kbo || !args.type)) {
    throw new CliError('grants add needs --kbo and --type (a request type id, family.* or *)', EXIT.config);
  }
  if (action === 'revoke' && !args.id) throw new CliError('grants revoke needs --id', EXIT.config);
  await withDatabase(options, async (db) => {
    if (action === 'list') {
      const list = await db.grants.list(kbo ? { kbo } : {});
      out.result(
        { grants: list },
        list
          .map(
            (g) =>
              `${g.id}  ${g.kbo}  ${g.requestTypeId}  ${g.validFrom.toISOString().slice(0, 10)}…${g.validUntil?.toISOString().slice(0, 10) ?? ''}${g.revokedAt ? '  revoked' : ''}`,
          )
          .join('\n') || 'No grants.',
      );
    } else if (action === 'add') {
      const g = await db.grants.add(
        { kbo: kbo!, requestTypeId: args.type!, validUntil: until ?? null, note: args.note ?? null },
        OPERATOR,
      );
      out.result({ grant: g }, `Added grant ${g.id}: ${g.kbo} may receive ${g.requestTypeId}.`);
    } else {
      const g = await db.grants.revoke(args.id!, OPERATOR, args.note);
      out.result({ grant: g }, `Revoked grant ${g.id}.`);
    }
  });
}

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

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * `smartloket report`: requests as CSV on stdout (no personal data: reference, type, state,
 * requester kind, channel dates). `--from`/`--to` bound the creation date.
 */
export async function report(
  options: OpsOptions & { from?: string | undefined; to?: string | undefined },
  write: (chunk: string) => void = (c) => process.stdout.write(c),
): Promise<number> {
  const from = options.from ? new Date(options.from) : undefined;
  const to = options.to ? new Date(options.to) : undefined;
  if ((from && Number.isNaN(from.getTime())) || (to && Number.isNaN(to.getTime()))) {
    throw new CliError('--from and --to must be dates (YYYY-MM-DD)', EXIT.config);
  }
  return withDatabase(options, async (db) => {
    write('reference,type,kind,state,requester_kind,created_at,closed_at\n');
    let after: string | undefined;
    let rows = 0;
    do {
      const page = await db.requests.list(
        { ...(from ? { createdFrom: from } : {}), ...(to ? { createdTo: to } : {}) },
        { limit: 500, after },
      );
      for (const r of page.items) {
        write(
          `${[r.reference, r.typeId, r.kind, r.state, r.requesterKind, r.createdAt, r.closedAt].map(csvCell).join(',')}\n`,
        );
        rows += 1;
      }
      after = page.next;
    } while (after);
    return rows;
  });
}

/** One finding of `doctor` or `digest`. */
export interface Check {
  name: string;
  ok: boolean;
  /** A warning does not fail `doctor`. */
  warning?: boolean;
  detail: string;
}

function chainFiles(config: DeploymentConfig, baseDir: string): string[] {
  const files: string[] = [];
  if (config.signer.kind === 'pem' || config.signer.kind === 'remote') files.push(config.signer.chainFile);
  if (config.magda.kind === 'magda') files.push(config.magda.tls.cert);
  return files.map((f) => resolve(baseDir, f));
}

function certificateChecks(config: DeploymentConfig, baseDir: string, now: Date): Check[] {
  return chainFiles(config, baseDir).flatMap((file): Check[] => {
    if (!existsSync(file)) return [{ name: `certificate ${file}`, ok: false, detail: 'file not found' }];
    return certificateExpiry(readFileSync(file, 'utf8'), { now, warnDays: 30 }).map((c) => ({
      name: `certificate ${c.subject}`,
      ok: c.daysLeft > 0,
      warning: c.daysLeft > 0 && c.expiresSoon,
      detail:
        c.daysLeft > 0
          ? `expires ${c.notAfter.toISOString().slice(0, 10)} (${c.daysLeft} days)`
          : `EXPIRED ${c.notAfter.toISOString().slice(0, 10)}`,
    }));
  });
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
