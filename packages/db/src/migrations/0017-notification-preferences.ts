import type { Knex } from 'knex';
import { timeColumn } from '../dialect.js';
import type { SmartLoketMigration } from './types.js';

/**
 * Where a person's documents go (decision 1600): per identity subject (never an INSZ), whether
 * an e-mail copy is sent when the document also goes to the e-Box. No row: the defaults (a copy).
 */
export const notificationPreferences: SmartLoketMigration = {
  name: '0017-notification-preferences',

  async up(knex: Knex) {
    await knex.schema.createTable('notification_preferences', (t) => {
      t.string('subject', 200).primary();
      t.boolean('ebox_mail_copy').notNullable().defaultTo(true);
      timeColumn(t, 'updated_at').notNullable();
    });
  },

  async down(knex: Knex) {
    await knex.schema.dropTableIfExists('notification_preferences');
  },
};
