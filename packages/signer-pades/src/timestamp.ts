import { createHash, X509Certificate } from 'node:crypto';
import { bytesOf, kids, parse, pemBlocks } from './der.js';
import { type FetchLike, requestTimestamp, TimestampError } from './tsa.js';
import { checkCms, genTime, isTrusted } from './verify.js';

/** A timestamp token and the time it certifies. */
export interface Timestamp {
  /** The RFC 3161 token (DER ContentInfo of SignedData over TSTInfo). */
  token: Buffer;
  /** The time the authority certified. */
  time: Date;
}

/** What {@link verifyTimestampToken} found. */
export interface TimestampCheck {
  /** Intact, signed by the certificate it carries, over `data`, and (with trust anchors) trusted. */
  ok: boolean;
  /** The certified time, when the token could be read. */
  time?: Date | undefined;
  /** The subject of the authority's certificate. */
  authority?: string | undefined;
  /** Why it is not ok. */
  detail?: string | undefined;
}

/**
 * Timestamps `data` (its SHA-256) at the RFC 3161 authority `url` and returns the token and its
 * time, after checking that the token verifies and covers `data`.
 */
export async function timestampData(
  url: string,
  data: Uint8Array,
  options: { fetch?: FetchLike | undefined; headers?: Record<string, string> } = {},
): Promise<Timestamp> {
  const token = await requestTimestamp(url, data, { fetch: options.fetch, headers: options.headers });
  const check = verifyTimestampToken(token, data);
  if (!check.ok || !check.time)
    throw new TimestampError(
      `timestamp authority ${url} returned an unusable token: ${check.detail ?? 'no time'}`,
    );
  return { token, time: check.time };
}

/**
 * Verifies an RFC 3161 token over `data`: the CMS signature by the certificate the token carries,
 * the message imprint (SHA-256 of `data`) and, when `trustedCertificatesPem` is given, that the
 * authority's certificate chains to one of them. Never throws.
 */
export function verifyTimestampToken(
  token: Uint8Array,
  data: Uint8Array,
  options: { trustedCertificatesPem?: string | string[] | undefined } = {},
): TimestampCheck {
  try {
    const cms = checkCms(token);
    if (!cms.eContent) return { ok: false, detail: 'the token holds no TSTInfo' };
    const tst = kids(parse(cms.eContent));
    const imprint = bytesOf(kids(tst[2]!)[1]!);
    const time = genTime(tst[4]!.value as string);
    const authority = cms.signer?.subject.replace(/\n/g, ', ');
    const base = { time, authority };
    if (!cms.signer) return { ...base, ok: false, detail: "the authority's certificate is not in the token" };
    if (!cms.digestOk || !cms.signatureOk)
      return { ...base, ok: false, detail: 'the signature does not verify' };
    if (!imprint.equals(createHash('sha256').update(data).digest()))
      return { ...base, ok: false, detail: 'the token covers other data' };
    if (options.trustedCertificatesPem !== undefined) {
      const pems = [options.trustedCertificatesPem].flat();
      const trusted = pems.flatMap((p) => pemBlocks(p)).map((d) => new X509Certificate(d));
      const pool = cms.certs.map((d) => new X509Certificate(d));
      if (!isTrusted(cms.signer, pool, trusted))
        return { ...base, ok: false, detail: `the authority (${authority}) is not trusted` };
    }
    return { ...base, ok: true };
  } catch {
    return { ok: false, detail: 'the token is not a readable RFC 3161 token' };
  }
}
