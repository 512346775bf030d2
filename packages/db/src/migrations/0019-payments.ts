import type { Knex } from 'knex';
import { jsonColumn, timeColumn } from '../dialect.js';
import type { MigrationContext, SmartLoketMigration } from './types.js';

/**
 * Payments of fees (issue 21, decision 1700). One row per attempt at the provider. A payment
 * made before submitting holds the submission it will file once paid (`pending`, personal data:
 * cleared as soon as it is filed or the attempt ends without money) and has no request yet;
 * `(provider, provider_payment_id)` is unique, so a notification or a poll can only ever match
 * one row, and a request is filed from a payment at most once (`request_id`, the submission's
 * idempotency key).
 */
export const payments: SmartLoketMigration = {
  name: '0019-payments',

  async up(knex: Knex, ctx: MigrationContext) {
    await knex.schema.createTable('payments', (t) => {
      t.string('id', 36).primary();
      /** The request paid for; null until a payment made before submitting files it. */
      t.string('request_id', 36).references('id').inTable('requests');
      t.string('type_id', 200).notNullable();
      /** `before_submit` or `after_approval`. */
      t.string('moment', 20).notNullable();
      /** The provider id of the deployment config (`mollie`, `counter`). */
      t.string('provider', 100).notNullable();
      /** The provider's payment id; null while starting (or when the start failed). */
      t.string('provider_payment_id', 200);
      /** `starting`, `unavailable` (the provider could not be reached), or the provider's status. */
      t.string('status', 20).notNullable();
      t.integer('amount_cents').notNullable();
      t.string('currency', 3).notNullable();
      t.string('method', 50);
      t.string('checkout_url', 2000);
      /** The submission's idempotency key (the portal's draft key) of a payment before submitting. */
      t.string('submission_key', 200);
      /** The identity subject of whoever started it (never shown, only compared). */
      t.string('owner', 200);
      /** The submission to file once paid; personal data, cleared once filed or final without money. */
      jsonColumn(t, ctx.dialect, 'pending');
      /** The provider's refunds, as last fetched. */
      jsonColumn(t, ctx.dialect, 'refunds');
      t.integer('refunded_cents').notNullable().defaultTo(0);
      timeColumn(t, 'created_at').notNullable();
      timeColumn(t, 'updated_at').notNullable();
      timeColumn(t, 'paid_at');
      /** When the last poll or notification read it at the provider. */
      timeColumn(t, 'checked_at');
      t.unique(['provider', 'provider_payment_id'], { indexName: 'payments_provider_id_unique' });
      t.index(['request_id'], 'payments_request_idx');
      t.index(['status', 'updated_at'], 'payments_status_idx');
      t.index(['submission_key'], 'payments_submission_idx');
    });
  },

  async down(knex: Knex) {
    await knex.schema.dropTableIfExists('payments');
  },
};
