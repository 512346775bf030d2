import { createHash } from 'node:crypto';
import { type Dialect, fromJson } from './dialect.js';

/**
 * The hash chain of the audit log (decision 0603). Every audit row carries its position in the
 * chain (`seq`, 1, 2, 3, ... in commit order), the hash of the row before it (`prev_hash`) and
 * its own hash (`hash`), computed by the serialisation its `chain_version` names. A changed
 * field changes the row's hash; a removed row leaves a gap in `seq` and a `prev_hash` nobody has.
 */

/** The `prev_hash` of the first row of a chain that was never purged. */
export const GENESIS_HASH = '0'.repeat(64);

/** The serialisation version new rows are written with. */
export const AUDIT_CHAIN_VERSION = 1;

/** The stored fields of an audit row that its hash covers (column names, as read back). */
export interface ChainedAuditFields {
  seq: number;
  id: string;
  /** Epoch milliseconds. */
  at: number;
  category: string;
  /** Parsed JSON. */
  actor: unknown;
  request_id: string | null;
  related_id: string | null;
  subject_id: string | null;
  service: string | null;
  legal_basis: string | null;
  purpose: string | null;
  referte: string | null;
  outcome: string | null;
  code: string | null;
  /** Parsed JSON, or null. */
  data: unknown;
  /** Epoch milliseconds. */
  retain_until: number;
  prev_hash: string;
}

/**
 * Canonical JSON (the JSON Canonicalization Scheme of RFC 8785 for the values JSON columns
 * hold): object keys sorted by UTF-16 code units, no white space, numbers and strings as
 * `JSON.stringify` writes them. PostgreSQL's jsonb reorders keys; this makes the hash of a
 * JSON column independent of the dialect that stored it.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Serialisation version 1: the canonical JSON of the array
 * `["smartloket-audit/1", seq, id, at, category, actor, request_id, related_id, subject_id,
 * service, legal_basis, purpose, referte, outcome, code, data, retain_until, prev_hash]`
 * (times as epoch milliseconds, absent values as null), encoded as UTF-8.
 */
export function serialiseAuditV1(f: ChainedAuditFields): string {
  return canonicalJson([
    'smartloket-audit/1',
    f.seq,
    f.id,
    f.at,
    f.category,
    f.actor,
    f.request_id,
    f.related_id,
    f.subject_id,
    f.service,
    f.legal_basis,
    f.purpose,
    f.referte,
    f.outcome,
    f.code,
    f.data,
    f.retain_until,
    f.prev_hash,
  ]);
}

/** The hash (SHA-256, lower-case hex) of a row under serialisation `version`; undefined for an unknown version. */
export function auditHash(fields: ChainedAuditFields, version = AUDIT_CHAIN_VERSION): string | undefined {
  if (version !== 1) return undefined;
  return createHash('sha256').update(serialiseAuditV1(fields), 'utf8').digest('hex');
}

/**
 * The bytes an anchor's RFC 3161 timestamp covers: `smartloket-audit-anchor/1`, the head's
 * `seq` and its hash, one per line. The token's message imprint is their SHA-256.
 */
export function anchorMessage(seq: number, hash: string): Buffer {
  return Buffer.from(`smartloket-audit-anchor/1\n${seq}\n${hash}`, 'utf8');
}

/** The hashed fields of a raw `audit_log` row as either driver returns it. */
export function chainedFields(dialect: Dialect, r: any): ChainedAuditFields {
  return {
    seq: Number(r.seq),
    id: r.id,
    at: Number(r.at),
    category: r.category,
    actor: fromJson(dialect, r.actor),
    request_id: r.request_id ?? null,
    related_id: r.related_id ?? null,
    subject_id: r.subject_id ?? null,
    service: r.service ?? null,
    legal_basis: r.legal_basis ?? null,
    purpose: r.purpose ?? null,
    referte: r.referte ?? null,
    outcome: r.outcome ?? null,
    code: r.code ?? null,
    data: fromJson(dialect, r.data),
    retain_until: Number(r.retain_until),
    prev_hash: r.prev_hash,
  };
}
