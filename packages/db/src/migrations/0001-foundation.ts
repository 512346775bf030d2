import type { Knex } from 'knex';
import { jsonColumn, timeColumn } from '../dialect.js';
import type { MigrationContext, SmartLoketMigration } from './types.js';

/**
 * Foundation II schema: requests and their events, documents, jobs, outbox, organisation
 * grants, the append-only audit log, settings, sessions and uploads.
 */
export const foundation: SmartLoketMigration = {
  name: '0001-foundation',

  async up(knex: Knex, ctx: MigrationContext) {
    const { dialect } = ctx;

    await knex.schema.createTable('reference_counters', (t) => {
      t.string('scope', 32).primary();
      t.bigInteger('last_value').notNullable();
    });

    await knex.schema.createTable('requests', (t) => {
      t.string('id', 36).primary();
      t.string('reference', 32).notNullable().unique();
      t.string('type_id', 200).notNullable();
      t.string('plugin_id', 200).notNullable();
      t.string('kind', 16).notNullable();
      t.string('state', 32).notNullable();
      t.integer('version').notNullable().defaultTo(1);
      t.string('locale', 8).notNullable();
      jsonColumn(t, dialect, 'requester').notNullable();
      t.string('requester_id', 200).notNullable();
      t.string('requester_kind', 16).notNullable();
      t.string('organisation_kbo', 16);
      jsonColumn(t, dialect, 'subject').notNullable();
      t.string('subject_insz', 16);
      jsonColumn(t, dialect, 'form');
      t.text('purpose');
      t.string('use', 16);
      jsonColumn(t, dialect, 'decision');
      t.string('idempotency_key', 200);
      t.string('assignee_id', 200);
      t.string('pending_token', 500);
      timeColumn(t, 'created_at').notNullable();
      timeColumn(t, 'updated_at').notNullable();
      timeColumn(t, 'handled_at');
      timeColumn(t, 'delivered_at');
      timeColumn(t, 'closed_at');
      timeColumn(t, 'form_purge_at');
      timeColumn(t, 'form_purged_at');
      t.unique(['requester_id', 'idempotency_key']);
      t.index(['created_at', 'id'], 'requests_created_idx');
      t.index(['requester_id', 'created_at'], 'requests_requester_idx');
      t.index(['subject_insz'], 'requests_subject_insz_idx');
      t.index(['organisation_kbo', 'created_at'], 'requests_organisation_idx');
      t.index(['state', 'created_at'], 'requests_state_idx');
      t.index(['assignee_id'], 'requests_assignee_idx');
    });

    await knex.schema.createTable('request_events', (t) => {
      t.string('id', 36).primary();
      t.string('request_id', 36).notNullable().references('id').inTable('requests');
      t.integer('seq').notNullable();
      t.string('type', 64).notNullable();
      t.string('from_state', 32);
      t.string('to_state', 32);
      jsonColumn(t, dialect, 'actor').notNullable();
      t.text('reason');
      jsonColumn(t, dialect, 'data');
      timeColumn(t, 'at').notNullable();
      t.unique(['request_id', 'seq']);
    });

    await knex.schema.createTable('documents', (t) => {
      t.string('id', 36).primary();
      t.string('request_id', 36).notNullable().references('id').inTable('requests');
      t.string('step_key', 200).notNullable().unique();
      t.string('file_name', 255).notNullable();
      t.string('media_type', 100).notNullable();
      t.bigInteger('size').notNullable();
      t.string('sha256', 64).notNullable();
      t.binary('bytes');
      t.string('verification_code', 64).unique();
      t.string('sealed_by', 255);
      timeColumn(t, 'created_at').notNullable();
      timeColumn(t, 'expires_at');
      timeColumn(t, 'purged_at');
      timeColumn(t, 'withdrawn_at');
      t.index(['request_id'], 'documents_request_idx');
      t.index(['expires_at'], 'documents_expires_idx');
    });

    await knex.schema.createTable('jobs', (t) => {
      t.string('id', 36).primary();
      t.string('type', 100).notNullable();
      jsonColumn(t, dialect, 'payload').notNullable();
      t.string('state', 16).notNullable();
      timeColumn(t, 'run_at').notNullable();
      t.integer('attempts').notNullable().defaultTo(0);
      t.integer('max_attempts').notNullable();
      t.text('last_error');
      t.string('lease_owner', 200);
      timeColumn(t, 'lease_until');
      t.string('key', 300).unique();
      timeColumn(t, 'created_at').notNullable();
      timeColumn(t, 'updated_at').notNullable();
      timeColumn(t, 'done_at');
      t.index(['state', 'run_at'], 'jobs_due_idx');
      t.index(['state', 'lease_until'], 'jobs_lease_idx');
    });

    await knex.schema.createTable('outbox', (t) => {
      t.string('id', 36).primary();
      t.string('kind', 16).notNullable();
      t.string('dedupe_key', 300).notNullable().unique();
      t.string('request_id', 36);
      t.string('message_id', 300);
      t.string('recipient', 320);
      jsonColumn(t, dialect, 'payload');
      t.string('state', 16).notNullable();
      t.integer('attempts').notNullable().defaultTo(0);
      t.text('last_error');
      timeColumn(t, 'created_at').notNullable();
      timeColumn(t, 'last_attempt_at');
      timeColumn(t, 'sent_at');
      timeColumn(t, 'purge_at');
      timeColumn(t, 'purged_at');
      t.index(['request_id'], 'outbox_request_idx');
    });

    await knex.schema.createTable('organisation_grants', (t) => {
      t.string('id', 36).primary();
      t.string('kbo', 16).notNullable();
      t.string('request_type_id', 200).notNullable();
      timeColumn(t, 'valid_from').notNullable();
      timeColumn(t, 'valid_until');
      jsonColumn(t, dialect, 'created_by').notNullable();
      timeColumn(t, 'created_at').notNullable();
      timeColumn(t, 'revoked_at');
      jsonColumn(t, dialect, 'revoked_by');
      t.text('note');
      t.index(['kbo', 'request_type_id'], 'grants_kbo_type_idx');
    });

    await knex.schema.createTable('audit_log', (t) => {
      t.string('id', 36).primary();
      timeColumn(t, 'at').notNullable();
      t.string('category', 64).notNullable();
      jsonColumn(t, dialect, 'actor').notNullable();
      t.string('request_id', 36);
      t.string('related_id', 36);
      t.string('subject_id', 32);
      t.string('service', 200);
      t.text('legal_basis');
      t.text('purpose');
      t.string('referte', 200);
      t.string('outcome', 32);
      t.string('code', 200);
      jsonColumn(t, dialect, 'data');
      timeColumn(t, 'retain_until').notNullable();
      t.index(['subject_id', 'at'], 'audit_subject_idx');
      t.index(['request_id'], 'audit_request_idx');
      t.index(['at', 'id'], 'audit_at_idx');
      t.index(['retain_until'], 'audit_retain_idx');
    });

    await knex.schema.createTable('settings', (t) => {
      t.string('key', 200).primary();
      jsonColumn(t, dialect, 'value');
      timeColumn(t, 'updated_at').notNullable();
      t.string('updated_by', 200);
    });

    await knex.schema.createTable('sessions', (t) => {
      t.string('id', 64).primary(); // sha256 hex of the session id
      jsonColumn(t, dialect, 'data').notNullable();
      jsonColumn(t, dialect, 'identity');
      timeColumn(t, 'created_at').notNullable();
      timeColumn(t, 'last_seen_at').notNullable();
      timeColumn(t, 'expires_at').notNullable();
      t.index(['expires_at'], 'sessions_expires_idx');
    });

    await knex.schema.createTable('uploads', (t) => {
      t.string('id', 36).primary();
      t.string('request_id', 36);
      t.string('file_name', 255).notNullable();
      t.string('media_type', 100).notNullable();
      t.bigInteger('size').notNullable();
      t.string('sha256', 64).notNullable();
      t.binary('bytes');
      timeColumn(t, 'created_at').notNullable();
      timeColumn(t, 'purge_at');
      t.index(['request_id'], 'uploads_request_idx');
    });

    // The audit log is append-only. Privileges (PostgreSQL) keep the runtime role to SELECT and
    // INSERT; these triggers refuse UPDATE always, and DELETE unless the purge has declared, in
    // its own transaction, a cutoff the row's retain_until lies before.
    if (dialect === 'postgres') {
      await knex.raw(`
        create or replace function audit_log_guard() returns trigger language plpgsql as $$
        declare cutoff text;
        begin
          if tg_op = 'UPDATE' then
            raise exception 'audit_log is append-only';
          end if;
          if tg_op = 'TRUNCATE' then
            raise exception 'audit_log is append-only';
          end if;
          cutoff := current_setting('smartloket.audit_purge_before', true);
          if cutoff is null or cutoff = '' or old.retain_until >= cutoff::bigint then
            raise exception 'audit_log is append-only: row within its retention term';
          end if;
          return old;
        end $$`);
      await knex.raw(
        'create trigger audit_log_append_only before update or delete on audit_log for each row execute function audit_log_guard()',
      );
      await knex.raw(
        'create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_guard()',
      );
    } else {
      await knex.schema.createTable('audit_purge_gate', (t) => {
        t.bigInteger('cutoff').notNullable();
      });
      await knex.raw(`
        create trigger audit_log_no_update before update on audit_log
        begin select raise(abort, 'audit_log is append-only'); end`);
      await knex.raw(`
        create trigger audit_log_no_delete before delete on audit_log
        when not exists (select 1 from audit_purge_gate where cutoff > old.retain_until)
        begin select raise(abort, 'audit_log is append-only: row within its retention term'); end`);
    }
  },

  async down(knex: Knex, ctx: MigrationContext) {
    if (ctx.dialect === 'postgres') {
      await knex.raw('drop trigger if exists audit_log_append_only on audit_log');
      await knex.raw('drop trigger if exists audit_log_no_truncate on audit_log');
      await knex.raw('drop function if exists audit_log_guard()');
    } else {
      await knex.raw('drop trigger if exists audit_log_no_update');
      await knex.raw('drop trigger if exists audit_log_no_delete');
      await knex.schema.dropTableIfExists('audit_purge_gate');
    }
    for (const table of [
      'uploads',
      'sessions',
      'settings',
      'audit_log',
      'organisation_grants',
      'outbox',
      'jobs',
      'documents',
      'request_events',
      'requests',
      'reference_counters',
    ]) {
      await knex.schema.dropTableIfExists(table);
    }
  },
};
