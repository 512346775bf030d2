import type { ActTypeKey } from '@smartloket/dev-population';

/**
 * What the Belgian extract (nl) of the first act of each type in the synthetic world shows beyond
 * the names: the facts a real extract of that type prints. For tests (the simulator's own and the
 * plugin's end-to-end tests read the delivered PDF against it).
 */
export const DABS_EXTRACT_FIELDS: Record<ActTypeKey, string[]> = {
  adoptie: [
    'Geadopteerde:',
    'Adoptant:',
    'Soort adoptie: gewone adoptie',
    'Beslissing: Familierechtbank Smartegem, 15.01.2020',
  ],
  'belgische-nationaliteit': [
    'Rechtsgrond: art. 12bis, § 1, 2° Wetboek van de Belgische nationaliteit',
    'Uitwerking op 12.04.2022',
  ],
  echtscheiding: ['Huwelijk gesloten op 17.04.1999', 'Beslissing: Familierechtbank Andergem, 12.05.2011'],
  'erkenning-kind': ['Kind:', 'Erkenner:', 'Moeder:', 'Erkenning op 05.10.2022'],
  'erkenning-voor-geboorte': ['Erkenner:', 'Moeder:', 'Erkenning op 10.05.2018'],
  'gerechtelijke-afwezigheid': ['Betrokkene:', 'Beslissing: Familierechtbank Smartegem, 28.05.2020'],
  geslachtsverandering: [
    'Vroeger geregistreerd geslacht: vrouwelijk',
    'Nieuw geregistreerd geslacht: mannelijk',
    'Vroegere voornamen: Alexandra',
  ],
  'levenloos-kind': ['Bevalling: Smartegem, 08.03.2012 om 11:20', 'Moeder:', 'Vader:'],
  naamkeuze: ['Gekozen naam: El Amrani'],
  naamwijziging: [
    'Vroegere naam: Bianchi',
    'Nieuwe naam: Rossi',
    'Beslissing: Minister van Justitie, 20.12.2021',
  ],
  voornaamwijziging: ['Vroegere voornamen: Thomas', 'Nieuwe voornamen: Tom'],
  geboorte: [
    'Geboorte: Smartegem, 03.03.2015 om 08:42',
    'Vader:',
    'Moeder:',
    'Geboren te Tanger op 17.02.1983',
  ],
  huwelijk: [
    'Huwelijk: Smartegem, 23.08.2014',
    'Echtgenote:',
    'Huwelijkscontract van 30.07.2014 (notaris Anna Mertens, Smartegem)',
  ],
  overlijden: ['Overlijden: AZ Smartegem, Smartegem, 03.11.2021 om 03:15', 'Overledene:', 'Geboren te'],
};
