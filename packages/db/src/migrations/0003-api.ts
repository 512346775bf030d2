import type { Knex } from 'knex';
import { jsonColumn, timeColumn } from '../dialect.js';
import type { MigrationContext, SmartLoketMigration } from './types.js';

/**
 * Integration API (decision 1000): API clients with hashed tokens and scopes, short-lived access
 * tokens from the OAuth client-credentials grant, webhook subscriptions and their deliveries.
 */
export const api: SmartLoketMigration = {
  name: '0003-api',

  async up(knex: Knex, ctx: MigrationContext) {
    await knex.schema.createTable('api_clients', (t) => {
      t.string('id', 36).primary();
      t.string('name', 200).notNullable();
      /** SHA-256 of the client's secret (its long-lived bearer token). */
      t.string('token_hash', 64).notNullable().unique();
      /** The first characters of the secret, to recognise it in lists. */
      t.string('token_prefix', 16).notNullable();
      /** `read`, `act`, `admin`. */
      jsonColumn(t, ctx.dialect, 'scopes').notNullable();
      /** Request type ids or family wildcards (`bevolking.*`); null for every type. */
      jsonColumn(t, ctx.dialect, 'request_types');
      jsonColumn(t, ctx.dialect, 'created_by').notNullable();
      timeColumn(t, 'created_at').notNullable();
      timeColumn(t, 'last_used_at');
      timeColumn(t, 'revoked_at');
    });

    await knex.schema.createTable('api_access_tokens', (t) => {
      t.string('token_hash', 64).primary();
      t.string('client_id', 36).notNullable().references('id').inTable('api_clients');
      timeColumn(t, 'created_at').notNullable();
      timeColumn(t, 'expires_at').notNullable();
      t.index(['expires_at'], 'api_access_tokens_expires_idx');
    });

    await knex.schema.createTable('webhook_subscriptions', (t) => {
      t.string('id', 36).primary();
      t.string('name', 200).notNullable();
      t.string('url', 2000).notNullable();
      /** The HMAC secret; it must be readable to sign (see decision 1000). */
      t.string('secret', 200).notNullable();
      /** Event types, or null for every event. */
      jsonColumn(t, ctx.dialect, 'events');
      /** Request type ids or family wildcards, or null for every type. */
      jsonColumn(t, ctx.dialect, 'request_types');
      jsonColumn(t, ctx.dialect, 'created_by').notNullable();
      timeColumn(t, 'created_at').notNullable();
      timeColumn(t, 'disabled_at');
    });

    await knex.schema.createTable('webhook_deliveries', (t) => {
      t.string('id', 36).primary();
      t.string('subscription_id', 36).notNullable().references('id').inTable('webhook_subscriptions');
      t.string('outbox_id', 36).notNullable();
      t.string('event_id', 36).notNullable();
      t.string('event_type', 64).notNullable();
      t.integer('attempt').notNullable();
      t.boolean('ok').notNullable();
      t.integer('status_code');
      t.string('error', 1000);
      t.integer('duration_ms');
      timeColumn(t, 'at').notNullable();
      t.index(['subscription_id', 'at'], 'webhook_deliveries_subscription_idx');
      t.index(['outbox_id'], 'webhook_deliveries_outbox_idx');
    });

    // The public verification page looks delivered documents up by their hash.
    await knex.schema.alterTable('documents', (t) => {
      t.index(['sha256'], 'documents_sha256_idx');
    });
  },

  async down(knex: Knex) {
    await knex.schema.alterTable('documents', (t) => {
      t.dropIndex(['sha256'], 'documents_sha256_idx');
    });
    await knex.schema.dropTableIfExists('webhook_deliveries');
    await knex.schema.dropTableIfExists('webhook_subscriptions');
    await knex.schema.dropTableIfExists('api_access_tokens');
    await knex.schema.dropTableIfExists('api_clients');
  },
};
