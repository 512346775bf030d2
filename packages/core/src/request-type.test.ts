import { describe, expect, it } from 'vitest';
import { defineRenderer } from './extension-points.js';
import { fields, form } from './forms.js';
import { defineRequestType, THEME_TITLES, themeTitle } from './request-type.js';

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

describe('defineRequestType: documents the municipality issues itself', () => {
  const base = {
    id: 'parkeren.kaart',
    title: { nl: 'Parkeerkaart' },
    theme: 'parkeren',
    form: form({ plate: fields.licencePlate({ label: { nl: 'Nummerplaat' } }) }),
    subject: () => ({ relation: 'none' as const }),
    rules: [],
  };
  const renderer = defineRenderer({
    id: 'parkeren.kaart',
    render: async () => ({ bytes: new Uint8Array(), mediaType: 'application/pdf' }),
  });
  const issue = { issue: () => ({ data: {} }) };

  it('takes a certificate with an issue and a renderer, sealed by default', () => {
    const def = defineRequestType({
      ...base,
      kind: 'certificate',
      issue,
      renderer,
      retention: { documentLifetime: 'validity' },
    });
    expect(def.sign).toBe('default');
    expect(def.retention.documentLifetime).toBe('validity');
  });

  it('refuses a certificate with neither source nor issue, and an issue without renderer or with a source', () => {
    expect(() => defineRequestType({ ...base, kind: 'certificate' })).toThrow(/needs a source or an issue/);
    expect(() => defineRequestType({ ...base, kind: 'certificate', issue })).toThrow(
      /issues its document itself/,
    );
    expect(() => defineRequestType({ ...base, kind: 'report', issue, renderer })).toThrow(
      /issues its document itself/,
    );
  });
});
