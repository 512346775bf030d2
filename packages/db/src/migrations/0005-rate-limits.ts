import type { Knex } from 'knex';
import { timeColumn } from '../dialect.js';
import type { MigrationContext, SmartLoketMigration } from './types.js';

/**
 * Rate-limit counters shared by every server process (decision 0601): one row per limiter, key
 * and fixed window, counted by an atomic upsert. The key (an IP address or an identity subject)
 * is stored only as its SHA-256.
 */
export const rateLimits: SmartLoketMigration = {
  name: '0005-rate-limits',

  async up(knex: Knex, _ctx: MigrationContext) {
    await knex.schema.createTable('rate_limit_windows', (t) => {
      /** The limiter and its window length (`login/900000`). */
      t.string('limiter', 100).notNullable();
      /** SHA-256 of the limiter and the client key: no address or subject in clear. */
      t.string('key_hash', 64).notNullable();
      timeColumn(t, 'window_start').notNullable();
      t.integer('hits').notNullable();
      /** The end of the window; rows past it are deleted on the fly. */
      timeColumn(t, 'expires_at').notNullable();
      t.primary(['limiter', 'key_hash', 'window_start'], 'rate_limit_windows_pkey');
      t.index(['expires_at'], 'rate_limit_windows_expires_idx');
    });
  },

  async down(knex: Knex) {
    await knex.schema.dropTableIfExists('rate_limit_windows');
  },
};
