import { verify, X509Certificate } from 'node:crypto';
import { asn1, bytesOf, derLength, kids, OID, oidOf, parse } from './der.js';
import { defaultFetch, type FetchLike } from './tsa.js';

/** The http(s) URLs of a certificate's CRL distribution points, in the certificate's order. */
export function crlUrlOf(certDer: Uint8Array): string[] {
  const tbs = kids(kids(parse(certDer))[0]!);
  const extensions = tbs.find((f) => f.tagClass === asn1.Class.CONTEXT_SPECIFIC && f.type === 3);
  if (!extensions) return [];
  for (const e of kids(kids(extensions)[0]!)) {
    const f = kids(e);
    if (oidOf(f[0]!) !== OID.crlDistributionPoints) continue;
    const value = parse(bytesOf(f[f.length - 1]!));
    const urls: string[] = [];
    for (const point of kids(value)) {
      const name = kids(point).find((k) => k.tagClass === asn1.Class.CONTEXT_SPECIFIC && k.type === 0);
      const fullName = name && kids(name).find((k) => k.type === 0);
      for (const general of fullName ? kids(fullName) : []) {
        const uri = general.type === 6 ? String(general.value) : '';
        if (/^https?:\/\//.test(uri)) urls.push(uri);
      }
    }
    return urls;
  }
  return [];
}

/** What a CRL says (signature checked against the issuer when one is given). */
export interface CrlSummary {
  thisUpdate: Date;
  nextUpdate?: Date | undefined;
  /** Revoked serial numbers (hex, upper case, as `X509Certificate.serialNumber`). */
  revoked: Set<string>;
}

const time = (a: ReturnType<typeof parse>): Date => {
  const s = String(a.value);
  const full = a.type === asn1.Type.UTCTIME ? `${Number(s.slice(0, 2)) < 50 ? '20' : '19'}${s}` : s;
  const m = full.match(/^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)/)!;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
};

/** Reads a DER CRL. */
export function parseCrl(bytes: Uint8Array): CrlSummary {
  const tbs = kids(kids(parse(bytes))[0]!);
  let i = tbs[0]!.type === asn1.Type.INTEGER ? 1 : 0; // version
  i += 2; // signature, issuer
  const out: CrlSummary = { thisUpdate: time(tbs[i++]!), revoked: new Set() };
  const next = tbs[i];
  if (next && (next.type === asn1.Type.UTCTIME || next.type === asn1.Type.GENERALIZEDTIME)) {
    out.nextUpdate = time(next);
    i++;
  }
  const list = tbs[i];
  if (list && list.tagClass === asn1.Class.UNIVERSAL && list.type === asn1.Type.SEQUENCE) {
    for (const entry of kids(list)) {
      const serial = bytesOf(kids(entry)[0]!)
        .toString('hex')
        .replace(/^(00)+(?=.)/, '')
        .toUpperCase();
      out.revoked.add(serial);
    }
  }
  return out;
}

/**
 * Fetches the CRL of `certDer` from its first reachable distribution point and checks that the
 * issuer signed it. Undefined when the certificate names no http distribution point. With
 * `cache`, each URL is fetched once (one CRL for every certificate of a CA in one DSS).
 */
export async function fetchCrl(
  certDer: Uint8Array,
  issuerDer: Uint8Array,
  options: { fetch?: FetchLike | undefined; cache?: Map<string, Promise<Buffer>> | undefined } = {},
): Promise<Buffer | undefined> {
  const get = async (url: string) => {
    const res = await (options.fetch ?? defaultFetch)(url, { method: 'GET', headers: {} });
    if (!res.ok) throw new Error(`CRL distribution point ${url} answered HTTP ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  };
  let last: Error | undefined;
  for (const url of crlUrlOf(certDer)) {
    try {
      let pending = options.cache?.get(url);
      if (!pending) {
        pending = get(url);
        options.cache?.set(url, pending);
      }
      const body = await pending;
      if (!crlSignedBy(body, issuerDer)) throw new Error(`the CRL at ${url} is not signed by the issuer`);
      return body;
    } catch (e) {
      last = e as Error;
    }
  }
  if (last) throw last;
  return undefined;
}

/** True when `issuerDer`'s key verifies the CRL's signature (SHA-256 with RSA or ECDSA). */
export function crlSignedBy(crl: Uint8Array, issuerDer: Uint8Array): boolean {
  try {
    const b = Buffer.from(crl);
    const header = b[1]! < 0x80 ? 2 : 2 + (b[1]! & 0x7f);
    const tbs = b.subarray(header, header + derLength(b.subarray(header)));
    const signature = bytesOf(kids(parse(b))[2]!).subarray(1); // drop the unused-bits byte
    return verify('sha256', tbs, new X509Certificate(issuerDer).publicKey, signature);
  } catch {
    return false;
  }
}
