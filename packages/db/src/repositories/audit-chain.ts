import type { Knex } from 'knex';
import { anchorMessage, auditHash, chainedFields, GENESIS_HASH } from '../audit-chain.js';
import type { RepoContext } from '../context.js';
import { ms, num, toBuffer, toDate, toDateNN } from '../dialect.js';

/** The newest link of the chain (seq 0 and the genesis hash while the log is empty). */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** One anchor: the chain head at an instant, with the timestamp authority's token when anchoring is on. */
export interface AuditAnchor {
  id: string;
  at: Date;
  headSeq: number;
  headHash: string;
  /** The authority asked, or null when anchoring is off. */
  tsaUrl: string | null;
  /** The RFC 3161 token (DER), or null. */
  token: Buffer | null;
  /** The time the authority certified, or null. */
  tokenTime: Date | null;
}

/** Where the chain starts after a retention purge. */
export interface ChainCheckpoint {
  at: Date;
  firstSeq: number;
  prevHash: string;
  purged: number;
}

/** What a timestamp authority returns for an anchor. */
export interface AnchorTimestamp {
  token: Buffer;
  time: Date;
}

/** Checks an anchor's token against the bytes it must cover (see {@link anchorMessage}). */
export type TokenCheck = (token: Buffer, message: Buffer) => { ok: boolean; time?: Date; detail?: string };

/** The checks {@link AuditChain.verify} makes, named in a {@link ChainBreak}. */
export type ChainCheck =
  /** The first kept row is not where the chain (or the last purge checkpoint) says it starts. */
  | 'start'
  /** Rows are missing between two kept rows. */
  | 'gap'
  /** The row's `prev_hash` is not the hash of the row before it. */
  | 'link'
  /** The row's fields do not give its stored hash: the row was changed. */
  | 'content'
  /** The row names a serialisation version this release does not know. */
  | 'version'
  /** Rows without a chain position (inserted around the chain). */
  | 'unchained'
  /** The chain head does not match the last row: rows are missing at the end. */
  | 'head'
  /** An anchored head does not match the row at its position (or the row is gone). */
  | 'anchor'
  /** An anchor's timestamp token does not verify or does not cover its head. */
  | 'token';

/** The first thing {@link AuditChain.verify} found wrong. */
export interface ChainBreak {
  check: ChainCheck;
  /** The chain position of the row (or anchored head) concerned. */
  seq?: number | undefined;
  /** The audit row concerned, when it is there. */
  id?: string | undefined;
  /** Its time. */
  at?: Date | undefined;
  /** The anchor concerned. */
  anchorId?: string | undefined;
  detail: string;
}

/** The outcome of {@link AuditChain.verify}. */
export interface ChainReport {
  ok: boolean;
  /** Rows walked. */
  records: number;
  firstSeq: number | null;
  lastSeq: number | null;
  head: ChainHead;
  checkpoint: ChainCheckpoint | null;
  anchors: {
    total: number;
    /** Anchors whose head was compared with its row. */
    matched: number;
    /** Anchors whose token verified. */
    tokens: number;
    /** Anchors recorded without a token (anchoring off). */
    withoutToken: number;
    /** Anchors of rows purged since: only their tokens can be checked. */
    purged: number;
  };
  /** The first break, in chain order. */
  failure?: ChainBreak | undefined;
}

/** Options of {@link AuditChain.verify}. */
export interface VerifyChainOptions {
  /** Rows read per query [1000]. */
  batchSize?: number;
  /** Called before the walk (done 0) and after each batch. */
  onProgress?: (progress: { done: number; total: number }) => void;
  /** Verifies anchor tokens; without it a token counts as a break (it cannot be trusted unseen). */
  checkToken?: TokenCheck;
}

/**
 * The audit log's hash chain: its head, its anchors and their verification (decision 0603).
 * Appending is {@link AuditLog.append}'s; this reads, anchors and verifies.
 */
export class AuditChain {
  readonly #ctx: RepoContext;
  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /** The committed head of the chain. */
  async head(): Promise<ChainHead> {
    const row = await this.#ctx.knex('audit_chain_head').where({ id: 1 }).first();
    return row ? { seq: num(row.seq), hash: row.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  /**
   * Records an anchor of the current head. With `timestamp` (anchoring on) the head is
   * timestamped first, over {@link anchorMessage}; without it the anchor has no token.
   */
  async anchor(
    options: {
      tsaUrl?: string | undefined;
      timestamp?: ((message: Buffer) => Promise<AnchorTimestamp>) | undefined;
    } = {},
  ): Promise<AuditAnchor> {
    const head = await this.head();
    const stamp = options.timestamp ? await options.timestamp(anchorMessage(head.seq, head.hash)) : undefined;
    const anchor: AuditAnchor = {
      id: crypto.randomUUID(),
      at: this.#ctx.clock.now(),
      headSeq: head.seq,
      headHash: head.hash,
      tsaUrl: stamp ? (options.tsaUrl ?? null) : null,
      token: stamp?.token ?? null,
      tokenTime: stamp?.time ?? null,
    };
    await this.#ctx.knex('audit_anchors').insert({
      id: anchor.id,
      at: ms(anchor.at),
      head_seq: anchor.headSeq,
      head_hash: anchor.headHash,
      tsa_url: anchor.tsaUrl,
      token: anchor.token,
      token_time: ms(anchor.tokenTime),
    });
    return anchor;
  }

  /** Every anchor, oldest first. */
  async anchors(): Promise<AuditAnchor[]> {
    const rows = await this.#ctx.knex('audit_anchors').orderBy([
      { column: 'at', order: 'asc' },
      { column: 'head_seq', order: 'asc' },
      { column: 'id', order: 'asc' },
    ]);
    return rows.map(mapAnchor);
  }

  /** The newest anchor, or undefined. */
  async latestAnchor(): Promise<AuditAnchor | undefined> {
    const row = await this.#ctx
      .knex('audit_anchors')
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'head_seq', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first();
    return row ? mapAnchor(row) : undefined;
  }

  /** The checkpoint of the last purge that removed audit rows, or null. */
  async checkpoint(): Promise<ChainCheckpoint | null> {
    const row = await this.#ctx.knex('audit_chain_checkpoints').orderBy('first_seq', 'desc').first();
    return row
      ? {
          at: toDateNN(row.at),
          firstSeq: num(row.first_seq),
          prevHash: row.prev_hash,
          purged: num(row.purged),
        }
      : null;
  }

  /**
   * Walks the chain in `seq` order, in batches: each row's hash recomputed from its fields, each
   * link, each gap; then the head; each anchor's head against its row and its token against the
   * head. Stops at the first break.
   */
  async verify(options: VerifyChainOptions = {}): Promise<ChainReport> {
    const k = this.#ctx.knex;
    const batchSize = Math.max(1, Math.floor(options.batchSize ?? 1000));
    const [head, checkpoint, anchors] = await Promise.all([this.head(), this.checkpoint(), this.anchors()]);
    const total = num((await k('audit_log').whereNotNull('seq').count({ n: '*' }).first())?.n);
    const bySeq = new Map<number, AuditAnchor[]>();
    for (const a of anchors) bySeq.set(a.headSeq, [...(bySeq.get(a.headSeq) ?? []), a]);
    const report: ChainReport = {
      ok: false,
      records: 0,
      firstSeq: null,
      lastSeq: null,
      head,
      checkpoint,
      anchors: { total: anchors.length, matched: 0, tokens: 0, withoutToken: 0, purged: 0 },
    };
    const fail = (b: ChainBreak): ChainReport => ({ ...report, ok: false, failure: b });
    const tokenBreak = (a: AuditAnchor): ChainBreak | undefined => {
      if (!a.token) {
        report.anchors.withoutToken += 1;
        return undefined;
      }
      const r = options.checkToken?.(a.token, anchorMessage(a.headSeq, a.headHash)) ?? {
        ok: false,
        detail: 'no token verifier',
      };
      if (r.ok) {
        report.anchors.tokens += 1;
        return undefined;
      }
      return {
        check: 'token',
        seq: a.headSeq,
        anchorId: a.id,
        at: a.at,
        detail: `timestamp token of the anchor of ${a.at.toISOString()} does not verify: ${r.detail ?? 'invalid'}`,
      };
    };

    const startSeq = checkpoint?.firstSeq ?? 1;
    let expectedSeq = startSeq;
    let expectedPrev = checkpoint?.prevHash ?? GENESIS_HASH;
    // Anchors of rows purged before the chain's start: their tokens still tell what the head was.
    for (const a of anchors) {
      if (a.headSeq >= startSeq || a.headSeq === 0) continue;
      report.anchors.purged += 1;
      if (checkpoint && a.headSeq === startSeq - 1 && a.headHash !== checkpoint.prevHash)
        return fail({
          check: 'anchor',
          seq: a.headSeq,
          anchorId: a.id,
          at: a.at,
          detail: `the anchor of ${a.at.toISOString()} contradicts the purge checkpoint`,
        });
      const b = tokenBreak(a);
      if (b) return fail(b);
    }
    options.onProgress?.({ done: 0, total });
    let lastSeq = 0;
    for (;;) {
      const rows = await k('audit_log')
        .whereNotNull('seq')
        .where('seq', '>', lastSeq)
        .orderBy('seq', 'asc')
        .limit(batchSize);
      for (const r of rows) {
        const seq = num(r.seq);
        const where = { seq, id: r.id as string, at: toDateNN(r.at) };
        if (seq !== expectedSeq) {
          const first = report.records === 0;
          return fail({
            ...where,
            check: first ? 'start' : 'gap',
            detail:
              seq > expectedSeq
                ? `rows ${expectedSeq}..${seq - 1} are missing ${first ? 'at the start of the chain' : 'before this row'}`
                : `row precedes the start of the chain (${expectedSeq})`,
          });
        }
        const version = num(r.chain_version);
        const computed = auditHash(chainedFields(this.#ctx.dialect, r), version);
        if (computed === undefined)
          return fail({
            ...where,
            check: 'version',
            detail: `unknown chain version ${String(r.chain_version)}`,
          });
        if (r.prev_hash !== expectedPrev)
          return fail({
            ...where,
            check: 'link',
            detail:
              seq === startSeq
                ? 'prev_hash is not the one the chain starts from'
                : `prev_hash is not the hash of row ${seq - 1}`,
          });
        if (computed !== r.hash)
          return fail({
            ...where,
            check: 'content',
            detail: 'the fields do not give the stored hash: the row was changed',
          });
        for (const a of bySeq.get(seq) ?? []) {
          if (a.headHash !== r.hash)
            return fail({
              ...where,
              anchorId: a.id,
              check: 'anchor',
              detail: `the anchor of ${a.at.toISOString()} recorded another hash for this row`,
            });
          report.anchors.matched += 1;
          const b = tokenBreak(a);
          if (b) return fail({ ...b, id: r.id, at: where.at });
        }
        report.records += 1;
        report.firstSeq ??= seq;
        report.lastSeq = seq;
        expectedSeq = seq + 1;
        expectedPrev = r.hash;
        lastSeq = seq;
      }
      options.onProgress?.({ done: report.records, total: Math.max(total, report.records) });
      if (rows.length < batchSize) break;
    }

    const unchained = num((await k('audit_log').whereNull('seq').count({ n: '*' }).first())?.n);
    if (unchained > 0)
      return fail({ check: 'unchained', detail: `${unchained} row(s) carry no chain position` });
    if (head.seq !== expectedSeq - 1 || head.hash !== expectedPrev)
      return fail({
        check: 'head',
        seq: head.seq,
        detail:
          head.seq > expectedSeq - 1
            ? `rows ${expectedSeq}..${head.seq} are missing at the end of the chain`
            : `the chain head (${head.seq}) does not match the last row (${expectedSeq - 1})`,
      });
    for (const a of anchors) {
      if (a.headSeq < expectedSeq || a.headSeq === 0) {
        if (a.headSeq === 0) {
          const b = tokenBreak(a);
          if (b) return fail(b);
        }
        continue;
      }
      return fail({
        check: 'anchor',
        seq: a.headSeq,
        anchorId: a.id,
        at: a.at,
        detail: `the anchor of ${a.at.toISOString()} names row ${a.headSeq}, which is gone`,
      });
    }
    return { ...report, ok: true };
  }
}

function mapAnchor(r: any): AuditAnchor {
  return {
    id: r.id,
    at: toDateNN(r.at),
    headSeq: num(r.head_seq),
    headHash: r.head_hash,
    tsaUrl: r.tsa_url ?? null,
    token: toBuffer(r.token),
    tokenTime: toDate(r.token_time),
  };
}

/** For the purge: the hash and position of a row (used to write its checkpoint). */
export async function lastOf(knex: Knex, ids: string[]): Promise<{ seq: number; hash: string } | undefined> {
  const row = await knex('audit_log')
    .whereIn('id', ids)
    .whereNotNull('seq')
    .orderBy('seq', 'desc')
    .first('seq', 'hash');
  return row ? { seq: num(row.seq), hash: row.hash } : undefined;
}
