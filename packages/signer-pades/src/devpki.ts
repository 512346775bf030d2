import { execFileSync } from 'node:child_process';
import {
  createHash,
  createPublicKey,
  sign as cryptoSign,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LocalizedText } from '@smartloket/core';
import forge from 'node-forge';
import {
  type Asn1,
  alg,
  asn1,
  bool,
  bytesOf,
  ctx,
  der,
  int,
  intBytes,
  kids,
  OID,
  octets,
  oid,
  parse,
  seq,
  set,
  toBin,
  toPem,
} from './der.js';

const { Class, Type } = asn1;
const DAY = 86_400_000;

/** A distinguished name as ordered [attribute, value] pairs, e.g. [['C','BE'],['CN','x']]. */
export type DistinguishedName = Array<[string, string]>;

const ATTR: Record<string, string> = {
  C: '2.5.4.6',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  CN: '2.5.4.3',
  L: '2.5.4.7',
  organizationIdentifier: '2.5.4.97',
};

function name(dn: DistinguishedName): Asn1 {
  return seq(
    dn.map(([k, v]) => {
      const type = k === 'C' ? Type.PRINTABLESTRING : Type.UTF8;
      const value = k === 'C' ? v : forge.util.encodeUtf8(v);
      return set([seq([oid(ATTR[k] ?? k), asn1.create(Class.UNIVERSAL, type, false, value)])]);
    }),
  );
}

function time(d: Date): Asn1 {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return d.getUTCFullYear() < 2050
    ? asn1.create(Class.UNIVERSAL, Type.UTCTIME, false, `${iso.slice(2)}Z`)
    : asn1.create(Class.UNIVERSAL, Type.GENERALIZEDTIME, false, `${iso}Z`);
}

const bitString = (bytes: string) => asn1.create(Class.UNIVERSAL, Type.BITSTRING, false, bytes);
const ext = (id: string, critical: boolean, value: Asn1) =>
  seq(critical ? [oid(id), bool(true), octets(der(value))] : [oid(id), octets(der(value))]);

/** What {@link issueCertificate} needs. */
export interface CertificateRequest {
  subject: DistinguishedName;
  publicKey: KeyObject;
  /** The issuer's certificate (DER); omit for a self-signed certificate. */
  issuerCertificate?: Uint8Array | undefined;
  issuerKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  profile: 'ca' | 'seal' | 'tsa' | 'ocsp';
  /** OCSP responder URL written into Authority Information Access. */
  ocspUrl?: string | undefined;
  /** CRL distribution point (an http URL of the issuer's DER CRL). */
  crlUrl?: string | undefined;
  serial?: Uint8Array | undefined;
}

function keyId(spkiDer: Buffer): Buffer {
  const bits = bytesOf(kids(parse(spkiDer))[1]!).subarray(1);
  return createHash('sha1').update(bits).digest();
}

/**
 * Issues an X.509 v3 certificate (RSA or ECDSA P-256 keys, SHA-256 signatures), built with
 * node-forge's ASN.1 and signed with node:crypto. For test and development PKIs.
 */
export function issueCertificate(r: CertificateRequest): Buffer {
  const pub = r.publicKey.type === 'private' ? createPublicKey(r.publicKey) : r.publicKey;
  const spki = pub.export({ type: 'spki', format: 'der' });
  let issuerName: Asn1;
  let issuerKeyId: Buffer;
  if (r.issuerCertificate) {
    const tbs = kids(kids(parse(r.issuerCertificate))[0]!);
    const off = tbs[0]!.tagClass === Class.CONTEXT_SPECIFIC ? 1 : 0;
    issuerName = tbs[off + 4]!;
    issuerKeyId = keyId(der(tbs[off + 5]!));
  } else {
    issuerName = name(r.subject);
    issuerKeyId = keyId(spki);
  }
  const sigAlg =
    r.issuerKey.asymmetricKeyType === 'ec' ? alg(OID.ecdsaWithSHA256, false) : alg(OID.sha256WithRSA);
  const serial = Buffer.from(r.serial ?? randomBytes(16));
  serial[0]! &= 0x7f;
  const keyUsage = {
    ca: '\x01\x06', // keyCertSign, cRLSign
    seal: '\x06\xc0', // digitalSignature, nonRepudiation
    tsa: '\x07\x80', // digitalSignature
    ocsp: '\x07\x80',
  }[r.profile];
  const exts: Asn1[] = [
    ext('2.5.29.19', true, seq(r.profile === 'ca' ? [bool(true)] : [])),
    ext('2.5.29.15', true, bitString(keyUsage)),
    ext('2.5.29.14', false, octets(keyId(spki))),
    ext('2.5.29.35', false, seq([asn1.create(Class.CONTEXT_SPECIFIC, 0, false, toBin(issuerKeyId))])),
  ];
  if (r.profile === 'tsa') exts.push(ext('2.5.29.37', true, seq([oid('1.3.6.1.5.5.7.3.8')])));
  if (r.profile === 'ocsp') {
    exts.push(ext('2.5.29.37', false, seq([oid('1.3.6.1.5.5.7.3.9')])));
    // id-pkix-ocsp-nocheck: the responder's own certificate is not checked for revocation.
    exts.push(ext('1.3.6.1.5.5.7.48.1.5', false, asn1.create(Class.UNIVERSAL, Type.NULL, false, '')));
  }
  if (r.crlUrl) {
    const uri = asn1.create(Class.CONTEXT_SPECIFIC, 6, false, r.crlUrl);
    exts.push(ext(OID.crlDistributionPoints, false, seq([seq([ctx(0, [ctx(0, [uri])])])])));
  }
  if (r.ocspUrl) {
    exts.push(
      ext(
        OID.authorityInfoAccess,
        false,
        seq([seq([oid(OID.adOcsp), asn1.create(Class.CONTEXT_SPECIFIC, 6, false, r.ocspUrl)])]),
      ),
    );
  }
  const tbs = seq([
    ctx(0, [int(2)]),
    intBytes(serial),
    sigAlg,
    issuerName,
    seq([time(r.notBefore), time(r.notAfter)]),
    name(r.subject),
    parse(spki),
    ctx(3, [seq(exts)]),
  ]);
  const tbsDer = der(tbs);
  const signature = cryptoSign('sha256', tbsDer, r.issuerKey);
  return der(seq([tbs, sigAlg, bitString(`\x00${toBin(signature)}`)]));
}

/** What {@link issueCrl} needs. */
export interface CrlRequest {
  /** The issuing CA's certificate (DER) and key. */
  issuerCertificate: Uint8Array;
  issuerKey: KeyObject;
  /** Revoked certificates: serial number (hex, as `X509Certificate.serialNumber`) and when. */
  revoked?: Array<{ serial: string; at: Date }> | undefined;
  thisUpdate: Date;
  nextUpdate: Date;
  /** The CRL number (monotonic). */
  number: number;
}

/** Issues an X.509 v2 CRL (RFC 5280) signed with node:crypto. For test and development PKIs. */
export function issueCrl(r: CrlRequest): Buffer {
  const tbs = kids(kids(parse(r.issuerCertificate))[0]!);
  const off = tbs[0]!.tagClass === Class.CONTEXT_SPECIFIC ? 1 : 0;
  const issuerName = tbs[off + 4]!;
  const issuerKeyId = keyId(der(tbs[off + 5]!));
  const sigAlg =
    r.issuerKey.asymmetricKeyType === 'ec' ? alg(OID.ecdsaWithSHA256, false) : alg(OID.sha256WithRSA);
  const fields: Asn1[] = [int(1), sigAlg, issuerName, time(r.thisUpdate), time(r.nextUpdate)];
  if (r.revoked?.length) {
    fields.push(
      seq(
        r.revoked.map((e) =>
          seq([intBytes(Buffer.from(e.serial.length % 2 ? `0${e.serial}` : e.serial, 'hex')), time(e.at)]),
        ),
      ),
    );
  }
  fields.push(
    ctx(0, [
      seq([
        ext('2.5.29.35', false, seq([asn1.create(Class.CONTEXT_SPECIFIC, 0, false, toBin(issuerKeyId))])),
        ext('2.5.29.20', false, int(r.number)),
      ]),
    ]),
  );
  const tbsList = seq(fields);
  const signature = cryptoSign('sha256', der(tbsList), r.issuerKey);
  return der(seq([tbsList, sigAlg, bitString(`\x00${toBin(signature)}`)]));
}

/** Options of {@link generateDevPki}. */
export interface DevPkiOptions {
  /** Folder to write into (created when missing). */
  dir: string;
  /** The organisation named in the certificates, e.g. "Gemeente Zottegem". */
  organisation: string;
  /** Validity of the seal certificate in days (default 365; the CA gets ten times that). */
  validDays?: number | undefined;
  /** Key type of the seal (default RSA-2048; the CA is RSA-3072). */
  keyType?: 'rsa-2048' | 'rsa-3072' | 'ec-p256' | undefined;
  /** OCSP responder URL to write into the seal (and timestamp-authority) certificate. */
  ocspUrl?: string | undefined;
  /** CRL distribution point to write into the seal (and timestamp-authority) certificate. */
  crlUrl?: string | undefined;
  /** Also issue a timestamp-authority certificate (for a local RFC 3161 service). */
  tsa?: boolean | undefined;
  /** Passphrase of the PKCS#12 file (default "smartloket-dev"). */
  passphrase?: string | undefined;
  /** Start of validity (default: now minus one hour). */
  now?: Date | undefined;
  /** Write an NSS trust database with the CA (needs `certutil`, Debian libnss3-tools; default true). */
  nss?: boolean | undefined;
}

/** What {@link generateDevPki} wrote. */
export interface DevPki {
  caCertificate: string;
  caKey: string;
  sealCertificate: string;
  sealKey: string;
  /** Seal key and chain; only for RSA seals (node-forge cannot write ECDSA PKCS#12). */
  sealPkcs12?: string | undefined;
  passphrase: string;
  /** Seal certificate then CA, PEM. */
  chain: string;
  tsaCertificate?: string | undefined;
  tsaKey?: string | undefined;
  /** OCSP signing certificate (delegated responder) and its key. */
  ocspCertificate: string;
  ocspKey: string;
  /** The NSS database folder (use as `sql:<dir>`), when written. */
  nssDir?: string | undefined;
  /** Why the NSS database was not written. */
  nssSkipped?: string | undefined;
  /** How to make readers trust the test CA. */
  howToTrust: LocalizedText;
  notAfter: Date;
}

function newKey(type: 'rsa-2048' | 'rsa-3072' | 'ec-p256'): KeyObject {
  if (type === 'ec-p256') return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  return generateKeyPairSync('rsa', { modulusLength: type === 'rsa-3072' ? 3072 : 2048 }).privateKey;
}

const pemKey = (k: KeyObject) => k.export({ type: 'pkcs8', format: 'pem' }).toString();

/**
 * Writes a development PKI: a test CA, a seal certificate whose subject says it is TEST material
 * and not for production, their keys (PEM, and PKCS#12 for RSA), an OCSP signing certificate,
 * optionally a timestamp-authority certificate, and an NSS trust database holding the CA
 * (for `pdfsig -nssdir sql:<dir>`). Never use these keys for real documents.
 */
export function generateDevPki(options: DevPkiOptions): DevPki {
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  const now = options.now ?? new Date(Date.now() - 3_600_000);
  const validDays = options.validDays ?? 365;
  const passphrase = options.passphrase ?? 'smartloket-dev';
  const org = options.organisation;
  const path = (f: string) => join(dir, f);
  const write = (f: string, content: string | Uint8Array, mode = 0o644) => {
    writeFileSync(path(f), content, { mode });
    return path(f);
  };

  const caKey = newKey('rsa-3072');
  const caDn: DistinguishedName = [
    ['C', 'BE'],
    ['O', `${org} (TEST)`],
    ['CN', `SmartLoket TEST CA - ${org} - NOT FOR PRODUCTION`],
  ];
  const caNotAfter = new Date(now.getTime() + validDays * 10 * DAY);
  const caCert = issueCertificate({
    subject: caDn,
    publicKey: caKey,
    issuerKey: caKey,
    notBefore: now,
    notAfter: caNotAfter,
    profile: 'ca',
  });

  const sealKey = newKey(options.keyType ?? 'rsa-2048');
  const notAfter = new Date(now.getTime() + validDays * DAY);
  const sealCert = issueCertificate({
    subject: [
      ['C', 'BE'],
      ['O', `${org} (TEST)`],
      ['OU', 'TEST SEAL - NOT FOR PRODUCTION'],
      ['CN', `TEST seal ${org} - not for production`],
    ],
    publicKey: sealKey,
    issuerCertificate: caCert,
    issuerKey: caKey,
    notBefore: now,
    notAfter,
    profile: 'seal',
    ocspUrl: options.ocspUrl,
    crlUrl: options.crlUrl,
  });

  const ocspKey = newKey('rsa-2048');
  const ocspCert = issueCertificate({
    subject: [
      ['C', 'BE'],
      ['O', `${org} (TEST)`],
      ['CN', `SmartLoket TEST OCSP responder - ${org}`],
    ],
    publicKey: ocspKey,
    issuerCertificate: caCert,
    issuerKey: caKey,
    notBefore: now,
    notAfter: caNotAfter,
    profile: 'ocsp',
  });

  const out: DevPki = {
    caCertificate: write('ca.pem', toPem(caCert)),
    caKey: write('ca.key', pemKey(caKey), 0o600),
    sealCertificate: write('seal.pem', toPem(sealCert)),
    sealKey: write('seal.key', pemKey(sealKey), 0o600),
    chain: write('seal-chain.pem', toPem(sealCert) + toPem(caCert)),
    ocspCertificate: write('ocsp.pem', toPem(ocspCert)),
    ocspKey: write('ocsp.key', pemKey(ocspKey), 0o600),
    passphrase,
    notAfter,
    howToTrust: { nl: '' },
  };

  if (sealKey.asymmetricKeyType === 'rsa') {
    const p12 = forge.pkcs12.toPkcs12Asn1(
      forge.pki.privateKeyFromPem(pemKey(sealKey)),
      [forge.pki.certificateFromPem(toPem(sealCert)), forge.pki.certificateFromPem(toPem(caCert))],
      passphrase,
      { algorithm: '3des', friendlyName: `TEST seal ${org}` },
    );
    out.sealPkcs12 = write('seal.p12', Buffer.from(asn1.toDer(p12).getBytes(), 'binary'), 0o600);
  }

  if (options.tsa) {
    const tsaKey = newKey('rsa-2048');
    const tsaCert = issueCertificate({
      subject: [
        ['C', 'BE'],
        ['O', `${org} (TEST)`],
        ['CN', `SmartLoket TEST timestamp authority - ${org}`],
      ],
      publicKey: tsaKey,
      issuerCertificate: caCert,
      issuerKey: caKey,
      notBefore: now,
      notAfter: caNotAfter,
      profile: 'tsa',
      ocspUrl: options.ocspUrl,
      crlUrl: options.crlUrl,
    });
    out.tsaCertificate = write('tsa.pem', toPem(tsaCert));
    out.tsaKey = write('tsa.key', pemKey(tsaKey), 0o600);
  }

  if (options.nss !== false) {
    const nssDir = path('nssdb');
    mkdirSync(nssDir, { recursive: true });
    try {
      execFileSync('certutil', ['-N', '-d', `sql:${nssDir}`, '--empty-password'], { stdio: 'pipe' });
      execFileSync(
        'certutil',
        [
          '-A',
          '-d',
          `sql:${nssDir}`,
          '-n',
          `SmartLoket TEST CA ${org}`,
          '-t',
          'CT,C,C',
          '-i',
          out.caCertificate,
        ],
        { stdio: 'pipe' },
      );
      out.nssDir = nssDir;
    } catch (e) {
      out.nssSkipped =
        (e as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'certutil not found (Debian: apt-get install libnss3-tools)'
          : `certutil failed: ${(e as Error).message}`;
    }
  }

  const nss = out.nssDir ? `sql:${out.nssDir}` : 'sql:<nss-dir>';
  out.howToTrust = {
    nl: [
      `Dit is TESTMATERIAAL, niet voor productie. Om verzegelde documenten als geldig te zien, vertrouw de test-CA ${out.caCertificate}:`,
      `- pdfsig: pdfsig -nssdir ${nss} document.pdf`,
      `- Adobe Acrobat Reader: Voorkeuren > Handtekeningen > Identiteiten en vertrouwde certificaten > Importeren (${out.caCertificate}), en vink "Gebruiken als vertrouwde basis" aan.`,
      `- Firefox/Chromium op Linux: certutil -A -d sql:$HOME/.pki/nssdb -n "SmartLoket TEST CA" -t "CT,C,C" -i ${out.caCertificate}`,
      'Verwijder het vertrouwen weer wanneer u klaar bent met testen.',
    ].join('\n'),
    fr: [
      `Ceci est du MATÉRIEL DE TEST, pas pour la production. Pour voir les documents scellés comme valides, faites confiance à l'AC de test ${out.caCertificate} :`,
      `- pdfsig : pdfsig -nssdir ${nss} document.pdf`,
      `- Adobe Acrobat Reader : Préférences > Signatures > Identités et certificats approuvés > Importer (${out.caCertificate}), puis cochez « Utiliser comme racine approuvée ».`,
      `- Firefox/Chromium sous Linux : certutil -A -d sql:$HOME/.pki/nssdb -n "SmartLoket TEST CA" -t "CT,C,C" -i ${out.caCertificate}`,
      'Retirez cette confiance après vos tests.',
    ].join('\n'),
    en: [
      `This is TEST MATERIAL, not for production. To see sealed documents as valid, trust the test CA ${out.caCertificate}:`,
      `- pdfsig: pdfsig -nssdir ${nss} document.pdf`,
      `- Adobe Acrobat Reader: Preferences > Signatures > Identities & Trusted Certificates > Import (${out.caCertificate}), then tick "Use this certificate as a trusted root".`,
      `- Firefox/Chromium on Linux: certutil -A -d sql:$HOME/.pki/nssdb -n "SmartLoket TEST CA" -t "CT,C,C" -i ${out.caCertificate}`,
      'Remove the trust when you are done testing.',
    ].join('\n'),
  };
  return out;
}
