import { createHash, verify as cryptoVerify, X509Certificate } from 'node:crypto';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { type Asn1, bytesOf, certParts, der, derLength, kids, OID, oidOf, parse, pemBlocks } from './der.js';
import { parseOcspResponse } from './ocsp.js';

/** Options of {@link verifyPdf}. */
export interface VerifyOptions {
  /** PEM certificates (roots or intermediates) that the verifier trusts. */
  trustedCertificatesPem: string | string[];
  /** "Now" for the expiry check (default: the current time). */
  now?: Date | undefined;
}

/** What the verifier found about one certificate. */
export interface CertificateInfo {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
}

/** The result for one signature of the document. */
export interface SignatureReport {
  /** Position among the document's signatures, from 0. */
  index: number;
  byteRange: number[];
  subFilter?: string | undefined;
  /** The signed ranges reach the end of the file (no later incremental update). */
  coversWholeDocument: boolean;
  /** The SHA-256 of the signed ranges equals the signed message-digest attribute. */
  digestOk: boolean;
  /** The signature over the signed attributes verifies with the signer's public key. */
  signatureOk: boolean;
  signer?: CertificateInfo | undefined;
  /** `/M` of the signature dictionary (claimed by the signer). */
  signingTime?: Date | undefined;
  /** The CMS carries a signing-certificate-v2 attribute that matches the signer certificate. */
  signingCertificateV2: boolean;
  timestamp?:
    | {
        /** Time certified by the timestamp authority. */
        time?: Date | undefined;
        /** The token covers this signature's value. */
        imprintOk: boolean;
        /** The token's own CMS signature verifies. */
        signatureOk: boolean;
        authority?: string | undefined;
      }
    | undefined;
  certificate: {
    /** A chain from the signer to one of the trusted certificates, each link verified. */
    trusted: boolean;
    /** Not valid at the signing time (the timestamp time when present, else `/M`). */
    expiredAtSigning: boolean;
    notYetValidAtSigning: boolean;
    expiredNow: boolean;
    /** From OCSP responses in the document's DSS; undefined when unknown. */
    revoked?: boolean | undefined;
    revokedAt?: Date | undefined;
  };
  /** Validation material in the document security store. */
  dss: { certs: number; ocsps: number; crls: number };
}

/** Result of {@link verifyPdf}. */
export interface VerifyResult {
  /** SHA-256 of the file, lower-case hex. */
  sha256: string;
  signatures: SignatureReport[];
  /** At least one signature; all intact, trusted, valid at signing and not known revoked. */
  valid: boolean;
}

export interface CmsCheck {
  digestOk: boolean;
  signatureOk: boolean;
  signer?: X509Certificate | undefined;
  certs: Buffer[];
  signatureValue: Buffer;
  unsigned: Map<string, Asn1[]>;
  signedAttrs: Map<string, Asn1[]>;
  eContent?: Buffer | undefined;
}

function attributes(node: Asn1 | undefined): Map<string, Asn1[]> {
  const map = new Map<string, Asn1[]>();
  for (const a of node ? kids(node) : []) {
    const [type, values] = kids(a);
    map.set(oidOf(type!), kids(values!));
  }
  return map;
}

/** Verifies a CMS SignedData against `digest` (detached) or its own eContent. */
export function checkCms(cms: Uint8Array, digest?: Buffer): CmsCheck {
  const sd = kids(kids(kids(parse(cms))[1]!)[0]!);
  const encap = kids(sd[2]!);
  const eContent = encap[1] ? bytesOf(kids(encap[1])[0]!) : undefined;
  const certNode = sd.find((k) => k.tagClass === 0x80 && k.type === 0);
  const certs = certNode ? kids(certNode).map((c) => der(c)) : [];
  const si = kids(kids(sd[sd.length - 1]!)[0]!);
  const signedNode = si.find((k) => k.tagClass === 0x80 && k.type === 0);
  const unsignedNode = si.find((k) => k.tagClass === 0x80 && k.type === 1);
  const signatureValue = bytesOf(si.find((k, i) => i > 3 && k.type === 4 && k.tagClass === 0)!);
  const signedAttrs = attributes(signedNode);
  const sid = kids(si[1]!);
  const serial = bytesOf(sid[1]!);
  const issuer = der(sid[0]!);
  const signerDer = certs.find((c) => {
    const p = certParts(c);
    return bytesOf(p.serial).equals(serial) && der(p.issuer).equals(issuer);
  });
  const signer = signerDer ? new X509Certificate(signerDer) : undefined;
  const md = signedAttrs.get(OID.messageDigest)?.[0];
  const expected = digest ?? (eContent ? createHash('sha256').update(eContent).digest() : undefined);
  const digestOk = !!md && !!expected && bytesOf(md).equals(expected);
  let signatureOk = false;
  if (signer && signedNode) {
    const toSign = der(signedNode);
    toSign[0] = 0x31; // [0] IMPLICIT -> SET
    try {
      signatureOk = cryptoVerify('sha256', toSign, signer.publicKey, signatureValue);
    } catch {
      signatureOk = false;
    }
  }
  return {
    digestOk,
    signatureOk,
    signer,
    certs,
    signatureValue,
    unsigned: attributes(unsignedNode),
    signedAttrs,
    eContent,
  };
}

function info(x: X509Certificate): CertificateInfo {
  return {
    subject: x.subject.replace(/\n/g, ', '),
    issuer: x.issuer.replace(/\n/g, ', '),
    serialNumber: x.serialNumber,
    notBefore: new Date(x.validFrom),
    notAfter: new Date(x.validTo),
  };
}

function parsePdfDate(s: string): Date | undefined {
  const m = s.match(/^D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?(Z|[+-]\d\d'?\d\d'?)?/);
  if (!m) return undefined;
  const utc = Date.UTC(+m[1]!, +(m[2] ?? 1) - 1, +(m[3] ?? 1), +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  const tz = m[7] && m[7] !== 'Z' ? m[7].replace(/'/g, '') : undefined;
  const offset = tz ? (tz[0] === '-' ? -1 : 1) * (+tz.slice(1, 3) * 60 + +tz.slice(3, 5)) : 0;
  return new Date(utc - offset * 60_000);
}

/** The instant of a GeneralizedTime (`YYYYMMDDhhmmss[.f]Z`). */
export const genTime = (s: string) => {
  const m = s.match(/^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)/)!;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
};

/** True when `leaf` chains to a trusted certificate, every link's signature checked. */
export function isTrusted(
  leaf: X509Certificate,
  pool: X509Certificate[],
  trusted: X509Certificate[],
): boolean {
  let cur = leaf;
  for (let depth = 0; depth < 8; depth++) {
    if (trusted.some((t) => t.raw.equals(cur.raw))) return true;
    const anchor = trusted.find((t) => cur.checkIssued(t) && cur.verify(t.publicKey));
    if (anchor) return true;
    const next = pool.find((c) => !c.raw.equals(cur.raw) && cur.checkIssued(c) && cur.verify(c.publicKey));
    if (!next) return false;
    cur = next;
  }
  return false;
}

async function readDss(bytes: Uint8Array): Promise<{ certs: Buffer[]; ocsps: Buffer[]; crls: Buffer[] }> {
  const out = { certs: [] as Buffer[], ocsps: [] as Buffer[], crls: [] as Buffer[] };
  if (!Buffer.from(bytes).includes('/DSS')) return out;
  const doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true });
  const dss = doc.catalog.lookup(PDFName.of('DSS'));
  if (!(dss instanceof PDFDict)) return out;
  const streams = (key: string) => {
    const arr = dss.lookup(PDFName.of(key));
    if (!(arr instanceof PDFArray)) return [];
    return arr.asArray().flatMap((ref) => {
      const s = doc.context.lookup(ref);
      if (!(s instanceof PDFRawStream)) return [];
      return [
        Buffer.from(s.dict.has(PDFName.of('Filter')) ? decodePDFRawStream(s).decode() : s.getContents()),
      ];
    });
  };
  out.certs = streams('Certs');
  out.ocsps = streams('OCSPs');
  out.crls = streams('CRLs');
  return out;
}

/**
 * Verifies every signature of a PDF: integrity of the signed ranges, the CMS signature, the
 * signer's chain to the trusted certificates, validity at signing time, an RFC 3161 signature
 * timestamp, and revocation where the document's DSS holds OCSP responses. Also returns the
 * SHA-256 of the file. OCSP responses are read but their signatures are not checked.
 */
export async function verifyPdf(bytes: Uint8Array, options: VerifyOptions): Promise<VerifyResult> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sha256 = createHash('sha256').update(buf).digest('hex');
  const now = options.now ?? new Date();
  const trusted = [options.trustedCertificatesPem]
    .flat()
    .flatMap((p) => pemBlocks(p))
    .map((d) => new X509Certificate(d));
  const text = buf.toString('latin1');
  const dss = await readDss(buf).catch(() => ({ certs: [], ocsps: [], crls: [] }));
  const ocsps = dss.ocsps.flatMap((o) => {
    try {
      return [parseOcspResponse(o)];
    } catch {
      return [];
    }
  });
  const signatures: SignatureReport[] = [];
  for (const m of text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)) {
    const br = m.slice(1, 5).map(Number);
    const [a, b, c, d] = br as [number, number, number, number];
    if (c + d > buf.length || a + b > c) continue;
    const objStart = text.lastIndexOf(' obj', m.index);
    const objEnd = text.indexOf('endobj', m.index);
    const dict = text.slice(objStart, objEnd).replace(/<[0-9A-Fa-f\s]{64,}>/, '');
    const hex = text.slice(a + b + 1, c - 1).replace(/\s+/g, '');
    const contents = Buffer.from(hex, 'hex');
    const cms = contents.subarray(0, derLength(contents));
    const digest = createHash('sha256')
      .update(buf.subarray(a, a + b))
      .update(buf.subarray(c, c + d))
      .digest();
    const report: SignatureReport = {
      index: signatures.length,
      byteRange: br,
      subFilter: dict.match(/\/SubFilter\s*\/([\w.]+)/)?.[1],
      coversWholeDocument: c + d === buf.length,
      digestOk: false,
      signatureOk: false,
      signingTime: parsePdfDate(dict.match(/\/M\s*\((D:[^)]*)\)/)?.[1] ?? ''),
      signingCertificateV2: false,
      certificate: {
        trusted: false,
        expiredAtSigning: false,
        notYetValidAtSigning: false,
        expiredNow: false,
      },
      dss: { certs: dss.certs.length, ocsps: dss.ocsps.length, crls: dss.crls.length },
    };
    signatures.push(report);
    // A document (archive) timestamp, PAdES B-LTA: the CMS is an RFC 3161 token whose imprint
    // is the digest of the byte ranges.
    const docTimestamp = report.subFilter === 'ETSI.RFC3161';
    let check: CmsCheck;
    try {
      check = checkCms(cms, docTimestamp ? undefined : digest);
      if (docTimestamp) {
        const tst = kids(parse(check.eContent!));
        const imprint = bytesOf(kids(tst[2]!)[1]!);
        check.digestOk &&= imprint.equals(digest);
        report.signingTime = genTime(tst[4]!.value as string);
      }
    } catch {
      continue;
    }
    report.digestOk = check.digestOk;
    report.signatureOk = check.signatureOk;
    const signer = check.signer;
    if (!signer) continue;
    report.signer = info(signer);
    const scv2 = check.signedAttrs.get(OID.signingCertificateV2)?.[0];
    if (scv2) {
      const hash = bytesOf(kids(kids(kids(scv2)[0]!)[0]!)[0]!);
      report.signingCertificateV2 = hash.equals(createHash('sha256').update(signer.raw).digest());
    }
    const token = check.unsigned.get(OID.timeStampToken)?.[0];
    if (token) {
      try {
        const t = checkCms(der(token));
        const tst = kids(parse(t.eContent!));
        const imprint = bytesOf(kids(tst[2]!)[1]!);
        report.timestamp = {
          time: genTime(tst[4]!.value as string),
          imprintOk: imprint.equals(createHash('sha256').update(check.signatureValue).digest()),
          signatureOk: t.digestOk && t.signatureOk,
          authority: t.signer?.subject.replace(/\n/g, ', '),
        };
      } catch {
        report.timestamp = { imprintOk: false, signatureOk: false };
      }
    }
    const at = report.timestamp?.time ?? report.signingTime ?? now;
    const pool = [...check.certs, ...dss.certs].map((d) => new X509Certificate(d));
    report.certificate.trusted = isTrusted(signer, pool, trusted);
    report.certificate.expiredAtSigning = at > report.signer.notAfter;
    report.certificate.notYetValidAtSigning = at < report.signer.notBefore;
    report.certificate.expiredNow = now > report.signer.notAfter;
    const serial = signer.serialNumber.toLowerCase().replace(/^(00)+(?=.)/, '');
    for (const o of ocsps) {
      const s = o.certs.get(serial);
      if (!s || s.status === 'unknown') continue;
      report.certificate.revoked = s.status === 'revoked';
      if (s.revokedAt) report.certificate.revokedAt = s.revokedAt;
      if (report.certificate.revoked) break;
    }
  }
  const valid =
    signatures.length > 0 &&
    signatures.every(
      (s) =>
        s.digestOk &&
        s.signatureOk &&
        s.certificate.trusted &&
        !s.certificate.expiredAtSigning &&
        !s.certificate.notYetValidAtSigning &&
        s.certificate.revoked !== true &&
        (!s.timestamp || (s.timestamp.imprintOk && s.timestamp.signatureOk)),
    );
  return { sha256, signatures, valid };
}
