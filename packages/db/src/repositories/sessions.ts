import { createHash } from 'node:crypto';
import type { RepoContext } from '../context.js';
import { fromJson, ms, num, toDateNN, toJson } from '../dialect.js';

/** A server-side session. The session id itself is never stored, only its SHA-256. */
export interface SessionRecord<D = Record<string, unknown>, I = unknown> {
  /** SHA-256 (hex) of the session id. */
  idHash: string;
  data: D;
  identity: I | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

/** Hashes a session id as stored. */
export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/** Sessions in the database, so any server process can serve any request. */
export class SessionRepository {
  readonly #ctx: RepoContext;
  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /** Creates a session under the (secret, random) `id` the cookie carries. */
  async create(
    id: string,
    session: { data?: Record<string, unknown>; identity?: unknown; expiresAt: Date },
  ): Promise<SessionRecord> {
    const now = ms(this.#ctx.clock.now());
    const row = {
      id: hashSessionId(id),
      data: toJson(session.data ?? {}),
      identity: toJson(session.identity),
      created_at: now,
      last_seen_at: now,
      expires_at: ms(session.expiresAt),
    };
    await this.#ctx.knex('sessions').insert(row);
    return (await this.#getByHash(row.id))!;
  }

  /** The session when it exists and has not expired (`expiresAt` after the clock's now). */
  async get<D = Record<string, unknown>, I = unknown>(id: string): Promise<SessionRecord<D, I> | undefined> {
    const s = await this.#getByHash(hashSessionId(id));
    if (!s || s.expiresAt.getTime() <= this.#ctx.clock.now().getTime()) return undefined;
    return s as SessionRecord<D, I>;
  }

  /** Updates data/identity/expiry and marks the session seen now. False when unknown. */
  async update(
    id: string,
    patch: { data?: Record<string, unknown>; identity?: unknown; expiresAt?: Date },
  ): Promise<boolean> {
    const n = await this.#ctx
      .knex('sessions')
      .where({ id: hashSessionId(id) })
      .update({
        ...(patch.data === undefined ? {} : { data: toJson(patch.data) }),
        ...(patch.identity === undefined ? {} : { identity: toJson(patch.identity) }),
        ...(patch.expiresAt === undefined ? {} : { expires_at: ms(patch.expiresAt) }),
        last_seen_at: ms(this.#ctx.clock.now()),
      });
    return num(n) > 0;
  }

  /** Marks the session seen now (idle timeout). */
  async touch(id: string): Promise<boolean> {
    return this.update(id, {});
  }

  /** Ends a session (logout). */
  async delete(id: string): Promise<boolean> {
    const n = await this.#ctx
      .knex('sessions')
      .where({ id: hashSessionId(id) })
      .delete();
    return num(n) > 0;
  }

  async #getByHash(hash: string): Promise<SessionRecord | undefined> {
    const r = await this.#ctx.knex('sessions').where({ id: hash }).first();
    if (!r) return undefined;
    const d = this.#ctx.dialect;
    return {
      idHash: r.id,
      data: fromJson<Record<string, unknown>>(d, r.data) ?? {},
      identity: fromJson(d, r.identity),
      createdAt: toDateNN(r.created_at),
      lastSeenAt: toDateNN(r.last_seen_at),
      expiresAt: toDateNN(r.expires_at),
    };
  }
}
