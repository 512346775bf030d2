import { describe, expect, it } from 'vitest';
import { formatKbo, isValidKbo, makeKbo, normalizeKbo } from './kbo.js';
import { generateVerificationCode, normalizeVerificationCode } from './verification-code.js';

// Hand-computed numbers:
//  0123.456.749: first eight digits 01234567 = 1 234 567 = 97 × 12 727 + 48
//                (97 × 12 727 = 1 234 519); check = 97 − 48 = 49. And (1 234 567 + 49) mod 97 = 0.
//  1000.000.120: 10 000 001 = 97 × 103 092 + 77 (97 × 103 092 = 9 999 924); check = 97 − 77 = 20.
//  0000.009.797: 00000097 = 97 × 1 + 0; check = 97 − 0 = 97 (never 00).
const KBO = '0123456749';

describe('KBO', () => {
  it('makeKbo produces the hand-computed numbers', () => {
    expect(makeKbo('01234567')).toBe(KBO);
    expect(makeKbo('10000001')).toBe('1000000120');
    expect(makeKbo('00000097')).toBe('0000009797');
  });

  it.each([
    ['bare digits', KBO],
    ['formatted', '0123.456.749'],
    ['with spaces', '0123 456 749'],
    ['BE prefix', 'BE0123456749'],
    ['BE prefix formatted', 'BE 0123.456.749'],
    ['lowercase be prefix', 'be0123.456.749'],
    ['old 9-digit notation', '123456749'],
    ['old 9-digit notation formatted', '123.456.749'],
    ['first digit 1', '1000000120'],
    ['check digits 97', '0000.009.797'],
  ])('accepts %s', (_why, value) => {
    expect(isValidKbo(value)).toBe(true);
  });

  it.each([
    ['wrong check digits', '0123456748'],
    ['check digits 00 instead of 97', '0000009700'],
    ['first digit 2 with a matching check', `20000001${String(97 - (20000001 % 97)).padStart(2, '0')}`],
    ['11 digits', '01234567490'],
    ['8 digits', '01234567'],
    ['letters', '0123A56749'],
    ['another country prefix', 'NL0123456749'],
    ['empty', ''],
  ])('rejects %s', (_why, value) => {
    expect(isValidKbo(value)).toBe(false);
  });

  it('formats as 0xxx.xxx.xxx from any accepted notation', () => {
    expect(formatKbo(KBO)).toBe('0123.456.749');
    expect(formatKbo('BE0123456749')).toBe('0123.456.749');
    expect(formatKbo('123456749')).toBe('0123.456.749');
    expect(formatKbo('1000000120')).toBe('1000.000.120');
    expect(isValidKbo(formatKbo(KBO))).toBe(true);
  });

  it('normalizes to 10 digits', () => {
    expect(normalizeKbo('BE 0123.456.749')).toBe(KBO);
    expect(normalizeKbo('123.456.749')).toBe(KBO);
  });

  it('formatKbo and makeKbo throw on bad input', () => {
    expect(() => formatKbo('0123456748')).toThrow('formatKbo: not a valid KBO number');
    expect(() => makeKbo('21234567')).toThrow('makeKbo: 8 digits starting with 0 or 1');
    expect(() => makeKbo('0123456')).toThrow('makeKbo: 8 digits starting with 0 or 1');
  });
});

describe('verification codes', () => {
  it('generates codes that normalize to themselves', () => {
    for (let i = 0; i < 20; i++) {
      const code = generateVerificationCode();
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(normalizeVerificationCode(code)).toBe(code);
    }
  });

  it('reads what a person typed: case, spaces, I/L as 1 and O as 0', () => {
    expect(normalizeVerificationCode('7k3m q9tx 2hrb')).toBe('7K3M-Q9TX-2HRB');
    expect(normalizeVerificationCode('ILOO-0000-0000')).toBe('1100-0000-0000');
    expect(normalizeVerificationCode('7K3M-Q9TX-2HR')).toBeUndefined();
    expect(normalizeVerificationCode('7K3M-Q9TX-2HRU')).toBeUndefined();
  });
});
