import type { Knex } from 'knex';
import { NO_DUE_DATE } from './0007-deadlines.js';
import type { MigrationContext, SmartLoketMigration } from './types.js';

/** States waiting for staff, in the inbox's first segment (`WAITING_FOR_STAFF`). */
const WAITING_FOR_STAFF_SQL = "state in ('in_review', 'failed', 'submitted', 'in_progress')";
/** Counter slots on PostgreSQL: concurrent transactions mostly move different counter rows. */
export const COUNT_SLOTS = 32;

/**
 * Inbox counts and filter indexes (decision 0904). `request_counts` holds the number of requests
 * per (state, type, slot), kept by triggers on `requests` in the same transaction as every insert,
 * state or type change and delete, whatever code path makes it (on PostgreSQL statement-level
 * triggers over the transition tables: one write per state and type a statement moves): the inbox's counts per state and
 * team (a team follows from its types) are a sum over a few hundred rows instead of a count over
 * hundreds of thousands. On PostgreSQL a transaction moves the rows of its slot
 * (`txid % COUNT_SLOTS`) so concurrent state changes rarely wait on one counter row, always in
 * (state, type) order. SQLite has one writer and uses slot 0. The migration
 * fills the table from the existing requests under a share lock (exact at the moment it commits).
 *
 * Filtered inbox segments sorted by due date get partial indexes that lead with the filter
 * column (type, state, assignee) and continue with the due key, so deep keyset pages stay a
 * range scan.
 */
export const inboxCounts: SmartLoketMigration = {
  name: '0012-inbox-counts',

  async up(knex: Knex, ctx: MigrationContext) {
    await knex.schema.createTable('request_counts', (t) => {
      t.string('state', 40).notNullable();
      t.string('type_id', 200).notNullable();
      t.integer('slot').notNullable();
      t.bigInteger('n').notNullable();
      t.primary(['state', 'type_id', 'slot']);
    });
    if (ctx.dialect === 'postgres') {
      await knex.raw('lock table requests in share mode');
      // Statement-level triggers over the transition tables: one counter write per (state, type)
      // a statement changes, not one per row (a row-level upsert of one counter row per request
      // made a 100,000-row insert quadratic), and no write at all when no state changed.
      const moved = {
        insert: 'select state, type_id, 1 as d from new_rows',
        delete: 'select state, type_id, -1 as d from old_rows',
        update:
          'select state, type_id, 1 as d from new_rows union all select state, type_id, -1 as d from old_rows',
      };
      for (const [event, source] of Object.entries(moved)) {
        await knex.raw(`
          create function request_counts_on_${event}() returns trigger language plpgsql as $$
          begin
            insert into request_counts (state, type_id, slot, n)
            select state, type_id, (txid_current() % ${COUNT_SLOTS})::int, sum(d)
            from (${source}) moved
            group by state, type_id
            having sum(d) <> 0
            -- Always the same row order: two writers never wait on each other crosswise.
            order by state, type_id
            on conflict (state, type_id, slot) do update set n = request_counts.n + excluded.n;
            return null;
          end $$`);
        const tables = {
          insert: 'new table as new_rows',
          delete: 'old table as old_rows',
          update: 'old table as old_rows new table as new_rows',
        }[event];
        await knex.raw(
          `create trigger request_counts_${event} after ${event} on requests referencing ${tables}
           for each statement execute function request_counts_on_${event}()`,
        );
      }
    } else {
      const move = (s: string, ty: string, d: number) =>
        `insert into request_counts (state, type_id, slot, n) values (${s}, ${ty}, 0, ${d})
           on conflict (state, type_id, slot) do update set n = request_counts.n + excluded.n;`;
      await knex.raw(
        `create trigger request_counts_insert after insert on requests begin ${move('new.state', 'new.type_id', 1)} end`,
      );
      await knex.raw(
        `create trigger request_counts_delete after delete on requests begin ${move('old.state', 'old.type_id', -1)} end`,
      );
      await knex.raw(
        `create trigger request_counts_update after update of state, type_id on requests
         when old.state is not new.state or old.type_id is not new.type_id
         begin ${move('old.state', 'old.type_id', -1)} ${move('new.state', 'new.type_id', 1)} end`,
      );
    }
    await knex.raw(
      `insert into request_counts (state, type_id, slot, n)
       select state, type_id, 0, count(*) from requests group by state, type_id`,
    );
    const due = `(coalesce(due_at, ${NO_DUE_DATE}))`;
    for (const [name, column] of [
      ['requests_type_due_idx', 'type_id'],
      ['requests_state_due_idx', 'state'],
      ['requests_assignee_due_idx', 'assignee_id'],
    ] as const) {
      await knex.raw(
        `create index ${name} on requests (${column}, ${due}, id) where ${WAITING_FOR_STAFF_SQL}`,
      );
    }
  },

  async down(knex: Knex, ctx: MigrationContext) {
    for (const name of ['requests_assignee_due_idx', 'requests_state_due_idx', 'requests_type_due_idx']) {
      await knex.raw(`drop index if exists ${name}`);
    }
    if (ctx.dialect === 'postgres') {
      for (const event of ['insert', 'delete', 'update']) {
        await knex.raw(`drop trigger if exists request_counts_${event} on requests`);
        await knex.raw(`drop function if exists request_counts_on_${event}()`);
      }
    } else {
      for (const name of ['request_counts_insert', 'request_counts_delete', 'request_counts_update']) {
        await knex.raw(`drop trigger if exists ${name}`);
      }
    }
    await knex.schema.dropTableIfExists('request_counts');
  },
};
