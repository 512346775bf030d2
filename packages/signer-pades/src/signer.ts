import { createHash, sign as cryptoSign, type KeyObject, X509Certificate } from 'node:crypto';
import type { Clock, Signer, SignerDefinition, SignMeta } from '@smartloket/core';
import { defineSigner, systemClock } from '@smartloket/core';
import { type KeyAlgorithm, signedAttributes, signedData } from './cms.js';
import { fetchCrl } from './crl.js';
import { type CertParts, certParts, der, kids, parse } from './der.js';
import { type KeySource, loadCredentials } from './keys.js';
import { fetchOcsp } from './ocsp.js';
import { appendDss, digestRanges, fillContents, preparePlaceholder } from './pdf.js';
import { type FetchLike, requestTimestamp } from './tsa.js';

/** The seal certificate is not valid at the signing time. */
export class CertificateValidityError extends Error {
  override readonly name = 'CertificateValidityError';
}

/** B-LT: where revocation data comes from. */
export interface LtvOptions {
  /** OCSP responder for the seal certificate (default: the certificate's AIA). */
  ocspUrl?: string | undefined;
  /** CRLs (DER) to embed as they are (besides those fetched from CRL distribution points). */
  crls?: Uint8Array[] | undefined;
}

/** PAdES baseline levels (ETSI EN 319 142-1). */
export const PADES_LEVELS = ['B-B', 'B-T', 'B-LT', 'B-LTA'] as const;
/** A PAdES baseline level. */
export type PadesLevel = (typeof PADES_LEVELS)[number];

/** Options shared by local and remote PAdES signers. */
export interface PadesOptions {
  /**
   * The level to produce. B-T and above need `tsaUrl`; B-LT adds a DSS (chain, OCSP/CRL, VRI);
   * B-LTA adds a document (archive) timestamp after the DSS. Without it: B-B, B-T when `tsaUrl`
   * is set, B-LT when `ltv` is set too.
   */
  level?: PadesLevel | undefined;
  /** RFC 3161 timestamp authority: adds a signature timestamp (PAdES B-T). */
  tsaUrl?: string | undefined;
  tsaHeaders?: Record<string, string> | undefined;
  /** Adds a DSS with the chain and revocation data after signing (PAdES B-LT). */
  ltv?: LtvOptions | boolean | undefined;
  /** Checks certificate validity against this clock when `meta.signingTime` is absent. */
  clock?: Clock | undefined;
  /** HTTP client for TSA and OCSP requests (default: global fetch). */
  fetch?: FetchLike | undefined;
}

/** Options of {@link createPadesSigner}: key material plus PAdES options. */
export type PadesSignerOptions = KeySource & PadesOptions;

/**
 * What actually produces a signature value: given the DER of the signed attributes, returns
 * the signature (PKCS#1 v1.5 for RSA, DER-encoded ECDSA for EC).
 */
export interface RawSigner {
  keyAlgorithm: KeyAlgorithm;
  /** DER, seal certificate first. */
  chain: Buffer[];
  sign(signedAttrs: Buffer): Promise<Uint8Array> | Uint8Array;
}

/** The key algorithm of a certificate's public key. */
export function keyAlgorithmOf(certDer: Uint8Array): KeyAlgorithm {
  const t = new X509Certificate(certDer).publicKey.asymmetricKeyType;
  if (t === 'rsa') return 'rsa';
  if (t === 'ec') return 'ec';
  throw new CertificateValidityError(`unsupported seal key type ${t}`);
}

/** Certificates embedded in a timestamp token. */
function tokenCertificates(token: Uint8Array): Buffer[] {
  const sd = kids(kids(kids(parse(token))[1]!)[0]!);
  const certs = sd.find((k) => k.tagClass === 0x80 && k.type === 0);
  return certs ? kids(certs).map((c) => der(c)) : [];
}

/** The signer certificate of a timestamp token (matched on serial) and its issuer, when present. */
function tokenSignerAndIssuer(certs: Buffer[]): { signer: CertParts; issuer: CertParts } | undefined {
  const parts = certs.map((c) => ({ p: certParts(c), x: new X509Certificate(c) }));
  for (const leaf of parts) {
    if (leaf.x.ca) continue;
    const issuer = parts.find((c) => c !== leaf && leaf.x.checkIssued(c.x));
    if (issuer) return { signer: leaf.p, issuer: issuer.p };
  }
  return undefined;
}

/** Revocation data of one certificate for the DSS. */
interface Revocation {
  ocsp?: Buffer | undefined;
  crl?: Buffer | undefined;
}

/**
 * The revocation data of `cert`: an OCSP response when a responder is known (`ocspUrl` or the
 * certificate's AIA), else (or when the responder fails) the CRL of its distribution point.
 * Throws the first failure when neither gave an answer; `{}` when the certificate names neither.
 */
async function revocationOf(
  cert: CertParts,
  issuer: CertParts,
  o: {
    ocspUrl?: string | undefined;
    fetch?: FetchLike | undefined;
    crlCache?: Map<string, Promise<Buffer>> | undefined;
  },
): Promise<Revocation> {
  let failure: unknown;
  try {
    const ocsp = await fetchOcsp(cert, issuer, { url: o.ocspUrl, fetch: o.fetch });
    if (ocsp) return { ocsp };
  } catch (e) {
    failure = e;
  }
  try {
    const crl = await fetchCrl(cert.der, issuer.der, { fetch: o.fetch, cache: o.crlCache });
    if (crl) return { crl };
  } catch (e) {
    failure ??= e;
  }
  if (failure) throw failure;
  return {};
}

function checkValidity(cert: Buffer, at: Date): void {
  const x = new X509Certificate(cert);
  const from = new Date(x.validFrom);
  const to = new Date(x.validTo);
  const subject = x.subject.replace(/\n/g, ', ');
  if (at < from) {
    throw new CertificateValidityError(
      `seal certificate "${subject}" is not valid yet: valid from ${from.toISOString()}, signing time ${at.toISOString()}`,
    );
  }
  if (at > to) {
    throw new CertificateValidityError(
      `seal certificate "${subject}" expired on ${to.toISOString()} (signing time ${at.toISOString()}): renew the seal`,
    );
  }
}

/** Builds a PAdES Signer on top of a raw signature function (local key or remote service). */
export function padesSignerFrom(raw: RawSigner, options: PadesOptions, id = 'pades'): Signer {
  const chainParts = raw.chain.map(certParts);
  const seal = chainParts[0]!;
  const clock = options.clock ?? systemClock;
  const certBytes = raw.chain.reduce((n, c) => n + c.length, 0);
  const reserve = 4096 + certBytes + (options.tsaUrl ? 12_288 : 0);
  const level = options.level;
  if (level && level !== 'B-B' && !options.tsaUrl) {
    throw new CertificateValidityError(`PAdES ${level} needs a timestamp authority (tsaUrl)`);
  }
  const ltvWanted = level === 'B-LT' || level === 'B-LTA' || (!level && options.ltv);
  const ltv = ltvWanted ? (typeof options.ltv === 'object' ? options.ltv : {}) : undefined;
  return {
    id,
    async sign(pdf: Uint8Array, meta: SignMeta): Promise<Uint8Array> {
      const signingTime = meta.signingTime ?? clock.now();
      checkValidity(seal.der, signingTime);
      const prepared = await preparePlaceholder(pdf, { ...meta, signingTime, reserve });
      const digest = digestRanges(prepared.bytes, prepared.byteRange);
      const attrs = signedAttributes(digest, seal);
      const signature = await raw.sign(attrs);
      let token: Buffer | undefined;
      if (options.tsaUrl) {
        token = await requestTimestamp(options.tsaUrl, signature, {
          fetch: options.fetch,
          headers: options.tsaHeaders,
        });
      }
      const cms = signedData({
        signedAttrs: attrs,
        signature,
        keyAlgorithm: raw.keyAlgorithm,
        signer: seal,
        chain: chainParts,
        timestampToken: token,
      });
      const signed = fillContents(prepared, cms);
      if (!ltv) return signed;

      const certs: Buffer[] = [...raw.chain];
      const ocsps: Buffer[] = [];
      const crls: Buffer[] = (ltv.crls ?? []).map((c) => Buffer.from(c));
      const add = (r: Revocation) => {
        if (r.ocsp) ocsps.push(r.ocsp);
        if (r.crl && !crls.some((c) => c.equals(r.crl!))) crls.push(r.crl);
      };
      const issuer = chainParts[1];
      const crlCache = new Map<string, Promise<Buffer>>();
      const net = { fetch: options.fetch, crlCache };
      let sealRevocation: Revocation = {};
      if (issuer) {
        sealRevocation = await revocationOf(seal, issuer, { ...net, ocspUrl: ltv.ocspUrl });
        add(sealRevocation);
      }
      // Intermediate CAs: best effort (a root needs none).
      for (let i = 1; i + 1 < chainParts.length; i++) {
        add(await revocationOf(chainParts[i]!, chainParts[i + 1]!, net).catch(() => ({})));
      }
      if (token) {
        const tsaCerts = tokenCertificates(token);
        for (const c of tsaCerts) if (!certs.some((k) => k.equals(c))) certs.push(c);
        const pair = tokenSignerAndIssuer([...tsaCerts, ...raw.chain.slice(1)]);
        if (pair) {
          add(await revocationOf(pair.signer, pair.issuer, net).catch(() => ({})));
        }
      }
      if (issuer && !sealRevocation.ocsp && !sealRevocation.crl && !ltv.crls?.length) {
        throw new CertificateValidityError(
          'B-LT asked but no revocation data for the seal: the certificate names no OCSP responder or CRL distribution point; set ltv.ocspUrl or ltv.crls',
        );
      }
      const contents = Buffer.from(
        signed
          .subarray(prepared.contentsAt, prepared.contentsAt + prepared.contentsHexLength)
          .toString('latin1'),
        'hex',
      );
      const withDss = appendDss(signed, prepared, { certs, ocsps, crls, signatureContents: contents });
      if (level !== 'B-LTA') return withDss;
      return appendDocumentTimestamp(withDss, options.tsaUrl!, options, signingTime);
    },
  };
}

/**
 * Appends a document (archive) timestamp as an incremental update: a `/DocTimeStamp` signature
 * whose `/Contents` is an RFC 3161 token over the byte ranges (PAdES B-LTA).
 */
async function appendDocumentTimestamp(
  pdf: Buffer,
  tsaUrl: string,
  options: PadesOptions,
  at: Date,
): Promise<Buffer> {
  const prepared = await preparePlaceholder(pdf, {
    docTimeStamp: true,
    reserve: 12_288,
    signingTime: at,
    name: '',
    reason: '',
    location: '',
  });
  const br = prepared.byteRange;
  const covered = Buffer.concat([
    prepared.bytes.subarray(br[0], br[0] + br[1]),
    prepared.bytes.subarray(br[2], br[2] + br[3]),
  ]);
  const token = await requestTimestamp(tsaUrl, covered, {
    fetch: options.fetch,
    headers: options.tsaHeaders,
  });
  return fillContents(prepared, token);
}

/**
 * A PAdES signer with a local key (PEM or PKCS#12), loaded once. Produces B-B, B-T when
 * `tsaUrl` is set, B-LT when `ltv` is set too. Refuses to sign outside the certificate's validity.
 */
export function createPadesSigner(options: PadesSignerOptions): Signer {
  const { key, chain } = loadCredentials(options);
  const keyAlgorithm: KeyAlgorithm = key.asymmetricKeyType === 'ec' ? 'ec' : 'rsa';
  const k: KeyObject = key;
  return padesSignerFrom({ keyAlgorithm, chain, sign: (attrs) => cryptoSign('sha256', attrs, k) }, options);
}

/**
 * A signer definition for deployments: the key is loaded when the kernel creates the signer.
 * `options` may be a function so secrets are read at start rather than at import.
 */
export function defineLocalSigner(
  options: PadesSignerOptions | (() => PadesSignerOptions | Promise<PadesSignerOptions>),
  id = 'pades',
): SignerDefinition {
  return defineSigner({
    id,
    async create() {
      const o = typeof options === 'function' ? await options() : options;
      return createPadesSigner(o);
    },
  });
}

/** SHA-256, hex. */
export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
