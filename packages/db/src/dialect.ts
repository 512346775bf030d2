import type { Knex } from 'knex';

/** The two supported SQL dialects. */
export type Dialect = 'sqlite' | 'postgres';

/**
 * Storage conventions shared by every table (see docs/decisions/0600-db-storage-conventions.md):
 *
 * - Timestamps are integer milliseconds since the Unix epoch (`bigint` on PostgreSQL, `integer`
 *   on SQLite), written from the injected clock. Comparisons and keyset paging are plain
 *   integer comparisons on both dialects; the database's own `now()` is never used.
 * - JSON is `jsonb` on PostgreSQL and `text` on SQLite (never SQLite's `json` type name, which
 *   would get NUMERIC affinity). Values are always bound as JSON text.
 * - Binary content is `bytea` / `blob`, returned as a Buffer by both drivers.
 */

/** Adds a JSON column: jsonb on PostgreSQL, text on SQLite. */
export function jsonColumn(t: Knex.CreateTableBuilder, dialect: Dialect, name: string): Knex.ColumnBuilder {
  return dialect === 'postgres' ? t.jsonb(name) : t.text(name);
}

/** Adds a timestamp column (epoch milliseconds). */
export function timeColumn(t: Knex.CreateTableBuilder, name: string): Knex.ColumnBuilder {
  return t.bigInteger(name);
}

/** Serialises a value for a JSON column (`undefined` and `null` become SQL NULL). */
export function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** Reads a JSON column: pg parses jsonb itself, SQLite returns text. */
export function fromJson<T = unknown>(dialect: Dialect, value: unknown): T | null {
  if (value === null || value === undefined) return null;
  if (dialect === 'postgres') return value as T;
  return JSON.parse(value as string) as T;
}

/** A Date (or nothing) as epoch milliseconds for a timestamp column. */
export function ms(value: Date | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const n = value.getTime();
  if (Number.isNaN(n)) throw new TypeError('invalid date');
  return n;
}

/** A timestamp column (number, or string for pg's int8) as a Date. */
export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return new Date(Number(value));
}

/** Like {@link toDate} for NOT NULL columns. */
export function toDateNN(value: unknown): Date {
  return new Date(Number(value));
}

/** A count or bigint column as a number. */
export function num(value: unknown): number {
  return Number(value ?? 0);
}

/** A binary column as a Buffer (or null). */
export function toBuffer(value: unknown): Buffer | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError('unexpected binary value');
}

/** True when the error is a unique-constraint violation on either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  if (!e) return false;
  if (e.code === '23505') return true;
  return e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
