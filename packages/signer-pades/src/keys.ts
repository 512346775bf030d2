import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { pemBlocks, toPem } from './der.js';

/** The key and certificate chain a seal signs with. */
export interface SealCredentials {
  key: KeyObject;
  /** DER, seal certificate first. */
  chain: Buffer[];
}

/** Key material from PEM (key + chain) or from a PKCS#12 file. */
export type KeySource =
  | { key: KeyObject | string; certificateChain: string[]; passphrase?: string | undefined }
  | { pkcs12: Uint8Array; passphrase: string };

/** The seal's key or certificate cannot be used. */
export class SealCredentialsError extends Error {
  override readonly name = 'SealCredentialsError';
}

/**
 * Loads key and chain once. PKCS#12 files are read with node-forge (RSA keys; use PEM for ECDSA).
 */
export function loadCredentials(source: KeySource): SealCredentials {
  let key: KeyObject;
  let chain: Buffer[];
  if ('pkcs12' in source) {
    let p12: forge.pkcs12.Pkcs12Pfx;
    try {
      const asn = forge.asn1.fromDer(Buffer.from(source.pkcs12).toString('binary'));
      p12 = forge.pkcs12.pkcs12FromAsn1(asn, false, source.passphrase);
    } catch (cause) {
      throw new SealCredentialsError('cannot open the PKCS#12 file (wrong passphrase, or not RSA?)', {
        cause,
      });
    }
    const keyBag =
      p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[
        forge.pki.oids.pkcs8ShroudedKeyBag!
      ]?.[0] ?? p12.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!]?.[0];
    if (!keyBag?.key) throw new SealCredentialsError('the PKCS#12 file holds no RSA private key');
    key = createPrivateKey(forge.pki.privateKeyToPem(keyBag.key));
    const certs = (p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [])
      .map((b) => b.cert)
      .filter((c): c is forge.pki.Certificate => !!c)
      .map((c) => Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(c)).getBytes(), 'binary'));
    chain = orderChain(certs, key);
  } else {
    key =
      typeof source.key === 'string'
        ? createPrivateKey({ key: source.key, passphrase: source.passphrase })
        : source.key;
    chain = source.certificateChain.flatMap((pem) => pemBlocks(pem));
  }
  if (key.type !== 'private') throw new SealCredentialsError('the seal key must be a private key');
  const kind = key.asymmetricKeyType;
  if (kind !== 'rsa' && kind !== 'ec')
    throw new SealCredentialsError(`unsupported key type ${kind}: use RSA or ECDSA P-256`);
  if (kind === 'ec' && key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new SealCredentialsError('ECDSA keys must be on P-256');
  }
  if (!chain.length) throw new SealCredentialsError('no seal certificate given');
  if (!new X509Certificate(chain[0]!).checkPrivateKey(key)) {
    throw new SealCredentialsError('the first certificate of the chain does not belong to the key');
  }
  return { key, chain };
}

/** Puts the certificate of `key` first, then its issuers. */
function orderChain(certs: Buffer[], key: KeyObject): Buffer[] {
  const x = certs.map((c) => ({ der: c, x: new X509Certificate(c) }));
  const leaf = x.find((c) => c.x.checkPrivateKey(key));
  if (!leaf) return certs;
  const out = [leaf];
  for (let cur = leaf; ; ) {
    const issuer = x.find((c) => !out.includes(c) && cur.x.checkIssued(c.x));
    if (!issuer) break;
    out.push(issuer);
    cur = issuer;
  }
  return out.map((c) => c.der);
}

/** Validity of each certificate of a chain. */
export interface CertificateExpiry {
  subject: string;
  notBefore: Date;
  notAfter: Date;
  /** Days from `now` to `notAfter`, partial days counted as whole (zero or less when expired). */
  daysLeft: number;
  /** True when `notAfter` is within `warnDays` (default 30) of `now`, or past. */
  expiresSoon: boolean;
}

/**
 * When each certificate of a PEM chain expires; the CLI warns 30 days ahead.
 * @param chainPem one or more PEM certificates (a string or a list)
 */
export function certificateExpiry(
  chainPem: string | string[],
  options: { now?: Date; warnDays?: number } = {},
): CertificateExpiry[] {
  const now = options.now ?? new Date();
  const warn = options.warnDays ?? 30;
  return [chainPem]
    .flat()
    .flatMap((p) => pemBlocks(p))
    .map((d) => {
      const c = new X509Certificate(d);
      const notAfter = new Date(c.validTo);
      const daysLeft = Math.ceil((notAfter.getTime() - now.getTime()) / 86_400_000);
      return {
        subject: c.subject.replace(/\n/g, ', '),
        notBefore: new Date(c.validFrom),
        notAfter,
        daysLeft,
        expiresSoon: daysLeft < warn,
      };
    });
}

export { toPem };
