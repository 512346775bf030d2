import type { Knex } from 'knex';
import { jsonColumn, timeColumn } from '../dialect.js';
import type { MigrationContext, SmartLoketMigration } from './types.js';

/**
 * Declarative request types (JSON, issue 23): every version of every type from the deployment's
 * files or the back-office's designer (never changed once written: a filed request keeps the
 * version in `requests.type_version`), and the designer's working copy of each type it made.
 */
export const declarativeTypes: SmartLoketMigration = {
  name: '0016-declarative-types',

  async up(knex: Knex, ctx: MigrationContext) {
    await knex.schema.createTable('request_type_versions', (t) => {
      t.string('type_id', 200).notNullable();
      t.integer('version').notNullable();
      /** `file` (the deployment's `requestTypes`) or `designer` (the back-office). */
      t.string('origin', 20).notNullable();
      /** The validated definition (JSON). */
      jsonColumn(t, ctx.dialect, 'definition').notNullable();
      /** SHA-256 of the definition's canonical JSON: an unchanged file makes no new version. */
      t.string('hash', 64).notNullable();
      timeColumn(t, 'created_at').notNullable();
      /** The staff member who published it (subject); null for a file. */
      t.string('created_by', 200);
      t.primary(['type_id', 'version']);
    });
    await knex.schema.createTable('request_type_designs', (t) => {
      t.string('type_id', 200).primary();
      /** The working copy (JSON, possibly not valid yet). */
      jsonColumn(t, ctx.dialect, 'draft').notNullable();
      /** The version new requests are filed under; null while unpublished. */
      t.integer('published_version');
      timeColumn(t, 'updated_at').notNullable();
      t.string('updated_by', 200);
    });
    await knex.schema.alterTable('requests', (t) => {
      /** The version of a declarative type the request was filed under; null for plugins' types. */
      t.integer('type_version');
    });
  },

  async down(knex: Knex) {
    await knex.schema.alterTable('requests', (t) => {
      t.dropColumn('type_version');
    });
    await knex.schema.dropTableIfExists('request_type_designs');
    await knex.schema.dropTableIfExists('request_type_versions');
  },
};
