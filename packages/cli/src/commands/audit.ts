import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ChainReport } from '@smartloket/db';
import { anchorAuditChain, anchorAuthority } from '@smartloket/runtime';
import { verifyTimestampToken } from '@smartloket/signer-pades';
import { CliError, EXIT } from '../errors.js';
import type { Output } from '../output.js';
import type { Progress } from '../progress.js';
import { type OpsOptions, withDatabase } from './shared.js';

/** Options of `smartloket audit verify`. */
export interface AuditVerifyOptions extends OpsOptions {
  /** Rows read per query [1000]. */
  batchSize?: number | undefined;
  /** PEM file(s) of the timestamp authority's root: tokens must chain to one of them. */
  tsaTrust?: string[] | undefined;
}

/**
 * `smartloket audit verify`: walks the audit chain in batches (progress bar on a terminal),
 * checks every row's hash and link, the head, each anchor's head and its timestamp token.
 * Prints the first break (row, time, which check) and returns {@link EXIT.auditBroken}.
 */
export async function auditVerify(options: AuditVerifyOptions, out: Output): Promise<number> {
  const batchSize = options.batchSize;
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1))
    throw new CliError('--batch-size must be a whole number of at least 1', EXIT.config);
  return withDatabase(options, async (db) => {
    let trusted: string[] | undefined;
    if (options.tsaTrust?.length) {
      trusted = options.tsaTrust.map((f) => {
        try {
          return readFileSync(resolve(options.cwd, f), 'utf8');
        } catch {
          throw new CliError(`--tsa-trust: cannot read ${f}`, EXIT.config);
        }
      });
    }
    const authorities = new Set<string>();
    let bar: Progress | undefined;
    let report: ChainReport;
    try {
      report = await db.auditChain.verify({
        ...(batchSize ? { batchSize } : {}),
        onProgress: (p) => {
          bar ??= out.progress('audit verify', p.total);
          bar.setTotal(p.total);
          bar.update(p.done);
        },
        checkToken: (token, message) => {
          const r = verifyTimestampToken(token, message, { trustedCertificatesPem: trusted });
          if (r.authority) authorities.add(r.authority);
          return r;
        },
      });
    } finally {
      bar?.stop();
    }
    const a = report.anchors;
    const data = {
      ...report,
      tsaTrusted: trusted !== undefined,
      authorities: [...authorities],
    };
    const lines = [
      report.ok ? 'Audit chain intact.' : 'AUDIT CHAIN BROKEN.',
      `  rows      ${report.records}${report.firstSeq === null ? '' : ` (${report.firstSeq}..${report.lastSeq})`}`,
      `  head      ${report.head.seq} ${report.head.hash}`,
      ...(report.checkpoint
        ? [
            `  starts    after ${report.checkpoint.firstSeq - 1} (purged ${report.checkpoint.at.toISOString()})`,
          ]
        : []),
      `  anchors   ${a.total}: ${a.matched} matched, ${a.tokens} timestamp(s) verified, ${a.withoutToken} without timestamp, ${a.purged} of purged rows`,
      ...(authorities.size > 0
        ? [`  authority ${[...authorities].join('; ')}${trusted ? '' : ' (not pinned: use --tsa-trust)'}`]
        : []),
    ];
    if (report.failure) {
      const f = report.failure;
      lines.push(
        `  first break: ${f.check}${f.seq === undefined ? '' : ` at seq ${f.seq}`}${f.id ? `, record ${f.id}` : ''}${f.at ? `, ${f.at.toISOString()}` : ''}`,
        `  ${f.detail}`,
      );
    }
    out.result(data, lines.join('\n'));
    return report.ok ? EXIT.ok : EXIT.auditBroken;
  });
}

/**
 * `smartloket audit anchor`: anchors the chain head now, as the daily job does (with a
 * timestamp from `signer.tsaUrl` when configured).
 */
export async function auditAnchor(options: OpsOptions, out: Output): Promise<void> {
  await withDatabase(options, async (db, config) => {
    const anchor = await anchorAuditChain(db, config);
    if (!anchorAuthority(config))
      out.warn('anchoring is off (no signer.tsaUrl): anchor recorded without a timestamp');
    out.result(
      { ...anchor, token: anchor.token ? anchor.token.toString('base64') : null },
      `Anchored head ${anchor.headSeq} ${anchor.headHash}${anchor.tokenTime ? ` (timestamp ${anchor.tokenTime.toISOString()}, ${anchor.tsaUrl})` : ' (no timestamp)'}`,
    );
  });
}
