/**
 * Verification codes printed on documents: Crockford base32 (no I, L, O, U), 12 characters
 * (60 bits of randomness), shown in groups of four: `7K3M-Q9TX-2HRB`.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new random verification code. */
export function generateVerificationCode(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 31];
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8, 12)}`;
}

/**
 * Normalizes what a person typed: case, spaces and dashes are ignored; I and L read as 1, O as 0.
 * Returns undefined when it cannot be a code.
 */
export function normalizeVerificationCode(input: string): string | undefined {
  const raw = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(raw)) return undefined;
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}`;
}
