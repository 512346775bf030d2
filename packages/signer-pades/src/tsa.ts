import { createHash, randomBytes } from 'node:crypto';
import { alg, bool, bytesOf, der, derLength, int, intBytes, kids, OID, octets, parse, seq } from './der.js';

/** A timestamp authority answered with an error or not at all. */
export class TimestampError extends Error {
  override readonly name = 'TimestampError';
}

/** The `fetch` the signer uses for timestamp and revocation requests (injectable for tests). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: Uint8Array },
) => Promise<{
  ok: boolean;
  status: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}>;

export const defaultFetch: FetchLike = (url, init) => fetch(url, init as RequestInit);

/**
 * Asks an RFC 3161 authority to timestamp `data` (here: the signature value) and returns the
 * token (a DER ContentInfo holding SignedData over TSTInfo).
 */
export async function requestTimestamp(
  url: string,
  data: Uint8Array,
  options: { fetch?: FetchLike; headers?: Record<string, string> } = {},
): Promise<Buffer> {
  const imprint = createHash('sha256').update(data).digest();
  const nonce = randomBytes(8);
  nonce[0]! &= 0x7f;
  const query = der(seq([int(1), seq([alg(OID.sha256), octets(imprint)]), intBytes(nonce), bool(true)]));
  let res: Awaited<ReturnType<FetchLike>>;
  try {
    res = await (options.fetch ?? defaultFetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query', ...options.headers },
      body: query,
    });
  } catch (cause) {
    throw new TimestampError(`timestamp authority ${url} unreachable`, { cause });
  }
  if (!res.ok) throw new TimestampError(`timestamp authority ${url} answered HTTP ${res.status}`);
  const reply = Buffer.from(await res.arrayBuffer());
  const parts = kids(parse(reply));
  const status = bytesOf(kids(parts[0]!)[0]!).readUIntBE(0, 1);
  if (status > 1 || !parts[1])
    throw new TimestampError(`timestamp authority ${url} refused (status ${status})`);
  // The token's exact bytes: it follows the status element inside the outer SEQUENCE.
  const header = reply[1]! < 0x80 ? 2 : 2 + (reply[1]! & 0x7f);
  const start = header + derLength(reply.subarray(header));
  return reply.subarray(start, start + derLength(reply.subarray(start)));
}
