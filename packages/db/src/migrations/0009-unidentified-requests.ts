import type { Knex } from 'knex';
import { jsonColumn, timeColumn } from '../dialect.js';
import type { MigrationContext, SmartLoketMigration } from './types.js';

/**
 * Certificate requests filed without login (decision 1401): who asked and for whom, as the
 * requester declared it, and the uploads that are their evidence (identity document, mandate),
 * which are purged a set term after the clerk's decision.
 */
export const unidentifiedRequests: SmartLoketMigration = {
  name: '0009-unidentified-requests',

  async up(knex: Knex, ctx: MigrationContext) {
    await knex.schema.createTable('unidentified_requests', (t) => {
      t.string('request_id', 36).primary().references('id').inTable('requests');
      /** Name, phone, relation, the person concerned, purpose. Personal data. */
      jsonColumn(t, ctx.dialect, 'details');
      /** Ids of the uploads that are evidence (identity document, mandate). */
      jsonColumn(t, ctx.dialect, 'evidence');
      timeColumn(t, 'created_at').notNullable();
      /** When a clerk approved or refused it: the evidence's retention term starts. */
      timeColumn(t, 'decided_at');
    });
  },

  async down(knex: Knex) {
    await knex.schema.dropTableIfExists('unidentified_requests');
  },
};
