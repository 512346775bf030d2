/**
 * @smartloket/signer-pades: PAdES seals (B-B, B-T, B-LT, B-LTA) with node:crypto, a remote-signer
 * adapter, development key tooling and a verifier.
 * @packageDocumentation
 */
export type { KeyAlgorithm } from './cms.js';
export { type CrlSummary, crlUrlOf, parseCrl } from './crl.js';
export {
  CSC_OID,
  CscClient,
  type CscCredential,
  CscSignerError,
  type CscSignerOptions,
  createCscSigner,
  cscSelfTest,
} from './csc.js';
export {
  type CertificateRequest,
  type CrlRequest,
  type DevPki,
  type DevPkiOptions,
  type DistinguishedName,
  generateDevPki,
  issueCertificate,
  issueCrl,
} from './devpki.js';
export {
  type CertificateExpiry,
  certificateExpiry,
  type KeySource,
  SealCredentialsError,
} from './keys.js';
export { type OcspSummary, ocspUrlOf, parseOcspResponse } from './ocsp.js';
export { PdfStructureError } from './pdf.js';
export {
  networkProblem,
  type ProbeResult,
  probeRevocation,
  probeTimestampAuthority,
  type SelfTestSource,
  type SignerSelfTestResult,
  signerSelfTest,
} from './probe.js';
export {
  createRemoteSigner,
  RemoteSignerError,
  type RemoteSignerOptions,
  type RemoteSignRequest,
  type RemoteSignResponse,
  signingServiceHandler,
} from './remote.js';
export {
  CertificateValidityError,
  createPadesSigner,
  defineLocalSigner,
  keyAlgorithmOf,
  type LtvOptions,
  PADES_LEVELS,
  type PadesLevel,
  type PadesOptions,
  type PadesSignerOptions,
  padesSignerFrom,
  type RawSigner,
} from './signer.js';
export { type Timestamp, type TimestampCheck, timestampData, verifyTimestampToken } from './timestamp.js';
export { type FetchLike, TimestampError } from './tsa.js';
export { type SignatureReport, type VerifyOptions, type VerifyResult, verifyPdf } from './verify.js';
