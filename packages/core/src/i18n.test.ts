import { describe, expect, it } from 'vitest';
import { isLocale, type LocalizedText, localize, negotiateLocale, text } from './i18n.js';

describe('localize', () => {
  const all: LocalizedText = { nl: 'Hallo', fr: 'Bonjour', en: 'Hello', de: 'Guten Tag' };

  it('picks the asked language when present', () => {
    expect(localize(all, 'nl')).toBe('Hallo');
    expect(localize(all, 'fr')).toBe('Bonjour');
    expect(localize(all, 'en')).toBe('Hello');
    expect(localize(all, 'de')).toBe('Guten Tag');
  });

  it.each([
    // German falls back to French first (the other official language next to it), then Dutch.
    ['de', { nl: 'Hallo', fr: 'Bonjour', en: 'Hello' }, 'Bonjour'],
    ['de', { nl: 'Hallo', en: 'Hello' }, 'Hallo'],
    // French and English fall back to Dutch before anything else.
    ['fr', { nl: 'Hallo', en: 'Hello', de: 'Guten Tag' }, 'Hallo'],
    ['en', { nl: 'Hallo', fr: 'Bonjour', de: 'Guten Tag' }, 'Hallo'],
    // Dutch is always there.
    ['nl', { nl: 'Hallo', fr: 'Bonjour' }, 'Hallo'],
  ] as const)('%s with %j falls back to %s', (locale, value, expected) => {
    expect(localize(value as LocalizedText, locale)).toBe(expected);
  });

  it('keeps an empty translation (only a missing one falls back)', () => {
    expect(localize({ nl: 'Hallo', fr: '' }, 'fr')).toBe('');
  });

  it('replaces placeholders from params and leaves unknown ones', () => {
    const t = text({ nl: 'Maximum {max} tekens voor {field}', fr: 'Maximum {max} caractères' });
    expect(localize(t, 'nl', { max: 200, field: 'doel' })).toBe('Maximum 200 tekens voor doel');
    expect(localize(t, 'fr', { max: 200 })).toBe('Maximum 200 caractères');
    expect(localize(t, 'nl', { max: 3 })).toBe('Maximum 3 tekens voor {field}');
    expect(localize('Aanvraag {ref}', 'fr', { ref: 'SL-1' })).toBe('Aanvraag SL-1');
    expect(localize('{a}{a}', 'nl', { a: 0 })).toBe('00');
  });

  it('isLocale knows the four document languages', () => {
    expect(['nl', 'fr', 'de', 'en', 'es', 'NL', 1].map(isLocale)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

describe('negotiateLocale', () => {
  it.each([
    [undefined, 'nl'],
    [null, 'nl'],
    ['', 'nl'],
    ['fr', 'fr'],
    ['fr-BE,fr;q=0.9,en;q=0.8', 'fr'],
    ['en-US,en;q=0.9,nl;q=0.8', 'en'],
    ['de-DE,de;q=0.9,fr;q=0.8', 'fr'], // German is no UI language: the next preference wins
    ['de', 'nl'], // nothing offered: Dutch
    ['en;q=0.5, fr;q=0.8', 'fr'], // order by q, not by position
    ['nl;q=0.8, FR;Q=0.7', 'nl'], // tags and parameter names are case-insensitive
    ['*', 'nl'],
    ['en;q=abc, fr;q=0.1', 'fr'], // an unreadable q drops the entry
    ['fr;q=0, en;q=0.2', 'en'], // q=0 means "not acceptable"
    ['fr;q=0', 'nl'],
    ['en;q=0.8, fr;q=0.8', 'en'], // equal q: the first listed wins
  ] as const)('%j → %s', (accept, expected) => {
    expect(negotiateLocale(accept, undefined)).toBe(expected);
  });

  it('negotiates among the offered locales', () => {
    expect(negotiateLocale('de-BE,de;q=0.9,fr;q=0.5', ['nl', 'fr', 'de'])).toBe('de');
    expect(negotiateLocale('es', ['fr', 'nl'])).toBe('fr');
  });
});
