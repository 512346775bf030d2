import {
  brusselsDay,
  createServiceRef,
  DAY,
  HOUR,
  type Kernel,
  type Locale,
  type LocalizedText,
  type Plugin,
  SYSTEM,
  startOfBrusselsDay,
} from '@smartloket/core';
import { type Database, matchesTypePatterns } from '@smartloket/db';
import { AUDIT_ANCHOR_JOB, anchorAuthority } from './audit-anchor.js';
import type { DeploymentConfig } from './config.js';
import { EBOX_JOB, eboxDedupeKey } from './ebox.js';
import { OUTBOX_JOB, RETENTION_JOB } from './jobs.js';
import type { OverdueGroup, OverdueTeamGroup, ProblemDigestMail, ProblemDigestMailData } from './mail.js';
import { PAYMENT_UNMATCHED_AUDIT } from './payments.js';

/** The job that makes the daily problem digest and queues its e-mails. */
export const DIGEST_JOB = 'digest.send';
/** Audit category of a digest run (sent or not). */
export const DIGEST_AUDIT = 'problem_digest';
/** Audit category of a retention run. */
export const RETENTION_AUDIT = 'retention_purged';

/** Certificates within this many days of their end are in the digest. */
export const CERTIFICATE_WARN_DAYS = 30;

/** One certificate the deployment depends on (seal chain, MAGDA client certificate, ...). */
export interface CertificateStatus {
  /** What it is, e.g. `seal (signer.chainFile): CN=Gemeente X`. No personal data. */
  name: string;
  /** Its end of validity; absent when it could not be read. */
  expiresAt?: Date | undefined;
  /** Why it could not be read (file missing, not a certificate). */
  problem?: string | undefined;
}

/**
 * Lists the certificates of a deployment. Certificate files are deployment configuration, so the
 * composer (the CLI's production or dev parts) provides it as a service under
 * {@link certificateProviderRef}; without one the digest checks no certificates.
 */
export interface CertificateProvider {
  list(now: Date): CertificateStatus[] | Promise<CertificateStatus[]>;
}

/** The service ref of the deployment's {@link CertificateProvider}. */
export const certificateProviderRef = createServiceRef<CertificateProvider>('runtime.certificates');

/** What the digest found in a window: JSON, no personal data. */
export interface ProblemDigest extends Omit<ProblemDigestMailData, 'date'> {
  /** Start of the window (inclusive, ISO). */
  from: string;
  /** End of the window (exclusive, ISO): when it was made. */
  to: string;
  /** Number of problems listed. */
  count: number;
}

/** What one digest run did. */
export interface DigestOutcome {
  digest: ProblemDigest;
  /** The scheduled day (`YYYY-MM-DD`), or absent for a manual run. */
  period?: string | undefined;
  /** Outbox messages queued (one per recipient); empty when nothing was sent. */
  outboxIds: string[];
  /** Why no mail was queued. */
  skipped?: 'no_problems' | 'no_recipients' | 'disabled' | undefined;
}

/** What the digest reads. */
export interface DigestContext {
  db: Database;
  kernel: Kernel;
  config: DeploymentConfig;
}

const MAX_ITEMS = 100;

/**
 * Removes what could be personal data from an error message before it goes into a digest:
 * e-mail addresses (SMTP errors quote the recipient) and national numbers.
 */
export function scrubError(message: string | null | undefined): string | undefined {
  if (!message) return undefined;
  return message
    .replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '[adres]')
    .replace(/\b\d{2}\.?\d{2}\.?\d{2}[-.]?\d{3}\.?\d{2}\b/g, '[nummer]')
    .slice(0, 300);
}

const fmtDate = (d: Date) => d.toISOString().slice(0, 10);

/** Resolves the composer's certificate provider, if any. */
async function certificatesOf(kernel: Kernel): Promise<CertificateProvider | undefined> {
  return kernel.has(certificateProviderRef) ? kernel.get(certificateProviderRef) : undefined;
}

/**
 * Collects the problems of the window [`from`, `to`): requests that failed delivery, e-mails and
 * other jobs dead-lettered, configuration problems the runtime can see (e-mails or jobs waiting
 * too long, retention that no longer runs or cannot purge the audit log, failed plugin
 * configuration checks, unreadable or expired certificates) and certificates that end within 30 days. Nothing about persons: references,
 * request types, job types, counts and scrubbed errors.
 */
export async function collectProblemDigest(
  ctx: DigestContext,
  window: { from: Date; to: Date },
): Promise<ProblemDigest> {
  const { db, kernel } = ctx;
  const from = window.from.getTime();
  const to = window.to.getTime();
  const k = db.knex;

  const failedRows = await k('requests')
    .where({ state: 'failed' })
    .andWhere('updated_at', '>=', from)
    .andWhere('updated_at', '<', to)
    .orderBy('updated_at', 'asc')
    .limit(MAX_ITEMS)
    .select('reference', 'type_id', 'updated_at');
  const failedRequests = failedRows.map((r: any) => ({
    reference: String(r.reference),
    requestType: kernel.requestType(r.type_id)?.definition.title ?? { nl: String(r.type_id) },
    failedAt: new Date(Number(r.updated_at)).toISOString(),
  }));

  const deadRows = await k('jobs')
    .where({ state: 'dead' })
    .andWhere('updated_at', '>=', from)
    .andWhere('updated_at', '<', to)
    .orderBy('updated_at', 'desc')
    .limit(1000)
    .select('id', 'type', 'payload', 'attempts', 'last_error');
  const failedDeliveries: ProblemDigest['failedDeliveries'] = [];
  const byType = new Map<string, ProblemDigest['deadLetteredJobs'][number]>();
  for (const r of deadRows as any[]) {
    // A given-up e-Box job marks its message failed: listed below with the refused ones.
    if (r.type === EBOX_JOB) continue;
    if (r.type === OUTBOX_JOB && failedDeliveries.length < MAX_ITEMS) {
      const payload = typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload;
      const row = payload?.outboxId ? await db.outbox.get(String(payload.outboxId)) : undefined;
      const request = row?.requestId ? await db.requests.get(row.requestId) : undefined;
      const kind = (row?.payload as { kind?: unknown } | null)?.kind;
      failedDeliveries.push({
        reference: request?.reference,
        mail: typeof kind === 'string' ? kind : 'e-mail',
        attempts: Number(r.attempts),
        lastError: scrubError(r.last_error),
      });
      continue;
    }
    const entry = byType.get(r.type);
    if (entry) entry.count++;
    else
      byType.set(r.type, {
        id: String(r.id),
        type: String(r.type),
        count: 1,
        attempts: Number(r.attempts),
        lastError: scrubError(r.last_error),
      });
  }

  // e-Box messages refused for good (4xx) or given up: named with their request (decision 1600).
  const eboxRows = await k('outbox')
    .where({ kind: 'ebox', state: 'failed' })
    .andWhereRaw('coalesce(last_attempt_at, created_at) >= ? and coalesce(last_attempt_at, created_at) < ?', [
      from,
      to,
    ])
    .orderBy('created_at', 'asc')
    .limit(MAX_ITEMS)
    .select('request_id', 'attempts', 'last_error');
  for (const r of eboxRows as any[]) {
    if (failedDeliveries.length >= MAX_ITEMS) break;
    const request = r.request_id ? await db.requests.get(String(r.request_id)) : undefined;
    failedDeliveries.push({
      reference: request?.reference,
      mail: 'e-Box',
      attempts: Number(r.attempts),
      lastError: scrubError(r.last_error),
    });
  }

  const configProblems: LocalizedText[] = [];
  // A mail whose copy the person turned off waits (up to a day) for its e-Box message, never
  // tried: when that e-Box message is pending too, the e-Box line below names the problem, and
  // the mail is not blamed on the SMTP server.
  const pendingEbox = new Set(
    ((await k('outbox').where({ kind: 'ebox', state: 'pending' }).select('dedupe_key')) as any[]).map((r) =>
      String(r.dedupe_key),
    ),
  );
  const waitingMails = (
    (await k('outbox')
      .where({ kind: 'email', state: 'pending' })
      .whereNotNull('payload')
      .andWhere('created_at', '<', to - HOUR)
      .select('dedupe_key', 'attempts')) as any[]
  ).filter((r) => {
    const m = /^mail:([^:]+):[^:]+:(\d+)$/.exec(String(r.dedupe_key));
    return !(m && Number(r.attempts) === 0 && pendingEbox.has(eboxDedupeKey(m[1]!, Number(m[2]))));
  }).length;
  const waitingEbox = Number(
    (
      await k('outbox')
        .where({ kind: 'ebox', state: 'pending' })
        .whereNotNull('payload')
        .andWhere('created_at', '<', to - HOUR)
        .count({ n: '*' })
        .first()
    )?.n ?? 0,
  );
  if (waitingEbox > 0)
    configProblems.push({
      nl: `${waitingEbox} e-Box-bericht(en) wachten langer dan een uur: is de e-Box bereikbaar, klopt de sender-configuratie (ebox) en draait er een worker?`,
      fr: `${waitingEbox} message(s) e-Box attendent depuis plus d'une heure : l'e-Box est-elle joignable, la configuration de l'expéditeur (ebox) est-elle correcte et un worker tourne-t-il ?`,
      en: `${waitingEbox} e-Box message(s) have been waiting more than an hour: is the e-Box reachable, is the sender configuration (ebox) right and is a worker running?`,
    });
  if (waitingMails > 0)
    configProblems.push({
      nl: `${waitingMails} e-mail(s) wachten langer dan een uur om verstuurd te worden: is de SMTP-server bereikbaar en draait er een worker?`,
      fr: `${waitingMails} courriel(s) attendent depuis plus d'une heure d'être envoyés : le serveur SMTP est-il joignable et un worker tourne-t-il ?`,
      en: `${waitingMails} e-mail(s) have been waiting more than an hour to be sent: is the SMTP server reachable and is a worker running?`,
    });
  const waitingJobs = Number(
    (
      await k('jobs')
        .whereIn('state', ['queued', 'failed'])
        .whereNotIn('type', [DIGEST_JOB, RETENTION_JOB, AUDIT_ANCHOR_JOB])
        .andWhere('run_at', '<', to - HOUR)
        .count({ n: '*' })
        .first()
    )?.n ?? 0,
  );
  if (waitingJobs > 0)
    configProblems.push({
      nl: `${waitingJobs} taak/taken zijn al meer dan een uur aan de beurt maar niet uitgevoerd (te weinig workers, of een taaktype dat geen worker kent).`,
      fr: `${waitingJobs} tâche(s) sont dues depuis plus d'une heure sans être exécutées (trop peu de workers, ou un type de tâche inconnu).`,
      en: `${waitingJobs} job(s) have been due for more than an hour without running (too few workers, or a job type no worker knows).`,
    });
  const lastPurge = (await db.audit.page({ categories: [RETENTION_AUDIT] }, { limit: 1 })).items[0];
  if (lastPurge && lastPurge.at.getTime() < to - 2 * DAY)
    configProblems.push({
      nl: `De bewaartermijnen zijn sinds ${fmtDate(lastPurge.at)} niet meer toegepast (retention).`,
      fr: `Les délais de conservation ne sont plus appliqués depuis le ${fmtDate(lastPurge.at)} (rétention).`,
      en: `The retention terms have not been applied since ${fmtDate(lastPurge.at)}.`,
    });
  if (lastPurge && typeof lastPurge.data?.auditSkipped === 'string')
    configProblems.push({
      nl: 'De auditlog kan niet opgeschoond worden: geef database.ownerUrl op (PostgreSQL-eigenaar).',
      fr: "Le journal d'audit ne peut pas être purgé : indiquez database.ownerUrl (propriétaire PostgreSQL).",
      en: 'The audit log cannot be purged: set database.ownerUrl (the PostgreSQL owner).',
    });

  // Anchoring on, but no timestamped anchor for two days: the authority or the workers fail.
  if (anchorAuthority(ctx.config)) {
    const last = await db.auditChain.latestAnchor();
    if (last && last.at.getTime() < to - 2 * DAY)
      configProblems.push({
        nl: `De auditlog is sinds ${fmtDate(last.at)} niet meer verankerd met een tijdstempel: is de tijdstempeldienst (signer.tsaUrl) bereikbaar?`,
        fr: `Le journal d'audit n'est plus ancré par un horodatage depuis le ${fmtDate(last.at)} : le service d'horodatage (signer.tsaUrl) est-il joignable ?`,
        en: `The audit log has not been anchored with a timestamp since ${fmtDate(last.at)}: is the timestamp authority (signer.tsaUrl) reachable?`,
      });
  }

  configProblems.push(...(await pluginCheckProblems(ctx)));
  configProblems.push(...(await paymentProblems(ctx, window)));

  const expiringCertificates: ProblemDigest['expiringCertificates'] = [];
  const provider = await certificatesOf(kernel);
  if (provider) {
    let certificates: CertificateStatus[] = [];
    try {
      certificates = await provider.list(window.to);
    } catch (error) {
      const reason = scrubError((error as Error)?.message) ?? 'error';
      configProblems.push({
        nl: `De certificaten konden niet gecontroleerd worden: ${reason}`,
        fr: `Les certificats n'ont pas pu être vérifiés : ${reason}`,
        en: `The certificates could not be checked: ${reason}`,
      });
    }
    for (const c of certificates) {
      if (c.problem || !c.expiresAt) {
        const reason = c.problem ?? 'unreadable';
        configProblems.push({
          nl: `Certificaat ${c.name}: ${reason}`,
          fr: `Certificat ${c.name} : ${reason}`,
          en: `Certificate ${c.name}: ${reason}`,
        });
      } else if (c.expiresAt.getTime() <= to) {
        configProblems.push({
          nl: `Certificaat ${c.name} is vervallen op ${fmtDate(c.expiresAt)}.`,
          fr: `Le certificat ${c.name} a expiré le ${fmtDate(c.expiresAt)}.`,
          en: `Certificate ${c.name} expired on ${fmtDate(c.expiresAt)}.`,
        });
      } else if (c.expiresAt.getTime() <= to + CERTIFICATE_WARN_DAYS * DAY) {
        expiringCertificates.push({ name: c.name, expiresAt: c.expiresAt.toISOString() });
      }
    }
  }

  const deadLetteredJobs = [...byType.values()];
  const overdue = await overdueByType(ctx, window.to);
  const overdueRequests = overdue.map(({ typeId: _t, due: _d, ...g }) => g);
  const overdueByTeam = await overduePerTeam(ctx, overdue);
  return {
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    failedRequests,
    failedDeliveries,
    deadLetteredJobs,
    configProblems,
    expiringCertificates,
    overdueRequests,
    ...(overdueByTeam ? { overdueByTeam } : {}),
    count:
      overdueRequests.length +
      failedRequests.length +
      failedDeliveries.length +
      deadLetteredJobs.length +
      configProblems.length +
      expiringCertificates.length,
  };
}

/**
 * Requests waiting for staff whose due day is before the day of `now` (Brussels), per request
 * type: count, earliest due day and the first references (the partial due-date index serves it).
 */
async function overdueByType(
  ctx: DigestContext,
  now: Date,
): Promise<(OverdueGroup & { typeId: string; due: number[] })[]> {
  const k = ctx.db.knex;
  const before = startOfBrusselsDay(brusselsDay(now)).getTime();
  const waiting = ['in_review', 'failed', 'submitted', 'in_progress'];
  const groups: { type_id: string; n: string | number; oldest: string | number }[] = (await k('requests')
    .whereIn('state', waiting)
    .whereRaw('coalesce(due_at, 8640000000000000) < ?', [before])
    .groupBy('type_id')
    .select('type_id')
    .count({ n: '*' })
    .min({ oldest: 'due_at' })) as never;
  const out: (OverdueGroup & { typeId: string; due: number[] })[] = [];
  for (const g of groups.sort((a, b) => Number(a.oldest) - Number(b.oldest)).slice(0, MAX_ITEMS)) {
    const refs = await k('requests')
      .whereIn('state', waiting)
      .where('type_id', g.type_id)
      .whereRaw('coalesce(due_at, 8640000000000000) < ?', [before])
      .orderByRaw('coalesce(due_at, 8640000000000000) asc, id asc')
      .limit(10)
      .select('reference', 'due_at');
    out.push({
      typeId: String(g.type_id),
      due: refs.map((r: any) => Number(r.due_at)),
      requestType: ctx.kernel.requestType(String(g.type_id))?.definition.title ?? { nl: String(g.type_id) },
      count: Number(g.n),
      oldestDue: new Date(Number(g.oldest)).toISOString(),
      references: refs.map((r: any) => String(r.reference)),
    });
  }
  return out;
}

/**
 * The overdue requests per team, from the groups per type: a team counts the requests of the types
 * it holds (ids or families); types no team holds form a group without a name. Teams without
 * overdue requests are left out; undefined when the municipality has no teams.
 */
async function overduePerTeam(
  ctx: DigestContext,
  byType: (OverdueGroup & { typeId: string; due: number[] })[],
): Promise<OverdueTeamGroup[] | undefined> {
  const teams = await ctx.db.teams.teams();
  if (teams.length === 0) return undefined;
  const group = (team: string | null, groups: typeof byType): OverdueTeamGroup | undefined => {
    if (groups.length === 0) return undefined;
    const refs = groups
      .flatMap((g) => g.references.map((reference, i) => ({ reference, due: g.due[i] ?? 0 })))
      .sort((a, b) => a.due - b.due || a.reference.localeCompare(b.reference))
      .slice(0, 10);
    return {
      team,
      count: groups.reduce((n, g) => n + g.count, 0),
      oldestDue: groups.map((g) => g.oldestDue).sort()[0]!,
      references: refs.map((r) => r.reference),
    };
  };
  const out: OverdueTeamGroup[] = [];
  for (const team of [...teams].sort((a, b) => a.name.localeCompare(b.name, 'nl'))) {
    const g = group(
      team.name,
      byType.filter((t) => matchesTypePatterns(team.typePatterns, t.typeId)),
    );
    if (g) out.push(g);
  }
  const none = group(
    null,
    byType.filter((t) => !teams.some((team) => matchesTypePatterns(team.typePatterns, t.typeId))),
  );
  if (none) out.push(none);
  return out;
}

/**
 * Payments that need a look (issue 21), named by the request's reference or, before a request
 * was filed, by the provider's id: payments still not final `payments.stuckAfterHours` after
 * their start (the last 7 days: the reconciliation stops after 3 days, older ones were reported
 * already), and the provider's notifications in the window about payments this deployment does
 * not know. Nothing about persons.
 */
async function paymentProblems(
  ctx: DigestContext,
  window: { from: Date; to: Date },
): Promise<LocalizedText[]> {
  const out: LocalizedText[] = [];
  const hours = ctx.config.payments?.stuckAfterHours ?? 24;
  const to = window.to.getTime();
  const stuck = (await ctx.db
    .knex('payments as p')
    .leftJoin('requests as r', 'r.id', 'p.request_id')
    .whereIn('p.status', ['starting', 'open', 'pending', 'authorized'])
    .andWhere('p.created_at', '<', to - hours * HOUR)
    .andWhere('p.created_at', '>=', to - 7 * DAY)
    .orderBy([
      { column: 'p.created_at', order: 'asc' },
      { column: 'p.id', order: 'asc' },
    ])
    .limit(MAX_ITEMS)
    .select('r.reference', 'p.provider_payment_id', 'p.id')) as {
    reference: string | null;
    provider_payment_id: string | null;
    id: string;
  }[];
  if (stuck.length > 0) {
    const names = stuck
      .slice(0, 10)
      .map((p) =>
        p.reference
          ? `${p.reference}${p.provider_payment_id ? ` (${p.provider_payment_id})` : ''}`
          : (p.provider_payment_id ?? p.id),
      )
      .join(', ');
    const more = stuck.length > 10 ? ', …' : '';
    out.push({
      nl: `${stuck.length} betaling(en) zijn na ${hours} uur nog niet afgerond bij de betaaldienst: ${names}${more}. Draait er een worker (payment.check) en is de betaaldienst bereikbaar?`,
      fr: `${stuck.length} paiement(s) ne sont toujours pas finalisés auprès du service de paiement après ${hours} heures : ${names}${more}. Un worker (payment.check) tourne-t-il et le service de paiement est-il joignable ?`,
      en: `${stuck.length} payment(s) are still not final at the payment service after ${hours} hours: ${names}${more}. Is a worker (payment.check) running and is the payment service reachable?`,
    });
  }
  const unmatched = await ctx.db.audit.list(
    { categories: [PAYMENT_UNMATCHED_AUDIT], from: window.from, to: window.to },
    { limit: 100 },
  );
  if (unmatched.length > 0) {
    const ids = [
      ...new Set(
        unmatched.map((e) => String((e.data as { providerPaymentId?: unknown })?.providerPaymentId ?? '')),
      ),
    ].filter(Boolean);
    const names = `${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', …' : ''}`;
    out.push({
      nl: `${unmatched.length} melding(en) van de betaaldienst over een onbekende betaling (genegeerd): ${names}. Wijst een ander loket of een testomgeving naar dezelfde notificatie-URL?`,
      fr: `${unmatched.length} notification(s) du service de paiement concernant un paiement inconnu (ignorées) : ${names}. Un autre guichet ou un environnement de test utilise-t-il la même URL de notification ?`,
      en: `${unmatched.length} notification(s) from the payment service about an unknown payment (ignored): ${names}. Does another counter or a test environment use the same notification URL?`,
    });
  }
  return out;
}

/** Failed findings of the enabled plugins' own configuration checks (`Plugin.checks`), time-limited. */
async function pluginCheckProblems(ctx: DigestContext): Promise<LocalizedText[]> {
  const problems: LocalizedText[] = [];
  const loaded = new Map(ctx.kernel.plugins().map((p) => [p.id, p]));
  for (const entry of ctx.config.plugins) {
    const plugin = ('plugin' in entry ? entry.plugin : entry) as Plugin;
    const state = loaded.get(plugin.id);
    if (!plugin.checks || !state?.enabled) continue;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const checks = await Promise.race([
        Promise.resolve(plugin.checks({ options: state.options as never })),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('no answer within 10 s')), 10_000);
        }),
      ]);
      for (const c of checks.filter((c) => !c.ok)) {
        const text = `plugin ${plugin.id}, ${c.name}: ${scrubError(c.detail) ?? ''}`;
        problems.push({ nl: text, fr: text, en: text });
      }
    } catch (error) {
      const reason = scrubError((error as Error)?.message) ?? 'error';
      problems.push({
        nl: `De configuratiecontrole van plugin ${plugin.id} mislukte: ${reason}`,
        fr: `Le contrôle de configuration du plugin ${plugin.id} a échoué : ${reason}`,
        en: `The configuration check of plugin ${plugin.id} failed: ${reason}`,
      });
    } finally {
      clearTimeout(timer);
    }
  }
  return problems;
}

/**
 * The window of the next digest: from the end of the last one (at most a week back), or the last
 * 24 hours when there was none.
 */
export async function digestWindow(db: Database, to: Date): Promise<{ from: Date; to: Date }> {
  const last = (await db.audit.page({ categories: [DIGEST_AUDIT] }, { limit: 1 })).items[0];
  const lastTo = typeof last?.data?.to === 'string' ? new Date(last.data.to).getTime() : Number.NaN;
  const from = Number.isNaN(lastTo)
    ? to.getTime() - DAY
    : Math.max(to.getTime() - 7 * DAY, Math.min(lastTo, to.getTime()));
  return { from: new Date(from), to };
}

/** The recipients of the digest with their language. */
export function digestRecipients(config: DeploymentConfig): { address: string; locale: Locale }[] {
  return config.digest.recipients.map((r) =>
    typeof r === 'string' ? { address: r, locale: 'nl' as const } : { address: r.address, locale: r.locale },
  );
}

/**
 * Makes the digest of the window since the last one and queues its e-mail in the outbox, one per
 * recipient (sent by the worker's outbox job). No problems means no mail unless
 * `digest.sendWhenEmpty` or `force`. Every run is recorded in the audit log (`problem_digest`:
 * window, counts, number of recipients, whether mail was queued), mail or not.
 */
export async function queueProblemDigest(
  ctx: DigestContext,
  options: { period?: string | undefined; force?: boolean | undefined } = {},
): Promise<DigestOutcome> {
  const { db, config } = ctx;
  const now = db.clock.now();
  const digest = await collectProblemDigest(ctx, await digestWindow(db, now));
  const recipients = digestRecipients(config);
  const skipped: DigestOutcome['skipped'] =
    !config.digest.enabled && !options.force
      ? 'disabled'
      : recipients.length === 0
        ? 'no_recipients'
        : digest.count === 0 && !config.digest.sendWhenEmpty && !options.force
          ? 'no_problems'
          : undefined;
  const outboxIds: string[] = [];
  const run = options.period ?? `manual:${now.toISOString()}`;
  await db.transaction(async (tx) => {
    if (!skipped) {
      const { from: _from, to: _to, count: _count, ...lists } = digest;
      for (const [i, r] of recipients.entries()) {
        const mail: ProblemDigestMail = {
          kind: 'problem_digest',
          locale: r.locale,
          data: { date: now.toISOString(), ...lists },
        };
        const row = await tx.outbox.add({
          kind: 'email',
          dedupeKey: `mail:digest:${run}:${i}`,
          recipient: r.address,
          payload: mail,
          requestId: null,
        });
        await tx.jobs.enqueue({ type: OUTBOX_JOB, payload: { outboxId: row.id }, key: `outbox:${row.id}` });
        outboxIds.push(row.id);
      }
    }
    await tx.audit.append({
      category: DIGEST_AUDIT,
      actor: SYSTEM,
      at: now,
      data: {
        period: options.period ?? null,
        from: digest.from,
        to: digest.to,
        problems: digest.count,
        failedRequests: digest.failedRequests.length,
        failedDeliveries: digest.failedDeliveries.length,
        deadLetteredJobs: digest.deadLetteredJobs.reduce((n, j) => n + j.count, 0),
        configProblems: digest.configProblems.length,
        expiringCertificates: digest.expiringCertificates.length,
        recipients: recipients.length,
        queued: outboxIds.length,
        skipped: skipped ?? null,
      },
    });
  });
  return { digest, period: options.period, outboxIds, skipped };
}
