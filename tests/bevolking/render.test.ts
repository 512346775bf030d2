import { DEMO_MUNICIPALITY, personByKey } from '@smartloket/dev-population';
import { assertDocument, documentText } from '@smartloket/testkit';
import { describe, expect, it } from 'vitest';
import { burialMode, burialRites } from '../../plugins/bevolking/src/burial.js';
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

describe.runIf(tools)('the burial and rites certificate rendered from the register data', () => {
  const godelieve = personByKey('godelieve');
  async function burial(language: 'nl' | 'fr' | 'de') {
    return createBevolkingRenderer('teraardebestelling').render(
      {
        request: { reference: 'SL-2026-000124', form: { language } } as never,
        data: {
          certificate: 'teraardebestelling',
          person: {
            insz: godelieve.insz,
            name: 'Godelieve Maria Verbruggen',
            birthDate: godelieve.birthDate,
          },
          burial: {
            mode: burialMode('1', 'Begraving'),
            ritual: burialRites('1', 'Katholiek'),
            registeredIn: 'Smartegem',
            declaredOn: '2019-05-10',
          },
        },
        municipality,
        locale: 'nl',
        issuedAt: new Date('2026-12-07T10:00:00Z'),
        verification: {
          code: 'K7Q2-M9XD-3HTB',
          url: 'https://loket.smartegem.example/verify/K7Q2-M9XD-3HTB',
        },
      },
      {} as never,
    );
  }

  it.each([
    [
      'nl',
      [
        'Attest van wijze van teraardebestelling en/of rituelen',
        'laatste wilsbeschikking',
        'Wijze van teraardebestelling Begraving',
        'Rituelen Katholiek',
        'Verklaring afgelegd te Smartegem op 10.05.2019',
      ],
    ],
    [
      'fr',
      [
        'Certificat du mode de sépulture et/ou des rites',
        'dernières volontés',
        'Mode de sépulture Inhumation',
        'Rites Catholique',
        'Déclaration faite à Smartegem le 10.05.2019',
      ],
    ],
    [
      'de',
      [
        'Bescheinigung der Bestattungsart und/oder Riten',
        'letzten Willen',
        'Bestattungsart Erdbestattung',
        'Riten Katholisch',
        'Erklärung abgegeben in Smartegem am 10.05.2019',
      ],
    ],
  ] as const)('%s', async (language, texts) => {
    const doc = await burial(language);
    const text = (await documentText(doc.bytes)).replace(/\s+/g, ' ');
    for (const t of ['Godelieve Maria Verbruggen', ...texts]) expect(text, language).toContain(t);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('an unknown code keeps the register’s own description; the rites say "not stated" when none', () => {
    expect(burialMode('9', 'Schenking aan de wetenschap')).toEqual({ nl: 'Schenking aan de wetenschap' });
    expect(burialMode('3').fr).toBe('Crémation avec dispersion des cendres');
    expect(burialRites('7').de).toBe('Nichtkonfessionell (freisinnig)');
  });
});
