import type { Knex } from 'knex';
import { jsonColumn, timeColumn } from '../dialect.js';
import type { MigrationContext, SmartLoketMigration } from './types.js';

/**
 * Reports about public space (meldingen, issue 25, decision 1500): the categories the
 * municipality manages in the back-office (two levels, names nl/fr/en, team, handling time,
 * anonymous allowed, standard answers); per report its category, place (Lambert 72 and WGS84,
 * the address when known), team, closing and reopening, and the report it was merged into;
 * photos (re-encoded, with a thumbnail) on the report and on answers; followers who get the
 * status mails of a report they did not file.
 */
export const meldingen: SmartLoketMigration = {
  name: '0015-meldingen',

  async up(knex: Knex, ctx: MigrationContext) {
    await knex.schema.createTable('report_categories', (t) => {
      t.string('id', 50).primary();
      /** The main category of a sub-category; null for a main category. */
      t.string('parent_id', 50).references('id').inTable('report_categories').onDelete('CASCADE');
      t.string('name_nl', 100).notNullable();
      t.string('name_fr', 100).notNullable();
      t.string('name_en', 100).notNullable();
      t.string('team_id', 36).references('id').inTable('teams').onDelete('SET NULL');
      t.integer('handling_days');
      t.boolean('anonymous_allowed').notNullable().defaultTo(true);
      /** Standard answers: `[{ id, title, text: { nl, fr, en } }]`. */
      jsonColumn(t, ctx.dialect, 'standard_answers').notNullable();
      t.boolean('active').notNullable().defaultTo(true);
      /** Order in the lists (then the Dutch name). */
      t.integer('position').notNullable().defaultTo(0);
      timeColumn(t, 'updated_at').notNullable();
      t.index(['parent_id'], 'report_categories_parent_idx');
    });
    await knex.schema.createTable('report_places', (t) => {
      t.string('request_id', 36).primary().references('id').inTable('requests').onDelete('CASCADE');
      t.string('category_id', 50).notNullable();
      t.string('sub_category_id', 50);
      /** Lambert 72 (EPSG:31370), metres, to the centimetre. */
      t.double('x').notNullable();
      t.double('y').notNullable();
      /** WGS84, degrees, 7 decimals. */
      t.double('lat').notNullable();
      t.double('lon').notNullable();
      /** The address as the register writes it, or what the reporter typed when not found. */
      t.string('address', 300);
      /** The team the category routed it to (null: the team of the report type). */
      t.string('team_id', 36);
      timeColumn(t, 'closed_at');
      t.integer('reopened_count').notNullable().defaultTo(0);
      /** The report this one was merged into as a duplicate. */
      t.string('merged_into', 36);
      timeColumn(t, 'created_at').notNullable();
      t.index(['category_id', 'x', 'y'], 'report_places_nearby_idx');
      t.index(['team_id'], 'report_places_team_idx');
    });
    await knex.schema.createTable('report_photos', (t) => {
      t.string('id', 36).primary();
      t.string('request_id', 36).notNullable().references('id').inTable('requests').onDelete('CASCADE');
      /** The answer (request event) the photo belongs to; null for the reporter's photos. */
      t.string('event_id', 36);
      t.string('media_type', 50).notNullable();
      t.integer('width').notNullable();
      t.integer('height').notNullable();
      t.binary('bytes').notNullable();
      t.binary('thumbnail').notNullable();
      timeColumn(t, 'created_at').notNullable();
      t.index(['request_id', 'created_at'], 'report_photos_request_idx');
    });
    await knex.schema.createTable('report_followers', (t) => {
      t.string('request_id', 36).notNullable().references('id').inTable('requests').onDelete('CASCADE');
      /** Identity subject of a logged-in follower, or `email:<sha256>` of an anonymous one. */
      t.string('follower_key', 200).notNullable();
      /** Where the status mails go. */
      t.string('email', 320).notNullable();
      t.string('locale', 5).notNullable();
      timeColumn(t, 'created_at').notNullable();
      t.primary(['request_id', 'follower_key']);
    });
  },

  async down(knex: Knex) {
    await knex.schema.dropTableIfExists('report_followers');
    await knex.schema.dropTableIfExists('report_photos');
    await knex.schema.dropTableIfExists('report_places');
    await knex.schema.dropTableIfExists('report_categories');
  },
};
