import { createHash, X509Certificate } from 'node:crypto';
import { alg, bytesOf, type CertParts, der, kids, OID, octets, oidOf, parse, seq } from './der.js';
import { defaultFetch, type FetchLike } from './tsa.js';

/** The OCSP responder URL of a certificate's Authority Information Access, if any. */
export function ocspUrlOf(certDer: Uint8Array): string | undefined {
  const info = new X509Certificate(certDer).infoAccess;
  return info?.match(/OCSP - URI:(\S+)/)?.[1];
}

/** An OCSP request (RFC 6960) for `cert` issued by `issuer`, without nonce (cacheable). */
export function ocspRequest(cert: CertParts, issuer: CertParts): Buffer {
  const tbs = kids(kids(issuer.asn1)[0]!);
  const off = tbs[0]!.tagClass === 0x80 ? 1 : 0;
  const spki = kids(tbs[off + 5]!);
  const keyBits = bytesOf(spki[1]!).subarray(1); // drop the unused-bits byte
  const sha1 = (b: Uint8Array) => createHash('sha1').update(b).digest();
  const certId = seq([alg(OID.sha1), octets(sha1(der(cert.issuer))), octets(sha1(keyBits)), cert.serial]);
  return der(seq([seq([seq([seq([certId])])])]));
}

/** Fetches an OCSP response for `cert`; undefined when no responder is known or it fails. */
export async function fetchOcsp(
  cert: CertParts,
  issuer: CertParts,
  options: { url?: string | undefined; fetch?: FetchLike | undefined },
): Promise<Buffer | undefined> {
  const url = options.url ?? ocspUrlOf(cert.der);
  if (!url) return undefined;
  const res = await (options.fetch ?? defaultFetch)(url, {
    method: 'POST',
    headers: { 'content-type': 'application/ocsp-request' },
    body: ocspRequest(cert, issuer),
  });
  if (!res.ok) throw new Error(`OCSP responder ${url} answered HTTP ${res.status}`);
  const body = Buffer.from(await res.arrayBuffer());
  const status = parseOcspResponse(body).status;
  if (status !== 'successful') throw new Error(`OCSP responder ${url} answered ${status}`);
  return body;
}

const RESPONSE_STATUS = [
  'successful',
  'malformedRequest',
  'internalError',
  'tryLater',
  '4',
  'sigRequired',
  'unauthorized',
];

/** What an OCSP response says about each certificate (by serial number, hex). */
export interface OcspSummary {
  status: string;
  producedAt?: Date | undefined;
  certs: Map<string, { status: 'good' | 'revoked' | 'unknown'; revokedAt?: Date | undefined }>;
  /** DER of the certificates in the response (the responder's). */
  responderCerts: Buffer[];
}

const genTime = (s: string): Date => {
  const m = s.match(/^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)/)!;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
};

/** Reads an OCSPResponse (signature not checked: callers judge the responder separately). */
export function parseOcspResponse(bytes: Uint8Array): OcspSummary {
  const top = kids(parse(bytes));
  const status = RESPONSE_STATUS[bytesOf(top[0]!).readUInt8(0)] ?? 'unknown';
  const out: OcspSummary = { status, certs: new Map(), responderCerts: [] };
  if (status !== 'successful' || !top[1]) return out;
  const rb = kids(kids(top[1])[0]!);
  if (oidOf(rb[0]!) !== OID.ocspBasic) return out;
  const basic = kids(parse(bytesOf(rb[1]!)));
  const data = kids(basic[0]!);
  let i = data[0]!.tagClass === 0x80 && data[0]!.type === 0 ? 1 : 0; // [0] version
  i++; // responderID
  out.producedAt = genTime(data[i++]!.value as string);
  for (const single of kids(data[i]!)) {
    const f = kids(single);
    const serial = bytesOf(kids(f[0]!)[3]!)
      .toString('hex')
      .replace(/^(00)+(?=.)/, '');
    const tag = f[1]!.type;
    const entry: { status: 'good' | 'revoked' | 'unknown'; revokedAt?: Date } = {
      status: tag === 0 ? 'good' : tag === 1 ? 'revoked' : 'unknown',
    };
    if (tag === 1) entry.revokedAt = genTime(kids(f[1]!)[0]!.value as string);
    out.certs.set(serial, entry);
  }
  if (basic[3]) for (const c of kids(kids(basic[3])[0]!)) out.responderCerts.push(der(c));
  return out;
}
