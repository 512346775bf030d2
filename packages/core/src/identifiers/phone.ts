/**
 * Phone numbers, normalised to the international E.164 form. A Belgian number may be written
 * nationally (`0470 12 34 56`, `02 123 45 67`: a 0 and 8 or 9 digits) or internationally
 * (`+32 470 12 34 56`, `0032 470 12 34 56`); a foreign number must start with `+` or `00`.
 */

/**
 * The number in E.164 form (`+32470123456`); `undefined` when it is not a phone number (a Belgian
 * number needs 8 or 9 digits after the 0 or +32, any number 8 to 15 digits in all).
 */
export function normalizePhone(input: string): string | undefined {
  const compact = input.replace(/[\s.\-/()]/g, '');
  let international: string;
  if (/^\+\d+$/.test(compact)) international = compact.slice(1);
  else if (/^00\d+$/.test(compact)) international = compact.slice(2);
  else if (/^0[1-9]\d{7,8}$/.test(compact)) international = `32${compact.slice(1)}`;
  else return undefined;
  if (international.startsWith('32')) {
    return /^32[1-9]\d{7,8}$/.test(international) ? `+${international}` : undefined;
  }
  return /^[1-9]\d{7,14}$/.test(international) ? `+${international}` : undefined;
}

/** True when `input` is a phone number {@link normalizePhone} accepts. */
export function isValidPhone(input: string): boolean {
  return normalizePhone(input) !== undefined;
}
