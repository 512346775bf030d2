import forge from 'node-forge';

/** ASN.1 helpers on node-forge's `asn1` (which works on binary strings). */
export const asn1 = forge.asn1;
export type Asn1 = forge.asn1.Asn1;
const { Class, Type } = forge.asn1;

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  timeStampToken: '1.2.840.113549.1.9.16.2.14',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha1: '1.3.14.3.2.26',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  ocspBasic: '1.3.6.1.5.5.7.48.1.1',
  ocspNonce: '1.3.6.1.5.5.7.48.1.2',
  adOcsp: '1.3.6.1.5.5.7.48.1',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  crlDistributionPoints: '2.5.29.31',
} as const;

export const toBin = (b: Uint8Array): string =>
  Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('binary');
export const fromBin = (s: string): Buffer => Buffer.from(s, 'binary');

export const seq = (value: Asn1[]): Asn1 => asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, value);
export const set = (value: Asn1[]): Asn1 => asn1.create(Class.UNIVERSAL, Type.SET, true, value);
export const oid = (id: string): Asn1 =>
  asn1.create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer(id).getBytes());
export const octets = (b: Uint8Array): Asn1 =>
  asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, toBin(b));
export const nul = (): Asn1 => asn1.create(Class.UNIVERSAL, Type.NULL, false, '');
export const bool = (v: boolean): Asn1 =>
  asn1.create(Class.UNIVERSAL, Type.BOOLEAN, false, v ? '\xff' : '\x00');
export const int = (n: number): Asn1 =>
  asn1.create(Class.UNIVERSAL, Type.INTEGER, false, asn1.integerToDer(n).getBytes());
/** A non-negative INTEGER from big-endian bytes. */
export const intBytes = (b: Uint8Array): Asn1 => {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  let s = toBin(b.subarray(i));
  if (s.charCodeAt(0) & 0x80) s = `\x00${s}`;
  return asn1.create(Class.UNIVERSAL, Type.INTEGER, false, s);
};
/** Context-specific tag `[n]`, constructed. */
export const ctx = (n: number, value: Asn1[]): Asn1 => asn1.create(Class.CONTEXT_SPECIFIC, n, true, value);
export const alg = (id: string, withNull = true): Asn1 => seq(withNull ? [oid(id), nul()] : [oid(id)]);

/** DER bytes of an ASN.1 object. */
export const der = (a: Asn1): Buffer => fromBin(asn1.toDer(a).getBytes());
/** Parses DER without interpreting BIT STRING contents, so re-encoding gives back the same bytes. */
export const parse = (b: Uint8Array): Asn1 => asn1.fromDer(toBin(b), { decodeBitStrings: false } as never);
export const oidOf = (a: Asn1): string => asn1.derToOid(a.value as string);
export const bytesOf = (a: Asn1): Buffer => fromBin(a.value as string);
export const kids = (a: Asn1): Asn1[] => a.value as Asn1[];

/** A SET OF in DER order (elements sorted by their encodings). */
export function derSet(items: Asn1[]): Asn1 {
  const sorted = items.map((a) => ({ a, d: der(a) })).sort((x, y) => Buffer.compare(x.d, y.d));
  return set(sorted.map((x) => x.a));
}

/** The length in bytes of the DER element at the start of `b` (to cut padding off). */
export function derLength(b: Uint8Array): number {
  const first = b[1]!;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[2 + i]!;
  return 2 + n + len;
}

/** Parsed parts of an X.509 certificate that CMS needs. */
export interface CertParts {
  der: Buffer;
  asn1: Asn1;
  issuer: Asn1;
  subject: Asn1;
  serial: Asn1;
}

export function certParts(certDer: Uint8Array): CertParts {
  const a = parse(certDer);
  const tbs = kids(kids(a)[0]!);
  const off = tbs[0]!.tagClass === Class.CONTEXT_SPECIFIC ? 1 : 0;
  return {
    der: Buffer.from(certDer),
    asn1: a,
    serial: tbs[off]!,
    issuer: tbs[off + 2]!,
    subject: tbs[off + 4]!,
  };
}

/** PEM blocks of a given label, as DER. */
export function pemBlocks(pem: string, label = 'CERTIFICATE'): Buffer[] {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  return [...pem.matchAll(re)].map((m) => Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
}

export function toPem(derBytes: Uint8Array, label = 'CERTIFICATE'): string {
  const b64 = Buffer.from(derBytes).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
}
