import type { RepoContext } from '../context.js';
import { ms } from '../dialect.js';

/** A person's notification preferences (decision 1600). */
export interface NotificationPreferences {
  /** Send the e-mail too when the document goes to the e-Box (default true). */
  eboxMailCopy: boolean;
}

/** Notification preferences per identity subject. */
export class PreferencesRepository {
  readonly #ctx: RepoContext;
  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /** The person's preferences, or the defaults. */
  async get(subject: string): Promise<NotificationPreferences> {
    const row = await this.#ctx.knex('notification_preferences').where({ subject }).first();
    return { eboxMailCopy: row ? Boolean(row.ebox_mail_copy) : true };
  }

  /** Stores the person's preferences. */
  async set(subject: string, preferences: NotificationPreferences): Promise<void> {
    await this.#ctx
      .knex('notification_preferences')
      .insert({
        subject,
        ebox_mail_copy: preferences.eboxMailCopy,
        updated_at: ms(this.#ctx.clock.now()),
      })
      .onConflict('subject')
      .merge();
  }
}
