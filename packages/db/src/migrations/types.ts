import type { Knex } from 'knex';
import type { Dialect } from '../dialect.js';

/** What a migration knows besides its connection. */
export interface MigrationContext {
  dialect: Dialect;
}

/** A schema migration. Written once, it runs on both dialects. */
export interface SmartLoketMigration {
  /** Stable, sortable name (`NNNN-what`), recorded in `knex_migrations`. */
  name: string;
  up(knex: Knex, ctx: MigrationContext): Promise<void>;
  down(knex: Knex, ctx: MigrationContext): Promise<void>;
}
