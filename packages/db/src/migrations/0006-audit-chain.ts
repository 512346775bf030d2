import type { Knex } from 'knex';
import { auditHash, chainedFields, GENESIS_HASH } from '../audit-chain.js';
import { timeColumn } from '../dialect.js';
import type { MigrationContext, SmartLoketMigration } from './types.js';

/** Rows chained per statement batch when the migration chains the existing log. */
const BATCH = 500;

/**
 * The tamper-evident audit log (decision 0603): every audit row gets its chain position, the
 * previous row's hash and its own; a single-row chain head serialises appends in commit order;
 * anchors keep the head's RFC 3161 timestamps; checkpoints say where the chain starts after the
 * retention purge. Existing rows are chained here, oldest first (by `at`, then `id`).
 */
export const auditChain: SmartLoketMigration = {
  name: '0006-audit-chain',

  async up(knex: Knex, ctx: MigrationContext) {
    await knex.schema.alterTable('audit_log', (t) => {
      t.bigInteger('seq');
      t.string('prev_hash', 64);
      t.string('hash', 64);
      t.integer('chain_version');
    });
    await knex.schema.alterTable('audit_log', (t) => {
      t.unique(['seq'], { indexName: 'audit_seq_uq' });
    });

    await knex.schema.createTable('audit_chain_head', (t) => {
      t.integer('id').primary();
      t.bigInteger('seq').notNullable();
      t.string('hash', 64).notNullable();
    });

    await knex.schema.createTable('audit_anchors', (t) => {
      t.string('id', 36).primary();
      timeColumn(t, 'at').notNullable();
      t.bigInteger('head_seq').notNullable();
      t.string('head_hash', 64).notNullable();
      /** The authority asked; null when anchoring is off (no `signer.tsaUrl`). */
      t.string('tsa_url', 500);
      /** The RFC 3161 token (DER), or null. */
      t.binary('token');
      /** The time the authority certified, or null. */
      timeColumn(t, 'token_time');
      t.index(['at'], 'audit_anchors_at_idx');
    });

    await knex.schema.createTable('audit_chain_checkpoints', (t) => {
      t.string('id', 36).primary();
      timeColumn(t, 'at').notNullable();
      /** The first row the chain keeps after the purge. */
      t.bigInteger('first_seq').notNullable();
      /** The hash of the last purged row: the `prev_hash` the first kept row must carry. */
      t.string('prev_hash', 64).notNullable();
      t.bigInteger('purged').notNullable();
    });

    // Chain what is there. The append-only triggers refuse UPDATE, also to the owner: lift them
    // inside this migration's transaction only.
    if (ctx.dialect === 'postgres')
      await knex.raw('alter table audit_log disable trigger audit_log_append_only');
    else await knex.raw('drop trigger if exists audit_log_no_update');
    let seq = 0;
    let prev = GENESIS_HASH;
    let after: { at: number; id: string } | undefined;
    for (;;) {
      const q = knex('audit_log')
        .orderBy([
          { column: 'at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ])
        .limit(BATCH);
      if (after) {
        const a = after;
        q.where((w) =>
          w.where('at', '>', a.at).orWhere((w2) => w2.where('at', '=', a.at).andWhere('id', '>', a.id)),
        );
      }
      const rows = await q;
      for (const r of rows) {
        seq += 1;
        const hash = auditHash(chainedFields(ctx.dialect, { ...r, seq, prev_hash: prev }))!;
        await knex('audit_log').where({ id: r.id }).update({ seq, prev_hash: prev, hash, chain_version: 1 });
        prev = hash;
      }
      if (rows.length < BATCH) break;
      const last = rows[rows.length - 1];
      after = { at: Number(last.at), id: last.id };
    }
    if (ctx.dialect === 'postgres')
      await knex.raw('alter table audit_log enable trigger audit_log_append_only');
    else await createSqliteNoUpdate(knex);
    await knex('audit_chain_head').insert({ id: 1, seq, hash: prev });
  },

  async down(knex: Knex, ctx: MigrationContext) {
    await knex.schema.dropTableIfExists('audit_chain_checkpoints');
    await knex.schema.dropTableIfExists('audit_anchors');
    await knex.schema.dropTableIfExists('audit_chain_head');
    // knex drops SQLite columns by rebuilding the table, which loses its triggers: put both back after.
    if (ctx.dialect === 'sqlite') {
      await knex.raw('drop trigger if exists audit_log_no_update');
      await knex.raw('drop trigger if exists audit_log_no_delete');
    }
    await knex.schema.alterTable('audit_log', (t) => {
      t.dropUnique(['seq'], 'audit_seq_uq');
    });
    await knex.schema.alterTable('audit_log', (t) => {
      t.dropColumn('seq');
      t.dropColumn('prev_hash');
      t.dropColumn('hash');
      t.dropColumn('chain_version');
    });
    if (ctx.dialect === 'sqlite') {
      await createSqliteNoUpdate(knex);
      await knex.raw(`
        create trigger audit_log_no_delete before delete on audit_log
        when not exists (select 1 from audit_purge_gate where cutoff > old.retain_until)
        begin select raise(abort, 'audit_log is append-only: row within its retention term'); end`);
    }
  },
};

/** The SQLite UPDATE guard of migration 0001, as it was (its DELETE guard is in `down`). */
async function createSqliteNoUpdate(knex: Knex): Promise<void> {
  await knex.raw(`
        create trigger audit_log_no_update before update on audit_log
        begin select raise(abort, 'audit_log is append-only'); end`);
}
