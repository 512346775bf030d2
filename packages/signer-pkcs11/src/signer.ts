import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Signer } from '@smartloket/core';
import { keyAlgorithmOf, type PadesOptions, padesSignerFrom } from '@smartloket/signer-pades';
import { type PinSource, type Pkcs11Token, Pkcs11TokenError } from './token.js';

/** Reads the PIN from its environment variable or file (trailing newline dropped). */
export function readPin(source: PinSource, baseDir = process.cwd()): string {
  if (source.pinEnv) {
    const pin = process.env[source.pinEnv];
    if (pin === undefined || pin === '') {
      throw new Pkcs11TokenError(`environment variable ${source.pinEnv} (the token PIN) is not set`);
    }
    return pin;
  }
  if (source.pinFile) {
    try {
      return readFileSync(resolve(baseDir, source.pinFile), 'utf8').replace(/\r?\n$/, '');
    } catch {
      throw new Pkcs11TokenError(`cannot read the PIN file ${source.pinFile}`);
    }
  }
  throw new Pkcs11TokenError('set pinEnv or pinFile for the token PIN');
}

/** Splits a PEM bundle into DER certificates, in order. */
export function pemCertificates(pem: string): Buffer[] {
  const out: Buffer[] = [];
  for (const m of pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)) {
    out.push(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
  }
  return out;
}

/** Options of {@link createPkcs11Signer}. */
export interface Pkcs11SignerOptions extends PadesOptions {
  /** The opened token (shared with other users of the same token), or how to open one. */
  token: Pkcs11Token;
  /** Label of the seal key pair on the token. */
  keyLabel: string;
  /** Seal certificate first, then the rest of the chain (PEM). */
  certificateChain: string;
}

/**
 * A PAdES signer whose key stays in a PKCS#11 token: the CMS signed attributes are built by
 * the one PAdES builder of `@smartloket/signer-pades`; only their signature comes from the token.
 */
export function createPkcs11Signer(options: Pkcs11SignerOptions): Signer & { token: Pkcs11Token } {
  const chain = pemCertificates(options.certificateChain);
  if (!chain.length) throw new Pkcs11TokenError('the certificate chain holds no certificate');
  const keyAlgorithm = keyAlgorithmOf(chain[0]!);
  const { token, keyLabel } = options;
  const signer = padesSignerFrom(
    { keyAlgorithm, chain, sign: (attrs) => token.sign(keyLabel, keyAlgorithm, attrs) },
    options,
    'pades-pkcs11',
  );
  return Object.assign(signer, { token });
}
