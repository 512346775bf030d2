import { createHash } from 'node:crypto';
import {
  generateVerificationCode as coreGenerate,
  normalizeVerificationCode as coreNormalize,
} from '@smartloket/core';

/**
 * A new verification code: 12 characters of Crockford base32 (no I, L, O, U), 60 random bits
 * from the platform's CSPRNG, in groups of four, e.g. `7K3M-Q9TX-2HRB`. The code is not derived
 * from the document, so it cannot be guessed from it. (Delegates to core, the one definition.)
 */
export function generateVerificationCode(): string {
  return coreGenerate();
}

/**
 * Normalizes what a person typed (case, spaces, dashes ignored; I and L read as 1, O as 0) into
 * the canonical `XXXX-XXXX-XXXX` form, or `undefined` when it cannot be a code.
 */
export function normalizeVerificationCode(input: string): string | undefined {
  return coreNormalize(input);
}

/** SHA-256 of a document, lower-case hex: what the verification page compares. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
