import { createHash } from 'node:crypto';
import {
  type Asn1,
  alg,
  asn1,
  type CertParts,
  ctx,
  der,
  derSet,
  int,
  OID,
  octets,
  oid,
  parse,
  seq,
  set,
} from './der.js';

export type KeyAlgorithm = 'rsa' | 'ec';

/**
 * The CAdES signed attributes of a PAdES baseline signature: content-type, message-digest and
 * signing-certificate-v2. No signing-time (PAdES puts the time in the signature dictionary).
 * Returns the DER of the SET that is signed.
 */
export function signedAttributes(documentDigest: Uint8Array, signer: CertParts): Buffer {
  const certHash = createHash('sha256').update(signer.der).digest();
  const essCertIdV2 = seq([
    // hashAlgorithm defaults to SHA-256 and is omitted (DER).
    octets(certHash),
    seq([seq([ctx(4, [signer.issuer])]), signer.serial]),
  ]);
  return der(
    derSet([
      seq([oid(OID.contentType), set([oid(OID.data)])]),
      seq([oid(OID.messageDigest), set([octets(documentDigest)])]),
      seq([oid(OID.signingCertificateV2), set([seq([seq([essCertIdV2])])])]),
    ]),
  );
}

/** Rebuilds a DER SET as the `[0] IMPLICIT` field of SignerInfo. */
function asImplicit(setDer: Buffer, tag: number): Asn1 {
  const a = parse(setDer);
  return asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, true, a.value as Asn1[]);
}

export interface SignedDataInput {
  signedAttrs: Buffer;
  signature: Uint8Array;
  keyAlgorithm: KeyAlgorithm;
  signer: CertParts;
  /** Seal first, then the rest of the chain. */
  chain: CertParts[];
  /** An RFC 3161 token (DER ContentInfo) for the signature-time-stamp attribute. */
  timestampToken?: Uint8Array | undefined;
}

/** Builds the detached CMS SignedData (ContentInfo) of a PAdES signature. */
export function signedData(input: SignedDataInput): Buffer {
  const signerInfo: Asn1[] = [
    int(1),
    seq([input.signer.issuer, input.signer.serial]),
    alg(OID.sha256, false),
    asImplicit(input.signedAttrs, 0),
    input.keyAlgorithm === 'rsa' ? alg(OID.rsaEncryption) : alg(OID.ecdsaWithSHA256, false),
    octets(input.signature),
  ];
  if (input.timestampToken) {
    signerInfo.push(ctx(1, [seq([oid(OID.timeStampToken), set([parse(input.timestampToken)])])]));
  }
  const sd = seq([
    int(1),
    set([alg(OID.sha256, false)]),
    seq([oid(OID.data)]),
    ctx(
      0,
      input.chain.map((c) => c.asn1),
    ),
    set([seq(signerInfo)]),
  ]);
  return der(seq([oid(OID.signedData), ctx(0, [sd])]));
}
