import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { RepoContext } from '../context.js';
import { ms, toDateNN } from '../dialect.js';
import { hashToken } from './email-confirmations.js';

/**
 * Browsers that passed an e-mail check (decision 1401): a random token per browser and scope,
 * stored only as SHA-256. Expired rows are removed when new ones are made.
 */
export class DeviceCheckRepository {
  readonly #ctx: RepoContext;
  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /** Records a passed check for `scope` until `expiresAt`; returns the token for the cookie. */
  async create(scope: string, expiresAt: Date): Promise<string> {
    const k = this.#ctx.knex;
    const now = this.#ctx.clock.now();
    await k('device_checks').where('expires_at', '<=', ms(now)).delete();
    const token = randomBytes(32).toString('base64url');
    await k('device_checks').insert({
      token_hash: hashToken(token),
      scope_hash: hashToken(scope),
      created_at: ms(now),
      expires_at: ms(expiresAt),
    });
    return token;
  }

  /** True when `token` is an unexpired check of exactly `scope`. */
  async valid(token: string, scope: string): Promise<boolean> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return false;
    const row = await this.#ctx
      .knex('device_checks')
      .where({ token_hash: hashToken(token) })
      .first('scope_hash', 'expires_at');
    if (!row || toDateNN(row.expires_at) <= this.#ctx.clock.now()) return false;
    return timingSafeEqual(Buffer.from(String(row.scope_hash), 'hex'), Buffer.from(hashToken(scope), 'hex'));
  }
}
