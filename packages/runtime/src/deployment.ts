import type { LookupFunction } from 'node:net';
import { trace } from '@opentelemetry/api';
import {
  type Clock,
  ConfigError,
  coreServices,
  createServiceFactory,
  fillMailText,
  type HandoffDefinition,
  HandoffRejected,
  handoffsOf,
  Kernel,
  type Logger,
  legalRepresentationRef,
  type Municipality,
  type PaymentProviderDefinition,
  type Plugin,
  type ServiceFactory,
  SYSTEM,
  systemClock,
  typeMatches,
} from '@smartloket/core';
import {
  type Database,
  openDatabase,
  type RetentionTerms,
  type SettingsSnapshotOptions,
} from '@smartloket/db';
import { AUDIT_ANCHOR_AT, AUDIT_ANCHOR_JOB, anchorAuditChain } from './audit-anchor.js';
import { type DeploymentConfig, devOnlyParts } from './config.js';
import { Deadlines } from './deadlines.js';
import { DeclarativeTypes, readTypeFiles } from './declarative-types.js';
import {
  collectProblemDigest,
  DIGEST_JOB,
  type DigestOutcome,
  digestRecipients,
  digestWindow,
  type ProblemDigest,
  queueProblemDigest,
  RETENTION_AUDIT,
} from './digest.js';
import {
  EBOX_JOB,
  type EboxSender,
  eboxMailGate,
  enqueueEbox,
  giveUpEbox,
  publishEboxMessage,
} from './ebox.js';
import { Fees } from './fees.js';
import { HANDOFF_JOB, OUTBOX_JOB, PIPELINE_JOB, RETENTION_JOB } from './jobs.js';
import { createLogger } from './logger.js';
import { type MailSender, mailTextKind, type OutboxMail, type OutboxPayload } from './mail.js';
import { PAYMENT_DEADLINES_AT, PAYMENT_DEADLINES_JOB, runPaymentDeadlines } from './payment-deadlines.js';
import { PAYMENT_CHECK_JOB, PAYMENT_REFUND_JOB, PaymentService } from './payments.js';
import { Pipeline, RetryLater, toPipelineRequest } from './pipeline.js';
import { QUESTIONS_AT, QUESTIONS_JOB, runQuestionDeadlines } from './question-deadlines.js';
import { type LifecycleEventHook, RequestService } from './request-service.js';
import { type AppliedTypeTerms, appliedTypeTerms, purgeTerms } from './retention-terms.js';
import { type DailySchedule, Scheduler } from './scheduler.js';
import { withSpan } from './telemetry.js';
import { checkWebhookDestination, type WebhookDestinationPolicy } from './webhook-destination.js';
import { deliverWebhook, WEBHOOK_JOB } from './webhooks.js';
import { type JobHandler, type JobResult, Worker } from './worker.js';

export interface DeploymentOptions {
  clock?: Clock;
  logger?: Logger;
  /** Folder the config lives in: relative paths (SQLite file, keys) resolve against it. */
  baseDir?: string;
  /** Services the composition adds (MAGDA client, signer, mail sender wiring, ...). */
  services?: ServiceFactory<any, any>[];
  /** Sends outbox e-mails; without it e-mails wait in the outbox. */
  mailSender?: MailSender;
  /** Publishes to the e-Box (`@smartloket/notifier-ebox`) when `ebox` is configured; without it they wait. */
  eboxSender?: EboxSender;
  /** Run migrations at open (the embedded default). */
  migrate?: boolean;
  /** Hand-offs besides those the enabled plugins carry (see core's `withHandoffs`). */
  handoffs?: HandoffDefinition[];
  /** Used by the audit anchor's timestamp requests (tests may inject). */
  fetch?: typeof fetch;
  /** Resolves webhook host names (tests inject a fake resolver; default the system's). */
  webhookLookup?: LookupFunction;
  /** How long this process trusts its copy of the settings [5 s] (tests move its time). */
  settingsCache?: SettingsSnapshotOptions;
}

/** The payment provider the configuration selects (`payments.provider`), ready to call. */
export interface ConfiguredPaymentProvider {
  /** The provider a plugin registered under that id. */
  definition: PaymentProviderDefinition;
  /** Its services, resolved at start (a missing API key stops the start, naming the setting). */
  deps: Record<string, unknown>;
}

/** A running deployment: database, kernel and the services built on them. */
export interface Deployment {
  /**
   * The payment provider of `payments.provider`, resolved at start; undefined without a
   * `payments` section (no fee is collected online).
   */
  paymentProvider?: ConfiguredPaymentProvider | undefined;
  config: DeploymentConfig;
  db: Database;
  kernel: Kernel;
  requests: RequestService;
  /** Due dates, lead times, the municipality's calendar and question deadlines (decision 0902). */
  deadlines: Deadlines;
  /** Request types described as JSON, from the config's files and the back-office's designer (issue 23). */
  declarativeTypes: DeclarativeTypes;
  /** Fees of request types: the plugin's default, the municipality's schedule, waivers (issue 21). */
  fees: Fees;
  /** Payments of fees: checkout before submitting, status read back, reconciliation (issue 21). */
  payments: PaymentService;
  pipeline: Pipeline;
  clock: Clock;
  logger: Logger;
  municipality: Municipality;
  baseUrl: string;
  /**
   * The retention terms applied to each request type of the enabled plugins (its own, the
   * back-office's document term, else the deployment's): what the purge applies.
   */
  typeRetention(): Promise<AppliedTypeTerms[]>;
  /**
   * Checks a webhook destination against the deployment's rules (https, `webhooks.allow`, public
   * addresses only; http to loopback in a dev deployment). Throws `WebhookDestinationError`.
   */
  checkWebhookDestination(url: string): Promise<URL>;
  /** The terms the retention purge applies: the config's `retention` with every type's own. */
  retentionTerms(): Promise<RetentionTerms>;
  /**
   * Enqueues the daily jobs: the retention purge (`retention.purgeAt`), the anchor of the audit
   * chain (00:05) and, with recipients, the problem digest (`digest.at`). Every worker ticks it at start and once a minute.
   */
  scheduler: Scheduler;
  /** The administrators' daily problem digest. */
  digest: {
    /** The problems since the last digest (or the last 24 hours), without sending anything. */
    collect(): Promise<ProblemDigest>;
    /**
     * Makes the digest now and queues its e-mails in the outbox (`force`: even without problems
     * or when disabled). `deliver`: also send them at once instead of leaving them to the worker
     * (failures stay in the outbox for the worker's retries).
     */
    send(options?: { force?: boolean; deliver?: boolean }): Promise<DigestOutcome>;
  };
  /** Makes a worker (not started). `schedule: false` makes one that enqueues no daily jobs. */
  createWorker(options?: {
    concurrency?: number;
    pollMs?: number;
    id?: string;
    schedule?: boolean;
    scheduleEveryMs?: number;
  }): Worker;
  close(): Promise<void>;
}

/** Resolves `sqlite:relative/path` against the config folder. */
export function resolveDatabaseUrl(url: string, baseDir: string): string {
  if (!url.startsWith('sqlite:')) return url;
  const path = url.slice('sqlite:'.length);
  if (path === ':memory:' || path.startsWith('/')) return url;
  return `sqlite:${baseDir.replace(/\/$/, '')}/${path}`;
}

/**
 * The provider `payments.provider` names, with its services resolved now so that a missing key
 * or an absent plugin stops the start with the setting named rather than the first payment.
 */
async function selectPaymentProvider(kernel: Kernel, id: string): Promise<ConfiguredPaymentProvider> {
  const definition = kernel.paymentProvider(id);
  if (!definition) {
    const known = kernel.paymentProviders().map((p) => `"${p.id}"`);
    throw new ConfigError(
      'payments.provider',
      `no enabled plugin registers payment provider "${id}"${
        known.length ? ` (registered: ${known.join(', ')})` : ''
      }; add its plugin to plugins, e.g. @smartloket/payment-mollie or @smartloket/payment-counter`,
    );
  }
  return { definition, deps: await kernel.resolveDeps(definition.deps) };
}

/** Opens the database, starts the kernel with the configured plugins and wires the runtime. */
export async function createDeployment(
  config: DeploymentConfig,
  options: DeploymentOptions = {},
): Promise<Deployment> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ level: 'info' });
  const baseDir = options.baseDir ?? process.cwd();
  const baseUrl = (config.baseUrl ?? `http://localhost:${config.server.port}`).replace(/\/$/, '');
  const db = await openDatabase({
    url: resolveDatabaseUrl(config.database.url, baseDir),
    ownerUrl: config.database.ownerUrl,
    clock,
    settingsCache: options.settingsCache,
  });
  if (options.migrate !== false) await db.migrate();
  const municipality: Municipality = { ...config.municipality, baseUrl };

  const kernel = new Kernel({
    plugins: config.plugins,
    services: [
      createServiceFactory({ ref: coreServices.clock, factory: () => clock }),
      createServiceFactory({ ref: coreServices.logger, factory: () => logger }),
      createServiceFactory({ ref: coreServices.municipality, factory: () => municipality }),
      createServiceFactory({ ref: coreServices.grants, factory: () => db.grants }),
      createServiceFactory({ ref: coreServices.consultationAudit, factory: () => db.consultations }),
      // Without a population source nobody is known as a legal representative: such requests go to review.
      createServiceFactory({
        ref: legalRepresentationRef,
        factory: () => ({ isLegalRepresentative: async () => false }),
        // A population plugin (bevolking) replaces it with a lookup in the national register.
        fallback: true,
      }),
      ...(options.services ?? []),
    ],
  });
  const declarativeTypes = new DeclarativeTypes(kernel, db, logger);
  let paymentProvider: ConfiguredPaymentProvider | undefined;
  try {
    await kernel.start();
    // Request types described as JSON: the deployment's files, then the designer's (issue 23).
    await declarativeTypes.start(await readTypeFiles(config.requestTypes, baseDir));
    if (config.payments) paymentProvider = await selectPaymentProvider(kernel, config.payments.provider);
  } catch (error) {
    await kernel.stop().catch(() => {});
    await db.close();
    throw error;
  }

  // From the process's copy of the settings: the catalogue asks for every type on every render.
  const enabled = async (typeId: string) =>
    (await db.settings.cached(`requestType.${typeId}.enabled`)) !== false;
  // Hand-offs: from enabled plugins and the composition; one job per hand-off and event.
  const handoffs = new Map<string, HandoffDefinition>();
  for (const entry of config.plugins) {
    const plugin = ('plugin' in entry ? entry.plugin : entry) as Plugin<any>;
    if ('plugin' in entry && entry.enabled === false) continue;
    for (const h of handoffsOf(plugin)) handoffs.set(h.id, h);
  }
  for (const h of options.handoffs ?? []) handoffs.set(h.id, h);
  const handoffHook: LifecycleEventHook | undefined =
    handoffs.size === 0
      ? undefined
      : async (tx, request, type) => {
          for (const h of handoffs.values()) {
            if (
              !(h.on as readonly string[]).includes(type) ||
              !h.requestTypes.some((p) => typeMatches(p, request.typeId))
            )
              continue;
            await tx.jobs.enqueue({
              type: HANDOFF_JOB,
              payload: {
                handoffId: h.id,
                requestId: request.id,
                eventType: type,
                at: tx.clock.now().toISOString(),
              },
              key: `handoff:${h.id}:${request.id}:${request.version}:${type}`,
              maxAttempts: h.maxAttempts ?? 8,
            });
          }
        };
  // The e-Box publication of the event, queued with the change (decision 1600).
  const eboxRoutes = config.ebox.kind === 'off' ? [] : config.ebox.messageTypes;
  const eventHook: LifecycleEventHook | undefined =
    eboxRoutes.length === 0
      ? handoffHook
      : async (tx, request, type, extra) => {
          await handoffHook?.(tx, request, type, extra);
          await enqueueEbox(tx, eboxRoutes, request, type.slice('request.'.length));
        };
  // Refused after payment: the refund is queued with the refusal (issue 21, decision 1700).
  const onEvent: LifecycleEventHook = async (tx, request, type, extra) => {
    await eventHook?.(tx, request, type, extra);
    if (type === 'request.refused' && request.fee && request.fee.amountCents > 0) {
      await tx.jobs.enqueue({
        type: PAYMENT_REFUND_JOB,
        payload: { requestId: request.id },
        key: `${PAYMENT_REFUND_JOB}:${request.id}`,
        maxAttempts: 12,
      });
    }
  };
  const webhookMaxAttempts = config.api.webhookMaxAttempts;
  const webhookPolicy: WebhookDestinationPolicy = {
    dev: devOnlyParts(config).length > 0,
    allow: config.webhooks.allow,
    lookup: options.webhookLookup,
  };

  const deadlines = new Deadlines(kernel, db.settings);
  const fees = new Fees(kernel, db.settings);
  const requests = new RequestService(kernel, db, {
    deadlines,
    fees,
    onEvent,
    webhookMaxAttempts,
    enabled,
    reviewAll: async (typeId) => (await db.settings.cached(`requestType.${typeId}.autoDelivery`)) === false,
    maxAttempts: config.worker.maxAttempts,
    anonymousLinkDays: config.retention.anonymousLinkDays,
    evidenceDays: config.retention.evidenceDays,
    withoutLogin: async (typeId) => db.settings.cached(`requestType.${typeId}.withoutLogin`),
    // A fee paid after approval (issue 21): the payment service says whether one is due.
    payAfterApproval: (request): Promise<{ days: number } | undefined> => payments.dueAfterApproval(request),
  });
  const pipeline = new Pipeline(kernel, db, {
    onEvent,
    webhookMaxAttempts,
    verificationUrl: (code) => `${baseUrl}/verify/${encodeURIComponent(code)}`,
    documentMonths: config.retention.documentMonths,
    maxAttempts: config.worker.maxAttempts,
    logger,
    beforeRun: () => declarativeTypes.sync(),
  });

  const maxTransientMs = 3 * 24 * 3600_000;
  const payments: PaymentService = new PaymentService(kernel, db, requests, fees, {
    provider: paymentProvider,
    baseUrl,
    logger,
    webhookMaxAttempts,
  });
  const handlers: Record<string, JobHandler> = {
    // Reconciliation: one payment read back until it is final (notifications may never come).
    [PAYMENT_CHECK_JOB]: async (job) => {
      const { paymentId } = job.payload as { paymentId: string };
      const { later } = await payments.check(paymentId);
      return later ? { later } : undefined;
    },
    [PAYMENT_REFUND_JOB]: async (job) => {
      const { requestId } = job.payload as { requestId: string };
      await payments.refundRequest(requestId, 'refused', SYSTEM);
      return undefined;
    },
    [PIPELINE_JOB]: async (job, { attempt }) => {
      const { requestId } = job.payload as { requestId: string };
      try {
        const outcome = await pipeline.run(requestId, attempt);
        if (outcome.kind === 'later') return { later: outcome.runAt };
        return undefined;
      } catch (error) {
        if (!(error instanceof RetryLater)) throw error;
        // Transient: never fail the request for it; back off with the time already waited.
        const now = clock.now().getTime();
        const waited = now - job.createdAt.getTime();
        if (waited > maxTransientMs) {
          await pipeline.giveUp(requestId, 'source unavailable for too long');
          return undefined;
        }
        const delay = Math.min(15 * 60_000, Math.max(error.retryAfterMs ?? 5_000, waited / 2));
        const jitter = Math.random() * 0.2 * delay;
        return { later: new Date(now + delay + jitter) };
      }
    },
    [OUTBOX_JOB]: async (job) => {
      const { outboxId } = job.payload as { outboxId: string };
      return sendOutbox(outboxId);
    },
    [EBOX_JOB]: async (job) => {
      const { outboxId } = job.payload as { outboxId: string };
      if (!options.eboxSender) throw new Error('no e-Box sender configured');
      await publishEboxMessage({ db, kernel, sender: options.eboxSender, baseUrl, logger }, outboxId);
      return undefined;
    },
  };
  /** Sends one outbox e-mail (a no-op when it is gone or sent already). */
  async function sendOutbox(outboxId: string): Promise<JobResult> {
    const row = await db.outbox.get(outboxId);
    // Gone, sent, or purged by retention before it could be sent: nothing to do.
    if (row?.state !== 'pending' || !row.recipient || !row.payload) return;
    if (!options.mailSender) throw new Error('no mail sender configured');
    const messageId = row.messageId ?? `<${row.id}@${new URL(baseUrl).hostname}>`;
    const payload = row.payload as OutboxPayload;
    const mailSender = options.mailSender;
    // A child span of the job's: the mail kind and the outbox id, never the recipient.
    trace
      .getActiveSpan()
      ?.setAttributes({ 'smartloket.outbox.id': row.id, 'smartloket.mail.kind': payload.kind });
    const sendMail = (...args: Parameters<MailSender['send']>) =>
      withSpan('mail.send', { 'smartloket.mail.kind': payload.kind }, () => mailSender.send(...args));
    // Mails that carry a token in clear lose their payload once sent.
    const scrub = () =>
      db
        .knex('outbox')
        .where({ id: row.id })
        .update({ payload: null, recipient: null, purged_at: clock.now().getTime() });
    if (payload.kind === 'email_confirmation') {
      const expiresAt = new Date(payload.data.expiresAt);
      if (expiresAt.getTime() <= clock.now().getTime()) return; // useless now
      await db.outbox.markAttempt(row.id);
      await sendMail(
        {
          mail: payload,
          confirmUrl: `${baseUrl}/email/confirm/${encodeURIComponent(payload.data.token)}`,
          expiresAt,
        },
        row.recipient,
        messageId,
      );
      await db.outbox.markSent(row.id, messageId);
      await scrub();
      return;
    }
    if (payload.kind === 'draft_resume') {
      const expiresAt = new Date(payload.data.expiresAt);
      if (expiresAt.getTime() <= clock.now().getTime()) return; // the draft is gone
      await db.outbox.markAttempt(row.id);
      await sendMail(
        {
          mail: payload,
          resumeUrl: `${baseUrl}/resume/${encodeURIComponent(payload.data.token)}`,
          expiresAt,
        },
        row.recipient,
        messageId,
      );
      await db.outbox.markSent(row.id, messageId);
      await scrub();
      return;
    }
    if (payload.kind === 'problem_digest') {
      await db.outbox.markAttempt(row.id);
      await sendMail({ mail: payload, dashboardUrl: `${baseUrl}/backoffice` }, row.recipient, messageId);
      await db.outbox.markSent(row.id, messageId);
      return;
    }
    const mail: OutboxMail = payload;
    const request = await db.requests.get(mail.requestId);
    if (!request) return;
    // A follower of a report (decision 1501) is not the requester: no e-Box, no link to their page.
    const follower = mail.data.follower === true;
    // The person turned the e-mail copy off and the e-Box has it (or will soon): decision 1600.
    const gate = follower ? 'send' : await eboxMailGate(db, row, request);
    if (gate === 'skip') {
      await db.outbox.markEnded(row.id, 'skipped');
      return undefined;
    }
    if (gate !== 'send') return gate;
    const rt = kernel.requestType(request.typeId, request.typeVersion);
    const textKind = mailTextKind(mail, request.state);
    const typeText =
      rt && textKind
        ? fillMailText(rt.definition.mailTexts, textKind, mail.locale, {
            reference: request.reference,
            title: rt.definition.title,
            form: rt.definition.form,
            answers: request.form,
          })
        : undefined;
    await db.outbox.markAttempt(row.id);
    await sendMail(
      {
        mail,
        typeText,
        reference: request.reference,
        requestKind: request.kind,
        requestType: rt?.definition.title ?? { nl: request.typeId },
        requestUrl: `${baseUrl}/my/requests/${request.id}`,
        personalPageUrl: `${baseUrl}/my`,
        state: request.state,
        anonymous: follower || request.requesterKind === 'anonymous',
        followUrl:
          typeof mail.data.followToken === 'string'
            ? `${baseUrl}/follow/${encodeURIComponent(mail.data.followToken)}`
            : undefined,
      },
      row.recipient,
      messageId,
    );
    await db.outbox.markSent(row.id, messageId);
    // A capability token (the filing receipt, the delivery, a question) leaves with the mail.
    if (typeof mail.data.followToken === 'string') await scrub();
    return undefined;
  }
  Object.assign(handlers, {
    [WEBHOOK_JOB]: async (job, { attempt }) => {
      const { outboxId } = job.payload as { outboxId: string };
      await deliverWebhook(db, outboxId, attempt, { policy: webhookPolicy });
      return undefined;
    },
    [HANDOFF_JOB]: async (job, { attempt, signal }) => {
      const { handoffId, requestId, eventType, at } = job.payload as {
        handoffId: string;
        requestId: string;
        eventType: HandoffDefinition['on'][number];
        at: string;
      };
      const h = handoffs.get(handoffId);
      const request = await db.requests.get(requestId);
      if (!h || !request) return undefined;
      const record = async (type: 'handoff' | 'handoff_failed', data: Record<string, unknown>) => {
        await db.events.append({
          requestId,
          type,
          fromState: request.state,
          toState: request.state,
          actor: SYSTEM,
          data: { handoffId, eventType, ...data },
          at: clock.now(),
        });
      };
      try {
        const result = await h.forward(
          {
            request: { ...toPipelineRequest(request), kind: request.kind, state: request.state },
            event: { type: eventType, occurredAt: new Date(at) },
            attempt,
            signal,
          },
          (await kernel.resolveDeps(h.deps ?? {})) as never,
        );
        await record('handoff', { externalId: result?.externalId ?? null, attempt });
      } catch (error) {
        if (!(error instanceof HandoffRejected)) throw error;
        await record('handoff_failed', { reason: error.message.slice(0, 300), attempt });
      }
      return undefined;
    },
    [RETENTION_JOB]: async () => {
      const now = clock.now();
      const terms = await purgeTerms(kernel, db, config.retention);
      const result = await db.retention.purge({ now, terms });
      // Recorded so the digest can tell when retention stops running or cannot purge the audit log.
      await db.audit.append({ category: RETENTION_AUDIT, actor: SYSTEM, at: now, data: { ...result } });
      return undefined;
    },
    [AUDIT_ANCHOR_JOB]: async () => {
      await anchorAuditChain(db, config);
      return undefined;
    },
    [PAYMENT_DEADLINES_JOB]: async () => {
      const result = await runPaymentDeadlines(
        db,
        { clock, maxAttempts: config.worker.maxAttempts, onEvent, webhookMaxAttempts, deadlines },
        payments,
        { anonymousLinkDays: config.retention.anonymousLinkDays },
      );
      if (result.reminded + result.lapsed > 0) logger.info('payments: due fees applied', { ...result });
      return undefined;
    },
    [QUESTIONS_JOB]: async () => {
      const result = await runQuestionDeadlines(
        db,
        { clock, maxAttempts: config.worker.maxAttempts, onEvent, webhookMaxAttempts, deadlines },
        deadlines,
      );
      if (result.reminded + result.returned + result.closed > 0)
        logger.info('questions: deadlines applied', { ...result });
      return undefined;
    },
    [DIGEST_JOB]: async (job) => {
      const { period } = (job.payload ?? {}) as { period?: string };
      await queueProblemDigest({ db, kernel, config }, { period });
      return undefined;
    },
  } satisfies Record<string, JobHandler>);

  // Daily jobs, in Europe/Brussels time: one per day whatever the number of workers.
  const schedules: DailySchedule[] = [
    { name: 'retention', at: config.retention.purgeAt, type: RETENTION_JOB, maxAttempts: 3 },
    // The audit chain's head, timestamped by signer.tsaUrl when there is one (decision 0603).
    { name: 'audit-anchor', at: AUDIT_ANCHOR_AT, type: AUDIT_ANCHOR_JOB, maxAttempts: 5 },
    // Reminders two working days before an answer-by date; unanswered questions back to staff.
    { name: 'questions', at: QUESTIONS_AT, type: QUESTIONS_JOB, maxAttempts: 5 },
    // Fees paid after approval: the reminder before the term ends; unpaid requests lapse.
    { name: 'payment-deadlines', at: PAYMENT_DEADLINES_AT, type: PAYMENT_DEADLINES_JOB, maxAttempts: 5 },
  ];
  if (config.digest.enabled && digestRecipients(config).length > 0)
    schedules.push({ name: 'digest', at: config.digest.at, type: DIGEST_JOB, maxAttempts: 3 });
  const scheduler = new Scheduler(db, schedules, { logger });

  return {
    config,
    db,
    kernel,
    requests,
    deadlines,
    fees,
    payments,
    pipeline,
    clock,
    logger,
    municipality,
    baseUrl,
    declarativeTypes,
    paymentProvider,
    typeRetention: () => appliedTypeTerms(kernel, db, config.retention),
    checkWebhookDestination: (url) => checkWebhookDestination(url, webhookPolicy),
    retentionTerms: () => purgeTerms(kernel, db, config.retention),
    scheduler,
    digest: {
      collect: async () => collectProblemDigest({ db, kernel, config }, await digestWindow(db, clock.now())),
      async send(o = {}) {
        const outcome = await queueProblemDigest({ db, kernel, config }, { force: o.force });
        if (o.deliver && options.mailSender) {
          for (const id of outcome.outboxIds) {
            await sendOutbox(id).catch((error) =>
              logger.warn('digest: sending failed, the worker retries', {
                outboxId: id,
                error: (error as Error)?.name ?? 'error',
              }),
            );
          }
        }
        return outcome;
      },
    },
    createWorker: (o = {}) =>
      new Worker(db, handlers, {
        id: o.id,
        concurrency: o.concurrency ?? config.worker.concurrency,
        leaseMs: config.worker.leaseMs,
        pollMs: o.pollMs,
        scheduler: o.schedule === false ? undefined : scheduler,
        scheduleEveryMs: o.scheduleEveryMs,
        logger,
        onDeadLetter: async (job, error) => {
          if (job.type === HANDOFF_JOB) {
            const { handoffId, requestId, eventType } = job.payload as Record<string, string>;
            const request = await db.requests.get(requestId!);
            if (request)
              await db.events.append({
                requestId: request.id,
                type: 'handoff_failed',
                fromState: request.state,
                toState: request.state,
                actor: SYSTEM,
                data: {
                  handoffId,
                  eventType,
                  attempts: job.attempts,
                  error: (error as Error)?.name ?? 'error',
                },
                at: clock.now(),
              });
          }
          if (job.type === EBOX_JOB) {
            const { outboxId } = job.payload as { outboxId: string };
            await giveUpEbox(db, outboxId, error);
          }
          if (job.type === PIPELINE_JOB) {
            const { requestId } = job.payload as { requestId: string };
            await pipeline.giveUp(
              requestId,
              `gave up after ${job.attempts} attempts: ${String((error as Error)?.name ?? 'error')}`,
            );
          }
        },
      }),
    async close() {
      await kernel.stop();
      await db.close();
    },
  };
}
