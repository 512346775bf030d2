import type { Knex } from 'knex';
import { jsonColumn, timeColumn } from '../dialect.js';
import type { MigrationContext, SmartLoketMigration } from './types.js';

/**
 * Teams and the staff directory (decision 0903): the staff members the back-office knows (recorded
 * at each staff login, or imported), so a request is assigned to a colleague picked by name; teams
 * (Burgerzaken, Openbaar domein) with the request types they handle and their members, for the
 * "my team" view and the counts per team. A request's team follows from its type: no column on
 * `requests`.
 */
export const teams: SmartLoketMigration = {
  name: '0008-teams',

  async up(knex: Knex, ctx: MigrationContext) {
    await knex.schema.createTable('staff_members', (t) => {
      /** The staff member's subject (the identity provider's `sub`). */
      t.string('subject', 200).primary();
      t.string('name', 200).notNullable();
      /** Staff roles (`case_handler`, `administrator`, `reporter`) as last seen. */
      jsonColumn(t, ctx.dialect, 'roles').notNullable();
      /** Request type scopes (`*`, type ids, `family.*`) as last seen. */
      jsonColumn(t, ctx.dialect, 'scopes').notNullable();
      timeColumn(t, 'seen_at').notNullable();
    });
    await knex.schema.createTable('teams', (t) => {
      t.string('id', 36).primary();
      t.string('name', 100).notNullable().unique('teams_name_uq');
      timeColumn(t, 'created_at').notNullable();
    });
    await knex.schema.createTable('team_request_types', (t) => {
      t.string('team_id', 36).notNullable().references('id').inTable('teams').onDelete('CASCADE');
      /** A request type id or a family (`bevolking.*`). */
      t.string('type_pattern', 200).notNullable();
      t.primary(['team_id', 'type_pattern']);
    });
    await knex.schema.createTable('team_members', (t) => {
      t.string('team_id', 36).notNullable().references('id').inTable('teams').onDelete('CASCADE');
      t.string('subject', 200).notNullable();
      t.primary(['team_id', 'subject']);
      t.index(['subject'], 'team_members_subject_idx');
    });
    await knex.schema.alterTable('requests', (t) => {
      t.index(['assignee_id', 'created_at', 'id'], 'requests_assignee_created_idx');
    });
  },

  async down(knex: Knex) {
    await knex.schema.alterTable('requests', (t) => {
      t.dropIndex(['assignee_id', 'created_at', 'id'], 'requests_assignee_created_idx');
    });
    await knex.schema.dropTableIfExists('team_members');
    await knex.schema.dropTableIfExists('team_request_types');
    await knex.schema.dropTableIfExists('teams');
    await knex.schema.dropTableIfExists('staff_members');
  },
};
