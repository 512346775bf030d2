/**
 * KBO enterprise number (ondernemingsnummer): 10 digits, first digit 0 or 1, valid when
 * 97 - (first 8 digits mod 97) equals the last 2. Shown as 0xxx.xxx.xxx.
 */

export function normalizeKbo(input: string): string {
  let d = input.replace(/[\s.\-/]/g, '');
  if (/^BE/i.test(d)) d = d.slice(2);
  if (/^\d{9}$/.test(d)) d = `0${d}`; // old 9-digit notation
  return d;
}

/** True when `input` is a valid KBO enterprise number (with or without separators). */
export function isValidKbo(input: string): boolean {
  const d = normalizeKbo(input);
  if (!/^[01]\d{9}$/.test(d)) return false;
  const base = Number(d.slice(0, 8));
  const check = Number(d.slice(8));
  return 97 - (base % 97) === check;
}

/** Formats as `0xxx.xxx.xxx`. Throws on an invalid number. */
export function formatKbo(input: string): string {
  if (!isValidKbo(input)) throw new RangeError('formatKbo: not a valid KBO number');
  const d = normalizeKbo(input);
  return `${d.slice(0, 4)}.${d.slice(4, 7)}.${d.slice(7)}`;
}

/** Builds a valid KBO number from its first 8 digits (for test data). */
export function makeKbo(first8: string): string {
  if (!/^[01]\d{7}$/.test(first8)) throw new RangeError('makeKbo: 8 digits starting with 0 or 1');
  const check = 97 - (Number(first8) % 97);
  return `${first8}${String(check).padStart(2, '0')}`;
}
