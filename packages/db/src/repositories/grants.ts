import { type Actor, type GrantLookup, NotFoundError } from '@smartloket/core';
import { inTx, type RepoContext } from '../context.js';
import { fromJson, ms, toDate, toDateNN, toJson } from '../dialect.js';
import { appendAudit } from './audit.js';

/** A right of an organisation (KBO) to receive a request type automatically. */
export interface GrantRecord {
  id: string;
  kbo: string;
  /** A request type id, a family wildcard (`bevolking.*`) or `*`. */
  requestTypeId: string;
  validFrom: Date;
  /** Exclusive; null for no end. */
  validUntil: Date | null;
  createdBy: Actor;
  createdAt: Date;
  revokedAt: Date | null;
  revokedBy: Actor | null;
  note: string | null;
}

/** What {@link GrantRepository.add} needs. */
export interface NewGrant {
  kbo: string;
  requestTypeId: string;
  /** Defaults to the clock's now. */
  validFrom?: Date | undefined;
  validUntil?: Date | null | undefined;
  note?: string | null | undefined;
}

/** Organisation grants. Every add and revoke appends an audit row in the same transaction. */
export class GrantRepository implements GrantLookup {
  readonly #ctx: RepoContext;
  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /**
   * The active grant of `kbo` for `requestTypeId` at `at`: valid_from <= at < valid_until and
   * not revoked at `at`. A grant for the family (`bevolking.*`) or `*` also matches. When several
   * match, the one valid longest is returned.
   */
  async findActive(
    kbo: string,
    requestTypeId: string,
    at: Date,
  ): Promise<{ id: string; validUntil: Date | null } | undefined> {
    const t = ms(at)!;
    const rows = await this.#ctx
      .knex('organisation_grants')
      .where({ kbo })
      .whereIn('request_type_id', typePatterns(requestTypeId))
      .where('valid_from', '<=', t)
      .where((w) => w.whereNull('valid_until').orWhere('valid_until', '>', t))
      .where((w) => w.whereNull('revoked_at').orWhere('revoked_at', '>', t))
      .select('id', 'valid_until');
    if (rows.length === 0) return undefined;
    rows.sort((a, b) =>
      a.valid_until === null
        ? -1
        : b.valid_until === null
          ? 1
          : Number(b.valid_until) - Number(a.valid_until),
    );
    const best = rows[0]!;
    return { id: best.id, validUntil: toDate(best.valid_until) };
  }

  /** Adds a grant and audits it (`grant_added`, subject = the KBO). */
  async add(grant: NewGrant, actor: Actor): Promise<GrantRecord> {
    const now = this.#ctx.clock.now();
    const row = {
      id: crypto.randomUUID(),
      kbo: grant.kbo,
      request_type_id: grant.requestTypeId,
      valid_from: ms(grant.validFrom ?? now),
      valid_until: ms(grant.validUntil),
      created_by: toJson(actor),
      created_at: ms(now),
      note: grant.note ?? null,
    };
    await inTx(this.#ctx, async (trx) => {
      await trx('organisation_grants').insert(row);
      await appendAudit(this.#ctx, trx, {
        category: 'grant_added',
        actor,
        at: now,
        subjectId: grant.kbo,
        data: {
          grantId: row.id,
          requestTypeId: grant.requestTypeId,
          validFrom: new Date(row.valid_from!).toISOString(),
          validUntil: grant.validUntil ? grant.validUntil.toISOString() : null,
        },
      });
    });
    return (await this.get(row.id))!;
  }

  /** Revokes a grant from now on and audits it. Throws NotFoundError for an unknown or revoked grant. */
  async revoke(id: string, actor: Actor, reason?: string): Promise<GrantRecord> {
    const now = this.#ctx.clock.now();
    await inTx(this.#ctx, async (trx) => {
      const existing = await trx('organisation_grants').where({ id }).whereNull('revoked_at').first('kbo');
      if (!existing) throw new NotFoundError('active grant');
      await trx('organisation_grants')
        .where({ id })
        .update({ revoked_at: ms(now), revoked_by: toJson(actor) });
      await appendAudit(this.#ctx, trx, {
        category: 'grant_revoked',
        actor,
        at: now,
        subjectId: existing.kbo,
        data: { grantId: id, ...(reason ? { reason } : {}) },
      });
    });
    return (await this.get(id))!;
  }

  /** The grant, or undefined. */
  async get(id: string): Promise<GrantRecord | undefined> {
    const row = await this.#ctx.knex('organisation_grants').where({ id }).first();
    return row ? this.#map(row) : undefined;
  }

  /** Grants, newest first; `activeAt` keeps those active at that instant. */
  async list(filter: { kbo?: string; requestTypeId?: string; activeAt?: Date } = {}): Promise<GrantRecord[]> {
    const q = this.#ctx.knex('organisation_grants');
    if (filter.kbo !== undefined) q.where('kbo', filter.kbo);
    if (filter.requestTypeId !== undefined) q.where('request_type_id', filter.requestTypeId);
    if (filter.activeAt) {
      const t = ms(filter.activeAt)!;
      q.where('valid_from', '<=', t)
        .where((w) => w.whereNull('valid_until').orWhere('valid_until', '>', t))
        .where((w) => w.whereNull('revoked_at').orWhere('revoked_at', '>', t));
    }
    const rows = await q.orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
    return rows.map((r) => this.#map(r));
  }

  #map(r: any): GrantRecord {
    const d = this.#ctx.dialect;
    return {
      id: r.id,
      kbo: r.kbo,
      requestTypeId: r.request_type_id,
      validFrom: toDateNN(r.valid_from),
      validUntil: toDate(r.valid_until),
      createdBy: fromJson<Actor>(d, r.created_by)!,
      createdAt: toDateNN(r.created_at),
      revokedAt: toDate(r.revoked_at),
      revokedBy: fromJson<Actor>(d, r.revoked_by),
      note: r.note ?? null,
    };
  }
}

/** `a.b.c` matches grants for `a.b.c`, `a.b.*`, `a.*` and `*`. */
function typePatterns(typeId: string): string[] {
  const parts = typeId.split('.');
  const out = [typeId, '*'];
  for (let i = parts.length - 1; i > 0; i--) out.push(`${parts.slice(0, i).join('.')}.*`);
  return out;
}
