import type { AuditAnchor, Database } from '@smartloket/db';
import { type FetchLike, timestampData } from '@smartloket/signer-pades';
import type { DeploymentConfig } from './config.js';

/** Job type of the daily anchor of the audit chain. */
export const AUDIT_ANCHOR_JOB = 'audit.anchor';

/**
 * Local time the anchor is taken each day (Europe/Brussels): just after midnight, so each anchor
 * closes the day before.
 */
export const AUDIT_ANCHOR_AT = '00:05';

/** The configured timestamp authority of the anchors (`signer.tsaUrl`), or undefined: anchoring off. */
export function anchorAuthority(config: DeploymentConfig): string | undefined {
  return 'tsaUrl' in config.signer ? config.signer.tsaUrl : undefined;
}

/**
 * Anchors the head of the audit chain (decision 0603): with `signer.tsaUrl` the head is
 * timestamped by that RFC 3161 authority (a failure throws, so the job is retried); without
 * it the anchor is recorded without a token.
 */
export async function anchorAuditChain(
  db: Database,
  config: DeploymentConfig,
  options: { fetch?: FetchLike | undefined } = {},
): Promise<AuditAnchor> {
  const url = anchorAuthority(config);
  return db.auditChain.anchor({
    tsaUrl: url,
    timestamp: url ? (message) => timestampData(url, message, { fetch: options.fetch }) : undefined,
  });
}
