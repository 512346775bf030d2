import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageOn, formatInsz, isValidInsz, makeInsz, maskInsz, normalizeInsz, parseInsz } from './insz.js';

/**
 * An independent oracle for the check digits: CC = 97 - (N mod 97), where N is the first nine
 * digits, or "2" + the first nine digits for births from 2000 (DOMAIN.md, Identifiers).
 */
function oracle(nine: string, from2000: boolean): string {
  const n = BigInt(from2000 ? `2${nine}` : nine);
  return String(97n - (n % 97n)).padStart(2, '0');
}

// Hand-computed numbers (the arithmetic is in the comments, independent of the code under test):
//
//  1985-07-30, sequence 123 (odd: a man):
//    850730123 = 97 × 8 770 413 + 62   (97 × 8 770 413 = 877 041 300 − 26 311 239 = 850 730 061)
//    CC = 97 − 62 = 35                                   → 85.07.30-123.35
//  the same person as a BIS number with sex known (month + 40):
//    854730123 = 97 × 8 811 650 + 73 (97 × 8 811 650 = 854 730 050); CC = 97 − 73 = 24 → 85.47.30-123.24
//  as a BIS number with sex unknown (month + 20):
//    852730123 = 97 × 8 791 032 + 19 (97 × 8 791 032 = 852 730 104); CC = 97 − 19 = 78 → 85.27.30-123.78
//  as a MAGDA test person (month + 60):
//    856730123 = 97 × 8 832 269 + 30 (97 × 8 832 269 = 856 730 093); CC = 97 − 30 = 67 → 85.67.30-123.67
//  2005-01-01, sequence 001, born from 2000 so the check is on "2" + nine digits:
//    2050101001 = 97 × 21 135 061 + 84 (97 × 21 135 061 = 2 050 100 917); CC = 97 − 84 = 13 → 05.01.01-001.13
//    (the 1900 rule would give 50101001 mod 97 = 16, CC = 81: a different number)
const MAN_1985 = '85073012335';
const BIS_KNOWN_1985 = '85473012324';
const BIS_UNKNOWN_1985 = '85273012378';
const TEST_1985 = '85673012367';
const BORN_2005 = '05010100113';

describe('INSZ: hand-computed numbers', () => {
  it('makeInsz produces the hand-computed numbers', () => {
    expect(makeInsz('1985-07-30', 123)).toBe(MAN_1985);
    expect(makeInsz('1985-07-30', 123, { bis: 'known-sex' })).toBe(BIS_KNOWN_1985);
    expect(makeInsz('1985-07-30', 123, { bis: 'unknown-sex' })).toBe(BIS_UNKNOWN_1985);
    expect(makeInsz('1985-07-30', 123, { test: true })).toBe(TEST_1985);
    expect(makeInsz('2005-01-01', 1)).toBe(BORN_2005);
  });

  it('parses a rijksregister number born before 2000', () => {
    expect(parseInsz(MAN_1985)).toEqual({
      digits: MAN_1985,
      kind: 'rijksregister',
      birthDate: '1985-07-30',
      century: 1900,
      sequence: 123,
      sex: 'M',
      isTestNumber: false,
    });
  });

  it('parses a number born from 2000 (check on "2" + nine digits)', () => {
    const info = parseInsz(BORN_2005);
    expect(info?.century).toBe(2000);
    expect(info?.birthDate).toBe('2005-01-01');
    expect(info?.sex).toBe('M');
    // The same nine digits with the 1900 check digits are valid too, but for a birth in 1905.
    expect(parseInsz('05010100181')?.birthDate).toBe('1905-01-01');
  });

  it('parses BIS numbers: +40 keeps the sex, +20 does not', () => {
    expect(parseInsz(BIS_KNOWN_1985)).toMatchObject({ kind: 'bis', birthDate: '1985-07-30', sex: 'M' });
    expect(parseInsz(BIS_UNKNOWN_1985)).toMatchObject({
      kind: 'bis',
      birthDate: '1985-07-30',
      sex: undefined,
      isTestNumber: false,
    });
  });

  it('recognises MAGDA test numbers (month 61..72)', () => {
    expect(parseInsz(TEST_1985)).toMatchObject({
      kind: 'rijksregister',
      birthDate: '1985-07-30',
      isTestNumber: true,
    });
    expect(parseInsz(makeInsz('1990-01-15', 2, { test: true }))?.digits.slice(2, 4)).toBe('61');
    expect(parseInsz(makeInsz('1990-12-15', 2, { test: true }))?.digits.slice(2, 4)).toBe('72');
    // A test person with a BIS number of unknown sex: month 60 + 20 + mm = 81..92.
    const testBis = makeInsz('1990-03-15', 2, { test: true, bis: 'unknown-sex' });
    expect(testBis.slice(2, 4)).toBe('83');
    expect(parseInsz(testBis)).toMatchObject({ kind: 'bis', isTestNumber: true, birthDate: '1990-03-15' });
  });

  it('sex follows the parity of the sequence', () => {
    expect(parseInsz(makeInsz('1970-05-05', 2))?.sex).toBe('V');
    expect(parseInsz(makeInsz('1970-05-05', 3))?.sex).toBe('M');
    expect(parseInsz(makeInsz('1970-05-05', 2, { bis: 'known-sex' }))?.sex).toBe('V');
  });
});

describe('INSZ: unknown birth month or day', () => {
  it('accepts month 00 and day 00 with an unknown birth date', () => {
    const unknownMonth = makeInsz('1985-00-00', 5, { bis: 'unknown-sex' });
    expect(unknownMonth.slice(0, 6)).toBe('852000');
    expect(parseInsz(unknownMonth)).toMatchObject({ kind: 'bis', birthDate: undefined });
    const unknownDay = makeInsz('1985-07-00', 5, { bis: 'known-sex' });
    expect(parseInsz(unknownDay)).toMatchObject({ kind: 'bis', birthDate: undefined, sex: 'M' });
    expect(ageOn(unknownDay, new Date('2026-01-01T00:00:00Z'))).toBeUndefined();
  });
});

describe('INSZ: invalid values', () => {
  it.each([
    ['wrong checksum', '85073012336'],
    ['wrong checksum (1900 and 2000 both wrong)', '85073012300'],
    ['10 digits', '8507301233'],
    ['12 digits', '850730123351'],
    ['letters', '8507301233A'],
    ['empty', ''],
  ])('rejects %s', (_why, value) => {
    expect(parseInsz(value)).toBeUndefined();
    expect(isValidInsz(value)).toBe(false);
  });

  it('rejects 31 February and 29 February of a non-leap year, accepts 29 February 2000', () => {
    expect(isValidInsz(makeInsz('1985-02-31', 1))).toBe(false);
    expect(isValidInsz(makeInsz('1985-02-29', 1))).toBe(false);
    expect(isValidInsz(makeInsz('1900-02-29', 1))).toBe(false); // 1900 is no leap year
    expect(parseInsz(makeInsz('2000-02-29', 1))?.birthDate).toBe('2000-02-29');
    expect(parseInsz(makeInsz('1984-02-29', 1))?.birthDate).toBe('1984-02-29');
  });

  it('rejects months and days out of range, also after the BIS or test offset', () => {
    for (const nine of ['851330123', '850732123', '853330123', '855330123', '857330123', '856030123']) {
      expect(isValidInsz(nine + oracle(nine, false)), nine).toBe(false);
    }
  });

  it('rejects sequence 000 and 999', () => {
    for (const nine of ['850730000', '850730999']) {
      expect(isValidInsz(nine + oracle(nine, false)), nine).toBe(false);
    }
    // The neighbours are fine.
    for (const nine of ['850730001', '850730998']) {
      expect(isValidInsz(nine + oracle(nine, false)), nine).toBe(true);
    }
  });
});

describe('INSZ: formatting', () => {
  it('formats as yy.mm.dd-sss.cc and parses the formatted form back', () => {
    expect(formatInsz(MAN_1985)).toBe('85.07.30-123.35');
    expect(parseInsz('85.07.30-123.35')?.digits).toBe(MAN_1985);
    expect(formatInsz('85.07.30-123.35')).toBe('85.07.30-123.35');
    expect(formatInsz(' 850730 123 35 ')).toBe('85.07.30-123.35');
    expect(normalizeInsz('85.07.30-123.35')).toBe(MAN_1985);
  });

  it('formatInsz throws on an invalid number', () => {
    expect(() => formatInsz('85073012336')).toThrow('formatInsz: not a valid INSZ');
  });

  it('masks the sequence and check digits', () => {
    expect(maskInsz(MAN_1985)).toBe('85.07.30-xxx.xx');
    expect(maskInsz('85.07.30-123.35')).toBe('85.07.30-xxx.xx');
    expect(maskInsz(MAN_1985)).not.toContain('123');
  });

  it('round-trips any generated number through format and parse', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1901, max: 2099 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 1, max: 998 }),
        fc.constantFrom(undefined, 'known-sex' as const, 'unknown-sex' as const),
        (year, month, rawDay, sequence, bis) => {
          const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
          const day = Math.min(rawDay, last);
          const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const insz = makeInsz(date, sequence, bis ? { bis } : {});
          expect(insz.slice(9)).toBe(oracle(insz.slice(0, 9), year >= 2000));
          const info = parseInsz(formatInsz(insz));
          expect(info?.digits).toBe(insz);
          expect(info?.birthDate).toBe(date);
          expect(info?.century).toBe(year >= 2000 ? 2000 : 1900);
          expect(info?.kind).toBe(bis ? 'bis' : 'rijksregister');
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('makeInsz', () => {
  it('refuses bad arguments', () => {
    expect(() => makeInsz('30-07-1985', 1)).toThrow('makeInsz: birthDate must be YYYY-MM-DD');
    expect(() => makeInsz('1985-07-30', 0)).toThrow('makeInsz: sequence must be 1..998');
    expect(() => makeInsz('1985-07-30', 999)).toThrow('makeInsz: sequence must be 1..998');
    expect(() => makeInsz('1985-07-30', 1, { test: true, bis: 'known-sex' })).toThrow(
      'makeInsz: BIS offset and test offset cannot combine',
    );
  });
});

describe('ageOn', () => {
  const insz = makeInsz('2008-03-15', 10);
  it.each([
    ['the day before the 18th birthday', '2026-03-14T23:59:59Z', 17],
    ['on the 18th birthday', '2026-03-15T00:00:00Z', 18],
    ['the day after', '2026-03-16T00:00:00Z', 18],
    ['a month before', '2026-02-15T12:00:00Z', 17],
    ['on the day of birth', '2008-03-15T00:00:00Z', 0],
  ])('%s', (_why, at, age) => {
    expect(ageOn(insz, new Date(at))).toBe(age);
  });

  it('counts a 29 February birthday as reached on 1 March in a common year', () => {
    const leap = makeInsz('2008-02-29', 10);
    expect(ageOn(leap, new Date('2026-02-28T12:00:00Z'))).toBe(17);
    expect(ageOn(leap, new Date('2026-03-01T00:00:00Z'))).toBe(18);
  });

  it('is undefined for an invalid number', () => {
    expect(ageOn('85073012336', new Date('2026-01-01T00:00:00Z'))).toBeUndefined();
  });
});
