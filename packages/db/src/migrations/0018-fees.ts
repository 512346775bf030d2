import type { Knex } from 'knex';
import type { MigrationContext, SmartLoketMigration } from './types.js';

/**
 * Fees (issue 21): the fee a request was filed under stays with it, whatever the municipality
 * charges later. `fee_cents` is what the requester owes (0 when waived), in integer euro cents;
 * `fee_currency` is always `EUR`; `fee_detail` holds the scheduled amount and the waiver (its id
 * and reason) when one applied. All three are null for a request of a free type.
 */
export const fees: SmartLoketMigration = {
  name: '0018-fees',

  async up(knex: Knex, ctx: MigrationContext) {
    await knex.schema.alterTable('requests', (t) => {
      t.integer('fee_cents');
      t.string('fee_currency', 3);
      if (ctx.dialect === 'postgres') t.jsonb('fee_detail');
      else t.text('fee_detail');
    });
  },

  async down(knex: Knex) {
    await knex.schema.alterTable('requests', (t) => {
      t.dropColumn('fee_detail');
      t.dropColumn('fee_currency');
      t.dropColumn('fee_cents');
    });
  },
};
