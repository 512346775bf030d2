import {
  addMonths,
  type ConsultationAudit,
  type ConsultationOutcome,
  type ConsultationStart,
  NotFoundError,
} from '@smartloket/core';
import type { Knex } from 'knex';
import { AUDIT_CHAIN_VERSION, auditHash, chainedFields } from '../audit-chain.js';
import type { RepoContext } from '../context.js';
import { fromJson, ms, toDateNN, toJson } from '../dialect.js';
import { decodeCursor, encodeCursor, type Page, type PageRequest } from './paging.js';

/** Audit categories. Others may be added; these are the ones the platform writes. */
export type AuditCategory =
  | 'consultation_started'
  | 'consultation_outcome'
  | 'grant_added'
  | 'grant_revoked'
  | 'staff_view'
  | 'staff_download'
  | 'settings_changed'
  | (string & {});

/** Who did it, as stored in the audit log. */
export interface AuditActor {
  type: string;
  id?: string | undefined;
  name?: string | undefined;
}

/** One append-only audit row. */
export interface AuditRecord {
  id: string;
  at: Date;
  category: AuditCategory;
  actor: AuditActor;
  requestId: string | null;
  /** Another audit row this one refers to (the `started` row of a consultation outcome). */
  relatedId: string | null;
  /** INSZ or KBO the action concerned. */
  subjectId: string | null;
  service: string | null;
  legalBasis: string | null;
  purpose: string | null;
  /** MAGDA referte of a consultation. */
  referte: string | null;
  outcome: string | null;
  code: string | null;
  data: Record<string, unknown> | null;
  /** The row may be purged after this instant (and not before). */
  retainUntil: Date;
}

/** What {@link AuditLog.append} needs. */
export interface NewAuditEntry {
  category: AuditCategory;
  actor: AuditActor;
  /** Defaults to the clock's now. */
  at?: Date | undefined;
  requestId?: string | null | undefined;
  relatedId?: string | null | undefined;
  subjectId?: string | null | undefined;
  service?: string | null | undefined;
  legalBasis?: string | null | undefined;
  purpose?: string | null | undefined;
  referte?: string | null | undefined;
  outcome?: string | null | undefined;
  code?: string | null | undefined;
  data?: Record<string, unknown> | null | undefined;
  /** Defaults to `at` + the database's audit term (10 years). */
  retainUntil?: Date | undefined;
}

/** Filter of {@link AuditLog.list}. */
export interface AuditFilter {
  subjectId?: string;
  requestId?: string;
  categories?: readonly AuditCategory[];
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

/**
 * The audit log: append and read, nothing else. On PostgreSQL the runtime role has only
 * SELECT and INSERT on it; on both dialects triggers refuse UPDATE and DELETE (except the
 * retention purge of rows past their term, see {@link RetentionService}).
 */
export class AuditLog {
  readonly #ctx: RepoContext;
  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /** Appends an entry and returns it. */
  async append(entry: NewAuditEntry): Promise<AuditRecord> {
    return appendAudit(this.#ctx, this.#ctx.knex, entry);
  }

  /** The entry, or undefined. */
  async get(id: string): Promise<AuditRecord | undefined> {
    const row = await this.#ctx.knex('audit_log').where({ id }).first();
    return row ? mapAudit(this.#ctx, row) : undefined;
  }

  /** Entries matching `filter`, oldest first (at most `limit`, default 1000). */
  async list(filter: AuditFilter = {}, options: { limit?: number } = {}): Promise<AuditRecord[]> {
    const rows = await this.#filtered(filter)
      .orderBy([
        { column: 'at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(Math.max(1, Math.min(options.limit ?? 1000, 10_000)));
    return rows.map((r: any) => mapAudit(this.#ctx, r));
  }

  /** Entries matching `filter`, newest first, keyset-paged on (at desc, id desc). */
  async page(filter: AuditFilter = {}, page: PageRequest = { limit: 50 }): Promise<Page<AuditRecord>> {
    const limit = Math.max(1, Math.min(page.limit, 1000));
    const q = this.#filtered(filter);
    if (page.after) {
      const c = decodeCursor(page.after);
      q.andWhere((w) =>
        w.where('at', '<', c.t).orWhere((w2) => w2.where('at', '=', c.t).andWhere('id', '<', c.id)),
      );
    }
    const rows = await q
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit + 1);
    const items = rows.slice(0, limit).map((r: any) => mapAudit(this.#ctx, r));
    const last = items[items.length - 1];
    return rows.length > limit && last
      ? { items, next: encodeCursor(last.at.getTime(), last.id) }
      : { items };
  }

  #filtered(filter: AuditFilter): Knex.QueryBuilder {
    const q = this.#ctx.knex('audit_log');
    if (filter.subjectId !== undefined) q.where('subject_id', filter.subjectId);
    if (filter.requestId !== undefined) q.where('request_id', filter.requestId);
    if (filter.categories) q.whereIn('category', [...filter.categories]);
    if (filter.from) q.where('at', '>=', ms(filter.from));
    if (filter.to) q.where('at', '<', ms(filter.to));
    return q;
  }
}

/**
 * The consultation audit of core: `started` commits a `consultation_started` row before the
 * call to the source and returns its id; `finished` appends a `consultation_outcome` row that
 * refers to it. Two append-only rows, never an update.
 */
export class ConsultationAuditRepository implements ConsultationAudit {
  readonly #ctx: RepoContext;
  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  async started(record: ConsultationStart): Promise<string> {
    const row = await appendAudit(this.#ctx, this.#ctx.knex, {
      category: 'consultation_started',
      at: record.at,
      actor: { type: record.actor.type, id: record.actor.id },
      requestId: record.requestId,
      subjectId: record.subjectId,
      service: record.service,
      legalBasis: record.legalBasis,
      purpose: record.purpose,
      referte: record.referte,
      data: { pluginId: record.pluginId },
    });
    return row.id;
  }

  async finished(id: string, outcome: ConsultationOutcome): Promise<void> {
    const start = await this.#ctx.knex('audit_log').where({ id, category: 'consultation_started' }).first();
    if (!start) throw new NotFoundError('consultation');
    const started = mapAudit(this.#ctx, start);
    await appendAudit(this.#ctx, this.#ctx.knex, {
      category: 'consultation_outcome',
      at: outcome.at,
      actor: started.actor,
      requestId: started.requestId,
      relatedId: id,
      subjectId: started.subjectId,
      service: started.service,
      referte: started.referte,
      outcome: outcome.outcome,
      code: outcome.code,
    });
  }
}

/**
 * Inserts an audit row on `knex` (the pool or a transaction) as the next link of the chain
 * (see audit-chain.ts). In a caller's transaction the chain head stays locked until it ends:
 * append audit rows late in a transaction.
 */
export async function appendAudit(ctx: RepoContext, knex: Knex, entry: NewAuditEntry): Promise<AuditRecord> {
  const at = entry.at ?? ctx.clock.now();
  const row = {
    id: crypto.randomUUID(),
    at: ms(at),
    category: entry.category,
    actor: toJson(entry.actor),
    request_id: entry.requestId ?? null,
    related_id: entry.relatedId ?? null,
    subject_id: entry.subjectId ?? null,
    service: entry.service ?? null,
    legal_basis: entry.legalBasis ?? null,
    purpose: entry.purpose ?? null,
    referte: entry.referte ?? null,
    outcome: entry.outcome ?? null,
    code: entry.code ?? null,
    data: toJson(entry.data),
    retain_until: ms(entry.retainUntil ?? addMonths(at, 12 * ctx.auditYears)),
  };
  const chain = async (trx: Knex) => {
    // Moving the head first takes its row lock (PostgreSQL) or the write lock (SQLite) before
    // anything is read: appends are serialised until this transaction commits, so the chain's
    // order is the commit order whatever the number of writers.
    // One statement: the new position and, not yet moved, the previous row's hash.
    const [head] = await trx('audit_chain_head')
      .where({ id: 1 })
      .update({ seq: trx.raw('seq + 1') })
      .returning(['seq', 'hash']);
    const seq = Number(head.seq);
    const prev: string = head.hash;
    // The JSON columns are still text here on both dialects (as SQLite returns them): the hash
    // covers what is read back, parsed.
    const hash = auditHash(chainedFields('sqlite', { ...row, seq, prev_hash: prev }))!;
    await trx('audit_log').insert({ ...row, seq, prev_hash: prev, hash, chain_version: AUDIT_CHAIN_VERSION });
    await trx('audit_chain_head').where({ id: 1 }).update({ hash });
  };
  if ((knex as Knex.Transaction).isTransaction) await chain(knex);
  else await knex.transaction(chain);
  return {
    id: row.id,
    at,
    category: entry.category,
    actor: entry.actor,
    requestId: row.request_id,
    relatedId: row.related_id,
    subjectId: row.subject_id,
    service: row.service,
    legalBasis: row.legal_basis,
    purpose: row.purpose,
    referte: row.referte,
    outcome: row.outcome,
    code: row.code,
    data: entry.data ?? null,
    retainUntil: toDateNN(row.retain_until),
  };
}

function mapAudit(ctx: RepoContext, r: any): AuditRecord {
  return {
    id: r.id,
    at: toDateNN(r.at),
    category: r.category,
    actor: fromJson<AuditActor>(ctx.dialect, r.actor)!,
    requestId: r.request_id ?? null,
    relatedId: r.related_id ?? null,
    subjectId: r.subject_id ?? null,
    service: r.service ?? null,
    legalBasis: r.legal_basis ?? null,
    purpose: r.purpose ?? null,
    referte: r.referte ?? null,
    outcome: r.outcome ?? null,
    code: r.code ?? null,
    data: fromJson<Record<string, unknown>>(ctx.dialect, r.data),
    retainUntil: toDateNN(r.retain_until),
  };
}
