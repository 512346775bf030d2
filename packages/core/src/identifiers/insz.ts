/**
 * INSZ (identificatienummer van de sociale zekerheid): the Belgian national register number
 * (rijksregisternummer) and BIS numbers. 11 digits YYMMDD SSS CC, where CC = 97 - (first nine
 * digits mod 97); for births from 2000 the check uses "2" followed by the first nine digits.
 * BIS numbers add 20 (sex unknown at attribution) or 40 (sex known) to the month.
 */

/** A national register number, or a BIS number (for people not in the national register). */
export type InszKind = 'rijksregister' | 'bis';

/** What an INSZ tells, as {@link parseInsz} reads it. Personal data: never log it. */
export interface InszInfo {
  /** The 11 digits, no separators. */
  digits: string;
  /** Rijksregister or BIS number. */
  kind: InszKind;
  /** Birth date as YYYY-MM-DD, or undefined when (partly) unknown (month or day 00). */
  birthDate: string | undefined;
  /** The century used by the check digits. */
  century: 1900 | 2000;
  /** Sequence number: odd for men, even for women (for rijksregister and BIS+40 numbers). */
  sequence: number;
  /** 'M' | 'V' when the number encodes it, else undefined. */
  sex: 'M' | 'V' | undefined;
  /** True when the month field is 61..72 (test persons) after removing the BIS offset. */
  isTestNumber: boolean;
}

/** Strips the usual separators (dots, dashes, spaces). */
export function normalizeInsz(input: string): string {
  return input.replace(/[\s.\-/]/g, '');
}

function checkDigits(nine: string, century: 1900 | 2000): number {
  const n = century === 2000 ? BigInt(`2${nine}`) : BigInt(nine);
  return 97 - Number(n % 97n);
}

/**
 * Parses and validates an INSZ. Returns undefined when the input is not a valid INSZ.
 * Accepts the formatted form (`yy.mm.dd-sss.cc`) and bare digits.
 */
export function parseInsz(input: string): InszInfo | undefined {
  const digits = normalizeInsz(input);
  if (!/^\d{11}$/.test(digits)) return undefined;
  const nine = digits.slice(0, 9);
  const cc = Number(digits.slice(9));
  let century: 1900 | 2000;
  if (checkDigits(nine, 1900) === cc) century = 1900;
  else if (checkDigits(nine, 2000) === cc) century = 2000;
  else return undefined;

  const yy = Number(digits.slice(0, 2));
  let mm = Number(digits.slice(2, 4));
  const dd = Number(digits.slice(4, 6));
  const sequence = Number(digits.slice(6, 9));
  let kind: InszKind = 'rijksregister';
  let sexKnown = true;
  if ((mm >= 20 && mm <= 32) || (mm >= 81 && mm <= 92)) {
    kind = 'bis';
    sexKnown = false;
    mm -= 20;
  } else if (mm >= 40 && mm <= 52) {
    kind = 'bis';
    mm -= 40;
  }
  let isTestNumber = false;
  if (mm >= 61 && mm <= 72) {
    isTestNumber = true;
    mm -= 60;
  }
  if (mm > 12 || dd > 31) return undefined;
  if (sequence === 0 || sequence === 999) return undefined;

  let birthDate: string | undefined;
  if (mm >= 1 && dd >= 1) {
    const year = century + yy;
    const date = new Date(Date.UTC(year, mm - 1, dd));
    if (date.getUTCMonth() !== mm - 1) return undefined; // e.g. 31 February
    birthDate = `${year}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
  }
  const sex = sexKnown ? (sequence % 2 === 1 ? 'M' : 'V') : undefined;
  return { digits, kind, birthDate, century, sequence, sex, isTestNumber };
}

/** True when `input` is a valid INSZ (rijksregister or BIS number). */
export function isValidInsz(input: string): boolean {
  return parseInsz(input) !== undefined;
}

/** Formats as `yy.mm.dd-sss.cc`. Throws on an invalid number. */
export function formatInsz(input: string): string {
  const info = parseInsz(input);
  if (!info) throw new RangeError('formatInsz: not a valid INSZ');
  const d = info.digits;
  return `${d.slice(0, 2)}.${d.slice(2, 4)}.${d.slice(4, 6)}-${d.slice(6, 9)}.${d.slice(9)}`;
}

/**
 * Masks an INSZ for display where the full number is not needed (`85.07.30-xxx.xx`).
 * Logs never get an INSZ, masked or not.
 */
export function maskInsz(input: string): string {
  const d = normalizeInsz(input);
  return `${d.slice(0, 2)}.${d.slice(2, 4)}.${d.slice(4, 6)}-xxx.xx`;
}

/**
 * Builds a valid INSZ from a birth date and a sequence number (for test data and simulators).
 * `test: true` shifts the month by 60 as MAGDA's test persons do.
 */
export function makeInsz(
  birthDate: string,
  sequence: number,
  options: { test?: boolean; bis?: 'unknown-sex' | 'known-sex' } = {},
): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!m) throw new RangeError('makeInsz: birthDate must be YYYY-MM-DD');
  const [, y = '', mo = '', d = ''] = m;
  const year = Number(y);
  let month = Number(mo);
  if (options.test) month += 60;
  if (options.bis === 'unknown-sex') month += 20;
  if (options.bis === 'known-sex') month += 40;
  if (month > 99) throw new RangeError('makeInsz: BIS offset and test offset cannot combine');
  if (sequence < 1 || sequence > 998) throw new RangeError('makeInsz: sequence must be 1..998');
  const nine = `${y.slice(2)}${String(month).padStart(2, '0')}${d}${String(sequence).padStart(3, '0')}`;
  const cc = checkDigits(nine, year >= 2000 ? 2000 : 1900);
  return `${nine}${String(cc).padStart(2, '0')}`;
}

/** Age in whole years on `at` (UTC dates), or undefined when the birth date is unknown. */
export function ageOn(insz: string, at: Date): number | undefined {
  const info = parseInsz(insz);
  if (!info?.birthDate) return undefined;
  const [y, m, d] = info.birthDate.split('-').map(Number) as [number, number, number];
  let age = at.getUTCFullYear() - y;
  const beforeBirthday = at.getUTCMonth() + 1 < m || (at.getUTCMonth() + 1 === m && at.getUTCDate() < d);
  if (beforeBirthday) age -= 1;
  return age;
}
