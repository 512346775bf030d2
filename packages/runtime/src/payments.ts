import {
  type Actor,
  type AssessedFee,
  type Identity,
  isFinalPaymentStatus,
  type Kernel,
  type Locale,
  type Logger,
  localize,
  NotFoundError,
  type PaymentProviderDefinition,
  PaymentProviderUnavailableError,
  type PaymentSnapshot,
  requesterFromIdentity,
  SmartLoketError,
  SYSTEM,
} from '@smartloket/core';
import type { Database, NewPayment, PaymentRecord, RequestRecord } from '@smartloket/db';
import type { Fees } from './fees.js';
import type { RequestService, SubmitInput } from './request-service.js';
import { enqueueWebhooks, type WebhookPayment } from './webhooks.js';

/** The job that polls one payment at the provider until it is final (the reconciliation). */
export const PAYMENT_CHECK_JOB = 'payment.check';

/** Audit category of a provider's notification about a payment this deployment does not know. */
export const PAYMENT_UNMATCHED_AUDIT = 'payment_notification_unmatched';

/** The job that refunds what was paid for a request that was refused (queued with the refusal). */
export const PAYMENT_REFUND_JOB = 'payment.refund';

/** Refunds larger than what is left, not a whole number of cents, or of an unpaid payment. */
export class RefundNotPossibleError extends SmartLoketError {
  constructor(message: string) {
    super('REFUND_NOT_POSSIBLE', message, {
      userMessage: {
        nl: 'Deze terugbetaling kan niet: het bedrag is groter dan wat nog terug te betalen is, of de betaling is niet betaald.',
        fr: "Ce remboursement est impossible : le montant dépasse ce qui reste à rembourser, ou le paiement n'est pas payé.",
        en: 'This refund is not possible: the amount is more than what is left to refund, or the payment is not paid.',
      },
    });
  }
}

/** Recording a counter payment is not possible: no counter provider, nothing due, or paid already. */
export class PaymentNotRecordableError extends SmartLoketError {
  constructor(message: string) {
    super('PAYMENT_NOT_RECORDABLE', message, {
      userMessage: {
        nl: 'Voor deze aanvraag kan geen betaling geregistreerd worden: er is niets te betalen of ze is al betaald.',
        fr: 'Aucun paiement ne peut être enregistré pour cette demande : il n’y a rien à payer ou elle est déjà payée.',
        en: 'No payment can be recorded for this request: nothing is due or it is paid already.',
      },
    });
  }
}

/** What the runtime stored of a payment, as a provider snapshot (for providers without state). */
function snapshotOf(p: PaymentRecord): PaymentSnapshot | undefined {
  if (!p.providerPaymentId || p.status === 'starting' || p.status === 'unavailable') return undefined;
  return {
    providerPaymentId: p.providerPaymentId,
    status: p.status,
    amountCents: p.amountCents,
    currency: 'EUR',
    method: p.method ?? undefined,
    paidAt: p.paidAt ?? undefined,
    checkoutUrl: p.checkoutUrl ?? undefined,
    refunds: p.refunds,
  };
}

/** The provider the deployment's config selects, with its services resolved. */
export interface PaymentProviderHandle {
  definition: PaymentProviderDefinition;
  deps: Record<string, unknown>;
}

/** The submission a payment before submitting files once paid (stored with the payment). */
interface PendingSubmission {
  typeId: string;
  input: unknown;
  locale: Locale;
  identity?: Identity | undefined;
  fee: AssessedFee;
}

/** What {@link PaymentService.checkout} answers. */
export type CheckoutResult =
  /** Nothing to pay (free, waived, below the provider's minimum, no provider): submit as usual. */
  | { kind: 'free' }
  /** Send the requester to the provider's checkout. */
  | { kind: 'redirect'; payment: PaymentRecord; checkoutUrl: string }
  /** An earlier attempt of this submission was paid: the request is filed. */
  | { kind: 'filed'; request: RequestRecord };

/** How long the reconciliation keeps polling a payment that stays open [3 days]. */
const POLL_FOR_MS = 3 * 24 * 3600_000;

/** Minutes between polls: soon after the start, then less often. */
function nextPollDelayMs(ageMs: number): number {
  if (ageMs < 30 * 60_000) return 5 * 60_000;
  if (ageMs < 6 * 3600_000) return 30 * 60_000;
  return 3 * 3600_000;
}

/**
 * Payments of fees (issue 21, decision 1700): the checkout before submitting, the provider's
 * status fetched back (never taken from a notification or the return URL), the filing of the
 * request once paid (once: the submission's idempotency key and a conditional link), and the
 * reconciliation that polls open payments until they are final.
 */
export class PaymentService {
  constructor(
    private readonly kernel: Kernel,
    private readonly db: Database,
    private readonly requests: RequestService,
    private readonly fees: Fees,
    private readonly options: {
      provider?: PaymentProviderHandle | undefined;
      baseUrl: string;
      logger: Logger;
      /** Delivery attempts of a webhook [8]. */
      webhookMaxAttempts?: number | undefined;
    },
  ) {}

  /** The configured provider, or undefined (no fee is collected online). */
  get provider(): PaymentProviderHandle | undefined {
    return this.options.provider;
  }

  /**
   * The fee to pay before submitting this, or undefined when the type pays after approval, is
   * free or waived, the amount is below the provider's minimum, or no provider is configured.
   */
  async dueBeforeSubmit(input: Omit<SubmitInput, 'idempotencyKey'>): Promise<AssessedFee | undefined> {
    const provider = this.options.provider?.definition;
    if (!provider || provider.kind !== 'online') return undefined;
    if (this.fees.policy(input.typeId).payment !== 'before_submit') return undefined;
    const fee = await this.requests.quote(input);
    if (!fee || fee.amountCents <= 0) return undefined;
    if (fee.amountCents < (provider.minimumAmountCents ?? 1)) return undefined;
    return fee;
  }

  /**
   * Starts (or resumes) the payment of a submission before it is filed. A second call for the
   * same submission while its payment is still open resumes that payment (a double click starts
   * no second one); after a failed, cancelled or expired attempt it starts a new one (retry).
   * Throws {@link PaymentProviderUnavailableError} when the provider cannot be reached: nothing
   * is filed, the attempt is recorded as `unavailable` and the requester may try again.
   */
  async checkout(input: SubmitInput & { idempotencyKey: string }): Promise<CheckoutResult> {
    const handle = this.options.provider;
    const fee = await this.dueBeforeSubmit(input);
    if (!handle || !fee) return { kind: 'free' };
    const owner = input.identity ? requesterFromIdentity(input.identity).id : null;
    const attempts = await this.db.payments.listBySubmission(input.idempotencyKey);
    const mine = attempts.filter((p) => p.owner === owner);
    const filed = mine.find((p) => p.requestId);
    if (filed?.requestId) {
      const request = await this.db.requests.get(filed.requestId);
      if (request) return { kind: 'filed', request };
    }
    // The last attempt: fetch it back; open with a checkout → resume; paid → file now.
    const last = mine[mine.length - 1];
    if (last?.providerPaymentId && !isFinalPaymentStatus(last.status as never)) {
      const { payment, request } = await this.refresh(last.id);
      if (request) return { kind: 'filed', request };
      if (payment.checkoutUrl && !isFinalPaymentStatus(payment.status as never) && payment.status !== 'paid')
        return { kind: 'redirect', payment, checkoutUrl: payment.checkoutUrl };
    }
    const pending: PendingSubmission = {
      typeId: input.typeId,
      input: input.input,
      locale: input.locale,
      identity: input.identity,
      fee,
    };
    const payment = await this.#start(
      handle,
      {
        typeId: input.typeId,
        moment: 'before_submit',
        provider: handle.definition.id,
        amountCents: fee.amountCents,
        submissionKey: input.idempotencyKey,
        owner,
        pending,
      },
      input.locale,
    );
    return { kind: 'redirect', payment, checkoutUrl: payment.checkoutUrl! };
  }

  /**
   * Whether an approved request's fee is to be paid now (the type pays `after_approval`, the fee
   * is at least the provider's minimum, an online provider is configured), with the days the
   * requester has to pay; undefined: nothing due, the pipeline starts at once.
   */
  async dueAfterApproval(request: RequestRecord): Promise<{ days: number } | undefined> {
    const provider = this.options.provider?.definition;
    if (!provider || provider.kind !== 'online') return undefined;
    const policy = this.fees.policy(request.typeId);
    // Without login nobody can pay before submitting (the e-mail is confirmed and a clerk checks
    // the requester first): whatever the type's moment, such a request pays after approval.
    if (policy.payment !== 'after_approval' && request.requester.kind !== 'anonymous') return undefined;
    const cents = request.fee?.amountCents ?? 0;
    if (cents <= 0 || cents < (provider.minimumAmountCents ?? 1)) return undefined;
    return { days: policy.payWithinDays };
  }

  /**
   * Starts (or resumes) the payment of an approved request's fee (paid after approval), for
   * whoever may see the request (its page or its capability link checked that). `paid`: it is
   * paid already (the pipeline runs); `not_due`: nothing to pay now (not approved, lapsed, free).
   * Throws {@link PaymentProviderUnavailableError} when the provider cannot be reached: the
   * request stays approved and the requester may try again.
   */
  async payApproved(
    requestId: string,
    options: { locale: Locale; owner?: string | null | undefined },
  ): Promise<{ kind: 'redirect'; checkoutUrl: string } | { kind: 'paid' } | { kind: 'not_due' }> {
    const handle = this.options.provider;
    const request = await this.db.requests.get(requestId);
    const cents = request?.fee?.amountCents ?? 0;
    if (!handle || !request || request.state !== 'approved' || !request.payBy || cents <= 0)
      return { kind: 'not_due' };
    const attempts = (await this.db.payments.listByRequest(request.id)).filter(
      (p) => p.moment === 'after_approval',
    );
    // An earlier attempt may be paid (its notification not in yet) or still open: read it back.
    for (const p of attempts) {
      if (!p.providerPaymentId || (isFinalPaymentStatus(p.status as never) && p.status !== 'paid')) continue;
      const { payment } = await this.refresh(p.id);
      if (payment.status === 'paid') return { kind: 'paid' };
      if (
        p === attempts[attempts.length - 1] &&
        payment.checkoutUrl &&
        !isFinalPaymentStatus(payment.status as never)
      )
        return { kind: 'redirect', checkoutUrl: payment.checkoutUrl };
    }
    const payment = await this.#start(
      handle,
      {
        requestId: request.id,
        typeId: request.typeId,
        moment: 'after_approval',
        provider: handle.definition.id,
        amountCents: cents,
        owner: options.owner ?? null,
      },
      options.locale,
      request.reference,
    );
    return { kind: 'redirect', checkoutUrl: payment.checkoutUrl! };
  }

  /** Inserts a payment, starts it at the provider and queues its reconciliation. */
  async #start(
    handle: PaymentProviderHandle,
    row: NewPayment,
    locale: Locale,
    reference?: string,
  ): Promise<PaymentRecord> {
    const def = this.kernel.requestType(row.typeId)?.definition;
    let payment = await this.db.payments.insert(row);
    const logger = this.#logger(payment);
    const title = def ? localize(def.title, locale) : row.typeId;
    let snapshot: PaymentSnapshot;
    try {
      snapshot = await handle.definition.start(
        {
          amountCents: row.amountCents,
          currency: 'EUR',
          description: (reference ? `${reference} ${title}` : title).slice(0, 200),
          reference: reference ?? payment.id,
          returnUrl: `${this.options.baseUrl}/payments/${payment.id}/return`,
          notificationUrl: `${this.options.baseUrl}/payments/${encodeURIComponent(handle.definition.id)}/notify`,
          locale,
          idempotencyKey: payment.id,
          metadata: { payment: payment.id, type: row.typeId },
          logger,
        },
        handle.deps as never,
      );
    } catch (error) {
      await this.db.payments.update(payment.id, { status: 'unavailable', pending: null });
      logger.warn('payments: start failed, nothing changed', { code: (error as { code?: string }).code });
      if (error instanceof PaymentProviderUnavailableError) throw error;
      throw new PaymentProviderUnavailableError('the payment could not be started', { cause: error });
    }
    payment = await this.#store(payment, snapshot);
    await this.db.jobs.enqueue({
      type: PAYMENT_CHECK_JOB,
      payload: { paymentId: payment.id },
      runAt: new Date(this.db.clock.now().getTime() + nextPollDelayMs(0)),
      key: `${PAYMENT_CHECK_JOB}:${payment.id}`,
      maxAttempts: 20,
    });
    logger.info('payments: started', { status: payment.status, moment: payment.moment });
    if (!payment.checkoutUrl) throw new PaymentProviderUnavailableError('the provider gave no checkout page');
    return payment;
  }

  /**
   * Reads a payment back from the provider and acts on it: paid before submitting → the request
   * is filed (at most once); final without money → the stored submission is dropped (the portal's
   * draft stays). A provider that cannot be reached leaves everything as it was.
   */
  async refresh(paymentId: string): Promise<{ payment: PaymentRecord; request?: RequestRecord | undefined }> {
    let payment = await this.db.payments.get(paymentId);
    if (!payment) throw new NotFoundError('payment');
    const handle = this.options.provider;
    if (!handle || handle.definition.id !== payment.provider || !payment.providerPaymentId)
      return { payment, request: await this.#request(payment) };
    const logger = this.#logger(payment);
    let snapshot: PaymentSnapshot;
    try {
      snapshot = await handle.definition.fetch(
        { providerPaymentId: payment.providerPaymentId, last: snapshotOf(payment), logger },
        handle.deps as never,
      );
    } catch (error) {
      logger.warn('payments: status could not be read, kept as it was', {
        code: (error as { code?: string }).code,
      });
      return { payment, request: await this.#request(payment) };
    }
    if (
      snapshot.providerPaymentId !== payment.providerPaymentId ||
      snapshot.amountCents !== payment.amountCents
    ) {
      // Never act on a payment that is not the one started (another id, another amount).
      logger.warn('payments: the provider answered for another payment or amount, nothing changed', {});
      return { payment, request: await this.#request(payment) };
    }
    const before = payment;
    payment = await this.#store(payment, snapshot);
    if (payment.status === 'paid' && payment.moment === 'before_submit' && !payment.requestId) {
      const request = await this.#file(payment);
      await this.announce(before, (await this.db.payments.get(payment.id)) ?? payment);
      return { payment, request };
    }
    if (payment.status === 'paid' && payment.moment === 'after_approval' && payment.requestId) {
      await this.#paidAfterApproval(payment);
    }
    await this.announce(before, payment);
    if (isFinalPaymentStatus(payment.status as never) && payment.status !== 'paid' && payment.pending) {
      payment = await this.db.payments.update(payment.id, { pending: null });
    }
    return { payment, request: await this.#request(payment) };
  }

  /**
   * Handles a provider's notification: only the payment id is read from it; the status is
   * fetched. A notification for a payment this deployment did not start changes nothing and is
   * logged (the id only, never the body).
   */
  async notify(providerId: string, ctx: { contentType?: string | undefined; body: unknown }): Promise<void> {
    const handle = this.options.provider;
    const logger = this.options.logger;
    if (!handle || handle.definition.id !== providerId) {
      logger.warn('payments: notification for a provider that is not configured', { provider: providerId });
      return;
    }
    const parsed = handle.definition.parseNotification(ctx);
    if (!parsed) {
      logger.warn('payments: notification without a payment id ignored', { provider: providerId });
      return;
    }
    const payment = await this.db.payments.byProviderId(providerId, parsed.providerPaymentId);
    if (!payment) {
      const providerPaymentId = parsed.providerPaymentId.slice(0, 64);
      logger.warn('payments: notification for an unknown payment ignored', {
        provider: providerId,
        providerPaymentId,
      });
      // Kept for the daily digest (at most 100 a day: the route is public, a flood stays a log line).
      const now = this.db.clock.now();
      const today = await this.db.audit.list(
        { categories: [PAYMENT_UNMATCHED_AUDIT], from: new Date(now.getTime() - 24 * 3600_000) },
        { limit: 100 },
      );
      if (today.length < 100) {
        await this.db.audit.append({
          category: PAYMENT_UNMATCHED_AUDIT,
          actor: SYSTEM,
          outcome: 'ignored',
          data: { provider: providerId, providerPaymentId },
        });
      }
      return;
    }
    await this.refresh(payment.id);
  }

  /**
   * The reconciliation job of one payment: reads it back; while it is not final it asks to run
   * again later (every 5 minutes at first, then less often, for 3 days).
   */
  async check(paymentId: string): Promise<{ later?: Date }> {
    const { payment } = await this.refresh(paymentId);
    const final = isFinalPaymentStatus(payment.status as never) || payment.status === 'unavailable';
    if (final) return {};
    const now = this.db.clock.now().getTime();
    const age = now - payment.createdAt.getTime();
    if (age > POLL_FOR_MS) {
      this.#logger(payment).warn('payments: still not final after 3 days, polling stops', {
        status: payment.status,
      });
      return {};
    }
    return { later: new Date(now + nextPollDelayMs(age)) };
  }

  /**
   * Refunds all (default) or part of a paid payment through the provider, audited
   * (`payment_refunded`) with who asked and why. The idempotency key makes a retried call (a
   * double click, a retried job) refund once: `key` names the refund (default: the next one).
   */
  async refund(
    paymentId: string,
    options: { amountCents?: number | undefined; reason: string; actor: Actor; key?: string | undefined },
  ): Promise<PaymentRecord> {
    const handle = this.options.provider;
    const payment = await this.db.payments.get(paymentId);
    if (!payment) throw new NotFoundError('payment');
    const left = payment.amountCents - payment.refundedCents;
    const amount = options.amountCents ?? left;
    if (
      !handle ||
      handle.definition.id !== payment.provider ||
      !payment.providerPaymentId ||
      payment.status !== 'paid' ||
      !Number.isInteger(amount) ||
      amount <= 0 ||
      amount > left
    ) {
      throw new RefundNotPossibleError(`refund of ${amount} cents not possible (${left} left)`);
    }
    const logger = this.#logger(payment);
    const request = await this.#request(payment);
    // Claimed first: a parallel refund of the same money (a second job, a double click) stops here.
    const claimed = payment.refundedCents + amount;
    if (!(await this.db.payments.claimRefund(payment.id, payment.refundedCents, claimed))) {
      throw new RefundNotPossibleError('another refund of this payment is under way');
    }
    let result: Awaited<ReturnType<PaymentProviderDefinition['refund']>>;
    try {
      result = await handle.definition.refund(
        {
          providerPaymentId: payment.providerPaymentId,
          amountCents: amount,
          description: `Terugbetaling ${request?.reference ?? payment.id}`,
          idempotencyKey: options.key ?? `${payment.id}:refund:${payment.refunds.length + 1}`,
          logger,
        },
        handle.deps as never,
      );
    } catch (error) {
      await this.db.payments.claimRefund(payment.id, claimed, payment.refundedCents);
      throw error;
    }
    await this.db.audit.append({
      category: 'payment_refunded',
      actor: { type: options.actor.type, id: options.actor.id, name: options.actor.name },
      requestId: payment.requestId,
      outcome: result.status,
      data: {
        paymentId: payment.id,
        providerRefundId: result.providerRefundId,
        amountCents: amount,
        reason: options.reason.slice(0, 500),
      },
    });
    if (
      handle.definition.kind === 'counter' &&
      !payment.refunds.some((r) => r.providerRefundId === result.providerRefundId)
    ) {
      // A counter provider keeps no state: what it refunded is known only from its answer.
      const refunds = [
        ...payment.refunds,
        {
          providerRefundId: result.providerRefundId,
          amountCents: amount,
          status: result.status,
          createdAt: this.db.clock.now(),
        },
      ];
      await this.db.payments.update(payment.id, { refunds });
    }
    logger.info('payments: refund asked', { amountCents: amount, status: result.status });
    const after = (await this.refresh(payment.id)).payment;
    // Against the record before the claim: the claim already raised what the read-back compares.
    await this.announce(payment, after);
    return after;
  }

  /** Refunds what is left of every paid payment of a refused request (the refund job). */
  async refundRequest(requestId: string, reason: string, actor: Actor): Promise<number> {
    let refunded = 0;
    for (const p of await this.db.payments.listByRequest(requestId)) {
      const left = p.amountCents - p.refundedCents;
      if (p.status !== 'paid' || left <= 0) continue;
      try {
        await this.refund(p.id, { amountCents: left, reason, actor, key: `${p.id}:refused` });
        refunded += left;
      } catch (error) {
        // Refunded meanwhile by another job or a clerk: nothing left to do for this payment.
        if (!(error instanceof RefundNotPossibleError)) throw error;
      }
    }
    return refunded;
  }

  /**
   * Queues the webhooks `payment.paid` (the payment is paid and belongs to a request) and
   * `payment.refunded` (more was refunded than `before` knew). Safe to call again for the same
   * change: each subscriber gets one event per payment paid and per refunded total.
   */
  async announce(before: PaymentRecord | undefined, after: PaymentRecord): Promise<void> {
    if (after.status !== 'paid' || !after.requestId) return;
    const newlyPaid = before?.status !== 'paid' || !before.requestId;
    const refunded = after.refundedCents > (before?.refundedCents ?? 0);
    if (!newlyPaid && !refunded) return;
    const request = await this.db.requests.get(after.requestId);
    if (!request) return;
    const payment: WebhookPayment = {
      id: after.id,
      status: after.status,
      amountCents: after.amountCents,
      refundedCents: after.refundedCents,
      currency: 'EUR',
      method: after.method,
      provider: after.provider,
      providerPaymentId: after.providerPaymentId,
      paidAt: after.paidAt?.toISOString() ?? null,
    };
    const max = this.options.webhookMaxAttempts;
    await this.db.transaction(async (tx) => {
      if (newlyPaid)
        await enqueueWebhooks(tx, request, 'payment.paid', { payment, dedupe: `payment:${after.id}` }, max);
      if (refunded) {
        await enqueueWebhooks(
          tx,
          request,
          'payment.refunded',
          { payment, dedupe: `payment:${after.id}:refunded:${after.refundedCents}` },
          max,
        );
      }
    });
  }

  /**
   * A clerk records a payment received at the counter or by invoice (counter providers): a
   * payment of the request's fee is started and recorded as paid at once, audited
   * (`payment_recorded`: who, amount, method, the clerk's reference such as a receipt or invoice
   * number) and announced (`payment.paid`); the request then goes on as a paid one. Refused
   * (nothing changes) when the provider is not a counter provider, the request owes nothing or is
   * paid already; a method the provider does not offer or an amount of zero is refused by the
   * provider with translated field messages.
   */
  async record(
    requestId: string,
    options: { amountCents: number; method: string; reference?: string | undefined; actor: Actor },
  ): Promise<PaymentRecord> {
    const handle = this.options.provider;
    const request = await this.db.requests.get(requestId);
    if (!request) throw new NotFoundError('request');
    if (
      !handle?.definition.record ||
      handle.definition.kind !== 'counter' ||
      !(request.fee?.amountCents ?? 0)
    )
      throw new PaymentNotRecordableError('no counter provider, or nothing to pay');
    const paid = (await this.db.payments.listByRequest(request.id)).some((p) => p.status === 'paid');
    if (paid) throw new PaymentNotRecordableError('paid already');
    const reference = (options.reference ?? '').trim().slice(0, 100);
    const attempts = (await this.db.payments.listByRequest(request.id)).length;
    const logger = this.options.logger.child({ requestId: request.id, provider: handle.definition.id });
    const ctx = { currency: 'EUR' as const, logger };
    const started = await handle.definition.start(
      {
        ...ctx,
        amountCents: options.amountCents,
        description: request.reference,
        reference: request.reference,
        returnUrl: `${this.options.baseUrl}/`,
        locale: request.locale,
        idempotencyKey: `${request.id}:counter:${attempts + 1}`,
        metadata: { type: request.typeId },
      },
      handle.deps as never,
    );
    // The provider checks the clerk's entry (method offered, amount above zero) before anything is stored.
    const snapshot = await handle.definition.record(
      {
        providerPaymentId: started.providerPaymentId,
        amountCents: options.amountCents,
        method: options.method,
        paidAt: this.db.clock.now(),
        logger,
      },
      handle.deps as never,
    );
    let payment = await this.db.payments.insert({
      requestId: request.id,
      typeId: request.typeId,
      moment: this.fees.policy(request.typeId).payment,
      provider: handle.definition.id,
      amountCents: snapshot.amountCents,
    });
    payment = await this.#store(payment, snapshot);
    await this.db.audit.append({
      category: 'payment_recorded',
      actor: { type: options.actor.type, id: options.actor.id, name: options.actor.name },
      requestId: request.id,
      outcome: 'paid',
      data: {
        paymentId: payment.id,
        providerPaymentId: payment.providerPaymentId,
        amountCents: payment.amountCents,
        method: payment.method,
        ...(reference ? { reference } : {}),
      },
    });
    this.#logger(payment).info('payments: recorded at the counter', { method: payment.method });
    await this.announce(undefined, payment);
    // Read back like any payment: whatever a paid payment sets going runs.
    return (await this.refresh(payment.id)).payment;
  }

  /**
   * A fee due after approval is paid: the pipeline starts (once). Paid for a request that is
   * closed meanwhile (lapsed, refused, cancelled): nobody keeps the money, it is refunded.
   */
  async #paidAfterApproval(payment: PaymentRecord): Promise<void> {
    const outcome = await this.requests.startPaid(payment.requestId!, { paymentId: payment.id });
    if (outcome === 'started')
      this.#logger(payment).info('payments: paid after approval, delivery starts', {});
    if (outcome === 'closed' && payment.refundedCents < payment.amountCents) {
      await this.#queueRefund(payment.requestId!, `paid-closed:${payment.id}`);
    }
  }

  /** Queues the refund job of a request (what is paid and left is refunded, once). */
  async #queueRefund(requestId: string, why: string): Promise<void> {
    await this.db.jobs.enqueue({
      type: PAYMENT_REFUND_JOB,
      payload: { requestId },
      key: `${PAYMENT_REFUND_JOB}:${requestId}:${why}`,
      maxAttempts: 12,
    });
  }

  /** Stores what the provider says now. */
  async #store(payment: PaymentRecord, s: PaymentSnapshot): Promise<PaymentRecord> {
    const refunded = s.refunds
      .filter((r) => r.status !== 'failed' && r.status !== 'canceled')
      .reduce((sum, r) => sum + r.amountCents, 0);
    return this.db.payments.update(payment.id, {
      providerPaymentId: s.providerPaymentId,
      status: s.status,
      method: s.method ?? null,
      checkoutUrl: s.checkoutUrl ?? null,
      paidAt: s.paidAt ?? null,
      refunds: s.refunds,
      refundedCents: refunded,
      checkedAt: this.db.clock.now(),
    });
  }

  /** Files the submission of a paid payment, once. */
  async #file(payment: PaymentRecord): Promise<RequestRecord | undefined> {
    const pending = payment.pending as PendingSubmission | null;
    if (!pending || !payment.submissionKey) return this.#request(payment);
    const result = await this.requests.submit({
      typeId: pending.typeId,
      input: pending.input,
      locale: pending.locale,
      identity: pending.identity,
      idempotencyKey: payment.submissionKey,
      fee: pending.fee,
    });
    const linked = await this.db.payments.claimFiling(payment.id, result.request.id);
    if (linked && result.created) {
      // The uploads of the form are the request's now, and a saved draft is done with.
      const fields = this.kernel.requestType(pending.typeId)?.definition.form.fields ?? {};
      const values = (pending.input ?? {}) as Record<string, { uploadId?: unknown } | undefined>;
      for (const [name, meta] of Object.entries(fields)) {
        const uploadId = values[name]?.uploadId;
        if (meta.kind === 'file' && typeof uploadId === 'string')
          await this.db.uploads.attach(uploadId, result.request.id);
      }
      await this.db.drafts.delete(payment.submissionKey);
    }
    // Paid, then denied by the rules (or refused) at filing: the payment is refunded.
    if (linked && (result.request.state === 'denied' || result.request.state === 'refused')) {
      await this.#queueRefund(result.request.id, `filed:${payment.id}`);
    }
    this.#logger(payment).info(linked ? 'payments: paid, request filed' : 'payments: paid, filed already', {
      requestId: result.request.id,
      created: result.created,
    });
    return result.request;
  }

  async #request(payment: PaymentRecord): Promise<RequestRecord | undefined> {
    return payment.requestId ? this.db.requests.get(payment.requestId) : undefined;
  }

  /** A logger bound to the payment: ids only, never personal data. */
  #logger(payment: PaymentRecord): Logger {
    return this.options.logger.child({
      paymentId: payment.id,
      provider: payment.provider,
      typeId: payment.typeId,
    });
  }
}
