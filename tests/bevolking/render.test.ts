import { DEMO_MUNICIPALITY, personByKey } from '@smartloket/dev-population';
import { assertDocument, documentText } from '@smartloket/testkit';
import { describe, expect, it } from 'vitest';
import { householdPosition } from '../../plugins/bevolking/src/relations.js';
import { createBevolkingRenderer } from '../../plugins/bevolking/src/render.js';
import { hasTool } from './support.js';

const tools = hasTool('pdftotext');
if (!tools && process.env.CI) throw new Error('pdftotext is needed (poppler-utils)');

const jan = personByKey('jan');
const municipality = {
  ...DEMO_MUNICIPALITY,
  baseUrl: 'https://loket.smartegem.example',
  official: {
    name: 'Karel Verhoeven',
    function: { nl: 'Algemeen directeur', fr: 'Directeur général', de: 'Generaldirektor' },
  },
};

async function household(language: 'nl' | 'fr' | 'de') {
  const doc = await createBevolkingRenderer('gezinssamenstelling').render(
    {
      request: { reference: 'SL-2026-000123', form: { language }, purpose: 'werk' } as never,
      data: {
        certificate: 'gezinssamenstelling',
        person: {
          insz: jan.insz,
          name: 'Jan Frans Peeters',
          birthDate: jan.birthDate,
          birthPlace: 'Smartegem',
        },
        address: { text: 'Kerkstraat 12, 9999 Smartegem', from: '2012-06-01' },
        household: [
          {
            insz: jan.insz,
            name: 'Jan Frans Peeters',
            birthDate: jan.birthDate,
            position: householdPosition('01', 'M'),
          },
          {
            insz: '87021112345',
            name: 'Els Wuyts',
            birthDate: '1987-02-11',
            position: householdPosition('22', 'V'),
          },
          {
            insz: '14050212345',
            name: 'Emma Peeters',
            birthDate: '2014-05-02',
            position: householdPosition('03', 'V'),
          },
          {
            insz: '18092312345',
            name: 'Lucas Peeters',
            birthDate: '2018-09-23',
            position: householdPosition('03', 'M'),
          },
        ],
      },
      municipality,
      locale: 'nl',
      issuedAt: new Date('2026-12-07T10:00:00Z'),
      verification: { code: 'K7Q2-M9XD-3HTA', url: 'https://loket.smartegem.example/verify/K7Q2-M9XD-3HTA' },
    },
    {} as never,
  );
  return doc;
}

describe.runIf(tools)('the household certificate the municipality renders, as a citizen reads it', () => {
  it.each([
    [
      'nl',
      'attest-van-gezinssamenstelling-SL-2026-000123.pdf',
      [
        'Attest van gezinssamenstelling',
        'Smartegem, 7 december 2026',
        'Algemeen directeur',
        'Referentiepersoon',
        'Wettelijk samenwonende',
        'Dochter',
        'Zoon',
        'Rijksregisternummer',
      ],
    ],
    [
      'fr',
      'certificat-de-composition-de-menage-SL-2026-000123.pdf',
      [
        'Certificat de composition de ménage',
        'Smartegem, le 7 décembre 2026',
        'Directeur général',
        'Personne de référence',
        'Cohabitante légale',
        'Fille',
        'Fils',
        'Numéro de registre national',
      ],
    ],
    [
      'de',
      'bescheinigung-der-haushaltszusammensetzung-SL-2026-000123.pdf',
      [
        'Bescheinigung der Haushaltszusammensetzung',
        'Smartegem, den 7. Dezember 2026',
        'Generaldirektor',
        'Bezugsperson',
        'Gesetzlich Zusammenwohnende',
        'Tochter',
        'Sohn',
        'Nationalregisternummer',
      ],
    ],
  ] as const)('%s', async (language, fileName, texts) => {
    const doc = await household(language);
    expect(doc.fileName).toBe(fileName);
    await assertDocument(doc.bytes).containsText('Karel Verhoeven', 'Emma Peeters', ...texts);
    // Column headers are not broken inside a word: the register number label shows twice whole
    // (the person's details and the household table).
    const label = texts.at(-1)!;
    const text = (await documentText(doc.bytes)).replace(/\s+/g, ' ');
    expect(text.split(label).length - 1, label).toBe(2);
  });
});
