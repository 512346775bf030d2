import { createHash, randomBytes } from 'node:crypto';
import type { RepoContext } from '../context.js';
import { fromJson, ms, num, toDate, toDateNN, toJson } from '../dialect.js';

/**
 * E-mail confirmation tokens, confirmed addresses per identity subject, and capability links of
 * anonymous requests. Every token is random 256-bit, handed to the caller once, and stored only
 * as its SHA-256 (a lookup by hash is an index lookup on a value the attacker cannot choose the
 * preimage of, so it needs no constant-time compare).
 */

/** A new random 256-bit token (base64url) and its stored hash. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

/** SHA-256 (hex) of a token, as stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Lower-cased, trimmed address. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** SHA-256 (hex) of a normalised address: what rate limits count on. */
export function hashAddress(email: string): string {
  return createHash('sha256')
    .update(`smartloket-address:${normaliseEmail(email)}`, 'utf8')
    .digest('hex');
}

/** Base64url tokens of 43 characters (256 bits): anything else is not looked up. */
export function looksLikeToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export type ConfirmationPurpose = 'identity' | 'anonymous';

/** A pending or used confirmation. */
export interface EmailConfirmationRecord {
  id: string;
  purpose: ConfirmationPurpose;
  /** The identity subject (purpose `identity`). */
  subject: string | null;
  email: string;
  addressHash: string;
  /** What waits for the confirmation (purpose `anonymous`); cleared when used. */
  payload: unknown;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

/** One-time e-mail confirmation tokens. */
export class EmailConfirmationRepository {
  readonly #ctx: RepoContext;
  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /**
   * Creates a confirmation and returns its token (the only time it exists in clear). For purpose
   * `identity`, earlier unused confirmations of the same subject stop working: only the address
   * asked last can be confirmed.
   */
  async create(input: {
    purpose: ConfirmationPurpose;
    subject?: string | undefined;
    email: string;
    payload?: unknown;
    expiresAt: Date;
  }): Promise<{ token: string; record: EmailConfirmationRecord }> {
    const now = ms(this.#ctx.clock.now())!;
    const { token, hash } = newToken();
    const id = crypto.randomUUID();
    if (input.purpose === 'identity' && input.subject) {
      await this.#ctx
        .knex('email_confirmations')
        .where({ purpose: 'identity', subject: input.subject })
        .whereNull('used_at')
        .update({ used_at: now, payload: null });
    }
    await this.#ctx.knex('email_confirmations').insert({
      id,
      token_hash: hash,
      purpose: input.purpose,
      subject: input.subject ?? null,
      email: input.email.trim(),
      address_hash: hashAddress(input.email),
      payload: toJson(input.payload),
      created_at: now,
      expires_at: ms(input.expiresAt),
      used_at: null,
    });
    return { token, record: (await this.get(id))! };
  }

  async get(id: string): Promise<EmailConfirmationRecord | undefined> {
    const r = await this.#ctx.knex('email_confirmations').where({ id }).first();
    return r ? this.#map(r) : undefined;
  }

  /** The confirmation of `token` if it is unused and not expired (does not use it). */
  async peek(token: string): Promise<EmailConfirmationRecord | undefined> {
    if (!looksLikeToken(token)) return undefined;
    const r = await this.#ctx
      .knex('email_confirmations')
      .where({ token_hash: hashToken(token) })
      .whereNull('used_at')
      .andWhere('expires_at', '>', ms(this.#ctx.clock.now())!)
      .first();
    return r ? this.#map(r) : undefined;
  }

  /**
   * Uses the token once: one conditional UPDATE, so of two concurrent clicks exactly one wins.
   * Returns the confirmation (with its payload) or undefined when unknown, used or expired. The
   * payload leaves the row.
   */
  async consume(token: string): Promise<EmailConfirmationRecord | undefined> {
    const found = await this.peek(token);
    if (!found) return undefined;
    const now = ms(this.#ctx.clock.now())!;
    const n = await this.#ctx
      .knex('email_confirmations')
      .where({ id: found.id })
      .whereNull('used_at')
      .andWhere('expires_at', '>', now)
      .update({ used_at: now, payload: null });
    return num(n) === 1 ? { ...found, usedAt: new Date(now) } : undefined;
  }

  /** Confirmations asked for an address (any purpose) since `since`: the per-address rate limit. */
  async countForAddress(email: string, since: Date): Promise<number> {
    const row = await this.#ctx
      .knex('email_confirmations')
      .where({ address_hash: hashAddress(email) })
      .andWhere('created_at', '>=', ms(since)!)
      .count({ n: '*' })
      .first();
    return num(row?.n);
  }

  /** The newest unused, unexpired confirmation of a subject (the address waiting to be confirmed). */
  async pendingFor(subject: string): Promise<EmailConfirmationRecord | undefined> {
    const r = await this.#ctx
      .knex('email_confirmations')
      .where({ purpose: 'identity', subject })
      .whereNull('used_at')
      .andWhere('expires_at', '>', ms(this.#ctx.clock.now())!)
      .orderBy('created_at', 'desc')
      .first();
    return r ? this.#map(r) : undefined;
  }

  #map(r: Record<string, unknown>): EmailConfirmationRecord {
    return {
      id: r.id as string,
      purpose: r.purpose as ConfirmationPurpose,
      subject: (r.subject as string | null) ?? null,
      email: r.email as string,
      addressHash: r.address_hash as string,
      payload: fromJson(this.#ctx.dialect, r.payload),
      createdAt: toDateNN(r.created_at),
      expiresAt: toDateNN(r.expires_at),
      usedAt: toDate(r.used_at),
    };
  }
}

/** A confirmed address of an identity subject. */
export interface IdentityEmailRecord {
  subject: string;
  email: string;
  confirmedAt: Date;
}

/** Confirmed e-mail addresses per identity subject (not per session). */
export class IdentityEmailRepository {
  readonly #ctx: RepoContext;
  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  async get(subject: string): Promise<IdentityEmailRecord | undefined> {
    const r = await this.#ctx.knex('identity_emails').where({ subject }).first();
    return r ? { subject: r.subject, email: r.email, confirmedAt: toDateNN(r.confirmed_at) } : undefined;
  }

  /** Records `email` as the subject's confirmed address (replacing an earlier one). */
  async confirm(subject: string, email: string): Promise<void> {
    const now = ms(this.#ctx.clock.now());
    await this.#ctx
      .knex('identity_emails')
      .insert({ subject, email: email.trim(), confirmed_at: now, updated_at: now })
      .onConflict('subject')
      .merge(['email', 'confirmed_at', 'updated_at']);
  }

  async delete(subject: string): Promise<boolean> {
    return num(await this.#ctx.knex('identity_emails').where({ subject }).delete()) > 0;
  }
}

/** Capability links: whoever holds the token may see the status of one anonymous request. */
export class CapabilityLinkRepository {
  readonly #ctx: RepoContext;
  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /** Creates a link to `requestId`; returns its token (the only time it exists in clear). */
  async create(requestId: string, expiresAt: Date): Promise<{ token: string; id: string }> {
    const { token, hash } = newToken();
    const id = crypto.randomUUID();
    await this.#ctx.knex('capability_links').insert({
      id,
      token_hash: hash,
      request_id: requestId,
      created_at: ms(this.#ctx.clock.now()),
      expires_at: ms(expiresAt),
    });
    return { token, id };
  }

  /**
   * The request id of a valid link: before its `expires_at`, or while its request is open, or
   * within `linkDays` after the request closed. Otherwise undefined.
   */
  async resolve(token: string, linkDays: number): Promise<string | undefined> {
    if (!looksLikeToken(token)) return undefined;
    const now = ms(this.#ctx.clock.now())!;
    const row = await this.#ctx
      .knex('capability_links as l')
      .join('requests as r', 'r.id', 'l.request_id')
      .where('l.token_hash', hashToken(token))
      .andWhere((w) =>
        w
          .where('l.expires_at', '>', now)
          .orWhereNull('r.closed_at')
          .orWhere('r.closed_at', '>', now - linkDays * 86_400_000),
      )
      .select('l.request_id')
      .first();
    return row?.request_id as string | undefined;
  }

  /** Number of links of a request (tests, diagnostics). */
  async countFor(requestId: string): Promise<number> {
    const row = await this.#ctx
      .knex('capability_links')
      .where({ request_id: requestId })
      .count({ n: '*' })
      .first();
    return num(row?.n);
  }
}
