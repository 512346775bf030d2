import { describe, expect, it } from 'vitest';
import { actFileName } from './source.js';

describe('the file name of a delivered act', () => {
  it('is in the language the act was asked in', () => {
    expect(actFileName('geboorte', false, 'nl', '2026-000123')).toBe(
      'uittreksel-geboorteakte-2026-000123.pdf',
    );
    expect(actFileName('geboorte', false, 'fr', '2026-000123')).toBe(
      'extrait-acte-de-naissance-2026-000123.pdf',
    );
    expect(actFileName('huwelijk', true, 'de', '2026-000124')).toMatch(
      /^abschrift-[a-z-]+-2026-000124\.pdf$/,
    );
    expect(actFileName('adoptie', false, 'fr', 'R/1')).toBe('extrait-acte-d-adoption-R_1.pdf');
  });
  it('falls back to Dutch for a language DABS does not have', () => {
    expect(actFileName('overlijden', false, 'xx', '1')).toMatch(/^uittreksel-/);
  });
});
