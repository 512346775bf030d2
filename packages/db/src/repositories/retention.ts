import { addMonths, DAY, HOUR, MINUTE } from '@smartloket/core';
import type { Knex } from 'knex';
import type { RepoContext } from '../context.js';
import { ms, num } from '../dialect.js';
import { lastOf } from './audit-chain.js';

/** Retention terms. Every kind of personal data has one; defaults in brackets. */
export interface RetentionTerms {
  /** Document bytes are purged at `expiresAt`; without one, this long after creation [3]. */
  documentMonths?: number;
  /** Form data of a closed request is purged this long after closing (or at `formPurgeAt`) [90]. */
  formDataDays?: number;
  /** Unattached uploads are removed this long after upload; attached ones go with the form [90]. */
  uploadDays?: number;
  /** Outbox recipient and payload are purged this long after sending (or creation) [30]. */
  emailDays?: number;
  /** Sessions idle this long are removed [30]. */
  sessionIdleMinutes?: number;
  /** Sessions this old are removed, idle or not [12]. */
  sessionAbsoluteHours?: number;
  /**
   * Capability links of anonymous requests end this long after their request closed (and never
   * before their own `expires_at`) [90]. Expired e-mail confirmation tokens go at once.
   */
  anonymousLinkDays?: number;
  /** Audit rows are removed when past their `retainUntil` and at least this old [10]. */
  auditYears?: number;
  /**
   * Saved drafts (and their uploads) are removed this long after they were last saved, or at
   * the expiry they were saved with, whichever comes first [30].
   */
  draftDays?: number;
  /** Finished jobs (no personal data, ids only) are removed this long after completion [30]. */
  doneJobDays?: number;
  /** Webhook delivery attempts (status, timing, no body) are removed this long after [30]. */
  webhookDeliveryDays?: number;
  /**
   * A request type's own terms, by request type id, where they differ from the terms above.
   * `formDataDays` governs the form data and attached uploads of that type's requests;
   * `documentMonths` its documents, measured from delivery: a document goes at its own
   * `expiresAt` or when this term has passed, whichever comes first (so a term shortened since
   * delivery applies at once).
   */
  byType?: Readonly<Record<string, TypeRetentionTerms>>;
}

/** The terms of one request type (see {@link RetentionTerms.byType}); absent: the global term. */
export interface TypeRetentionTerms {
  documentMonths?: number | undefined;
  formDataDays?: number | undefined;
}

/** What one purge did (or would do, with `dryRun`). */
export interface RetentionResult {
  /** Documents whose bytes were purged (metadata stays). */
  documents: number;
  /** Requests whose form data was purged (the request and its events stay). */
  forms: number;
  uploads: number;
  /** Outbox messages whose recipient and payload were purged. */
  outbox: number;
  sessions: number;
  jobs: number;
  audit: number;
  /** E-mail confirmation tokens removed (expired, used or not). */
  emailConfirmations?: number;
  /** Capability links of anonymous requests removed. */
  capabilityLinks?: number;
  /** Webhook delivery attempts removed from the log. */
  webhookDeliveries?: number;
  /** Saved drafts removed (expired). */
  drafts?: number;
  /**
   * Set when audit rows were due but could not be purged: on PostgreSQL without an owner
   * connection the runtime role has no DELETE on the audit log. Run the purge with `ownerUrl`.
   */
  auditSkipped?: string;
  dryRun: boolean;
}

/** A kind of data the purge handles, named as in {@link RetentionResult}. */
export type RetentionCategory =
  | 'documents'
  | 'uploads'
  | 'forms'
  | 'outbox'
  | 'sessions'
  | 'jobs'
  | 'emailConfirmations'
  | 'capabilityLinks'
  | 'webhookDeliveries'
  | 'drafts'
  | 'audit';

/** Where a purge is: reported when a category starts and after each batch of it. */
export interface RetentionProgress {
  category: RetentionCategory;
  /** Rows of this category purged so far. */
  done: number;
  /** Rows of this category that were due when it started (at least `done`). */
  total: number;
}

/** Options of {@link RetentionService.purge}. */
export interface PurgeOptions {
  /** The instant the terms are measured from [the clock's now]. */
  now?: Date;
  terms?: RetentionTerms;
  /** Count what is due; change nothing. */
  dryRun?: boolean;
  /** Rows changed per statement [1000]: keeps each statement and lock short. */
  batchSize?: number;
  /** Called when a category starts (done 0) and after each of its batches. Not called on a dry run. */
  onProgress?: (progress: RetentionProgress) => void;
}

/**
 * Applies the retention terms. Idempotent: a second run at the same instant purges nothing.
 * Requests stay as skeletons (without form data) with all their events. Audit rows are purged
 * through the owner connection on PostgreSQL (the runtime role cannot delete them), with the
 * cutoff declared to the append-only trigger inside the purge's own transaction.
 */
export class RetentionService {
  readonly #ctx: RepoContext;
  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  async purge(options: PurgeOptions = {}): Promise<RetentionResult> {
    const now = options.now ?? this.#ctx.clock.now();
    const t = options.terms ?? {};
    const dry = options.dryRun === true;
    const nowMs = ms(now)!;
    const k = this.#ctx.knex;
    const back = (n: number) => nowMs - n;

    const byType = Object.entries(t.byType ?? {});
    const docTypes = byType.filter(([, v]) => v.documentMonths !== undefined);
    const formTypes = byType.filter(([, v]) => v.formDataDays !== undefined);
    const typeIds = (types: typeof byType) => types.map(([id]) => id);
    const ofTypes = (ids: string[]) => (sub: Knex.QueryBuilder) =>
      sub.from('requests').select('id').whereIn('type_id', ids);

    const docCutoff = ms(addMonths(now, -(t.documentMonths ?? 3)))!;
    const docs = () =>
      k('documents')
        .whereNotNull('bytes')
        .where((w) => {
          w.where((a) => a.whereNotNull('expires_at').andWhere('expires_at', '<=', nowMs)).orWhere((b) => {
            b.whereNull('expires_at').andWhere('created_at', '<=', docCutoff);
            if (docTypes.length > 0) b.whereNotIn('request_id', ofTypes(typeIds(docTypes)));
          });
          for (const [id, terms] of docTypes) {
            const cutoff = ms(addMonths(now, -(terms.documentMonths as number)))!;
            w.orWhere((c) => c.where('created_at', '<=', cutoff).whereIn('request_id', ofTypes([id])));
          }
        });

    const formCutoff = back((t.formDataDays ?? 90) * DAY);
    const formDue = (w: Knex.QueryBuilder) =>
      w
        .where((a) => a.whereNotNull('form_purge_at').andWhere('form_purge_at', '<=', nowMs))
        .orWhere((b) =>
          b
            .whereNull('form_purge_at')
            .whereNotNull('closed_at')
            .andWhere((c) => {
              c.where((g) => {
                g.where('closed_at', '<=', formCutoff);
                if (formTypes.length > 0) g.whereNotIn('type_id', typeIds(formTypes));
              });
              for (const [id, terms] of formTypes) {
                const cutoff = back((terms.formDataDays as number) * DAY);
                c.orWhere((o) => o.where('type_id', id).andWhere('closed_at', '<=', cutoff));
              }
            }),
        );
    const forms = () => k('requests').whereNotNull('form').where(formDue);

    const draftCutoff = back((t.draftDays ?? 30) * DAY);
    const draftDue = (w: Knex.QueryBuilder) =>
      w.where('expires_at', '<=', nowMs).orWhere('updated_at', '<=', draftCutoff);
    const drafts = () => k('drafts').where(draftDue);

    const uploadCutoff = back((t.uploadDays ?? 90) * DAY);
    const uploads = () =>
      k('uploads').where((w) =>
        w
          // An upload's own purge date holds only until it is attached: attached, it stays with
          // the request's form (uploads attached before `attach` cleared the date kept it).
          .where((a) => a.whereNull('request_id').whereNotNull('purge_at').andWhere('purge_at', '<=', nowMs))
          // Except the evidence of a request filed without login: its date is set on the clerk's
          // decision (retention.evidenceDays, decision 1401), after it was attached.
          .orWhere((e) =>
            e
              .whereNotNull('purge_at')
              .andWhere('purge_at', '<=', nowMs)
              .whereIn('request_id', (sub) =>
                sub.from('unidentified_requests').select('request_id').whereNotNull('decided_at'),
              ),
          )
          .orWhere((b) =>
            b.whereNull('request_id').whereNull('draft_id').andWhere('created_at', '<=', uploadCutoff),
          )
          // A saved draft's uploads go with the draft.
          .orWhere((d) =>
            d
              .whereNull('request_id')
              .whereIn('draft_id', (sub) => sub.from('drafts').select('id').where(draftDue)),
          )
          .orWhereIn('request_id', (sub) =>
            sub
              .from('requests')
              .select('id')
              .where((r) =>
                r.whereNotNull('form_purged_at').orWhere((r2) => r2.whereNotNull('form').where(formDue)),
              ),
          ),
      );

    const emailCutoff = back((t.emailDays ?? 30) * DAY);
    const outbox = () =>
      k('outbox')
        .whereNotNull('payload')
        .where((w) =>
          w
            .where((a) => a.whereNotNull('purge_at').andWhere('purge_at', '<=', nowMs))
            .orWhere((b) =>
              b
                .whereNull('purge_at')
                .andWhere((c) =>
                  c
                    .where((s) => s.whereNotNull('sent_at').andWhere('sent_at', '<=', emailCutoff))
                    .orWhere((u) => u.whereNull('sent_at').andWhere('created_at', '<=', emailCutoff)),
                ),
            ),
        );

    const sessions = () =>
      k('sessions').where((w) =>
        w
          .where('expires_at', '<=', nowMs)
          .orWhere('last_seen_at', '<=', back((t.sessionIdleMinutes ?? 30) * MINUTE))
          .orWhere('created_at', '<=', back((t.sessionAbsoluteHours ?? 12) * HOUR)),
      );

    const jobs = () =>
      k('jobs')
        .where('state', 'done')
        .andWhere('done_at', '<=', back((t.doneJobDays ?? 30) * DAY));

    const auditCutoff = ms(addMonths(now, -12 * (t.auditYears ?? 10)))!;
    // Only a prefix of the chain is purged (decision 0603): the rows before the first row that is
    // not yet due. A row kept longer holds back the rows after it, so the chain stays unbroken.
    const keep = await k('audit_log')
      .whereNotNull('seq')
      .andWhere((w) => w.where('retain_until', '>=', nowMs).orWhere('at', '>=', auditCutoff))
      .orderBy('seq', 'asc')
      .first('seq');
    const audit = (knex: Knex) => {
      const q = knex('audit_log').where('retain_until', '<', nowMs).andWhere('at', '<', auditCutoff);
      return keep ? q.andWhere('seq', '<', num(keep.seq)) : q;
    };

    const confirmations = () => k('email_confirmations').where('expires_at', '<=', nowMs);
    const linkCutoff = back((t.anonymousLinkDays ?? 90) * DAY);
    const links = () =>
      k('capability_links')
        .where('expires_at', '<=', nowMs)
        .whereIn('request_id', (sub) =>
          sub.from('requests').select('id').whereNotNull('closed_at').andWhere('closed_at', '<=', linkCutoff),
        );

    const deliveries = () =>
      k('webhook_deliveries').where('at', '<=', back((t.webhookDeliveryDays ?? 30) * DAY));

    const count = async (q: Knex.QueryBuilder) => num((await q.count({ n: '*' }).first())?.n);

    if (dry) {
      return {
        documents: await count(docs()),
        forms: await count(forms()),
        uploads: await count(uploads()),
        outbox: await count(outbox()),
        sessions: await count(sessions()),
        jobs: await count(jobs()),
        audit: await count(audit(k)),
        ...nonZero({
          emailConfirmations: await count(confirmations()),
          capabilityLinks: await count(links()),
          webhookDeliveries: await count(deliveries()),
          drafts: await count(drafts()),
        }),
        dryRun: true,
      };
    }

    const batchSize = Math.max(1, Math.floor(options.batchSize ?? 1000));
    const report = options.onProgress;
    /** Purges what `due` selects, `batchSize` rows per statement; returns how many. */
    const inBatches = async (
      category: RetentionCategory,
      due: () => Knex.QueryBuilder,
      apply: (batch: Knex.QueryBuilder) => Promise<unknown>,
    ): Promise<number> => {
      const total = await count(due());
      let done = 0;
      report?.({ category, done, total });
      if (total === 0) return 0;
      for (;;) {
        const ids = (await due().select('id').limit(batchSize)).map((r: { id: string }) => r.id);
        if (ids.length === 0) break;
        // The condition again, so a row that stopped being due meanwhile is left alone.
        const n = num(await apply(due().whereIn('id', ids)));
        done += n;
        report?.({ category, done, total: Math.max(total, done) });
        if (n === 0 || ids.length < batchSize) break;
      }
      return done;
    };

    const documents = await inBatches('documents', docs, (q) => q.update({ bytes: null, purged_at: nowMs }));
    // Uploads first: their condition reads the forms and drafts about to be purged.
    const uploadCount = await inBatches('uploads', uploads, (q) => q.delete());
    const formCount = await inBatches('forms', forms, (q) => q.update({ form: null, form_purged_at: nowMs }));
    // What a requester without login declared (decision 1401) is form data: it goes with the form.
    await k('unidentified_requests')
      .whereNotNull('details')
      .whereIn('request_id', k('requests').select('id').whereNotNull('form_purged_at'))
      .update({ details: null });
    const outboxCount = await inBatches('outbox', outbox, (q) =>
      q.update({
        payload: null,
        recipient: null,
        purged_at: nowMs,
        state: k.raw("case when state = 'pending' then 'expired' else state end"),
      }),
    );
    const sessionCount = await inBatches('sessions', sessions, (q) => q.delete());
    const draftCount = await inBatches('drafts', drafts, (q) => q.delete());
    const jobCount = await inBatches('jobs', jobs, (q) => q.delete());
    const confirmationCount = await inBatches('emailConfirmations', confirmations, (q) => q.delete());
    const linkCount = await inBatches('capabilityLinks', links, (q) => q.delete());
    const deliveryCount = await inBatches('webhookDeliveries', deliveries, (q) => q.delete());
    let auditCount = 0;
    let auditSkipped: string | undefined;
    if (await this.#canPurgeAudit()) {
      const total = await count(audit(k));
      report?.({ category: 'audit', done: 0, total });
      if (total > 0) {
        auditCount = await this.#purgeAudit(nowMs, audit, batchSize, (done) =>
          report?.({ category: 'audit', done, total: Math.max(total, done) }),
        );
      }
    } else auditSkipped = 'no DELETE privilege on audit_log: purge with the owner connection (ownerUrl)';
    return {
      ...(auditSkipped ? { auditSkipped } : {}),
      documents,
      forms: formCount,
      uploads: uploadCount,
      outbox: outboxCount,
      sessions: sessionCount,
      jobs: jobCount,
      audit: auditCount,
      ...nonZero({
        emailConfirmations: confirmationCount,
        capabilityLinks: linkCount,
        webhookDeliveries: deliveryCount,
        drafts: draftCount,
      }),
      dryRun: false,
    };
  }

  async #canPurgeAudit(): Promise<boolean> {
    if (this.#ctx.dialect !== 'postgres' || this.#ctx.owner) return true;
    const result = await this.#ctx.knex.raw(
      "select has_table_privilege(current_user, 'audit_log', 'DELETE') as ok",
    );
    return result.rows[0]?.ok === true;
  }

  async #purgeAudit(
    nowMs: number,
    audit: (knex: Knex) => Knex.QueryBuilder,
    batchSize: number,
    progress: (done: number) => void,
  ): Promise<number> {
    const { dialect } = this.#ctx;
    /** Deletes the due rows `batchSize` at a time inside the purge's transaction. */
    const deleteDue = async (trx: Knex.Transaction): Promise<number> => {
      let done = 0;
      let last: { seq: number; hash: string } | undefined;
      for (;;) {
        const ids = (await audit(trx).select('id').orderBy('seq').limit(batchSize)).map(
          (r: { id: string }) => r.id,
        );
        if (ids.length === 0) break;
        const end = await lastOf(trx, ids);
        if (end && (!last || end.seq > last.seq)) last = end;
        const n = num(await audit(trx).whereIn('id', ids).delete());
        done += n;
        progress(done);
        if (n === 0 || ids.length < batchSize) break;
      }
      // Where the chain now starts: verification begins there, from the purged row's hash.
      if (done > 0 && last)
        await trx('audit_chain_checkpoints').insert({
          id: crypto.randomUUID(),
          at: nowMs,
          first_seq: last.seq + 1,
          prev_hash: last.hash,
          purged: done,
        });
      return done;
    };
    if (dialect === 'postgres') {
      // The runtime role has no DELETE on audit_log: purge as the owner when there is one.
      const conn = this.#ctx.owner ?? this.#ctx.knex;
      const run = async (trx: Knex.Transaction) => {
        await trx.raw("select set_config('smartloket.audit_purge_before', ?, true)", [String(nowMs)]);
        return deleteDue(trx);
      };
      return this.#ctx.owner || !this.#ctx.inTransaction
        ? conn.transaction(run)
        : run(this.#ctx.knex as Knex.Transaction);
    }
    const run = async (trx: Knex.Transaction) => {
      await trx('audit_purge_gate').insert({ cutoff: nowMs });
      const n = await deleteDue(trx);
      await trx('audit_purge_gate').delete();
      return n;
    };
    return this.#ctx.inTransaction
      ? run(this.#ctx.knex as Knex.Transaction)
      : this.#ctx.knex.transaction(run);
  }
}

/** Only the counts that are not zero (keeps the result's shape for callers that compare it). */
function nonZero<T extends Record<string, number>>(counts: T): Partial<T> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0)) as Partial<T>;
}
