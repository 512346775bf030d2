import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '@smartloket/core';
import { inTx, type RepoContext } from '../context.js';
import { fromJson, ms, num, toDate, toDateNN, toJson } from '../dialect.js';
import { appendAudit } from './audit.js';

/** What an API client may do: read requests, act on them, administer grants and webhooks. */
export type ApiScope = 'read' | 'act' | 'admin';
export const API_SCOPES: readonly ApiScope[] = ['read', 'act', 'admin'];

/** A back-office system allowed to call the integration API. The secret is never stored. */
export interface ApiClientRecord {
  id: string;
  name: string;
  /** The first characters of the secret (`slk_xxxxxxx`), to recognise it. */
  tokenPrefix: string;
  scopes: ApiScope[];
  /** Request type ids or family wildcards (`bevolking.*`); null for every type. */
  requestTypes: string[] | null;
  createdBy: Actor;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** What {@link ApiClientRepository.create} needs. */
export interface NewApiClient {
  name: string;
  scopes: readonly ApiScope[];
  requestTypes?: readonly string[] | null | undefined;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A new secret: `slk_` and 256 random bits, base64url. */
function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/**
 * API clients and their tokens. A client's secret works as a bearer token and as the client
 * secret of the OAuth client-credentials grant; both it and issued access tokens are stored only
 * as SHA-256 (looked up by hash).
 */
export class ApiClientRepository {
  readonly #ctx: RepoContext;
  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /**
   * Creates a client and audits it (`api_client_created`: who, name, scopes, types; never the
   * secret). The secret is returned once and never again.
   */
  async create(input: NewApiClient, actor: Actor): Promise<{ client: ApiClientRecord; secret: string }> {
    const secret = newSecret('slk');
    const id = crypto.randomUUID();
    const scopes = [...new Set(input.scopes)];
    const requestTypes = input.requestTypes && input.requestTypes.length > 0 ? [...input.requestTypes] : null;
    await inTx(this.#ctx, async (trx) => {
      await trx('api_clients').insert({
        id,
        name: input.name,
        token_hash: sha256(secret),
        token_prefix: secret.slice(0, 11),
        scopes: toJson(scopes),
        request_types: toJson(requestTypes),
        created_by: toJson({ type: actor.type, id: actor.id, name: actor.name }),
        created_at: ms(this.#ctx.clock.now()),
      });
      await appendAudit(this.#ctx, trx, {
        category: 'api_client_created',
        actor: auditActor(actor),
        data: { clientId: id, name: input.name, scopes, requestTypes },
      });
    });
    return { client: (await this.get(id))!, secret };
  }

  /**
   * Gives an active client a new secret and audits it (`api_client_rotated`). The old secret
   * and every access token issued with it stop working at once. Undefined when the client is
   * unknown or revoked.
   */
  async rotate(id: string, actor: Actor): Promise<{ client: ApiClientRecord; secret: string } | undefined> {
    const secret = newSecret('slk');
    const done = await inTx(this.#ctx, async (trx) => {
      const n = await trx('api_clients')
        .where({ id })
        .whereNull('revoked_at')
        .update({ token_hash: sha256(secret), token_prefix: secret.slice(0, 11) });
      if (num(n) === 0) return false;
      await trx('api_access_tokens').where({ client_id: id }).delete();
      await appendAudit(this.#ctx, trx, {
        category: 'api_client_rotated',
        actor: auditActor(actor),
        data: { clientId: id },
      });
      return true;
    });
    return done ? { client: (await this.get(id))!, secret } : undefined;
  }

  async get(id: string): Promise<ApiClientRecord | undefined> {
    const row = await this.#ctx.knex('api_clients').where({ id }).first();
    return row ? this.#map(row) : undefined;
  }

  /** Every client, newest first. */
  async list(): Promise<ApiClientRecord[]> {
    const rows = await this.#ctx.knex('api_clients').orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
    return rows.map((r) => this.#map(r));
  }

  /**
   * Revokes a client and its access tokens, and audits it (`api_client_revoked`). False when
   * unknown or already revoked.
   */
  async revoke(id: string, actor: Actor): Promise<boolean> {
    return inTx(this.#ctx, async (trx) => {
      const n = await trx('api_clients')
        .where({ id })
        .whereNull('revoked_at')
        .update({ revoked_at: ms(this.#ctx.clock.now()) });
      await trx('api_access_tokens').where({ client_id: id }).delete();
      if (num(n) === 0) return false;
      await appendAudit(this.#ctx, trx, {
        category: 'api_client_revoked',
        actor: auditActor(actor),
        data: { clientId: id },
      });
      return true;
    });
  }

  /** The active client holding `secret` (a client secret or an unexpired access token). */
  async authenticate(token: string): Promise<ApiClientRecord | undefined> {
    if (token.length < 20 || token.length > 200) return undefined;
    const hash = sha256(token);
    const now = ms(this.#ctx.clock.now())!;
    let row = await this.#ctx.knex('api_clients').where({ token_hash: hash }).whereNull('revoked_at').first();
    if (!row) {
      const access = await this.#ctx
        .knex('api_access_tokens')
        .where({ token_hash: hash })
        .where('expires_at', '>', now)
        .first();
      if (access)
        row = await this.#ctx
          .knex('api_clients')
          .where({ id: access.client_id })
          .whereNull('revoked_at')
          .first();
    }
    if (!row) return undefined;
    // At most once a minute: a busy client does not write on every call.
    if (!row.last_used_at || num(row.last_used_at) < now - 60_000) {
      await this.#ctx.knex('api_clients').where({ id: row.id }).update({ last_used_at: now });
    }
    return this.#map(row);
  }

  /** OAuth client credentials: an access token for `clientId` when `secret` is its secret. */
  async issueAccessToken(
    clientId: string,
    secret: string,
    lifetimeSeconds: number,
  ): Promise<{ token: string; expiresAt: Date; client: ApiClientRecord } | undefined> {
    const row = await this.#ctx
      .knex('api_clients')
      .where({ id: clientId, token_hash: sha256(secret) })
      .whereNull('revoked_at')
      .first();
    if (!row) return undefined;
    const now = this.#ctx.clock.now();
    const token = newSecret('slat');
    const expiresAt = new Date(now.getTime() + lifetimeSeconds * 1000);
    await this.#ctx.knex('api_access_tokens').where('expires_at', '<=', ms(now)).delete();
    await this.#ctx.knex('api_access_tokens').insert({
      token_hash: sha256(token),
      client_id: row.id,
      created_at: ms(now),
      expires_at: ms(expiresAt),
    });
    return { token, expiresAt, client: this.#map(row) };
  }

  #map(r: any): ApiClientRecord {
    return {
      id: r.id,
      name: r.name,
      tokenPrefix: r.token_prefix,
      scopes: fromJson<ApiScope[]>(this.#ctx.dialect, r.scopes) ?? [],
      requestTypes: fromJson<string[]>(this.#ctx.dialect, r.request_types),
      createdBy: fromJson<Actor>(this.#ctx.dialect, r.created_by) ?? { type: 'system' },
      createdAt: toDateNN(r.created_at),
      lastUsedAt: toDate(r.last_used_at),
      revokedAt: toDate(r.revoked_at),
    };
  }
}

function auditActor(actor: Actor): { type: string; id?: string | undefined; name?: string | undefined } {
  return { type: actor.type, id: actor.id, name: actor.name };
}

/** True when `typeId` matches one of `patterns` (exact, `family.*` or `*`); null matches all. */
export function typeAllowed(patterns: readonly string[] | null, typeId: string): boolean {
  if (patterns === null) return true;
  return patterns.some(
    (p) => p === '*' || p === typeId || (p.endsWith('.*') && typeId.startsWith(p.slice(0, -1))),
  );
}
