import { X509Certificate } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';

/** Namespaces of the WS-Security profile. */
export const NS = {
  soap: 'http://schemas.xmlsoap.org/soap/envelope/',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

export const PKIPATH_VALUE_TYPE =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509PKIPathv1';
export const BASE64_ENCODING =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const RSA_SHA1 = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1';
const SHA1 = 'http://www.w3.org/2000/09/xmldsig#sha1';

/** Splits a PEM bundle into DER certificates, in file order. */
export function pemCertificates(pem: string): Buffer[] {
  const out: Buffer[] = [];
  const re = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
  for (let m = re.exec(pem); m; m = re.exec(pem))
    out.push(Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64'));
  return out;
}

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** Reads one DER TLV at `offset`: its total length and the offset of its content. */
function readTlv(buf: Buffer, offset: number): { contentStart: number; end: number } {
  const first = buf[offset + 1];
  if (first === undefined) throw new RangeError('DER: truncated');
  let len = first;
  let start = offset + 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    len = 0;
    for (let i = 0; i < count; i++) len = len * 256 + (buf[offset + 2 + i] ?? 0);
    start += count;
  }
  if (start + len > buf.length) throw new RangeError('DER: truncated');
  return { contentStart: start, end: start + len };
}

/**
 * Encodes a PkiPath (SEQUENCE OF Certificate, RFC/WSS X.509 token profile): the first certificate
 * is the one nearest the trust anchor, the last is the signer. `leafFirst` is the usual PEM order
 * (signer first), which this reverses.
 */
export function encodePkiPath(leafFirst: Buffer[]): Buffer {
  const body = Buffer.concat([...leafFirst].reverse());
  return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
}

/** Decodes a PkiPath into DER certificates in path order (anchor side first, signer last). */
export function decodePkiPath(der: Buffer): Buffer[] {
  if (der[0] !== 0x30) throw new RangeError('PkiPath: not a SEQUENCE');
  const outer = readTlv(der, 0);
  const certs: Buffer[] = [];
  for (let off = outer.contentStart; off < outer.end; ) {
    const tlv = readTlv(der, off);
    certs.push(der.subarray(off, tlv.end));
    off = tlv.end;
  }
  return certs;
}

function toPem(der: Buffer): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

/** Signing material: the organisation's certificate (chain, signer first) and its private key. */
export interface SigningMaterial {
  certificateChainPem: string;
  keyPem: string;
}

/**
 * Signs the SOAP Body of `envelope` in the profile of MAGDA's connector: a BinarySecurityToken of
 * type X509PKIPathv1 referenced directly from KeyInfo, RSA-SHA1, exclusive C14N without comments.
 * The envelope must already contain an empty `wsse:Security` header and a Body with a `wsu:Id`.
 */
export function signEnvelope(envelope: string, material: SigningMaterial, tokenId: string): string {
  const chain = pemCertificates(material.certificateChainPem);
  if (chain.length === 0) throw new TypeError('signEnvelope: certificateChainPem holds no certificate');
  const token = encodePkiPath(chain).toString('base64');
  const withToken = envelope.replace(
    /<wsse:Security([^>]*)\/>/,
    `<wsse:Security$1><wsse:BinarySecurityToken EncodingType="${BASE64_ENCODING}" ValueType="${PKIPATH_VALUE_TYPE}" wsu:Id="${tokenId}">${token}</wsse:BinarySecurityToken></wsse:Security>`,
  );
  if (withToken === envelope) throw new TypeError('signEnvelope: no empty wsse:Security header found');
  const sig = new SignedXml({
    privateKey: material.keyPem,
    idMode: 'wssecurity',
    canonicalizationAlgorithm: EXC_C14N,
    signatureAlgorithm: RSA_SHA1,
    getKeyInfoContent: () =>
      `<wsse:SecurityTokenReference><wsse:Reference URI="#${tokenId}" ValueType="${PKIPATH_VALUE_TYPE}"/></wsse:SecurityTokenReference>`,
  });
  sig.addReference({
    xpath: `//*[local-name(.)='Body' and namespace-uri(.)='${NS.soap}']`,
    transforms: [EXC_C14N],
    digestAlgorithm: SHA1,
  });
  sig.computeSignature(withToken, {
    prefix: 'ds',
    location: {
      reference: `//*[local-name(.)='Security' and namespace-uri(.)='${NS.wsse}']`,
      action: 'append',
    },
  });
  return sig.getSignedXml();
}

/** The result of {@link verifyEnvelope}. */
export type VerifyResult = { valid: true; signer: X509Certificate } | { valid: false; reason: string };

/**
 * Verifies the WS-Security signature of a SOAP message: the PKIPath token decodes, its
 * certificates chain up to `trustedPem` (a CA or the signer itself), the signature verifies with
 * the signer's key, and the one signed reference is the Body.
 */
export function verifyEnvelope(xml: string, trustedPem: string): VerifyResult {
  try {
    const doc = new DOMParser().parseFromString(xml, 'text/xml');
    const token = doc.getElementsByTagNameNS(NS.wsse, 'BinarySecurityToken')[0];
    if (!token) return { valid: false, reason: 'no BinarySecurityToken' };
    if (token.getAttribute('ValueType') !== PKIPATH_VALUE_TYPE)
      return { valid: false, reason: 'token is not a PKIPath' };
    const signatureNode = doc.getElementsByTagNameNS(NS.ds, 'Signature')[0];
    if (!signatureNode) return { valid: false, reason: 'no Signature' };
    const ref = signatureNode.getElementsByTagNameNS(NS.wsse, 'Reference')[0];
    const tokenId = token.getAttributeNS(NS.wsu, 'Id');
    if (!ref || ref.getAttribute('URI') !== `#${tokenId}`)
      return { valid: false, reason: 'KeyInfo does not reference the token' };

    const path = decodePkiPath(Buffer.from((token.textContent ?? '').replace(/\s+/g, ''), 'base64')).map(
      (d) => new X509Certificate(d),
    );
    const signer = path.at(-1);
    if (!signer) return { valid: false, reason: 'empty PKIPath' };
    for (let i = 1; i < path.length; i++) {
      const issuer = path[i - 1] as X509Certificate;
      const cert = path[i] as X509Certificate;
      if (!cert.checkIssued(issuer) || !cert.verify(issuer.publicKey))
        return { valid: false, reason: 'broken PKIPath' };
    }
    const trusted = new X509Certificate(trustedPem);
    const anchor = path[0] as X509Certificate;
    const anchored =
      path.some((c) => c.fingerprint256 === trusted.fingerprint256) ||
      (anchor.checkIssued(trusted) && anchor.verify(trusted.publicKey));
    if (!anchored) return { valid: false, reason: 'certificate not trusted' };

    const sig = new SignedXml({ publicCert: toPem(signer.raw), idMode: 'wssecurity' });
    sig.loadSignature(signatureNode as unknown as Parameters<SignedXml['loadSignature']>[0]);
    if (!sig.checkSignature(xml)) return { valid: false, reason: 'signature does not verify' };
    const body = doc.getElementsByTagNameNS(NS.soap, 'Body')[0];
    const bodyId = body?.getAttributeNS(NS.wsu, 'Id');
    const refs = sig.getReferences();
    if (!bodyId || refs.length !== 1 || refs[0]?.uri !== `#${bodyId}`) {
      return { valid: false, reason: 'the signature does not cover the Body' };
    }
    return { valid: true, signer };
  } catch (error) {
    return { valid: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
