import type { Clock } from '@smartloket/core';
import type { Knex } from 'knex';
import type { Dialect } from './dialect.js';
import type { SettingsSnapshot } from './settings-snapshot.js';

/** What every repository is built on: a connection (pool or transaction), dialect and clock. */
export interface RepoContext {
  readonly knex: Knex;
  readonly dialect: Dialect;
  readonly clock: Clock;
  /** True when `knex` is a transaction. */
  readonly inTransaction: boolean;
  /** Default retention of audit rows, in years. */
  readonly auditYears: number;
  /**
   * The owner connection (PostgreSQL with a separate owner role), for the few operations the
   * runtime role may not perform: purging audit rows past their term.
   */
  readonly owner: Knex | undefined;
  /** The process's copy of the settings table (shared by the pool and every transaction). */
  readonly settingsSnapshot: SettingsSnapshot;
}

/** Runs `fn` in the context's transaction, or in a new one when on the pool. */
export async function inTx<T>(ctx: RepoContext, fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  if (ctx.inTransaction) return fn(ctx.knex as Knex.Transaction);
  return ctx.knex.transaction(fn);
}

/** A context bound to a transaction. */
export function txContext(ctx: RepoContext, trx: Knex.Transaction): RepoContext {
  return { ...ctx, knex: trx, inTransaction: true };
}
