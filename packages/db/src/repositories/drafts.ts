import type { RepoContext } from '../context.js';
import { fromJson, ms, num, toDateNN, toJson } from '../dialect.js';

/** A saved draft (decision 0803). `data` is the server's: answers, step, fields when saved. */
export interface DraftRecord {
  id: string;
  /** Identity subject of a logged-in requester (`organisation:<KBO>` when acting for one); null for an anonymous one. */
  subject: string | null;
  typeId: string;
  data: unknown;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
}

const COLUMNS = ['id', 'subject', 'type_id', 'data', 'created_at', 'updated_at', 'expires_at'];

/** Drafts saved to finish later, and the uploads made in them. */
export class DraftRepository {
  readonly #ctx: RepoContext;
  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /**
   * Saves (inserts or replaces) a draft; its uploads (`uploadIds`, unattached) now belong to it
   * and live as long as the draft. A draft of another subject with the same id is left alone
   * (false).
   */
  async save(draft: {
    id: string;
    subject: string | null;
    typeId: string;
    data: unknown;
    expiresAt: Date;
    uploadIds?: string[];
    /** SHA-256 of an anonymous requester's resume token (replaces an earlier one). */
    resumeHash?: string | undefined;
  }): Promise<boolean> {
    const k = this.#ctx.knex;
    const now = ms(this.#ctx.clock.now());
    const existing = await k('drafts').where({ id: draft.id }).first('subject');
    if (existing && (existing.subject ?? null) !== draft.subject) return false;
    const row = {
      type_id: draft.typeId,
      data: toJson(draft.data),
      updated_at: now,
      expires_at: ms(draft.expiresAt),
      ...(draft.resumeHash ? { resume_hash: draft.resumeHash } : {}),
    };
    if (existing) await k('drafts').where({ id: draft.id }).update(row);
    else await k('drafts').insert({ id: draft.id, subject: draft.subject, created_at: now, ...row });
    const ids = draft.uploadIds ?? [];
    if (ids.length > 0)
      await k('uploads')
        .whereIn('id', ids)
        .whereNull('request_id')
        .update({ draft_id: draft.id, purge_at: null });
    return true;
  }

  /** The draft, or undefined (also when past its expiry). */
  async get(id: string): Promise<DraftRecord | undefined> {
    const row = await this.#ctx.knex('drafts').where({ id }).first(COLUMNS);
    const draft = row ? this.#map(row) : undefined;
    return draft && draft.expiresAt > this.#ctx.clock.now() ? draft : undefined;
  }

  /** The draft an anonymous requester's resume token (its SHA-256) opens, or undefined. */
  async getByResumeHash(hash: string): Promise<DraftRecord | undefined> {
    const row = await this.#ctx.knex('drafts').where({ resume_hash: hash }).first(COLUMNS);
    const draft = row ? this.#map(row) : undefined;
    return draft && draft.expiresAt > this.#ctx.clock.now() ? draft : undefined;
  }

  /** A subject's drafts that have not expired, last saved first. */
  async listBySubject(subject: string): Promise<DraftRecord[]> {
    const rows = await this.#ctx
      .knex('drafts')
      .where({ subject })
      .andWhere('expires_at', '>', ms(this.#ctx.clock.now()))
      .orderBy([
        { column: 'updated_at', order: 'desc' },
        { column: 'id', order: 'asc' },
      ])
      .select(COLUMNS);
    return rows.map((r) => this.#map(r));
  }

  /**
   * Removes a draft and its uploads that were not attached to a request. With `subject`, only
   * that subject's draft. True when a draft was removed.
   */
  async delete(id: string, subject?: string | null): Promise<boolean> {
    const k = this.#ctx.knex;
    const q = k('drafts').where({ id });
    if (subject !== undefined) {
      if (subject === null) q.whereNull('subject');
      else q.andWhere({ subject });
    }
    const n = num(await q.delete());
    if (n > 0) await k('uploads').where({ draft_id: id }).whereNull('request_id').delete();
    return n > 0;
  }

  #map(r: any): DraftRecord {
    return {
      id: r.id,
      subject: r.subject ?? null,
      typeId: r.type_id,
      data: fromJson(this.#ctx.dialect, r.data),
      createdAt: toDateNN(r.created_at),
      updatedAt: toDateNN(r.updated_at),
      expiresAt: toDateNN(r.expires_at),
    };
  }
}
