import type { Knex } from 'knex';
import { timeColumn } from '../dialect.js';
import type { SmartLoketMigration } from './types.js';

/**
 * Device checks (decision 1401): a browser that typed the right address on the page of a request
 * filed without login gets a long-lived HttpOnly cookie for that link only, so it is not asked
 * again on every visit. The cookie carries a random 256-bit token; the database keeps only its
 * SHA-256 and the SHA-256 of what it opens (the link), so a cookie cannot be forged, moved to
 * another link or read back from the database.
 */
export const deviceChecks: SmartLoketMigration = {
  name: '0022-device-checks',

  async up(knex: Knex) {
    await knex.schema.createTable('device_checks', (t) => {
      t.string('token_hash', 64).primary();
      /** SHA-256 of the scope the check opens (`follow:<link token>`). */
      t.string('scope_hash', 64).notNullable();
      timeColumn(t, 'created_at').notNullable();
      timeColumn(t, 'expires_at').notNullable();
      t.index(['expires_at'], 'device_checks_expires_idx');
    });
  },

  async down(knex: Knex) {
    await knex.schema.dropTableIfExists('device_checks');
  },
};
