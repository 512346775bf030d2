import type { RepoContext } from '../context.js';
import { fromJson, ms, toDate, toDateNN, toJson } from '../dialect.js';

/** What someone who did not log in declared about themselves and the person concerned. */
export interface UnidentifiedDetails {
  /** The requester's name. */
  name: string;
  /** Phone number, when given. */
  phone?: string | undefined;
  /** The requester's relation to the person concerned, in their words. */
  relation: string;
  /** The person concerned: INSZ, or name with birth date and place. */
  person: {
    insz?: string | undefined;
    name?: string | undefined;
    birthDate?: string | undefined;
    birthPlace?: string | undefined;
  };
  /** Why they ask. */
  purpose: string;
}

/** A request filed without login, with its details and evidence. */
export interface UnidentifiedRecord {
  requestId: string;
  details: UnidentifiedDetails | null;
  /** Upload ids of the identity document or mandate. */
  evidence: string[];
  createdAt: Date;
  /** When a clerk approved or refused it. */
  decidedAt: Date | null;
}

/** Requests filed without login (decision 1401). */
export class UnidentifiedRequestRepository {
  readonly #ctx: RepoContext;
  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /** Stores the details of a request filed without login. */
  async insert(requestId: string, details: UnidentifiedDetails, evidence: readonly string[]): Promise<void> {
    await this.#ctx.knex('unidentified_requests').insert({
      request_id: requestId,
      details: toJson(details),
      evidence: toJson([...evidence]),
      created_at: ms(this.#ctx.clock.now()),
    });
  }

  /** The record of a request, or undefined when it was filed with a login. */
  async get(requestId: string): Promise<UnidentifiedRecord | undefined> {
    const row = await this.#ctx.knex('unidentified_requests').where({ request_id: requestId }).first();
    if (!row) return undefined;
    return {
      requestId: row.request_id,
      details: fromJson<UnidentifiedDetails>(this.#ctx.dialect, row.details),
      evidence: fromJson<string[]>(this.#ctx.dialect, row.evidence) ?? [],
      createdAt: toDateNN(row.created_at),
      decidedAt: toDate(row.decided_at),
    };
  }

  /**
   * Records the clerk's decision (once) and schedules the evidence uploads for removal at
   * `purgeAt` (the retention job deletes them). False when it was decided before or is unknown.
   */
  async decided(requestId: string, purgeAt: Date): Promise<boolean> {
    const record = await this.get(requestId);
    if (!record || record.decidedAt) return false;
    await this.#ctx
      .knex('unidentified_requests')
      .where({ request_id: requestId })
      .whereNull('decided_at')
      .update({ decided_at: ms(this.#ctx.clock.now()) });
    if (record.evidence.length > 0) {
      await this.#ctx
        .knex('uploads')
        .whereIn('id', record.evidence)
        .where({ request_id: requestId })
        .update({ purge_at: ms(purgeAt) });
    }
    return true;
  }
}
