import type { Knex } from 'knex';
import { jsonColumn, timeColumn } from '../dialect.js';
import type { MigrationContext, SmartLoketMigration } from './types.js';

/**
 * E-mail confirmation and anonymous follow links (decision 1400): one-time confirmation tokens,
 * the confirmed address per identity subject, and capability links to follow an anonymous
 * request. Tokens are stored only as their SHA-256.
 */
export const emailAndCapabilities: SmartLoketMigration = {
  name: '0004-email-and-capabilities',

  async up(knex: Knex, ctx: MigrationContext) {
    await knex.schema.createTable('email_confirmations', (t) => {
      t.string('id', 36).primary();
      t.string('token_hash', 64).notNullable().unique();
      /** `identity`: the address of a logged-in person; `anonymous`: an anonymous request waiting. */
      t.string('purpose', 16).notNullable();
      t.string('subject', 200);
      t.string('email', 320).notNullable();
      /** SHA-256 of the normalised address: rate limits count per address without reading it. */
      t.string('address_hash', 64).notNullable();
      /** The anonymous request waiting for the confirmation (type, form, locale, draft key). */
      jsonColumn(t, ctx.dialect, 'payload');
      timeColumn(t, 'created_at').notNullable();
      timeColumn(t, 'expires_at').notNullable();
      timeColumn(t, 'used_at');
      t.index(['address_hash', 'created_at'], 'email_confirmations_address_idx');
      t.index(['subject'], 'email_confirmations_subject_idx');
      t.index(['expires_at'], 'email_confirmations_expires_idx');
    });

    await knex.schema.createTable('identity_emails', (t) => {
      t.string('subject', 200).primary();
      t.string('email', 320).notNullable();
      timeColumn(t, 'confirmed_at').notNullable();
      timeColumn(t, 'updated_at').notNullable();
    });

    await knex.schema.createTable('capability_links', (t) => {
      t.string('id', 36).primary();
      t.string('token_hash', 64).notNullable().unique();
      t.string('request_id', 36).notNullable().references('id').inTable('requests');
      timeColumn(t, 'created_at').notNullable();
      /** Earliest end; the link lives on while the request is open (see the repository). */
      timeColumn(t, 'expires_at').notNullable();
      t.index(['request_id'], 'capability_links_request_idx');
    });
  },

  async down(knex: Knex) {
    await knex.schema.dropTableIfExists('capability_links');
    await knex.schema.dropTableIfExists('identity_emails');
    await knex.schema.dropTableIfExists('email_confirmations');
  },
};
