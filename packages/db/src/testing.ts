/**
 * Test helpers: run a suite on a fresh, isolated SQLite file and a fresh PostgreSQL schema.
 * Import from `@smartloket/db/testing` (needs vitest).
 *
 * PostgreSQL comes from `SMARTLOKET_TEST_PG_URL` (default
 * `postgres://postgres@127.0.0.1:5432/test`), a role allowed to create roles and schemas. Each
 * suite gets its own schema, an owner role (runs migrations) and a runtime role (what the
 * application connects as), all with random names, dropped afterwards. When PostgreSQL is
 * unreachable the PostgreSQL variants are skipped with a printed reason, or fail when `CI` is set.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Clock, ManualClock } from '@smartloket/core';
import type { Knex } from 'knex';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { type Database, openDatabase } from './database.js';
import type { Dialect } from './dialect.js';

/** The administrative PostgreSQL URL of the test server. */
export const TEST_PG_URL = process.env.SMARTLOKET_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh, isolated database for one suite. */
export interface TestDatabase {
  readonly dialect: Dialect;
  /** The clock the main handle was opened with (starts 2026-01-05T09:00:00Z). */
  readonly clock: ManualClock;
  /** The runtime URL (PostgreSQL: runtime role, schema in the URL's `options`). */
  readonly url: string;
  /** The owner URL (PostgreSQL only). */
  readonly ownerUrl: string | undefined;
  /** The PostgreSQL schema (undefined on SQLite). */
  readonly schema: string | undefined;
  /** The main handle: runtime URL, owner URL, migrated unless asked otherwise. */
  readonly db: Database;
  /** An owner connection to the same database (SQLite: the main handle's knex). */
  readonly admin: Knex;
  /** Opens another handle on the same database (closed by {@link destroy}). */
  open(options?: { clock?: Clock; owner?: boolean }): Promise<Database>;
  /** Closes every handle and removes the database, schema and roles. */
  destroy(): Promise<void>;
}

/** Whether PostgreSQL answers, probed once. */
let pgProbe: Promise<string | undefined> | undefined;
export function postgresUnavailableReason(): Promise<string | undefined> {
  pgProbe ??= (async () => {
    // Patient: a refused connection fails at once; only a busy server needs the time.
    const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 30_000 });
    try {
      await client.connect();
      await client.query('select 1');
      return undefined;
    } catch (error) {
      return `PostgreSQL at ${redact(TEST_PG_URL)} unreachable: ${(error as Error).message}`;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return pgProbe;
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the configured URL';
  }
}

/** Creates a fresh test database of `dialect`. */
export async function createTestDatabase(
  dialect: Dialect,
  options: { migrate?: boolean; clock?: ManualClock } = {},
): Promise<TestDatabase> {
  const clock = options.clock ?? new ManualClock();
  const handles: Database[] = [];
  const open = async (o: { clock?: Clock; url: string; ownerUrl?: string; schema?: string }) => {
    const db = await openDatabase({
      url: o.url,
      ownerUrl: o.ownerUrl,
      schema: o.schema,
      clock: o.clock ?? clock,
    });
    handles.push(db);
    return db;
  };
  const closeAll = async () => {
    for (const h of handles.splice(0)) await h.close().catch(() => {});
  };

  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'smartloket-db-'));
    const url = `sqlite:${join(dir, 'test.sqlite')}`;
    const db = await open({ url });
    if (options.migrate !== false) await db.migrate();
    return {
      dialect,
      clock,
      url,
      ownerUrl: undefined,
      schema: undefined,
      db,
      admin: db.knex,
      open: (o = {}) => open({ url, clock: o.clock }),
      async destroy() {
        await closeAll();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }

  const reason = await postgresUnavailableReason();
  if (reason) throw new Error(reason);
  const suffix = randomBytes(5).toString('hex');
  const owner = `sl_own_${suffix}`;
  const runtime = `sl_rt_${suffix}`;
  const schema = `sl_test_${suffix}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await admin.query(`create role ${owner} login password '${owner}'`);
    await admin.query(`create role ${runtime} login password '${runtime}'`);
    await admin.query(`create schema ${schema} authorization ${owner}`);
  } finally {
    await admin.end();
  }
  const urlFor = (role: string) => {
    const u = new URL(TEST_PG_URL);
    u.username = role;
    u.password = role;
    u.searchParams.set('options', `-c search_path=${schema}`);
    return u.toString();
  };
  const url = urlFor(runtime);
  const ownerUrl = urlFor(owner);
  const db = await open({ url, ownerUrl, schema });
  if (options.migrate !== false) await db.migrate();
  const ownerDb = await open({ url: ownerUrl, schema });
  return {
    dialect,
    clock,
    url,
    ownerUrl,
    schema,
    db,
    admin: ownerDb.knex,
    open: (o = {}) =>
      o.owner
        ? open({ url: ownerUrl, schema, clock: o.clock })
        : open({ url, ownerUrl, schema, clock: o.clock }),
    async destroy() {
      await closeAll();
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      try {
        await c.query(
          `select pg_terminate_backend(pid) from pg_stat_activity where usename in ('${owner}', '${runtime}')`,
        );
        await c.query(`drop schema if exists ${schema} cascade`);
        for (const role of [runtime, owner]) {
          await c.query(`drop owned by ${role} cascade`).catch(() => {});
          await c.query(`drop role if exists ${role}`);
        }
      } finally {
        await c.end();
      }
    },
  };
}

/** Options of {@link forEachDatabase}. */
export interface ForEachDatabaseOptions {
  /** Dialects to run on; both by default. */
  dialects?: readonly Dialect[];
  /** Migrate before the suite (default true). */
  migrate?: boolean;
}

let warned = false;
const unavailable = await postgresUnavailableReason();

/**
 * Declares the suite `name` once per dialect (`name [sqlite]`, `name [postgres]`), each on a
 * fresh database created before its tests and removed after them. `body` receives a getter of
 * the runtime URL (for code that opens its own connection) and the {@link TestDatabase}, whose
 * fields are usable inside hooks and tests.
 */
export function forEachDatabase(
  name: string,
  body: (databaseUrl: () => string, t: TestDatabase) => void,
  options: ForEachDatabaseOptions = {},
): void {
  for (const dialect of options.dialects ?? (['sqlite', 'postgres'] as const)) {
    const title = `${name} [${dialect}]`;
    if (dialect === 'postgres' && unavailable) {
      if (process.env.CI) {
        describe(title, () => {
          beforeAll(() => {
            throw new Error(unavailable);
          });
          body(() => '', { dialect } as TestDatabase);
        });
        continue;
      }
      if (!warned) {
        warned = true;
        console.warn(`[smartloket/db] skipping PostgreSQL tests: ${unavailable}`);
      }
      describe.skip(title, () => body(() => '', { dialect } as TestDatabase));
      continue;
    }
    describe(title, () => {
      let current: TestDatabase | undefined;
      const need = () => {
        if (!current) throw new Error('test database not ready: use it inside hooks and tests');
        return current;
      };
      const proxy: TestDatabase = {
        dialect,
        get clock() {
          return need().clock;
        },
        get url() {
          return need().url;
        },
        get ownerUrl() {
          return need().ownerUrl;
        },
        get schema() {
          return need().schema;
        },
        get db() {
          return need().db;
        },
        get admin() {
          return need().admin;
        },
        open: (o) => need().open(o),
        destroy: () => need().destroy(),
      };
      beforeAll(async () => {
        current = await createTestDatabase(dialect, { migrate: options.migrate });
      });
      afterAll(async () => {
        await current?.destroy();
        current = undefined;
      });
      body(() => need().url, proxy);
    });
  }
}

/**
 * Runs `fn` on the owner connection with the audit log's append-only triggers lifted (and puts
 * them back): what an intruder with the owner's rights can do. For tests of the audit chain.
 */
export async function withoutAuditGuards(
  t: TestDatabase,
  fn: (owner: Knex) => Promise<unknown>,
): Promise<void> {
  if (t.dialect === 'postgres') {
    await t.admin.raw('alter table audit_log disable trigger audit_log_append_only');
    try {
      await fn(t.admin);
    } finally {
      await t.admin.raw('alter table audit_log enable trigger audit_log_append_only');
    }
    return;
  }
  await t.admin.raw('drop trigger audit_log_no_update');
  await t.admin.raw('drop trigger audit_log_no_delete');
  try {
    await fn(t.admin);
  } finally {
    await t.admin.raw(
      "create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is append-only'); end",
    );
    await t.admin.raw(`create trigger audit_log_no_delete before delete on audit_log
        when not exists (select 1 from audit_purge_gate where cutoff > old.retain_until)
        begin select raise(abort, 'audit_log is append-only: row within its retention term'); end`);
  }
}

/** Alias of {@link forEachDatabase}. */
export const describeEachDatabase = forEachDatabase;
