/**
 * @smartloket/signer-pkcs11: PAdES seals with the key in an HSM (PKCS#11), a CSR signed by the
 * token key, and the token checks of `smartloket doctor`.
 * @packageDocumentation
 */
export { type CsrOptions, createCsr } from './csr.js';
export { createPkcs11Signer, type Pkcs11SignerOptions, pemCertificates, readPin } from './signer.js';
export {
  hasSoftHsm,
  initSoftHsmToken,
  SOFTHSM2_MODULE,
  type SoftHsmDevSeal,
  type SoftHsmToken,
  softHsmDevSeal,
} from './softhsm.js';
export {
  ecdsaRawToDer,
  type PinSource,
  Pkcs11Token,
  Pkcs11TokenError,
  type Pkcs11TokenOptions,
  type TokenKey,
  type TokenKeyType,
} from './token.js';
