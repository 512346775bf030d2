import type { Knex } from 'knex';
import { timeColumn } from '../dialect.js';
import type { SmartLoketMigration } from './types.js';

/**
 * Back-office (decision 0900): saved inbox filters per staff member, and indexes for the inbox
 * (type and requester kind filters keep their keyset order on `created_at, id`).
 */
export const backoffice: SmartLoketMigration = {
  name: '0002-backoffice',

  async up(knex: Knex) {
    await knex.schema.createTable('backoffice_saved_filters', (t) => {
      t.string('id', 36).primary();
      /** The staff member's subject. */
      t.string('owner_id', 200).notNullable();
      t.string('name', 100).notNullable();
      /** The inbox query string (type, status, period, capacity, mine): never personal data. */
      t.text('query').notNullable();
      timeColumn(t, 'created_at').notNullable();
      t.index(['owner_id', 'created_at'], 'backoffice_saved_filters_owner_idx');
    });
    await knex.schema.alterTable('requests', (t) => {
      t.index(['type_id', 'created_at', 'id'], 'requests_type_created_idx');
      t.index(['state', 'created_at', 'id'], 'requests_state_created_id_idx');
      t.index(['requester_kind', 'created_at', 'id'], 'requests_kind_created_idx');
    });
  },

  async down(knex: Knex) {
    await knex.schema.alterTable('requests', (t) => {
      t.dropIndex(['type_id', 'created_at', 'id'], 'requests_type_created_idx');
      t.dropIndex(['state', 'created_at', 'id'], 'requests_state_created_id_idx');
      t.dropIndex(['requester_kind', 'created_at', 'id'], 'requests_kind_created_idx');
    });
    await knex.schema.dropTableIfExists('backoffice_saved_filters');
  },
};
