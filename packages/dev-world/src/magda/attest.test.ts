import { personByKey } from '@smartloket/dev-population';
import { describe, expect, it } from 'vitest';
import { attestAuthority, attestLines, attestTitle } from './attest.js';
import { SIMULATED_ATTESTS } from './index.js';

const at = new Date('2026-12-07T10:00:00Z');
const jan = personByKey('jan');
const ENGLISH = /\b(simulated|Born|Signed|Attest:|household|member)\b/i;

describe('simulated GeefAttest wording', () => {
  it('a household certificate shows the person, address, members with their relation, Belgian dates, in the language asked', () => {
    const expected = {
      nl: [
        'De genaamde Peeters, Jan Frans',
        'op 30.07.1985',
        `Rijksregisternummer ${jan.insz.slice(0, 2)}.${jan.insz.slice(2, 4)}.${jan.insz.slice(4, 6)} ${jan.insz.slice(6, 9)}-`,
        'Adres: Kerkstraat 12',
        'Dochter: Peeters, Emma',
        'Zoon: Peeters, Lucas',
        'Wettelijk samenwonende',
        'Opmaak attest op 07.12.2026',
      ],
      fr: [
        'Le/la nommé(e) Peeters, Jan Frans',
        'le 30.07.1985',
        'Numéro de registre national',
        'Adresse : Kerkstraat 12',
        'Fille : Peeters, Emma',
        'Fils : Peeters, Lucas',
        'Cohabitante légale',
        'Certificat établi le 07.12.2026',
      ],
      de: [
        'Die Person Peeters, Jan Frans',
        'am 30.07.1985',
        'Nationalregisternummer',
        'Adresse: Kerkstraat 12',
        'Tochter: Peeters, Emma',
        'Sohn: Peeters, Lucas',
        'Gesetzlich Zusammenwohnende',
        'Bescheinigung erstellt am 07.12.2026',
      ],
    } as const;
    for (const lang of ['nl', 'fr', 'de'] as const) {
      const text = attestLines('Gezinssamenstelling', jan, lang, at).join('\n');
      for (const e of expected[lang]) expect(text, lang).toContain(e);
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(text).not.toMatch(ENGLISH);
    }
    expect(attestTitle('Gezinssamenstelling', 'fr')).toBe('Certificat de composition de ménage');
    expect(attestAuthority('de')).toContain('Nationalregister');
  });

  it('every model has a title and a body in nl, fr and de without English or ISO dates', () => {
    for (const model of SIMULATED_ATTESTS) {
      for (const lang of ['nl', 'fr', 'de'] as const) {
        expect(attestTitle(model, lang), `${model} ${lang}`).not.toBe(model === 'Leven' ? '' : model);
        const text = attestLines(model, jan, lang, at).join('\n');
        expect(text).not.toMatch(ENGLISH);
        expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      }
    }
    expect(attestLines('Hoofdverblijfplaats met historiek', jan, 'nl', at).join('\n')).toContain(
      'Molenweg 3',
    );
  });
});
