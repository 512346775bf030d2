import type { Knex } from 'knex';
import { jsonColumn, timeColumn } from '../dialect.js';
import type { MigrationContext, SmartLoketMigration } from './types.js';

/**
 * Saved drafts (decision 0803): a form a requester saved to finish later, on any device. A
 * logged-in requester's drafts are found by identity subject; an anonymous requester resumes
 * with a mailed link whose token is stored only as its SHA-256. Uploads made in a draft point at
 * it (`uploads.draft_id`) and go with it.
 */
export const drafts: SmartLoketMigration = {
  name: '0011-drafts',

  async up(knex: Knex, ctx: MigrationContext) {
    await knex.schema.createTable('drafts', (t) => {
      /** The draft key of the form (also the idempotency key of its submission). */
      t.string('id', 64).primary();
      /** Identity subject of a logged-in requester; null for an anonymous one. */
      t.string('subject', 200);
      t.string('type_id', 200).notNullable();
      /** The answers, the step, the anonymous address and the fields as they were when saved. */
      jsonColumn(t, ctx.dialect, 'data').notNullable();
      /** SHA-256 of the anonymous requester's resume token. */
      t.string('resume_hash', 64).unique();
      timeColumn(t, 'created_at').notNullable();
      timeColumn(t, 'updated_at').notNullable();
      timeColumn(t, 'expires_at').notNullable();
      t.index(['subject', 'updated_at'], 'drafts_subject_idx');
      t.index(['expires_at'], 'drafts_expires_idx');
    });
    await knex.schema.alterTable('uploads', (t) => {
      /** The saved draft the upload belongs to until the request is submitted. */
      t.string('draft_id', 64);
      t.index(['draft_id'], 'uploads_draft_idx');
    });
  },

  async down(knex: Knex) {
    await knex.schema.alterTable('uploads', (t) => {
      t.dropIndex(['draft_id'], 'uploads_draft_idx');
      t.dropColumn('draft_id');
    });
    await knex.schema.dropTableIfExists('drafts');
  },
};
