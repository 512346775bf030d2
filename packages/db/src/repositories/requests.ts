import {
  type AssessedFee,
  ConflictError,
  type Decision,
  type Locale,
  NotFoundError,
  type Requester,
  type RequestKind,
  type RequestState,
  type Subject,
} from '@smartloket/core';
import type { Knex } from 'knex';
import { inTx, type RepoContext } from '../context.js';
import { fromJson, ms, num, toDate, toDateNN, toJson } from '../dialect.js';
import { decodeCursor, encodeCursor, type Page, type PageRequest } from './paging.js';

/** States in which a due date still counts: waiting for staff, or paused waiting for the requester. */
const DUE_DATE_STATES: readonly RequestState[] = [
  'submitted',
  'in_review',
  'in_progress',
  'failed',
  'waiting_requester',
];

/** A stored request. */
export interface RequestRecord {
  id: string;
  /** Human reference, e.g. `SL-2026-000123`. */
  reference: string;
  typeId: string;
  /** The version of a declarative type the request was filed under; null for plugins' types. */
  typeVersion: number | null;
  pluginId: string;
  kind: RequestKind;
  state: RequestState;
  /** Incremented by every {@link RequestRepository.transition}: the optimistic concurrency token. */
  version: number;
  locale: Locale;
  requester: Requester;
  requesterId: string;
  requesterKind: Requester['kind'];
  organisationKbo: string | null;
  subject: Subject;
  subjectInsz: string | null;
  /** The form data; null once purged by retention. */
  form: Record<string, unknown> | null;
  purpose: string | null;
  use: 'domestic' | 'foreign' | null;
  decision: Decision | null;
  idempotencyKey: string | null;
  assigneeId: string | null;
  /** Token of a pending source answer (e.g. Strafregister), polled later. */
  pendingToken: string | null;
  createdAt: Date;
  updatedAt: Date;
  handledAt: Date | null;
  deliveredAt: Date | null;
  closedAt: Date | null;
  /** When set, the form data is purged at this instant (otherwise the retention term applies). */
  formPurgeAt: Date | null;
  formPurgedAt: Date | null;
  /** The start (Brussels midnight) of the day the request is due; null without a lead time. */
  dueAt: Date | null;
  /** When it started waiting for the requester (null when not waiting). */
  pausedAt: Date | null;
  /** The start of the last day the requester may answer the open question. */
  answerBy: Date | null;
  /** When the reminder before {@link RequestRecord.answerBy} was queued. */
  answerRemindedAt: Date | null;
  /** When the last question expired without an answer ("geen antwoord"). */
  noAnswerAt: Date | null;
  /** The fee the request was filed under (issue 21); null for a free type. */
  fee: AssessedFee | null;
  /** The start of the last day the fee due after approval may be paid; null: nothing due. */
  payBy: Date | null;
  /** When the reminder before {@link RequestRecord.payBy} is due. */
  payRemindAt: Date | null;
  /** When that reminder was queued. */
  payRemindedAt: Date | null;
}

/** What {@link RequestRepository.insert} needs; the rest is derived or defaulted. */
export interface NewRequest {
  id?: string;
  typeId: string;
  /** The version of a declarative type (`RegisteredRequestType.version`). */
  typeVersion?: number | null | undefined;
  pluginId: string;
  kind: RequestKind;
  /** Defaults to `submitted`. */
  state?: RequestState;
  locale: Locale;
  requester: Requester;
  subject: Subject;
  form?: Record<string, unknown> | null | undefined;
  purpose?: string | null | undefined;
  use?: 'domestic' | 'foreign' | null | undefined;
  decision?: Decision | null | undefined;
  idempotencyKey?: string | null | undefined;
  assigneeId?: string | null | undefined;
  formPurgeAt?: Date | null | undefined;
  dueAt?: Date | null | undefined;
  /** The fee it is filed under; absent or null for a free type. */
  fee?: AssessedFee | null | undefined;
}

/** Fields that may change after insert (state and version change only through `transition`). */
export type RequestPatch = Partial<
  Pick<
    RequestRecord,
    | 'locale'
    | 'form'
    | 'purpose'
    | 'use'
    | 'decision'
    | 'assigneeId'
    | 'pendingToken'
    | 'handledAt'
    | 'deliveredAt'
    | 'closedAt'
    | 'formPurgeAt'
    | 'dueAt'
    | 'pausedAt'
    | 'answerBy'
    | 'answerRemindedAt'
    | 'noAnswerAt'
    | 'payBy'
    | 'payRemindAt'
    | 'payRemindedAt'
  >
>;

/** Filter of {@link RequestRepository.list} and {@link RequestRepository.count}. */
export interface RequestFilter {
  states?: readonly RequestState[];
  typeIds?: readonly string[];
  requesterId?: string;
  requesterKind?: Requester['kind'];
  organisationKbo?: string;
  subjectInsz?: string;
  /** A staff id, or `null` for unassigned requests. */
  assigneeId?: string | null;
  /** Inclusive lower bound of `createdAt`. */
  createdFrom?: Date;
  /** Exclusive upper bound of `createdAt`. */
  createdTo?: Date;
}

/** Arguments of {@link RequestRepository.transition}. */
export interface TransitionInput {
  /** The version the caller read; a different current version throws ConflictError. */
  expectedVersion?: number;
  /** The state the caller read; a different current state throws ConflictError. */
  expectedState?: RequestState;
  to: RequestState;
  patch?: RequestPatch;
}

const PATCH_COLUMNS: Record<keyof RequestPatch, string> = {
  locale: 'locale',
  form: 'form',
  purpose: 'purpose',
  use: 'use',
  decision: 'decision',
  assigneeId: 'assignee_id',
  pendingToken: 'pending_token',
  handledAt: 'handled_at',
  deliveredAt: 'delivered_at',
  closedAt: 'closed_at',
  formPurgeAt: 'form_purge_at',
  dueAt: 'due_at',
  pausedAt: 'paused_at',
  answerBy: 'answer_by',
  answerRemindedAt: 'answer_reminded_at',
  noAnswerAt: 'no_answer_at',
  payBy: 'pay_by',
  payRemindAt: 'pay_remind_at',
  payRemindedAt: 'pay_reminded_at',
};
const JSON_FIELDS = new Set(['form', 'decision']);
const TIME_FIELDS = new Set([
  'handledAt',
  'deliveredAt',
  'closedAt',
  'formPurgeAt',
  'dueAt',
  'pausedAt',
  'answerBy',
  'answerRemindedAt',
  'noAnswerAt',
  'payBy',
  'payRemindAt',
  'payRemindedAt',
]);

/** Requests: insert, read, optimistic transitions, keyset-paged lists. */
export class RequestRepository {
  readonly #ctx: RepoContext;
  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /**
   * Inserts a request and allocates its reference (`SL-<year>-<6 digits>`, per-year counter,
   * allocated atomically by an upsert so concurrent inserts never share a number). A duplicate
   * (requester, idempotency key) throws the driver's unique-violation error; use
   * {@link findByIdempotency} to fetch the winner.
   */
  async insert(input: NewRequest): Promise<RequestRecord> {
    const { clock } = this.#ctx;
    const now = clock.now();
    return inTx(this.#ctx, async (trx) => {
      const reference = await allocateReference(trx, now);
      const row = {
        id: input.id ?? crypto.randomUUID(),
        reference,
        type_id: input.typeId,
        type_version: input.typeVersion ?? null,
        plugin_id: input.pluginId,
        kind: input.kind,
        state: input.state ?? 'submitted',
        version: 1,
        locale: input.locale,
        requester: toJson(input.requester),
        requester_id: input.requester.id,
        requester_kind: input.requester.kind,
        organisation_kbo: input.requester.organisation?.kbo ?? null,
        subject: toJson(input.subject),
        subject_insz: input.subject.insz ?? null,
        form: toJson(input.form),
        purpose: input.purpose ?? null,
        use: input.use ?? null,
        decision: toJson(input.decision),
        idempotency_key: input.idempotencyKey ?? null,
        assignee_id: input.assigneeId ?? null,
        created_at: ms(now),
        updated_at: ms(now),
        form_purge_at: ms(input.formPurgeAt),
        due_at: ms(input.dueAt),
        ...(input.fee
          ? {
              fee_cents: input.fee.amountCents,
              fee_currency: input.fee.currency,
              fee_detail: toJson({ scheduledCents: input.fee.scheduledCents, waiver: input.fee.waiver }),
            }
          : {}),
      };
      const [inserted] = await trx('requests').insert(row).returning('*');
      return this.#map(inserted);
    });
  }

  /** The request, or undefined. */
  async get(id: string): Promise<RequestRecord | undefined> {
    const row = await this.#ctx.knex('requests').where({ id }).first();
    return row ? this.#map(row) : undefined;
  }

  /** The request with this reference, or undefined. */
  async getByReference(reference: string): Promise<RequestRecord | undefined> {
    const row = await this.#ctx.knex('requests').where({ reference }).first();
    return row ? this.#map(row) : undefined;
  }

  /** The request a requester filed earlier with the same idempotency key. */
  async findByIdempotency(requesterId: string, key: string): Promise<RequestRecord | undefined> {
    const row = await this.#ctx
      .knex('requests')
      .where({ requester_id: requesterId, idempotency_key: key })
      .first();
    return row ? this.#map(row) : undefined;
  }

  /**
   * Moves a request to `to`, incrementing its version, in one conditional UPDATE. When the
   * current version or state differs from what the caller expects (someone else acted first),
   * nothing changes and a {@link ConflictError} is thrown; an unknown id throws
   * {@link NotFoundError}. The caller appends the event in the same transaction.
   */
  async transition(id: string, input: TransitionInput): Promise<RequestRecord> {
    const now = this.#ctx.clock.now();
    const q = this.#ctx.knex('requests').where({ id });
    if (input.expectedVersion !== undefined) q.andWhere('version', input.expectedVersion);
    if (input.expectedState !== undefined) q.andWhere('state', input.expectedState);
    const rows = await q
      .update({
        ...this.#patchColumns(input.patch ?? {}),
        state: input.to,
        version: this.#ctx.knex.raw('version + 1'),
        updated_at: ms(now),
      })
      .returning('*');
    if (rows.length === 1) return this.#map(rows[0]);
    const current = await this.#ctx.knex('requests').where({ id }).first('version', 'state');
    if (!current) throw new NotFoundError('request');
    throw new ConflictError(
      `request changed concurrently (expected version ${input.expectedVersion ?? '*'} / state ${
        input.expectedState ?? '*'
      }, found version ${num(current.version)} / state ${current.state})`,
    );
  }

  /**
   * Changes fields that are not the state. It does not change the version unless asked with
   * `expectedVersion` (then a mismatch throws ConflictError).
   */
  async update(
    id: string,
    patch: RequestPatch,
    options: { expectedVersion?: number } = {},
  ): Promise<RequestRecord> {
    const now = this.#ctx.clock.now();
    const q = this.#ctx.knex('requests').where({ id });
    if (options.expectedVersion !== undefined) q.andWhere('version', options.expectedVersion);
    const rows = await q.update({ ...this.#patchColumns(patch), updated_at: ms(now) }).returning('*');
    if (rows.length === 1) return this.#map(rows[0]);
    const exists = await this.#ctx.knex('requests').where({ id }).first('id');
    if (!exists) throw new NotFoundError('request');
    throw new ConflictError(`request changed since version ${options.expectedVersion}`);
  }

  /**
   * Requests matching `filter`, newest first, keyset-paged on (created_at desc, id desc): pass
   * the returned `next` as `after` for the following page. Stable under concurrent inserts.
   */
  async list(filter: RequestFilter = {}, page: PageRequest = { limit: 50 }): Promise<Page<RequestRecord>> {
    const limit = Math.max(1, Math.min(page.limit, 1000));
    const q = this.#filtered(filter);
    if (page.after) {
      const c = decodeCursor(page.after);
      q.andWhere((w) =>
        w
          .where('created_at', '<', c.t)
          .orWhere((w2) => w2.where('created_at', '=', c.t).andWhere('id', '<', c.id)),
      );
    }
    const rows = await q
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit + 1)
      .select('*');
    const items = rows.slice(0, limit).map((r: any) => this.#map(r));
    const last = items[items.length - 1];
    return rows.length > limit && last
      ? { items, next: encodeCursor(last.createdAt.getTime(), last.id) }
      : { items };
  }

  /** Number of requests matching `filter`. */
  async count(filter: RequestFilter = {}): Promise<number> {
    const row = await this.#filtered(filter).count<{ n: number | string }[]>({ n: '*' }).first();
    return num(row?.n);
  }

  #filtered(f: RequestFilter): Knex.QueryBuilder {
    const q = this.#ctx.knex('requests');
    if (f.states) q.whereIn('state', [...f.states]);
    if (f.typeIds) q.whereIn('type_id', [...f.typeIds]);
    if (f.requesterId !== undefined) q.where('requester_id', f.requesterId);
    if (f.requesterKind !== undefined) q.where('requester_kind', f.requesterKind);
    if (f.organisationKbo !== undefined) q.where('organisation_kbo', f.organisationKbo);
    if (f.subjectInsz !== undefined) q.where('subject_insz', f.subjectInsz);
    if (f.assigneeId === null) q.whereNull('assignee_id');
    else if (f.assigneeId !== undefined) q.where('assignee_id', f.assigneeId);
    if (f.createdFrom) q.where('created_at', '>=', ms(f.createdFrom));
    if (f.createdTo) q.where('created_at', '<', ms(f.createdTo));
    return q;
  }

  /**
   * Requests still to be handled (waiting for staff or for the requester) with a due date whose span (submission day, due day] holds the day
   * starting at `dayStart`: the requests a change of that day's closing status moves. Keyset
   * paged on id.
   */
  async openDueAcross(
    dayStart: Date,
    options: { afterId?: string; limit?: number } = {},
  ): Promise<Pick<RequestRecord, 'id' | 'createdAt' | 'dueAt'>[]> {
    const q = this.#ctx
      .knex('requests')
      .whereIn('state', [...DUE_DATE_STATES])
      .whereNotNull('due_at')
      .andWhere('due_at', '>=', ms(dayStart)!)
      .andWhere('created_at', '<', ms(dayStart)!);
    if (options.afterId) q.andWhere('id', '>', options.afterId);
    const rows = await q
      .orderBy('id', 'asc')
      .limit(Math.max(1, Math.min(options.limit ?? 500, 5000)))
      .select('id', 'created_at', 'due_at');
    return rows.map((r: any) => ({ id: r.id, createdAt: toDate(r.created_at)!, dueAt: toDate(r.due_at) }));
  }

  /** Sets the due date of a request if it is still `expected` (a concurrent move wins); true when set. */
  async moveDueAt(id: string, expected: Date, dueAt: Date): Promise<boolean> {
    const n = await this.#ctx
      .knex('requests')
      .where({ id, due_at: ms(expected) })
      .update({ due_at: ms(dueAt), updated_at: ms(this.#ctx.clock.now()) });
    return Number(n) === 1;
  }

  /**
   * Requests waiting for the requester whose answer-by date is before `before`, earliest first
   * (the worker's reminders and expiries; partial index `requests_answer_by_idx`).
   */
  async questionsDue(
    before: Date,
    options: { unremindedOnly?: boolean; limit?: number } = {},
  ): Promise<RequestRecord[]> {
    const q = this.#ctx
      .knex('requests')
      .where('state', 'waiting_requester')
      .whereNotNull('answer_by')
      .andWhere('answer_by', '<', ms(before)!);
    if (options.unremindedOnly) q.whereNull('answer_reminded_at');
    const rows = await q
      .orderBy([
        { column: 'answer_by', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(Math.max(1, Math.min(options.limit ?? 500, 5000)));
    return rows.map((r) => this.#map(r));
  }

  /**
   * Approved requests whose fee is due (paid after approval, issue 21): with `lapsed`, those
   * whose last day to pay is before `before`; with `remind`, those not reminded yet whose
   * reminder is due at `before`. Earliest first (partial index `requests_pay_by_idx`).
   */
  async paymentsDue(
    before: Date,
    options: { kind: 'lapsed' | 'remind'; limit?: number },
  ): Promise<RequestRecord[]> {
    const q = this.#ctx.knex('requests').where('state', 'approved').whereNotNull('pay_by');
    if (options.kind === 'lapsed') q.andWhere('pay_by', '<', ms(before)!);
    else
      q.whereNull('pay_reminded_at')
        .whereNotNull('pay_remind_at')
        .andWhere('pay_remind_at', '<=', ms(before)!);
    const rows = await q
      .orderBy([
        { column: 'pay_by', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(Math.max(1, Math.min(options.limit ?? 500, 5000)));
    return rows.map((r) => this.#map(r));
  }

  #patchColumns(patch: RequestPatch): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(PATCH_COLUMNS)) {
      if (!(field in patch)) continue;
      const value = (patch as Record<string, unknown>)[field];
      if (value === undefined) continue;
      if (JSON_FIELDS.has(field)) out[column] = toJson(value);
      else if (TIME_FIELDS.has(field)) out[column] = ms(value as Date | null);
      else out[column] = value;
    }
    return out;
  }

  #map(r: any): RequestRecord {
    const d = this.#ctx.dialect;
    return {
      id: r.id,
      reference: r.reference,
      typeId: r.type_id,
      typeVersion: r.type_version === null || r.type_version === undefined ? null : num(r.type_version),
      pluginId: r.plugin_id,
      kind: r.kind,
      state: r.state,
      version: num(r.version),
      locale: r.locale,
      requester: fromJson<Requester>(d, r.requester)!,
      requesterId: r.requester_id,
      requesterKind: r.requester_kind,
      organisationKbo: r.organisation_kbo ?? null,
      subject: fromJson<Subject>(d, r.subject)!,
      subjectInsz: r.subject_insz ?? null,
      form: fromJson<Record<string, unknown>>(d, r.form),
      purpose: r.purpose ?? null,
      use: r.use ?? null,
      decision: fromJson<Decision>(d, r.decision),
      idempotencyKey: r.idempotency_key ?? null,
      assigneeId: r.assignee_id ?? null,
      pendingToken: r.pending_token ?? null,
      createdAt: toDateNN(r.created_at),
      updatedAt: toDateNN(r.updated_at),
      handledAt: toDate(r.handled_at),
      deliveredAt: toDate(r.delivered_at),
      closedAt: toDate(r.closed_at),
      formPurgeAt: toDate(r.form_purge_at),
      formPurgedAt: toDate(r.form_purged_at),
      dueAt: toDate(r.due_at),
      pausedAt: toDate(r.paused_at),
      answerBy: toDate(r.answer_by),
      answerRemindedAt: toDate(r.answer_reminded_at),
      noAnswerAt: toDate(r.no_answer_at),
      fee: feeOf(d, r),
      payBy: toDate(r.pay_by),
      payRemindAt: toDate(r.pay_remind_at),
      payRemindedAt: toDate(r.pay_reminded_at),
    };
  }
}

/** The stored fee columns as an {@link AssessedFee}, or null for a request of a free type. */
function feeOf(dialect: RepoContext['dialect'], r: any): AssessedFee | null {
  if (r.fee_cents === null || r.fee_cents === undefined) return null;
  const detail = fromJson<{ scheduledCents?: number; waiver?: AssessedFee['waiver'] }>(dialect, r.fee_detail);
  const amountCents = num(r.fee_cents);
  return {
    amountCents,
    currency: 'EUR',
    scheduledCents: detail?.scheduledCents ?? amountCents,
    ...(detail?.waiver ? { waiver: detail.waiver } : {}),
  };
}

/**
 * Allocates the next reference of the clock's year with one atomic upsert. On PostgreSQL the
 * counter row stays locked until the caller's transaction ends, so numbers are gap-free among
 * committed requests; on SQLite writers are serialised anyway.
 */
async function allocateReference(trx: Knex.Transaction, now: Date): Promise<string> {
  const year = now.getUTCFullYear();
  const scope = `SL-${year}`;
  const result = await trx.raw(
    `insert into reference_counters (scope, last_value) values (?, 1)
     on conflict (scope) do update set last_value = reference_counters.last_value + 1
     returning last_value`,
    [scope],
  );
  const rows: any[] = Array.isArray(result) ? result : result.rows;
  const n = num(rows[0]?.last_value);
  return `${scope}-${String(n).padStart(6, '0')}`;
}
