import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Clock } from '@smartloket/core';
import knexModule, { type Knex } from 'knex';
import type { RepoContext } from './context.js';
import { type Dialect, fromJson } from './dialect.js';
import { MIGRATIONS, migrationSource, RUNTIME_PRIVILEGES } from './migrations/index.js';
import { ApiClientRepository } from './repositories/api-clients.js';
import { AuditLog, ConsultationAuditRepository } from './repositories/audit.js';
import { AuditChain } from './repositories/audit-chain.js';
import { BackofficeRepository } from './repositories/backoffice.js';
import { DeclarativeTypeRepository } from './repositories/declarative-types.js';
import { DeviceCheckRepository } from './repositories/device-checks.js';
import { DocumentRepository } from './repositories/documents.js';
import { DraftRepository } from './repositories/drafts.js';
import {
  CapabilityLinkRepository,
  EmailConfirmationRepository,
  IdentityEmailRepository,
} from './repositories/email-confirmations.js';
import { EventRepository } from './repositories/events.js';
import { GrantRepository } from './repositories/grants.js';
import { JobQueue } from './repositories/jobs.js';
import { MeldingenRepository } from './repositories/meldingen.js';
import { OutboxRepository } from './repositories/outbox.js';
import { PaymentRepository } from './repositories/payments.js';
import { PreferencesRepository } from './repositories/preferences.js';
import { RateLimitRepository } from './repositories/rate-limits.js';
import { RequestRepository } from './repositories/requests.js';
import { RetentionService } from './repositories/retention.js';
import { SessionRepository } from './repositories/sessions.js';
import { SettingsRepository } from './repositories/settings.js';
import { TeamRepository } from './repositories/teams.js';
import { UnidentifiedRequestRepository } from './repositories/unidentified.js';
import { UploadRepository } from './repositories/uploads.js';
import { WebhookRepository } from './repositories/webhooks.js';
import { SettingsSnapshot, type SettingsSnapshotOptions } from './settings-snapshot.js';
import { traceQueries } from './tracing.js';

const { knex: createKnex } = knexModule;

/** Options of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** `sqlite:<path>`, `sqlite::memory:` or `postgres://...` (the runtime role). */
  url: string;
  /** Every timestamp the data layer writes or compares comes from this clock. */
  clock: Clock;
  /**
   * PostgreSQL connection of the owner role: runs migrations, grants the runtime role its
   * privileges and purges audit rows past their term. Without it the runtime connection does
   * all of this itself (one role, no privilege separation).
   */
  ownerUrl?: string | undefined;
  pool?: { min?: number; max?: number } | undefined;
  /** PostgreSQL schema to use (created by `migrate()` when missing). Default: the role's search_path. */
  schema?: string | undefined;
  /** Audit rows are kept at least this many years [10]. */
  auditYears?: number | undefined;
  /** SQLite busy timeout in ms [5000]. */
  busyTimeoutMs?: number | undefined;
  /** How long this process trusts its copy of the settings table (see {@link SettingsSnapshot}). */
  settingsCache?: SettingsSnapshotOptions | undefined;
}

/** The repositories, bound to the pool or to one transaction. */
export interface Repositories {
  readonly requests: RequestRepository;
  readonly events: EventRepository;
  readonly documents: DocumentRepository;
  readonly jobs: JobQueue;
  readonly outbox: OutboxRepository;
  readonly grants: GrantRepository;
  readonly audit: AuditLog;
  /** The audit log's hash chain: head, anchors, verification. */
  readonly auditChain: AuditChain;
  /** Implements core's `ConsultationAudit`. */
  readonly consultations: ConsultationAuditRepository;
  readonly settings: SettingsRepository;
  readonly sessions: SessionRepository;
  readonly uploads: UploadRepository;
  /** Drafts saved to finish later (decision 0803). */
  readonly drafts: DraftRepository;
  /** Browsers that passed the e-mail check of a link (decision 1401), hashed. */
  readonly deviceChecks: DeviceCheckRepository;
  /** Requests filed without login: details and evidence (decision 1401). */
  readonly unidentified: UnidentifiedRequestRepository;
  readonly retention: RetentionService;
  /** One-time e-mail confirmation tokens (hashed). */
  readonly emailConfirmations: EmailConfirmationRepository;
  /** Confirmed e-mail addresses per identity subject. */
  readonly identityEmails: IdentityEmailRepository;
  /** Capability links of anonymous requests (hashed). */
  readonly capabilityLinks: CapabilityLinkRepository;
  /** Back-office inbox, search, saved filters and report rows. */
  readonly backoffice: BackofficeRepository;
  /** Integration API clients (hashed secrets, scopes) and their access tokens. */
  readonly apiClients: ApiClientRepository;
  /** Webhook subscriptions and delivery attempts. */
  readonly webhooks: WebhookRepository;
  /** Rate-limit counters shared by every process (fixed windows, hashed keys). */
  readonly rateLimits: RateLimitRepository;
  /** The staff directory and the teams with their request types and members. */
  readonly teams: TeamRepository;
  /** Payments of fees, one row per attempt at the provider (issue 21). */
  readonly payments: PaymentRepository;
  /** Reports about public space: categories, places, photos, followers (decision 1500). */
  readonly meldingen: MeldingenRepository;
  /** Declarative request types: their versions and the designer's working copies. */
  readonly declarativeTypes: DeclarativeTypeRepository;
  /** Notification preferences per identity subject (e-mail copy of e-Box deliveries). */
  readonly preferences: PreferencesRepository;
}

/** A transaction: the same repositories, bound to it. */
export interface Tx extends Repositories {
  readonly dialect: Dialect;
  readonly clock: Clock;
  readonly knex: Knex.Transaction;
}

/** Where `migrate()` is: reported before each pending migration and after the last one. */
export interface MigrationProgress {
  /** The migration about to run (or, when `done === total`, the last one that ran). */
  name: string;
  /** Migrations of this run applied so far. */
  done: number;
  /** Migrations pending when the run started. */
  total: number;
}

/** An open database. */
export interface Database extends Repositories {
  readonly dialect: Dialect;
  /** The runtime connection pool. */
  readonly knex: Knex;
  readonly clock: Clock;
  /**
   * Applies pending migrations as the owner (one batch, each migration in its own transaction),
   * then (PostgreSQL) grants the runtime role. `onProgress` follows them one by one.
   */
  migrate(options?: {
    onProgress?: ((progress: MigrationProgress) => void) | undefined;
  }): Promise<{ applied: string[] }>;
  /** Rolls back the last batch of migrations. */
  migrateDown(): Promise<{ rolledBack: string[] }>;
  /** Every known migration and whether it is applied. */
  migrationStatus(): Promise<{ name: string; applied: boolean }[]>;
  /**
   * Runs `fn` in a transaction; it commits when `fn` resolves and rolls back when it throws.
   * On SQLite the pool has one connection: do not use the pool-bound repositories inside `fn`.
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

interface Parsed {
  dialect: Dialect;
  config: Knex.Config;
}

function parseUrl(url: string, options: OpenDatabaseOptions, owner: boolean): Parsed {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    const memory = path === ':memory:' || path === '';
    const filename = memory ? ':memory:' : resolve(path);
    if (!memory) mkdirSync(dirname(filename), { recursive: true });
    const busy = options.busyTimeoutMs ?? 5000;
    return {
      dialect: 'sqlite',
      config: {
        client: 'better-sqlite3',
        connection: { filename },
        useNullAsDefault: true,
        pool: {
          min: 1,
          max: 1,
          afterCreate: (conn: any, done: (err: Error | null, conn: unknown) => void) => {
            try {
              if (!memory) conn.pragma('journal_mode = WAL');
              conn.pragma('foreign_keys = ON');
              conn.pragma(`busy_timeout = ${Math.floor(busy)}`);
              conn.pragma('synchronous = NORMAL');
              done(null, conn);
            } catch (error) {
              done(error as Error, conn);
            }
          },
        },
      },
    };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    return {
      dialect: 'postgres',
      config: {
        client: 'pg',
        connection: { connectionString: url, application_name: owner ? 'smartloket-owner' : 'smartloket' },
        pool: owner ? { min: 0, max: 2 } : { min: options.pool?.min ?? 0, max: options.pool?.max ?? 10 },
        ...(options.schema ? { searchPath: [options.schema] } : {}),
      },
    };
  }
  throw new TypeError('database url must start with sqlite: or postgres://');
}

/** The user name of a PostgreSQL URL. */
function roleOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.username ? decodeURIComponent(u.username) : undefined;
  } catch {
    return undefined;
  }
}

/** A migration source that reports each migration of `pending` as it starts, and the end. */
function reporting<M>(
  source: Knex.MigrationSource<M>,
  onProgress: (progress: MigrationProgress) => void,
  pending: string[],
): Knex.MigrationSource<M> {
  const total = pending.length;
  return {
    getMigrations: (loadExtensions) => source.getMigrations(loadExtensions),
    getMigrationName: (m) => source.getMigrationName(m),
    getMigration: async (m) => {
      const migration = await source.getMigration(m);
      const name = source.getMigrationName(m);
      const index = pending.indexOf(name);
      return {
        ...migration,
        up: async (knex: Knex) => {
          if (index >= 0) onProgress({ name, done: index, total });
          const result = await migration.up(knex);
          if (index === total - 1) onProgress({ name, done: total, total });
          return result;
        },
      };
    },
  };
}

/** Builds the repositories on a context. */
export function createRepositories(ctx: RepoContext): Repositories {
  return {
    requests: new RequestRepository(ctx),
    events: new EventRepository(ctx),
    documents: new DocumentRepository(ctx),
    jobs: new JobQueue(ctx),
    outbox: new OutboxRepository(ctx),
    grants: new GrantRepository(ctx),
    audit: new AuditLog(ctx),
    auditChain: new AuditChain(ctx),
    consultations: new ConsultationAuditRepository(ctx),
    settings: new SettingsRepository(ctx),
    sessions: new SessionRepository(ctx),
    uploads: new UploadRepository(ctx),
    drafts: new DraftRepository(ctx),
    deviceChecks: new DeviceCheckRepository(ctx),
    unidentified: new UnidentifiedRequestRepository(ctx),
    retention: new RetentionService(ctx),
    emailConfirmations: new EmailConfirmationRepository(ctx),
    identityEmails: new IdentityEmailRepository(ctx),
    capabilityLinks: new CapabilityLinkRepository(ctx),
    backoffice: new BackofficeRepository(ctx),
    apiClients: new ApiClientRepository(ctx),
    webhooks: new WebhookRepository(ctx),
    rateLimits: new RateLimitRepository(ctx),
    teams: new TeamRepository(ctx),
    payments: new PaymentRepository(ctx),
    meldingen: new MeldingenRepository(ctx),
    declarativeTypes: new DeclarativeTypeRepository(ctx),
    preferences: new PreferencesRepository(ctx),
  };
}

/**
 * Opens a database: SQLite (better-sqlite3, WAL, foreign keys, busy timeout; the file's folder
 * is created) or PostgreSQL (a pool for the runtime role, and an owner connection when
 * `ownerUrl` is given). Does not migrate: call `migrate()`.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const runtime = parseUrl(options.url, options, false);
  const dialect = runtime.dialect;
  const knex = createKnex(runtime.config);
  let ownerKnex: Knex | undefined;
  if (options.ownerUrl && dialect === 'postgres') {
    const owner = parseUrl(options.ownerUrl, options, true);
    if (owner.dialect !== 'postgres') throw new TypeError('ownerUrl must be a postgres:// URL');
    ownerKnex = createKnex(owner.config);
  }
  traceQueries(knex, dialect);
  try {
    await knex.raw('select 1');
  } catch (error) {
    await knex.destroy();
    await ownerKnex?.destroy();
    throw error;
  }

  const ctx: RepoContext = {
    knex,
    dialect,
    clock: options.clock,
    inTransaction: false,
    auditYears: options.auditYears ?? 10,
    owner: ownerKnex,
    settingsSnapshot: new SettingsSnapshot(async () => {
      const rows = await knex('settings').select('key', 'value');
      return new Map(rows.map((r: { key: string; value: unknown }) => [r.key, fromJson(dialect, r.value)]));
    }, options.settingsCache),
  };
  const admin = ownerKnex ?? knex;
  const migrator = (onProgress?: (progress: MigrationProgress) => void, pending?: string[]) => ({
    migrationSource:
      onProgress && pending
        ? reporting(migrationSource(dialect), onProgress, pending)
        : migrationSource(dialect),
    tableName: 'knex_migrations',
    ...(options.schema && dialect === 'postgres' ? { schemaName: options.schema } : {}),
  });

  const ensureSchema = async () => {
    if (dialect !== 'postgres' || !options.schema) return;
    const found = await admin.raw('select 1 from pg_namespace where nspname = ?', [options.schema]);
    if (found.rows.length === 0) await admin.raw('create schema ??', [options.schema]);
  };

  const upToDate = async (): Promise<boolean> => {
    try {
      const rows: { name: string }[] = await knex('knex_migrations').select('name');
      const names = new Set(rows.map((r) => r.name));
      return MIGRATIONS.every((m) => names.has(m.name));
    } catch {
      return false;
    }
  };

  const grantRuntime = async () => {
    if (dialect !== 'postgres' || !ownerKnex) return;
    const runtimeRole =
      roleOf(options.url) ?? ((await knex.raw('select current_user as u')).rows[0]?.u as string | undefined);
    const ownerRole = (await ownerKnex.raw('select current_user as u')).rows[0]?.u as string;
    if (!runtimeRole || runtimeRole === ownerRole) return;
    const schema =
      options.schema ?? ((await ownerKnex.raw('select current_schema() as s')).rows[0]?.s as string);
    await ownerKnex.raw('grant usage on schema ?? to ??', [schema, runtimeRole]);
    for (const table of ['knex_migrations', 'knex_migrations_lock']) {
      await ownerKnex.raw('grant select on table ?? to ??', [`${schema}.${table}`, runtimeRole]);
    }
    for (const [table, privileges] of Object.entries(RUNTIME_PRIVILEGES)) {
      const qualified = `${schema}.${table}`;
      await ownerKnex.raw('revoke all on table ?? from ??', [qualified, runtimeRole]);
      await ownerKnex.raw(`grant ${privileges.join(', ')} on table ?? to ??`, [qualified, runtimeRole]);
    }
  };

  const db: Database = {
    dialect,
    knex,
    clock: options.clock,
    ...createRepositories(ctx),

    async migrate(migrateOptions = {}) {
      // Already up to date: nothing to do, and no owner rights needed (a runtime role may call it).
      if (await upToDate()) return { applied: [] };
      await ensureSchema();
      const { onProgress } = migrateOptions;
      let pending: string[] | undefined;
      if (onProgress) {
        const [, todo] = (await admin.migrate.list(migrator())) as [unknown[], { name: string }[]];
        pending = todo.map((m) => m.name);
      }
      const [, applied] = (await admin.migrate.latest(migrator(onProgress, pending))) as [number, string[]];
      await grantRuntime();
      return { applied };
    },

    async migrateDown() {
      const [, rolledBack] = (await admin.migrate.rollback(migrator())) as [number, string[]];
      return { rolledBack };
    },

    async migrationStatus() {
      await ensureSchema();
      const [done] = (await admin.migrate.list(migrator())) as [{ name: string }[], unknown[]];
      const appliedNames = new Set(done.map((m) => m.name));
      return MIGRATIONS.map((m) => ({ name: m.name, applied: appliedNames.has(m.name) }));
    },

    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return knex.transaction(async (trx) => {
        const txCtx: RepoContext = { ...ctx, knex: trx, inTransaction: true };
        const tx: Tx = { dialect, clock: options.clock, knex: trx, ...createRepositories(txCtx) };
        return fn(tx);
      });
    },

    async close() {
      await knex.destroy();
      await ownerKnex?.destroy();
    },
  };
  return db;
}
