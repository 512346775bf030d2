import { describe, expect, it } from 'vitest';
import { THEME_TITLES, themeTitle } from './request-type.js';

describe('themeTitle', () => {
  it("takes the type's own title first, then core's, then the id capitalised", () => {
    const own = { nl: 'Parkeren', fr: 'Stationnement', en: 'Parking' };
    expect(themeTitle('parkeren', own)).toBe(own);
    expect(themeTitle('mobiliteit')).toEqual({
      nl: 'Mobiliteit',
      fr: 'Mobilité',
      en: 'Mobility',
      de: 'Mobilität',
    });
    expect(themeTitle('fiets-en-voet')).toEqual({ nl: 'Fiets en voet' });
  });

  it('has every core theme in Dutch, French, English and German', () => {
    for (const title of Object.values(THEME_TITLES)) {
      expect(Object.keys(title).sort()).toEqual(['de', 'en', 'fr', 'nl']);
    }
  });
});
