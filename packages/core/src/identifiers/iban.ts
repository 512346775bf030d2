/**
 * IBAN (international bank account number): country code, two check digits, the national account
 * number; valid when the mod-97 check (ISO 13616) gives 1. A Belgian IBAN has 16 characters.
 */

/** The IBAN in its electronic form: upper case, no spaces (`BE68539007547034`). */
export function normalizeIban(input: string): string {
  return input.replace(/[\s.-]/g, '').toUpperCase();
}

/** True when `input` is a valid IBAN (with or without spaces); `belgian` accepts only `BE...`. */
export function isValidIban(input: string, options: { belgian?: boolean } = {}): boolean {
  const iban = normalizeIban(input);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  if (iban.startsWith('BE') ? iban.length !== 16 : options.belgian) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of rearranged) {
    const value = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) rest = (rest * 10 + Number(digit)) % 97;
  }
  return rest === 1;
}

/** Groups an IBAN by four for reading: `BE68 5390 0754 7034`. */
export function formatIban(input: string): string {
  return normalizeIban(input).replace(/(.{4})(?=.)/g, '$1 ');
}
