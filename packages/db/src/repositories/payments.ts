import type { PaymentRefund } from '@smartloket/core';
import type { RepoContext } from '../context.js';
import { fromJson, ms, num, toDate, toDateNN, toJson } from '../dialect.js';

/** `starting` and `unavailable` are the runtime's; the rest are the provider's statuses. */
export type StoredPaymentStatus =
  | 'starting'
  | 'unavailable'
  | 'open'
  | 'pending'
  | 'authorized'
  | 'paid'
  | 'failed'
  | 'canceled'
  | 'expired';

/** A stored payment (one attempt at the provider). */
export interface PaymentRecord {
  id: string;
  requestId: string | null;
  typeId: string;
  moment: 'before_submit' | 'after_approval';
  provider: string;
  providerPaymentId: string | null;
  status: StoredPaymentStatus;
  amountCents: number;
  currency: 'EUR';
  method: string | null;
  checkoutUrl: string | null;
  submissionKey: string | null;
  owner: string | null;
  /** The submission to file once paid (before submitting only); personal data. */
  pending: unknown;
  refunds: PaymentRefund[];
  refundedCents: number;
  createdAt: Date;
  updatedAt: Date;
  paidAt: Date | null;
  checkedAt: Date | null;
}

/** What {@link PaymentRepository.insert} needs. */
export interface NewPayment {
  requestId?: string | null | undefined;
  typeId: string;
  moment: PaymentRecord['moment'];
  provider: string;
  amountCents: number;
  submissionKey?: string | null | undefined;
  owner?: string | null | undefined;
  pending?: unknown;
}

/** Fields that change after the start. */
export type PaymentPatch = Partial<
  Pick<
    PaymentRecord,
    | 'requestId'
    | 'providerPaymentId'
    | 'status'
    | 'method'
    | 'checkoutUrl'
    | 'pending'
    | 'refunds'
    | 'refundedCents'
    | 'paidAt'
    | 'checkedAt'
  >
>;

const COLUMNS: Record<keyof PaymentPatch, string> = {
  requestId: 'request_id',
  providerPaymentId: 'provider_payment_id',
  status: 'status',
  method: 'method',
  checkoutUrl: 'checkout_url',
  pending: 'pending',
  refunds: 'refunds',
  refundedCents: 'refunded_cents',
  paidAt: 'paid_at',
  checkedAt: 'checked_at',
};

/** Payments of fees (issue 21). */
export class PaymentRepository {
  readonly #ctx: RepoContext;
  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /** Inserts a payment in status `starting`. */
  async insert(input: NewPayment): Promise<PaymentRecord> {
    const now = ms(this.#ctx.clock.now());
    const row = {
      id: crypto.randomUUID(),
      request_id: input.requestId ?? null,
      type_id: input.typeId,
      moment: input.moment,
      provider: input.provider,
      status: 'starting',
      amount_cents: input.amountCents,
      currency: 'EUR',
      submission_key: input.submissionKey ?? null,
      owner: input.owner ?? null,
      pending: toJson(input.pending),
      refunds: toJson([]),
      refunded_cents: 0,
      created_at: now,
      updated_at: now,
    };
    const [inserted] = await this.#ctx.knex('payments').insert(row).returning('*');
    return this.#map(inserted);
  }

  /** The payment, or undefined. */
  async get(id: string): Promise<PaymentRecord | undefined> {
    const row = await this.#ctx.knex('payments').where({ id }).first();
    return row ? this.#map(row) : undefined;
  }

  /** The payment the provider knows by this id, or undefined. */
  async byProviderId(provider: string, providerPaymentId: string): Promise<PaymentRecord | undefined> {
    const row = await this.#ctx
      .knex('payments')
      .where({ provider, provider_payment_id: providerPaymentId })
      .first();
    return row ? this.#map(row) : undefined;
  }

  /** A request's payments, oldest first. */
  async listByRequest(requestId: string): Promise<PaymentRecord[]> {
    const rows = await this.#ctx
      .knex('payments')
      .where({ request_id: requestId })
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map((r: any) => this.#map(r));
  }

  /** The attempts of one submission (before submitting), oldest first. */
  async listBySubmission(submissionKey: string): Promise<PaymentRecord[]> {
    const rows = await this.#ctx
      .knex('payments')
      .where({ submission_key: submissionKey })
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map((r: any) => this.#map(r));
  }

  /** Payments not final yet (open, pending, authorized), least recently checked first. */
  async listOpen(limit = 200): Promise<PaymentRecord[]> {
    const rows = await this.#ctx
      .knex('payments')
      .whereIn('status', ['open', 'pending', 'authorized'])
      .orderBy([
        { column: 'updated_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(Math.max(1, Math.min(limit, 5000)));
    return rows.map((r: any) => this.#map(r));
  }

  /** Changes a payment. */
  async update(id: string, patch: PaymentPatch): Promise<PaymentRecord> {
    const out: Record<string, unknown> = { updated_at: ms(this.#ctx.clock.now()) };
    for (const [field, column] of Object.entries(COLUMNS)) {
      if (!(field in patch)) continue;
      const value = (patch as Record<string, unknown>)[field];
      if (value === undefined) continue;
      if (field === 'pending' || field === 'refunds') out[column] = toJson(value);
      else if (field === 'paidAt' || field === 'checkedAt') out[column] = ms(value as Date | null);
      else out[column] = value;
    }
    const [row] = await this.#ctx.knex('payments').where({ id }).update(out).returning('*');
    return this.#map(row);
  }

  /**
   * Links a payment made before submitting to the request it filed, once: true for the caller
   * that linked it, false when it was linked already (a second notification, a parallel poll).
   */
  async claimFiling(id: string, requestId: string): Promise<boolean> {
    const n = await this.#ctx
      .knex('payments')
      .where({ id })
      .whereNull('request_id')
      .update({ request_id: requestId, pending: null, updated_at: ms(this.#ctx.clock.now()) });
    return num(n) === 1;
  }

  /**
   * The payments of the financial overview of [`from`, `to`): paid in the window, or paid before
   * its end with refunds (a refund falls in the window of its own date). With the reference of
   * the request each filed, oldest payment first.
   */
  async ledger(from: Date, to: Date): Promise<(PaymentRecord & { reference: string | null })[]> {
    const rows = await this.#ctx
      .knex('payments as p')
      .leftJoin('requests as r', 'r.id', 'p.request_id')
      .where('p.status', 'paid')
      .andWhere('p.paid_at', '<', ms(to))
      .andWhere((q) => q.where('p.paid_at', '>=', ms(from)).orWhere('p.refunded_cents', '>', 0))
      .orderBy([
        { column: 'p.paid_at', order: 'asc' },
        { column: 'p.id', order: 'asc' },
      ])
      .select('p.*', 'r.reference as reference');
    return rows.map((r: any) => ({ ...this.#map(r), reference: r.reference ?? null }));
  }

  /**
   * Claims a refund before the provider is asked: moves `refunded_cents` from `from` to `to` only
   * when it is still `from`, so two callers (a retried job, a double click) never refund the same
   * money twice. False when someone else changed it first. The next read from the provider
   * stores what was really refunded.
   */
  async claimRefund(id: string, from: number, to: number): Promise<boolean> {
    const n = await this.#ctx
      .knex('payments')
      .where({ id, refunded_cents: from })
      .update({ refunded_cents: to, updated_at: ms(this.#ctx.clock.now()) });
    return num(n) === 1;
  }

  #map(r: any): PaymentRecord {
    const d = this.#ctx.dialect;
    return {
      id: r.id,
      requestId: r.request_id ?? null,
      typeId: r.type_id,
      moment: r.moment,
      provider: r.provider,
      providerPaymentId: r.provider_payment_id ?? null,
      status: r.status,
      amountCents: num(r.amount_cents),
      currency: 'EUR',
      method: r.method ?? null,
      checkoutUrl: r.checkout_url ?? null,
      submissionKey: r.submission_key ?? null,
      owner: r.owner ?? null,
      pending: fromJson(d, r.pending),
      refunds: (fromJson<Array<PaymentRefund & { createdAt: string }>>(d, r.refunds) ?? []).map((x) => ({
        ...x,
        createdAt: new Date(x.createdAt),
      })),
      refundedCents: num(r.refunded_cents),
      createdAt: toDateNN(r.created_at),
      updatedAt: toDateNN(r.updated_at),
      paidAt: toDate(r.paid_at),
      checkedAt: toDate(r.checked_at),
    };
  }
}
