import type { Knex } from 'knex';
import { timeColumn } from '../dialect.js';
import type { MigrationContext, SmartLoketMigration } from './types.js';

/** States waiting for staff, in the inbox's first segment (`WAITING_FOR_STAFF`). */
const WAITING_FOR_STAFF_SQL = "state in ('in_review', 'failed', 'submitted', 'in_progress')";

/** The sort key of a request without a due date: after every real one (the largest Date). */
export const NO_DUE_DATE = 8_640_000_000_000_000;

/**
 * Deadlines (decision 0902): the due date of a request (the start of its due day in
 * Europe/Brussels), when it started waiting for the requester (the clock pauses), and the
 * answer-by date of a question to the requester with its reminder and "no answer" marks.
 *
 * The inbox's first segment (requests waiting for staff) is sorted by due date: a partial index
 * on `(coalesce(due_at, NO_DUE_DATE), id)` over exactly those states keeps that sort and the
 * overdue filter a range scan at a million requests. The worker finds questions to remind or
 * expire through a partial index on `answer_by`.
 */
export const deadlines: SmartLoketMigration = {
  name: '0007-deadlines',

  async up(knex: Knex, _ctx: MigrationContext) {
    await knex.schema.alterTable('requests', (t) => {
      /** The start (Brussels midnight) of the day the request is due; null: no lead time. */
      timeColumn(t, 'due_at');
      /** When the request started waiting for the requester (the due date moves when it ends). */
      timeColumn(t, 'paused_at');
      /** The start of the last day the requester may answer a question. */
      timeColumn(t, 'answer_by');
      /** When the reminder before `answer_by` was queued. */
      timeColumn(t, 'answer_reminded_at');
      /** When the question expired unanswered ("geen antwoord"); cleared by the next question. */
      timeColumn(t, 'no_answer_at');
    });
    await knex.raw(
      `create index requests_due_idx on requests ((coalesce(due_at, ${NO_DUE_DATE})), id) where ${WAITING_FOR_STAFF_SQL}`,
    );
    await knex.raw(
      "create index requests_answer_by_idx on requests (answer_by) where state = 'waiting_requester'",
    );
  },

  async down(knex: Knex) {
    await knex.raw('drop index if exists requests_answer_by_idx');
    await knex.raw('drop index if exists requests_due_idx');
    await knex.schema.alterTable('requests', (t) => {
      t.dropColumn('no_answer_at');
      t.dropColumn('answer_reminded_at');
      t.dropColumn('answer_by');
      t.dropColumn('paused_at');
      t.dropColumn('due_at');
    });
  },
};
