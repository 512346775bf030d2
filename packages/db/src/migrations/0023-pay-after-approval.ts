import type { Knex } from 'knex';
import { timeColumn } from '../dialect.js';
import type { MigrationContext, SmartLoketMigration } from './types.js';

/**
 * Fees paid after approval (issue 21, decision 1700): an approved request whose fee is due waits
 * in `approved` until it is paid; `pay_by` is the start (Brussels midnight) of the last day it
 * may be paid, `pay_remind_at` when the reminder goes out and `pay_reminded_at` when it did. The
 * worker finds the requests to remind or to lapse through a partial index on `pay_by`.
 */
export const payAfterApproval: SmartLoketMigration = {
  name: '0023-pay-after-approval',

  async up(knex: Knex, _ctx: MigrationContext) {
    await knex.schema.alterTable('requests', (t) => {
      /** The start of the last day the fee due after approval may be paid; null: nothing due. */
      timeColumn(t, 'pay_by');
      /** When the reminder before `pay_by` is due. */
      timeColumn(t, 'pay_remind_at');
      /** When the reminder was queued. */
      timeColumn(t, 'pay_reminded_at');
    });
    await knex.raw("create index requests_pay_by_idx on requests (pay_by) where state = 'approved'");
  },

  async down(knex: Knex) {
    await knex.raw('drop index if exists requests_pay_by_idx');
    await knex.schema.alterTable('requests', (t) => {
      t.dropColumn('pay_reminded_at');
      t.dropColumn('pay_remind_at');
      t.dropColumn('pay_by');
    });
  },
};
