import { createHash } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import {
  coreServices,
  type DocumentBytes,
  generateVerificationCode,
  type Kernel,
  type Logger,
  localize,
  type Municipality,
  PermanentSourceError,
  type PipelineRequest,
  type RequestTypeDefinition,
  SmartLoketError,
  SYSTEM,
  TransientSourceError,
} from '@smartloket/core';
import type { Database, RequestRecord, Tx } from '@smartloket/db';
import { pipelineMetrics, timed } from './metrics.js';
import {
  enqueueMail,
  type LifecycleEventHook,
  moveRequest,
  refundableCents,
  refundNotice,
} from './request-service.js';
import { documentExpiry } from './retention-terms.js';
import { withSpan } from './telemetry.js';

/** The validity of a document the municipality issued itself (`issue` of the request type). */
interface Validity {
  validFrom?: Date | undefined;
  validUntil?: Date | undefined;
}

/** What the worker does after a pipeline run. */
export type PipelineOutcome =
  | { kind: 'done' }
  /** Poll again later (a pending source); does not count as a failed attempt. */
  | { kind: 'later'; runAt: Date };

export interface PipelineOptions {
  /** Public URL of the verification page for a code. */
  verificationUrl(code: string): string;
  /** Default document retention in months (a request type may set its own). */
  documentMonths: number;
  /** Attempts of a pipeline job before it is dead-lettered. */
  maxAttempts: number;
  logger: Logger;
  /** Called in the transaction of every lifecycle event (hand-offs). */
  onEvent?: LifecycleEventHook | undefined;
  /** Delivery attempts of a webhook [8]. */
  webhookMaxAttempts?: number | undefined;
  /** Called before each run (picks up declarative types published by another process). */
  beforeRun?: (() => Promise<void>) | undefined;
}

/** Thrown when a transient error should be retried later; carries the delay hint. */
export class RetryLater extends SmartLoketError {
  readonly retryAfterMs: number | undefined;
  constructor(cause: TransientSourceError) {
    super('RETRY_LATER', cause.message, { cause });
    this.retryAfterMs = cause.retryAfterMs;
  }
}

/**
 * The delivery pipeline: source, then renderer, then signer, then store the document, then
 * notify. It runs as a job; every step is idempotent and keyed, so a job that runs twice (a
 * killed worker, a lost lease) delivers one document. No transaction stays open across a call
 * to a source, renderer or signer.
 */
export class Pipeline {
  constructor(
    private readonly kernel: Kernel,
    private readonly db: Database,
    private readonly options: PipelineOptions,
  ) {}

  get #env() {
    return {
      clock: this.db.clock,
      maxAttempts: this.options.maxAttempts,
      onEvent: this.options.onEvent,
      webhookMaxAttempts: this.options.webhookMaxAttempts,
    };
  }

  /**
   * Runs the pipeline for a request from its current state, in a `pipeline` span with one child
   * span per step (`pipeline.source`, `pipeline.render`, `pipeline.seal`, `pipeline.store`).
   */
  async run(requestId: string, attempt: number): Promise<PipelineOutcome> {
    return withSpan(
      'pipeline',
      { 'smartloket.request.id': requestId, 'smartloket.pipeline.attempt': attempt },
      async (span) => {
        const outcome = await this.#run(requestId, attempt, (typeId) =>
          span.setAttribute('smartloket.request.type', typeId),
        );
        span.setAttribute('smartloket.pipeline.outcome', outcome.kind);
        return outcome;
      },
    );
  }

  /** Runs `fn` as a step: a child span and a duration in the step histogram. */
  #stepSpan<T>(
    step: 'source' | 'render' | 'seal' | 'store',
    typeId: string,
    attributes: Record<string, string | number>,
    fn: () => Promise<T>,
  ): Promise<T> {
    return withSpan(`pipeline.${step}`, { 'smartloket.request.type': typeId, ...attributes }, () =>
      timed((seconds) => pipelineMetrics.step(step, typeId, seconds), fn),
    );
  }

  async #run(requestId: string, attempt: number, onType: (typeId: string) => void): Promise<PipelineOutcome> {
    const request = await this.db.requests.get(requestId);
    if (!request || !['waiting_source', 'rendering', 'signing'].includes(request.state))
      return { kind: 'done' };
    await this.options.beforeRun?.();
    // A declarative type's request keeps the version it was filed under (form, document layout).
    const rt = this.kernel.requestType(request.typeId, request.typeVersion);
    if (!rt)
      throw new SmartLoketError('REQUEST_TYPE_UNKNOWN', `request type ${request.typeId} is not installed`);
    const def = rt.definition;
    onType(def.id);
    if (!def.source && !def.issue)
      throw new SmartLoketError('NO_SOURCE', `request type ${def.id} has no source`);
    const municipality = await this.kernel.get(coreServices.municipality);
    const pipelineRequest = toPipelineRequest(request);
    if (!def.source) return this.#issue(request, def, municipality);
    // Filed without login: the clerk who approved it is the one the source is consulted for.
    if (request.requester.kind === 'anonymous')
      pipelineRequest.consultedBy = await this.#approver(request.id);
    const consult = await this.kernel.consultFor(def.id, pipelineRequest);
    const deps = await this.kernel.resolveDeps(def.source.deps);
    const logger = this.options.logger.child({ requestId, typeId: def.id });

    const source = def.source;
    let result: Awaited<ReturnType<typeof def.source.fetch>>;
    try {
      result = await this.#stepSpan(
        'source',
        def.id,
        { 'smartloket.pipeline.attempt': attempt },
        async () => {
          const r = await source.fetch(
            {
              request: pipelineRequest,
              municipality,
              now: this.db.clock.now(),
              attempt,
              pendingToken: request.pendingToken ?? undefined,
              logger,
              consult,
            },
            deps,
          );
          trace.getActiveSpan()?.setAttribute('smartloket.source.result', r.kind);
          return r;
        },
      );
    } catch (error) {
      if (error instanceof TransientSourceError) {
        await this.#event(request, 'source_attempt', { code: error.code, attempt });
        throw new RetryLater(error);
      }
      if (error instanceof PermanentSourceError) {
        await this.#permanent(request, error);
        return { kind: 'done' };
      }
      throw error;
    }

    if (result.kind === 'pending') {
      const runAt = new Date(this.db.clock.now().getTime() + result.retryAfterMs);
      await this.db.transaction(async (tx) => {
        await tx.requests.update(request.id, { pendingToken: result.token });
        await tx.events.append({
          requestId: request.id,
          type: 'source_pending',
          fromState: request.state,
          toState: request.state,
          actor: SYSTEM,
          data: { retryAt: runAt.toISOString() },
          at: this.db.clock.now(),
        });
      });
      return { kind: 'later', runAt };
    }

    if (result.kind === 'document') {
      await this.#store(request.id, def, result.document, undefined);
      return { kind: 'done' };
    }

    await this.#renderSealStore(request, def, municipality, result.data);
    return { kind: 'done' };
  }

  /**
   * A document the municipality issues itself (`issue` of the request type): its data and
   * validity from the answers and the clerk's decision (kept in the approve event), then render,
   * seal and store like a source's data.
   */
  async #issue(
    request: RequestRecord,
    def: RequestTypeDefinition,
    municipality: Municipality,
  ): Promise<PipelineOutcome> {
    const issue = def.issue as NonNullable<RequestTypeDefinition['issue']>;
    const events = await this.db.events.list(request.id);
    const approval = events.filter((e) => e.type === 'approve').at(-1);
    const decision = ((approval?.data as { decision?: Record<string, unknown> } | undefined)?.decision ??
      {}) as Record<string, unknown>;
    const issued = await this.#stepSpan(
      'source',
      def.id,
      { 'smartloket.source.result': 'issued' },
      async () =>
        issue.issue({
          reference: request.reference,
          answers: (request.form ?? {}) as Record<string, unknown>,
          decision,
          submittedAt: request.createdAt,
          now: this.db.clock.now(),
        }),
    );
    const validity = {
      ...(issued.validFrom ? { validFrom: issued.validFrom } : {}),
      ...(issued.validUntil ? { validUntil: issued.validUntil } : {}),
    };
    await this.#renderSealStore(request, def, municipality, issued.data, validity);
    return { kind: 'done' };
  }

  /** Renders data, seals it (unless the type says not to) and stores the document. */
  async #renderSealStore(
    request: RequestRecord,
    def: RequestTypeDefinition,
    municipality: Municipality,
    data: unknown,
    validity: Validity = {},
  ): Promise<void> {
    if (!def.renderer)
      throw new SmartLoketError('NO_RENDERER', `request type ${def.id} returned data but has no renderer`);
    const pipelineRequest = toPipelineRequest(request);
    let current = request;
    if (current.state === 'waiting_source') current = await this.#step(current.id, 'render');
    const code = generateVerificationCode();
    const issuedAt = this.db.clock.now();
    const renderer = def.renderer;
    const rendererDeps = await this.kernel.resolveDeps(renderer.deps);
    let document = await this.#stepSpan('render', def.id, {}, () =>
      renderer.render(
        {
          request: pipelineRequest,
          data,
          municipality,
          locale: request.locale,
          issuedAt,
          verification: { code, url: this.options.verificationUrl(code) },
        },
        rendererDeps,
      ),
    );
    if (def.sign !== false) {
      if (current.state === 'rendering') current = await this.#step(current.id, 'sign');
      const signer = await this.#signer(def);
      const unsigned = document.bytes;
      const bytes = await this.#stepSpan(
        'seal',
        def.id,
        { 'smartloket.document.bytes': unsigned.length },
        () =>
          signer.sign(unsigned, {
            reason: localize(def.title, request.locale),
            location: localize(municipality.name, request.locale),
            name: localize(municipality.name, request.locale),
            contactInfo: municipality.email,
            signingTime: issuedAt,
          }),
      );
      document = { ...document, bytes };
    }
    await this.#store(request.id, def, document, code, municipality, validity);
  }

  /** Called by the worker when the pipeline job is given up: the request fails, visibly. */
  async giveUp(requestId: string, reason: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const request = await tx.requests.get(requestId);
      if (!request || !['waiting_source', 'rendering', 'signing'].includes(request.state)) return;
      await moveRequest(tx, this.#env, request, 'fail', SYSTEM, reason);
    });
  }

  async #signer(def: RequestTypeDefinition) {
    if (def.sign === 'default') return this.kernel.get(coreServices.signer);
    const definition = this.kernel.signer(def.sign as string);
    if (!definition)
      throw new SmartLoketError('SIGNER_UNKNOWN', `signer ${String(def.sign)} is not registered`);
    return definition.create(await this.kernel.resolveDeps(definition.deps));
  }

  async #step(requestId: string, action: 'render' | 'sign'): Promise<RequestRecord> {
    return this.db.transaction(async (tx) => {
      const fresh = await tx.requests.get(requestId);
      if (!fresh) throw new SmartLoketError('REQUEST_GONE', 'request disappeared');
      return moveRequest(tx, this.#env, fresh, action, SYSTEM);
    });
  }

  /** Stores the document and delivers, in one transaction; keyed so it happens once. */
  async #store(
    requestId: string,
    def: RequestTypeDefinition,
    document: DocumentBytes,
    verificationCode: string | undefined,
    municipality?: Municipality,
    validity: Validity = {},
  ): Promise<void> {
    return this.#stepSpan('store', def.id, {}, () =>
      this.#storeInTransaction(requestId, def, document, verificationCode, municipality, validity),
    );
  }

  /** The staff member who last approved the request, as the audit log names actors. */
  async #approver(requestId: string): Promise<PipelineRequest['consultedBy']> {
    const events = await this.db.events.list(requestId);
    const approval = events.filter((e) => e.type === 'approve' && e.actor.type === 'staff').pop();
    if (!approval) return undefined;
    return { type: 'staff', id: approval.actor.id, name: approval.actor.name };
  }

  async #storeInTransaction(
    requestId: string,
    def: RequestTypeDefinition,
    document: DocumentBytes,
    verificationCode: string | undefined,
    municipality: Municipality | undefined,
    validity: Validity,
  ): Promise<void> {
    const now = this.db.clock.now();
    const expiresAt = await documentExpiry(
      this.db,
      def,
      this.options.documentMonths,
      now,
      validity.validUntil,
    );
    let deliveredAfterMs: number | undefined;
    await this.db.transaction(async (tx: Tx) => {
      const fresh = await tx.requests.get(requestId);
      if (!fresh || !['waiting_source', 'rendering', 'signing'].includes(fresh.state)) return;
      const sha256 = createHash('sha256').update(document.bytes).digest('hex');
      const stored = await tx.documents.insert({
        requestId,
        stepKey: `${requestId}:document`,
        fileName: safeFileName(document.fileName ?? `${def.id.split('.').pop()}-${fresh.reference}.pdf`),
        mediaType: document.mediaType,
        bytes: document.bytes,
        sha256,
        verificationCode: verificationCode ?? null,
        sealedBy: document.sealedBy ?? (municipality ? localize(municipality.name, 'nl') : null),
        expiresAt,
      });
      const delivered = await moveRequest(tx, this.#env, fresh, 'deliver', SYSTEM, undefined, {
        documentId: stored.id,
      });
      // Filed without login: the mail links to a page for this request only, as long as the
      // document lasts (decision 1401); the token is in the outbox only until the mail is sent.
      const link =
        delivered.requester.kind === 'anonymous' && stored.expiresAt
          ? await tx.capabilityLinks.create(requestId, stored.expiresAt)
          : undefined;
      await enqueueMail(tx, delivered, 'delivered', {
        documentId: stored.id,
        expiresAt: stored.expiresAt?.toISOString(),
        ...(validity.validUntil ? { validUntil: validity.validUntil.toISOString() } : {}),
        ...(link ? { followToken: link.token } : {}),
      });
      deliveredAfterMs = now.getTime() - fresh.createdAt.getTime();
    });
    // Counted after the commit: a rolled-back delivery is not a delivery.
    if (deliveredAfterMs !== undefined) pipelineMetrics.delivered(def.id, deliveredAfterMs / 1000);
  }

  async #permanent(request: RequestRecord, error: PermanentSourceError): Promise<void> {
    await this.db.transaction(async (tx) => {
      const fresh = await tx.requests.get(request.id);
      if (fresh?.state !== 'waiting_source') return;
      const reason = localize(error.userMessage, fresh.locale);
      // A final answer ends any pending source answer: a later approval starts afresh.
      if (fresh.pendingToken) await tx.requests.update(fresh.id, { pendingToken: null });
      if (error.disposition === 'refuse') {
        const refused = await moveRequest(tx, this.#env, fresh, 'refuse', SYSTEM, reason, {
          code: error.code,
        });
        // Paid for and refused by the source: the refund is queued with the refusal; say so.
        const refundable = await refundableCents(tx, refused.id);
        await enqueueMail(tx, refused, 'refused', {
          reason: refundable > 0 ? `${reason} ${refundNotice(refundable, refused.locale)}` : reason,
        });
      } else {
        const escalated = await moveRequest(tx, this.#env, fresh, 'escalate', SYSTEM, reason, {
          code: error.code,
        });
        // A source may ask that the requester hears of it too (e.g. an asynchronous answer that
        // never came): the reason is on their request page, the e-mail says staff now handle it.
        if ((error as { notifyRequester?: boolean }).notifyRequester) {
          await enqueueMail(tx, escalated, 'in_review', { reason });
        }
      }
    });
  }

  async #event(request: RequestRecord, type: string, data: Record<string, unknown>): Promise<void> {
    await this.db.events.append({
      requestId: request.id,
      type,
      fromState: request.state,
      toState: request.state,
      actor: SYSTEM,
      data,
      at: this.db.clock.now(),
    });
  }
}

/** The request as extension points see it. */
export function toPipelineRequest(request: RequestRecord): PipelineRequest {
  return {
    id: request.id,
    reference: request.reference,
    typeId: request.typeId,
    locale: request.locale,
    requester: request.requester,
    subject: request.subject,
    form: (request.form ?? {}) as Record<string, unknown>,
    purpose: request.purpose ?? undefined,
    submittedAt: request.createdAt,
  };
}

/** A file name safe for Content-Disposition: ASCII letters, digits, dot, dash, underscore. */
export function safeFileName(name: string): string {
  const cleaned = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+/, '')
    .slice(0, 100);
  return cleaned.toLowerCase().endsWith('.pdf') ? cleaned : `${cleaned || 'document'}.pdf`;
}
