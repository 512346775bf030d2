/**
 * Civil-status acts (akten van de burgerlijke stand) of the synthetic population, as DABS would
 * hold them: one or more acts of each of the fourteen types, with the persons involved and their
 * roles. Old acts (older than 50, 75 and 100 years) concern ancestors without an INSZ and are
 * found by name. The type and role codes are assumed (DABS's code lists are not public in our
 * reference); the simulator writes them as they are here.
 */
import { DEMO_MUNICIPALITY, OTHER_MUNICIPALITY } from './municipality.js';
import { INSZ } from './population.js';

/** DABS act type codes (assumed), by the product's act type key. */
export const ACT_TYPE_CODES = {
  adoptie: 'ADOPTIE',
  'belgische-nationaliteit': 'BELGISCHE_NATIONALITEIT',
  echtscheiding: 'ECHTSCHEIDING',
  'erkenning-kind': 'ERKENNING',
  'erkenning-voor-geboorte': 'ERKENNING_VOOR_GEBOORTE',
  'gerechtelijke-afwezigheid': 'GERECHTELIJKE_AFWEZIGHEID',
  geslachtsverandering: 'GESLACHTSVERANDERING',
  'levenloos-kind': 'LEVENLOOS_KIND',
  naamkeuze: 'NAAMKEUZE',
  naamwijziging: 'NAAMSWIJZIGING',
  voornaamwijziging: 'VOORNAAMSWIJZIGING',
  geboorte: 'GEBOORTE',
  huwelijk: 'HUWELIJK',
  overlijden: 'OVERLIJDEN',
} as const;

export type ActTypeKey = keyof typeof ACT_TYPE_CODES;

/** Roles of persons involved in an act. */
export type ActRole =
  | 'kind'
  | 'moeder'
  | 'vader'
  | 'meemoeder'
  | 'echtgenoot'
  | 'overledene'
  | 'geadopteerde'
  | 'adoptant'
  | 'erkenner'
  | 'betrokkene'
  | 'aangever'
  | 'ambtenaar';

/** DABS role codes (assumed), by role. */
export const ACT_ROLE_CODES: Record<ActRole, string> = {
  kind: '1',
  moeder: '2',
  vader: '3',
  meemoeder: '4',
  echtgenoot: '5',
  overledene: '6',
  geadopteerde: '7',
  adoptant: '8',
  erkenner: '9',
  betrokkene: '10',
  aangever: '11',
  ambtenaar: '12',
};

/** One person on an act: an INSZ when the Rijksregister knows them, and the name as written. */
export interface ActPerson {
  role: ActRole;
  insz?: string;
  givenNames: string;
  familyName: string;
  /** For people without an INSZ (old acts): what the act says of them. */
  sex?: 'M' | 'V';
  birthDate?: string;
  birthPlace?: string;
}

/** A later change written in the margin of an act (kantmelding / mention marginale). */
export interface MarginalNote {
  kind: 'echtscheiding' | 'geslachtsverandering' | 'erkenning' | 'naamwijziging' | 'voornaamwijziging';
  date: string;
  /** The act that caused it. */
  act?: string;
}

/**
 * What an act states beyond its persons, per act type (the fields the real extracts print):
 * places, times, judgments, former and new names, sex before and after, the legal ground.
 */
export interface ActFacts {
  /** Time of the birth or death (HH:MM). */
  time?: string;
  /** Place of the event when it is not the municipality that drew up the act. */
  place?: string;
  /** Date of the event when it is not the date of the act (e.g. the marriage a divorce ends). */
  eventDate?: string;
  /**
   * The judgment or decision the act transcribes (divorce, adoption, absence, name change): a
   * family court (with its seat) or the Minister of Justice.
   */
  decision?: { authority: 'familierechtbank' | 'minister-justitie'; seat?: string; date: string };
  /** Full adoption (volle) or simple adoption (gewone). */
  adoption?: 'volle' | 'gewone';
  /** Legal ground of the acquisition of Belgian nationality: the article of the nationality code. */
  nationalityArticle?: string;
  previousFamilyName?: string;
  newFamilyName?: string;
  previousGivenNames?: string;
  newGivenNames?: string;
  previousSex?: 'M' | 'V';
  newSex?: 'M' | 'V';
  /** Marriage: a marriage contract was made (date and notary). */
  marriageContract?: { date: string; notary: string; seat: string };
  /** Later changes written in the margin. */
  notes?: MarginalNote[];
}

/** One act in DABS. */
export interface CivilStatusAct {
  /** DABS DocumentReferte. */
  referte: string;
  type: ActTypeKey;
  /** Date the act was drawn up (YYYY-MM-DD). */
  date: string;
  /** NIS code of the municipality that drew it up. */
  municipalityNis: string;
  persons: ActPerson[];
  /** Free text of the act, in the language it was drawn up in (printed on the copy). */
  summary: string;
  facts?: ActFacts;
}

const HERE = DEMO_MUNICIPALITY.nisCode;
const THERE = OTHER_MUNICIPALITY.nisCode;
/** The registrar of Smartegem signs every recent act: an involved person without any right to it. */
const registrar: ActPerson = {
  role: 'ambtenaar',
  insz: INSZ.hilde,
  givenNames: 'Hilde',
  familyName: 'Van Damme',
};

/** The acts of the synthetic world (DABS holds acts from 2019 on, and older acts it digitised). */
export const ACTS: readonly CivilStatusAct[] = [
  {
    referte: 'DABS-GEB-2015-0042',
    type: 'geboorte',
    date: '2015-03-03',
    municipalityNis: HERE,
    persons: [
      { role: 'kind', insz: INSZ.amira, givenNames: 'Amira', familyName: 'El Amrani' },
      { role: 'vader', insz: INSZ.youssef, givenNames: 'Youssef', familyName: 'El Amrani' },
      { role: 'moeder', insz: INSZ.fatima, givenNames: 'Fatima', familyName: 'Benali' },
      // A cousin declared the birth: the declarant gets nothing for that role.
      { role: 'aangever', insz: INSZ.samir, givenNames: 'Samir', familyName: 'Haddad' },
      registrar,
    ],
    summary: 'Geboorte van Amira El Amrani te Smartegem op 3 maart 2015.',
    facts: { time: '08:42' },
  },
  {
    referte: 'DABS-GEB-1992-0815',
    type: 'geboorte',
    date: '1992-09-14',
    municipalityNis: HERE,
    // The birth act of Alex: a change of gender is registered in the margin (see the act below).
    persons: [{ role: 'kind', insz: INSZ.alex, givenNames: 'Alex', familyName: 'Maes' }],
    summary:
      'Geboorte te Smartegem op 14 september 1992. Kantmelding: wijziging van de registratie van het geslacht.',
    facts: {
      time: '14:10',
      notes: [{ kind: 'geslachtsverandering', date: '2019-06-03', act: 'DABS-GSV-2019-0004' }],
    },
  },
  {
    referte: 'DABS-GEB-1921-0003',
    type: 'geboorte',
    date: '1921-01-10',
    municipalityNis: HERE,
    persons: [
      { role: 'kind', givenNames: 'Petrus', familyName: 'Peeters', sex: 'M', birthDate: '1921-01-10' },
      { role: 'vader', givenNames: 'Henricus', familyName: 'Peeters' },
      { role: 'moeder', givenNames: 'Joanna', familyName: 'Wouters' },
    ],
    summary: 'Geboorte van Petrus Peeters te Smartegem op 10 januari 1921.',
    facts: { time: '06:00' },
  },
  {
    referte: 'DABS-HUW-2014-0031',
    type: 'huwelijk',
    date: '2014-08-23',
    municipalityNis: HERE,
    persons: [
      { role: 'echtgenoot', insz: INSZ.bart, givenNames: 'Bart', familyName: 'Willems' },
      { role: 'echtgenoot', insz: INSZ.nathalie, givenNames: 'Nathalie', familyName: 'Goris' },
      registrar,
    ],
    summary: 'Huwelijk van Bart Willems en Nathalie Goris te Smartegem op 23 augustus 2014.',
    facts: { marriageContract: { date: '2014-07-30', notary: 'Anna Mertens', seat: 'Smartegem' } },
  },
  {
    referte: 'DABS-HUW-1972-0107',
    type: 'huwelijk',
    date: '1972-09-01',
    municipalityNis: HERE,
    persons: [
      { role: 'echtgenoot', insz: INSZ.jozef, givenNames: 'Jozef', familyName: 'Peeters' },
      { role: 'echtgenoot', insz: INSZ.godelieve, givenNames: 'Godelieve', familyName: 'Janssens' },
    ],
    summary: 'Huwelijk van Jozef Peeters en Godelieve Janssens te Smartegem op 1 september 1972.',
    facts: {},
  },
  {
    referte: 'DABS-HUW-1948-0020',
    type: 'huwelijk',
    date: '1948-05-15',
    municipalityNis: HERE,
    persons: [
      {
        role: 'echtgenoot',
        givenNames: 'Petrus',
        familyName: 'Peeters',
        sex: 'M',
        birthDate: '1921-01-10',
        birthPlace: 'Smartegem',
      },
      {
        role: 'echtgenoot',
        givenNames: 'Maria',
        familyName: 'Claes',
        sex: 'V',
        birthDate: '1924-02-02',
        birthPlace: 'Andergem',
      },
    ],
    summary: 'Huwelijk van Petrus Peeters en Maria Claes te Smartegem op 15 mei 1948.',
    facts: {},
  },
  {
    referte: 'DABS-ECH-2011-0009',
    type: 'echtscheiding',
    date: '2011-06-30',
    municipalityNis: THERE,
    persons: [
      { role: 'echtgenoot', insz: INSZ.bart, givenNames: 'Bart', familyName: 'Willems' },
      { role: 'echtgenoot', insz: INSZ.veerle, givenNames: 'Veerle', familyName: 'Goris' },
    ],
    summary: 'Echtscheiding van Bart Willems en Veerle Goris, overgeschreven te Andergem op 30 juni 2011.',
    facts: {
      eventDate: '1999-04-17',
      decision: { authority: 'familierechtbank', seat: 'Andergem', date: '2011-05-12' },
    },
  },
  {
    referte: 'DABS-OVL-2021-0077',
    type: 'overlijden',
    date: '2021-11-03',
    municipalityNis: HERE,
    persons: [
      { role: 'overledene', insz: INSZ.dirk, givenNames: 'Dirk', familyName: 'Vermeulen' },
      { role: 'echtgenoot', insz: INSZ.katrien, givenNames: 'Katrien', familyName: 'Peeters' },
      { role: 'aangever', insz: INSZ.geert, givenNames: 'Geert', familyName: 'Mertens' },
      registrar,
    ],
    summary: 'Overlijden van Dirk Vermeulen te Smartegem op 3 november 2021.',
    facts: { time: '03:15', place: 'AZ Smartegem, Smartegem' },
  },
  {
    referte: 'DABS-OVL-1975-0012',
    type: 'overlijden',
    date: '1975-03-02',
    municipalityNis: HERE,
    persons: [
      {
        role: 'overledene',
        givenNames: 'Petrus',
        familyName: 'Peeters',
        sex: 'M',
        birthDate: '1921-01-10',
        birthPlace: 'Smartegem',
      },
    ],
    summary: 'Overlijden van Petrus Peeters te Smartegem op 2 maart 1975.',
    facts: {},
  },
  {
    referte: 'DABS-ADO-2020-0002',
    type: 'adoptie',
    date: '2020-02-20',
    municipalityNis: HERE,
    persons: [
      { role: 'geadopteerde', insz: INSZ.ann, givenNames: 'Ann', familyName: 'Lambert' },
      { role: 'adoptant', insz: INSZ.monique, givenNames: 'Monique', familyName: 'Lambert' },
      registrar,
    ],
    summary: 'Overschrijving van de adoptie van Ann Lambert door Monique Lambert.',
    facts: {
      adoption: 'gewone',
      decision: { authority: 'familierechtbank', seat: 'Smartegem', date: '2020-01-15' },
    },
  },
  {
    referte: 'DABS-NAT-2022-0015',
    type: 'belgische-nationaliteit',
    date: '2022-04-12',
    municipalityNis: HERE,
    persons: [
      { role: 'betrokkene', insz: INSZ.youssef, givenNames: 'Youssef', familyName: 'El Amrani' },
      registrar,
    ],
    summary: 'Verkrijging van de Belgische nationaliteit door Youssef El Amrani op 12 april 2022.',
    facts: { nationalityArticle: 'art. 12bis, § 1, 2°' },
  },
  {
    referte: 'DABS-ERK-2018-0006',
    type: 'erkenning-voor-geboorte',
    date: '2018-05-10',
    municipalityNis: HERE,
    persons: [
      { role: 'erkenner', insz: INSZ.jan, givenNames: 'Jan', familyName: 'Peeters' },
      { role: 'moeder', insz: INSZ.els, givenNames: 'Els', familyName: 'Van den Broeck' },
      registrar,
    ],
    summary: 'Erkenning van een ongeboren kind door Jan Peeters, met instemming van Els Van den Broeck.',
    facts: {},
  },
  {
    referte: 'DABS-ERK-2022-0011',
    type: 'erkenning-kind',
    date: '2022-10-05',
    municipalityNis: HERE,
    persons: [
      { role: 'kind', insz: INSZ.ann, givenNames: 'Ann', familyName: 'Lambert' },
      { role: 'erkenner', insz: INSZ.luc, givenNames: 'Luc', familyName: 'Claes' },
      { role: 'moeder', insz: INSZ.monique, givenNames: 'Monique', familyName: 'Lambert' },
      registrar,
    ],
    summary: 'Erkenning van Ann Lambert door Luc Claes.',
    facts: {},
  },
  {
    referte: 'DABS-AFW-2020-0001',
    type: 'gerechtelijke-afwezigheid',
    date: '2020-06-15',
    municipalityNis: HERE,
    persons: [{ role: 'betrokkene', insz: INSZ.frank, givenNames: 'Frank', familyName: 'Van Damme' }],
    summary: 'Overschrijving van het vonnis van verklaring van afwezigheid van Frank Van Damme.',
    facts: { decision: { authority: 'familierechtbank', seat: 'Smartegem', date: '2020-05-28' } },
  },
  {
    referte: 'DABS-GSV-2019-0004',
    type: 'geslachtsverandering',
    date: '2019-06-03',
    municipalityNis: HERE,
    persons: [{ role: 'betrokkene', insz: INSZ.alex, givenNames: 'Alex', familyName: 'Maes' }, registrar],
    summary: 'Wijziging van de registratie van het geslacht op 3 juni 2019.',
    facts: { previousSex: 'V', newSex: 'M', previousGivenNames: 'Alexandra', newGivenNames: 'Alex' },
  },
  {
    referte: 'DABS-LLK-2012-0001',
    type: 'levenloos-kind',
    date: '2012-03-08',
    municipalityNis: HERE,
    persons: [
      { role: 'kind', givenNames: 'Lena', familyName: 'De Wolf', sex: 'V' },
      { role: 'moeder', insz: INSZ.sofie, givenNames: 'Sofie', familyName: 'De Wolf' },
      { role: 'vader', insz: INSZ.wim, givenNames: 'Wim', familyName: 'De Wolf' },
    ],
    summary: 'Akte van een levenloos kind, Lena, geboren op 8 maart 2012.',
    facts: { time: '11:20' },
  },
  {
    referte: 'DABS-NMK-2015-0003',
    type: 'naamkeuze',
    date: '2015-03-03',
    municipalityNis: HERE,
    persons: [
      { role: 'kind', insz: INSZ.amira, givenNames: 'Amira', familyName: 'El Amrani' },
      { role: 'vader', insz: INSZ.youssef, givenNames: 'Youssef', familyName: 'El Amrani' },
      { role: 'moeder', insz: INSZ.fatima, givenNames: 'Fatima', familyName: 'Benali' },
    ],
    summary: 'Keuze van de naam El Amrani voor Amira.',
    facts: { newFamilyName: 'El Amrani' },
  },
  {
    referte: 'DABS-NMW-2022-0002',
    type: 'naamwijziging',
    date: '2022-01-12',
    municipalityNis: HERE,
    persons: [{ role: 'betrokkene', insz: INSZ.giulia, givenNames: 'Giulia', familyName: 'Rossi' }],
    summary: 'Naamswijziging van Giulia Rossi (ministerieel besluit).',
    facts: {
      previousFamilyName: 'Bianchi',
      newFamilyName: 'Rossi',
      decision: { authority: 'minister-justitie', date: '2021-12-20' },
    },
  },
  {
    referte: 'DABS-VNW-2021-0005',
    type: 'voornaamwijziging',
    date: '2021-09-09',
    municipalityNis: HERE,
    persons: [{ role: 'betrokkene', insz: INSZ.tom, givenNames: 'Tom', familyName: 'Verstraete' }, registrar],
    summary: 'Voornaamswijziging van Tom Verstraete.',
    facts: { previousGivenNames: 'Thomas', newGivenNames: 'Tom' },
  },
];

/** An act by its DABS DocumentReferte. */
export function actByReferte(referte: string): CivilStatusAct | undefined {
  return ACTS.find((a) => a.referte === referte);
}
