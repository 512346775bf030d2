import type { Actor } from '@smartloket/core';
import type { Knex } from 'knex';
import { inTx, type RepoContext } from '../context.js';
import { fromJson, ms, toDateNN, toJson } from '../dialect.js';
import { appendAudit } from './audit.js';

/** A stored setting. */
export interface SettingRecord {
  key: string;
  value: unknown;
  updatedAt: Date;
  updatedBy: string | null;
}

/** Run-time settings (enabled request types, ...). Every change is audited. */
export class SettingsRepository {
  readonly #ctx: RepoContext;
  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /** The value, or undefined when the key is not set. */
  async get<T = unknown>(key: string): Promise<T | undefined> {
    const row = await this.#ctx.knex('settings').where({ key }).first();
    if (!row) return undefined;
    return (fromJson<T>(this.#ctx.dialect, row.value) ?? undefined) as T | undefined;
  }

  /**
   * The value from this process's copy of the settings table (one query per few seconds, not
   * one per call): for hot paths that may see another process's change a few seconds late. A
   * change through this process applies at once (see `SettingsSnapshot`).
   */
  async cached<T = unknown>(key: string): Promise<T | undefined> {
    return ((await this.#ctx.settingsSnapshot.values()).get(key) ?? undefined) as T | undefined;
  }

  /** Every setting, by key. */
  async list(): Promise<SettingRecord[]> {
    const rows = await this.#ctx.knex('settings').orderBy('key');
    return rows.map((r) => ({
      key: r.key,
      value: fromJson(this.#ctx.dialect, r.value),
      updatedAt: toDateNN(r.updated_at),
      updatedBy: r.updated_by ?? null,
    }));
  }

  /**
   * Sets a value (JSON) and appends a `settings_changed` audit row. `actor` may be a staff id
   * (string) for brevity.
   */
  async set(key: string, value: unknown, actor: Actor | string): Promise<void> {
    const now = this.#ctx.clock.now();
    actor = asActor(actor);
    await this.#changing(async (trx) => {
      await trx('settings')
        .insert({ key, value: toJson(value), updated_at: ms(now), updated_by: actor.id ?? actor.type })
        .onConflict('key')
        .merge(['value', 'updated_at', 'updated_by']);
      await appendAudit(this.#ctx, trx, {
        category: 'settings_changed',
        actor,
        at: now,
        data: { key, value },
      });
    });
  }

  /** Removes a setting (back to its default) and audits it. */
  async delete(key: string, actor: Actor | string): Promise<boolean> {
    const now = this.#ctx.clock.now();
    const who = asActor(actor);
    return this.#changing(async (trx) => {
      const n = await trx('settings').where({ key }).delete();
      if (Number(n) > 0) {
        await appendAudit(this.#ctx, trx, {
          category: 'settings_changed',
          actor: who,
          at: now,
          data: { key, deleted: true },
        });
      }
      return Number(n) > 0;
    });
  }

  /** Runs a change and drops the process's copy of the settings once it is committed. */
  async #changing<T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    const snapshot = this.#ctx.settingsSnapshot;
    if (this.#ctx.inTransaction) {
      const trx = this.#ctx.knex as Knex.Transaction;
      trx.executionPromise.then(
        () => snapshot.invalidate(),
        () => undefined,
      );
      return fn(trx);
    }
    try {
      return await inTx(this.#ctx, fn);
    } finally {
      snapshot.invalidate();
    }
  }
}

function asActor(actor: Actor | string): Actor {
  return typeof actor === 'string' ? { type: 'staff', id: actor } : actor;
}
