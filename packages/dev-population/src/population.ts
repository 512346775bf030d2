/**
 * The synthetic population: people, households, address histories, civil states, KBO functions.
 * Plain typed data, so other simulators (DABS acts, criminal records) can extend the same people
 * by key or INSZ. Every INSZ is a test number (month field 61 to 72). Personas (`personas.ts`)
 * are people here too, with the facts their descriptions state.
 *
 * Dates are ISO `YYYY-MM-DD`. "Now" in this world is early 2026 (the ManualClock default).
 */
import { makeInsz } from '@smartloket/core';
import { DEMO_MUNICIPALITY, OTHER_MUNICIPALITY } from './municipality.js';
import { ORGANISATIONS } from './personas.js';

export type Sex = 'M' | 'V';
export type Language = 'nl' | 'fr' | 'de';

/** A country with its Belgian NIS code and ISO 3166 alpha-3 code. */
export interface Country {
  nisCode: string;
  iso: string;
  name: string;
}

export const COUNTRIES = {
  BEL: { nisCode: '150', iso: 'BEL', name: 'België' },
  NLD: { nisCode: '129', iso: 'NLD', name: 'Nederland' },
  POL: { nisCode: '139', iso: 'POL', name: 'Polen' },
  MAR: { nisCode: '354', iso: 'MAR', name: 'Marokko' },
  ITA: { nisCode: '128', iso: 'ITA', name: 'Italië' },
  SYR: { nisCode: '351', iso: 'SYR', name: 'Syrië' },
} as const satisfies Record<string, Country>;

/** Nationality codes (NIS country code of the nationality) and their Dutch names. */
export const NATIONALITIES = {
  BEL: { code: '150', name: 'Belg' },
  POL: { code: '139', name: 'Pool' },
  MAR: { code: '354', name: 'Marokkaan' },
  ITA: { code: '128', name: 'Italiaan' },
  SYR: { code: '351', name: 'Syriër' },
} as const;

/** A Belgian municipality or a foreign place. */
export interface Place {
  nisCode?: string;
  name: string;
  country: Country;
}

/** A Belgian address. */
export interface BelgianAddress {
  street: string;
  houseNumber: string;
  box?: string;
  postcode: string;
  /** NIS code of the municipality (5 digits). */
  nisCode: string;
  municipality: string;
}

/** One period of main residence: in Belgium (an address) or abroad (free text lines). */
export type ResidencePeriod =
  | { from: string; until?: string; address: BelgianAddress }
  | { from: string; until?: string; abroad: { country: Country; lines: string[] } };

export interface NationalityPeriod {
  code: string;
  name: string;
  from: string;
  until?: string;
}

/** MAGDA BurgerlijkeStaat codes: 10 unmarried, 20 married, 30 widowed, 40 divorced. */
export type CivilStateCode = '10' | '20' | '30' | '40';

export const CIVIL_STATES: Record<CivilStateCode, { nl: string; fr: string }> = {
  '10': { nl: 'Ongehuwd', fr: 'Célibataire' },
  '20': { nl: 'Gehuwd', fr: 'Marié(e)' },
  '30': { nl: 'Weduwe/weduwnaar', fr: 'Veuf/veuve' },
  '40': { nl: 'Gescheiden', fr: 'Divorcé(e)' },
};

export interface CivilStatePeriod {
  code: CivilStateCode;
  from: string;
  /** The spouse (married, widowed, divorced). */
  partner?: string;
  place?: Place;
}

export interface LegalCohabitation {
  partner: string;
  from: string;
  until?: string;
  /** Municipality where the declaration was made. */
  nisCode: string;
}

/** A declared last wish on burial and rituals (wijze van teraardebestelling en/of rituelen). */
export interface BurialWishes {
  mode: 'begraving' | 'crematie-bijzetting' | 'crematie-verstrooiing' | 'crematie-bewaring';
  /** Ritual (levensbeschouwing), when declared. */
  ritual?: 'katholiek' | 'protestants' | 'islamitisch' | 'joods' | 'orthodox' | 'anglicaans' | 'vrijzinnig';
  declaredOn: string;
  nisCode: string;
}

/**
 * Rijksregister codes of the way of burial (`WijzeVanLijkbezorging`) as the simulator answers
 * them. The real code values are not public: these are assumed (decision 0202).
 */
export const BURIAL_MODES: Record<BurialWishes['mode'], { code: string; nl: string; fr: string }> = {
  begraving: { code: '1', nl: 'Begraving', fr: 'Inhumation' },
  'crematie-bijzetting': {
    code: '2',
    nl: 'Crematie met bijzetting van de as',
    fr: 'Crémation avec inhumation des cendres',
  },
  'crematie-verstrooiing': {
    code: '3',
    nl: 'Crematie met verstrooiing van de as',
    fr: 'Crémation avec dispersion des cendres',
  },
  'crematie-bewaring': {
    code: '4',
    nl: 'Crematie met bewaring van de as',
    fr: 'Crémation avec conservation des cendres',
  },
};

/** Rijksregister codes of the rites (`Ritueel`, levensbeschouwing); assumed values (decision 0202). */
export const RITUALS: Record<
  NonNullable<BurialWishes['ritual']>,
  { code: string; nl: string; fr: string }
> = {
  katholiek: { code: '1', nl: 'Katholiek', fr: 'Catholique' },
  protestants: { code: '2', nl: 'Protestants', fr: 'Protestant' },
  joods: { code: '3', nl: 'Israëlitisch', fr: 'Israélite' },
  anglicaans: { code: '4', nl: 'Anglicaans', fr: 'Anglican' },
  islamitisch: { code: '5', nl: 'Islamitisch', fr: 'Islamique' },
  orthodox: { code: '6', nl: 'Orthodox', fr: 'Orthodoxe' },
  vrijzinnig: { code: '7', nl: 'Niet-confessioneel (vrijzinnig)', fr: 'Non confessionnel (laïque)' },
};

/** MAGDA Positie in the household. */
export type HouseholdPosition = '01' | '02' | '03' | '06' | '09' | '12' | '21' | '22';

export const HOUSEHOLD_POSITIONS: Record<HouseholdPosition, { nl: string; fr: string }> = {
  '01': { nl: 'Referentiepersoon', fr: 'Personne de référence' },
  '02': { nl: 'Echtgeno(o)t(e)', fr: 'Conjoint(e)' },
  '03': { nl: 'Zoon/dochter', fr: 'Fils/fille' },
  '06': { nl: 'Vader/moeder', fr: 'Père/mère' },
  '09': { nl: 'Broer/zus', fr: 'Frère/sœur' },
  '12': { nl: 'Niet verwant', fr: 'Non apparenté' },
  '21': { nl: 'Partner', fr: 'Partenaire' },
  '22': { nl: 'Wettelijk samenwonende', fr: 'Cohabitant légal' },
};

/** The register a person is inscribed in. */
export type RegisterCode = 'bevolking' | 'vreemdelingen' | 'wacht' | 'consulair';

/** One person of the synthetic world. */
export interface Person {
  /** Stable key for tests and other simulators, e.g. `jan`. */
  key: string;
  insz: string;
  /** Given names; the first is the usual one. */
  givenNames: string[];
  familyName: string;
  sex: Sex;
  birthDate: string;
  birthPlace: Place;
  /** Language of the municipality's files for this person. */
  language: Language;
  register: RegisterCode;
  nationalities: NationalityPeriod[];
  /** Main residences, oldest first; the last one without `until` is current (none when deceased). */
  residences: ResidencePeriod[];
  civilStates: CivilStatePeriod[];
  legalCohabitations?: LegalCohabitation[];
  /** INSZ of the parents, when known. */
  parents?: string[];
  /** INSZ of the legal representatives (minors, protected persons). */
  legalRepresentatives?: string[];
  death?: { date: string; place: Place };
  /** Registered change of gender (the INSZ changed with it: see `previousInsz`). */
  genderChange?: { date: string; previousSex: Sex; previousGivenNames: string[] };
  burialWishes?: BurialWishes;
  /** INSZ numbers this person had before; MAGDA answers 30004 for them. */
  previousInsz?: string[];
}

/** A household (gezin) with its members and their positions. */
export interface Household {
  id: string;
  members: { insz: string; position: HouseholdPosition; from: string }[];
}

/** A function someone holds in a KBO enterprise (GeefFuncties). */
export interface KboFunction {
  kbo: string;
  insz: string;
  /** AardFunctie code (assumed values, KBO's code list is not public in our reference). */
  code: string;
  description: string;
  /** True when the function makes the holder a legal representative of the enterprise. */
  legalRepresentative: boolean;
  from: string;
  until?: string;
}

/** An enterprise of the synthetic world. */
export interface Organisation {
  kbo: string;
  name: string;
}

// ── places and addresses ──────────────────────────────────────────────────────────────────

const SMARTEGEM: Place = { nisCode: DEMO_MUNICIPALITY.nisCode, name: 'Smartegem', country: COUNTRIES.BEL };
const ANDERGEM: Place = {
  nisCode: OTHER_MUNICIPALITY.nisCode,
  name: OTHER_MUNICIPALITY.name,
  country: COUNTRIES.BEL,
};

function smartegem(street: string, houseNumber: string, box?: string): BelgianAddress {
  return {
    street,
    houseNumber,
    ...(box ? { box } : {}),
    postcode: DEMO_MUNICIPALITY.address.postcode,
    nisCode: DEMO_MUNICIPALITY.nisCode,
    municipality: 'Smartegem',
  };
}

function andergem(street: string, houseNumber: string, box?: string): BelgianAddress {
  return {
    street,
    houseNumber,
    ...(box ? { box } : {}),
    postcode: OTHER_MUNICIPALITY.postcode,
    nisCode: OTHER_MUNICIPALITY.nisCode,
    municipality: OTHER_MUNICIPALITY.name,
  };
}

const BELG = (from: string, until?: string): NationalityPeriod => ({
  ...NATIONALITIES.BEL,
  from,
  ...(until ? { until } : {}),
});
const T = { test: true } as const;

/** Addresses of the households, shared by their members. */
export const ADDRESSES = {
  peeters: smartegem('Kerkstraat', '12'),
  godelieve: smartegem('Molenweg', '3'),
  dubois: smartegem('Stationsstraat', '5', '2'),
  vermeulen: smartegem('Dorpsplein', '8'),
  sofie: andergem('Lindenlaan', '44'),
  maes: smartegem('Schoolstraat', '21', '1'),
  lukasz: smartegem('Veldstraat', '17'),
  claes: smartegem('Beekstraat', '9'),
  willems: smartegem('Nijverheidslaan', '120'),
  goris: andergem('Kasteeldreef', '2'),
  desmet: smartegem('Stationsstraat', '5', '4'),
  goossens: andergem('Brugstraat', '61'),
  wouters: smartegem('Akkerstraat', '33'),
  lambert: smartegem('Kapelstraat', '7'),
  elamrani: smartegem('Tuinwijk', '14'),
  vandamme: smartegem('Heirweg', '250'),
  rossi: smartegem('Marktplein', '22', '3'),
  haddad: smartegem('Opvangstraat', '1'),
  greet: andergem('Stationsplein', '10'),
  lucclaes: andergem('Notarisstraat', '1'),
  verstraete: smartegem('Jeugdlaan', '4'),
  vermeersch: smartegem('Lindelaan', '9'),
  lambrecht: andergem('Justitieplein', '5'),
} as const;

// ── people ────────────────────────────────────────────────────────────────────────────────

/** INSZ numbers, named, so relations below read as facts. */
const I = {
  jan: '85673012367',
  marie: '90631224676',
  emma: '14650206274',
  noah: '09621405184',
  sofie: '78712008493',
  alex: '92691415594',
  lukasz: '88701003167',
  koen: '70620301751',
  bart: '75662104108',
  lotte: '99723120887',
  karin: '80611509609',
  pieter: '83640407754',
  ann: '87680801214',
  tine: '90651224690',
  els: makeInsz('1987-02-11', 84, T),
  lucas: makeInsz('2018-09-23', 31, T),
  godelieve: makeInsz('1948-06-01', 142, T),
  jozef: makeInsz('1946-11-30', 27, T),
  katrien: makeInsz('1980-04-18', 112, T),
  dirk: makeInsz('1978-01-09', 63, T),
  fien: makeInsz('2012-07-07', 90, T),
  wim: makeInsz('1976-03-02', 205, T),
  lies: makeInsz('2008-10-30', 88, T),
  alexPrevious: makeInsz('1992-09-14', 156, T),
  hanna: makeInsz('1990-05-25', 114, T),
  sarah: makeInsz('1972-12-12', 36, T),
  jonas: makeInsz('2005-04-01', 57, T),
  mila: makeInsz('2010-08-19', 74, T),
  nathalie: makeInsz('1979-03-15', 48, T),
  veerle: makeInsz('1976-10-02', 22, T),
  amber: makeInsz('2000-01-20', 130, T),
  marc: makeInsz('1978-07-04', 99, T),
  eline: makeInsz('1984-09-09', 64, T),
  tibo: makeInsz('2011-02-28', 13, T),
  noor: makeInsz('2013-06-06', 20, T),
  lars: makeInsz('2016-12-01', 45, T),
  monique: makeInsz('1955-05-05', 106, T),
  youssef: makeInsz('1983-02-17', 75, T),
  youssefPrevious: makeInsz('1983-02-17', 3, T),
  fatima: makeInsz('1986-11-11', 56, T),
  amira: makeInsz('2015-03-03', 34, T),
  geert: makeInsz('1981-08-30', 91, T),
  hilde: makeInsz('1962-01-25', 44, T),
  frank: makeInsz('1964-04-14', 67, T),
  giulia: makeInsz('1991-07-21', 128, T),
  samir: makeInsz('1995-10-10', 83, T),
  greet: makeInsz('1973-05-30', 150, T),
  luc: makeInsz('1945-09-01', 19, T),
  tom: makeInsz('1997-03-19', 101, T),
  evi: makeInsz('1982-12-24', 70, T),
} as const;

/** The INSZ numbers of the population by person key. */
export const INSZ: Readonly<Record<keyof typeof I, string>> = I;

const bel = (from: string): NationalityPeriod[] => [BELG(from)];
const single = (from: string): CivilStatePeriod[] => [{ code: '10', from }];
const married = (birth: string, date: string, partner: string): CivilStatePeriod[] => [
  { code: '10', from: birth },
  { code: '20', from: date, partner, place: SMARTEGEM },
];

/** Everyone the register knows (residents, non-residents, deceased). */
export const PEOPLE: readonly Person[] = [
  // Household Peeters: Jan and Els are legal cohabitants, Emma (under 16) and Lucas are their children.
  {
    key: 'jan',
    insz: I.jan,
    givenNames: ['Jan', 'Frans'],
    familyName: 'Peeters',
    sex: 'M',
    birthDate: '1985-07-30',
    birthPlace: SMARTEGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('1985-07-30'),
    residences: [
      { from: '1985-07-30', until: '2010-03-31', address: ADDRESSES.godelieve },
      { from: '2010-04-01', until: '2012-05-31', address: andergem('Kerkstraat', '3') },
      { from: '2012-06-01', address: ADDRESSES.peeters },
    ],
    civilStates: single('1985-07-30'),
    legalCohabitations: [{ partner: I.els, from: '2012-06-15', nisCode: DEMO_MUNICIPALITY.nisCode }],
    parents: [I.jozef, I.godelieve],
  },
  {
    key: 'els',
    insz: I.els,
    givenNames: ['Els'],
    familyName: 'Wuyts',
    sex: 'V',
    birthDate: '1987-02-11',
    birthPlace: ANDERGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('1987-02-11'),
    residences: [
      { from: '1987-02-11', until: '2012-05-31', address: andergem('Veldweg', '8') },
      { from: '2012-06-01', address: ADDRESSES.peeters },
    ],
    civilStates: single('1987-02-11'),
    legalCohabitations: [{ partner: I.jan, from: '2012-06-15', nisCode: DEMO_MUNICIPALITY.nisCode }],
  },
  {
    key: 'emma',
    insz: I.emma,
    givenNames: ['Emma'],
    familyName: 'Peeters',
    sex: 'V',
    birthDate: '2014-05-02',
    birthPlace: SMARTEGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('2014-05-02'),
    residences: [{ from: '2014-05-02', address: ADDRESSES.peeters }],
    civilStates: single('2014-05-02'),
    parents: [I.jan, I.els],
    legalRepresentatives: [I.jan, I.els],
  },
  {
    key: 'lucas',
    insz: I.lucas,
    givenNames: ['Lucas'],
    familyName: 'Peeters',
    sex: 'M',
    birthDate: '2018-09-23',
    birthPlace: SMARTEGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('2018-09-23'),
    residences: [{ from: '2018-09-23', address: ADDRESSES.peeters }],
    civilStates: single('2018-09-23'),
    parents: [I.jan, I.els],
    legalRepresentatives: [I.jan, I.els],
  },
  // Jan's parents: Jozef is deceased, Godelieve is a widow who declared her burial wishes.
  {
    key: 'godelieve',
    insz: I.godelieve,
    givenNames: ['Godelieve', 'Maria'],
    familyName: 'Verbruggen',
    sex: 'V',
    birthDate: '1948-06-01',
    birthPlace: SMARTEGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('1948-06-01'),
    residences: [
      { from: '1948-06-01', until: '1972-08-31', address: smartegem('Hoeveweg', '1') },
      { from: '1972-09-01', address: ADDRESSES.godelieve },
    ],
    civilStates: [
      { code: '10', from: '1948-06-01' },
      { code: '20', from: '1972-09-01', partner: I.jozef, place: SMARTEGEM },
      { code: '30', from: '2018-02-14', partner: I.jozef },
    ],
    burialWishes: { mode: 'begraving', ritual: 'katholiek', declaredOn: '2019-05-10', nisCode: '99001' },
  },
  {
    key: 'jozef',
    insz: I.jozef,
    givenNames: ['Jozef'],
    familyName: 'Peeters',
    sex: 'M',
    birthDate: '1946-11-30',
    birthPlace: SMARTEGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('1946-11-30'),
    residences: [
      { from: '1946-11-30', until: '1972-08-31', address: smartegem('Leiestraat', '40') },
      { from: '1972-09-01', until: '2018-02-14', address: ADDRESSES.godelieve },
    ],
    civilStates: married('1946-11-30', '1972-09-01', I.godelieve),
    death: { date: '2018-02-14', place: SMARTEGEM },
  },
  // Marie: French-speaking, lives alone.
  {
    key: 'marie',
    insz: I.marie,
    givenNames: ['Marie', 'Claire'],
    familyName: 'Dubois',
    sex: 'V',
    birthDate: '1990-03-12',
    birthPlace: { nisCode: '21004', name: 'Bruxelles', country: COUNTRIES.BEL },
    language: 'fr',
    register: 'bevolking',
    nationalities: bel('1990-03-12'),
    residences: [
      {
        from: '1990-03-12',
        until: '2016-08-31',
        address: {
          street: 'Rue Haute',
          houseNumber: '100',
          postcode: '1000',
          nisCode: '21004',
          municipality: 'Bruxelles',
        },
      },
      { from: '2016-09-01', address: ADDRESSES.dubois },
    ],
    civilStates: single('1990-03-12'),
  },
  // Household Vermeulen: Katrien (widow of Dirk, deceased) with Noah (16/17) and Fien.
  {
    key: 'katrien',
    insz: I.katrien,
    givenNames: ['Katrien'],
    familyName: 'Vermeulen',
    sex: 'V',
    birthDate: '1980-04-18',
    birthPlace: SMARTEGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('1980-04-18'),
    residences: [{ from: '2006-05-01', address: ADDRESSES.vermeulen }],
    civilStates: [
      { code: '10', from: '1980-04-18' },
      { code: '20', from: '2006-05-20', partner: I.dirk, place: SMARTEGEM },
      { code: '30', from: '2021-11-03', partner: I.dirk },
    ],
  },
  {
    key: 'dirk',
    insz: I.dirk,
    givenNames: ['Dirk'],
    familyName: 'Vermeulen',
    sex: 'M',
    birthDate: '1978-01-09',
    birthPlace: ANDERGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('1978-01-09'),
    residences: [
      { from: '1978-01-09', until: '2006-04-30', address: andergem('Molenstraat', '2') },
      { from: '2006-05-01', until: '2021-11-03', address: ADDRESSES.vermeulen },
    ],
    civilStates: married('1978-01-09', '2006-05-20', I.katrien),
    death: { date: '2021-11-03', place: SMARTEGEM },
    burialWishes: { mode: 'crematie-verstrooiing', declaredOn: '2015-01-12', nisCode: '99001' },
  },
  {
    key: 'noah',
    insz: I.noah,
    givenNames: ['Noah'],
    familyName: 'Vermeulen',
    sex: 'M',
    birthDate: '2009-02-14',
    birthPlace: SMARTEGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('2009-02-14'),
    residences: [{ from: '2009-02-14', address: ADDRESSES.vermeulen }],
    civilStates: single('2009-02-14'),
    parents: [I.dirk, I.katrien],
    legalRepresentatives: [I.katrien],
  },
  {
    key: 'fien',
    insz: I.fien,
    givenNames: ['Fien'],
    familyName: 'Vermeulen',
    sex: 'V',
    birthDate: '2012-07-07',
    birthPlace: SMARTEGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('2012-07-07'),
    residences: [{ from: '2012-07-07', address: ADDRESSES.vermeulen }],
    civilStates: single('2012-07-07'),
    parents: [I.dirk, I.katrien],
    legalRepresentatives: [I.katrien],
  },
  // Sofie: non-resident (Andergem), lived in Smartegem before.
  {
    key: 'sofie',
    insz: I.sofie,
    givenNames: ['Sofie'],
    familyName: 'Janssens',
    sex: 'V',
    birthDate: '1978-11-20',
    birthPlace: SMARTEGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('1978-11-20'),
    residences: [
      { from: '1978-11-20', until: '2004-06-30', address: smartegem('Hoogstraat', '15') },
      { from: '2004-07-01', until: '2019-03-31', address: smartegem('Lindestraat', '2') },
      { from: '2019-04-01', address: ADDRESSES.sofie },
    ],
    civilStates: married('1978-11-20', '2004-07-10', I.wim),
  },
  {
    key: 'wim',
    insz: I.wim,
    givenNames: ['Wim'],
    familyName: 'De Wolf',
    sex: 'M',
    birthDate: '1976-03-02',
    birthPlace: ANDERGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('1976-03-02'),
    residences: [
      { from: '2004-07-01', until: '2019-03-31', address: smartegem('Lindestraat', '2') },
      { from: '2019-04-01', address: ADDRESSES.sofie },
    ],
    civilStates: married('1976-03-02', '2004-07-10', I.sofie),
  },
  {
    key: 'lies',
    insz: I.lies,
    givenNames: ['Lies'],
    familyName: 'De Wolf',
    sex: 'V',
    birthDate: '2008-10-30',
    birthPlace: SMARTEGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('2008-10-30'),
    residences: [
      { from: '2008-10-30', until: '2019-03-31', address: smartegem('Lindestraat', '2') },
      { from: '2019-04-01', address: ADDRESSES.sofie },
    ],
    civilStates: single('2008-10-30'),
    parents: [I.wim, I.sofie],
    legalRepresentatives: [I.wim, I.sofie],
  },
  // Alex: registered change of gender in 2019, which gave a new INSZ.
  {
    key: 'alex',
    insz: I.alex,
    givenNames: ['Alex'],
    familyName: 'Maes',
    sex: 'M',
    birthDate: '1992-09-14',
    birthPlace: SMARTEGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('1992-09-14'),
    residences: [
      { from: '1992-09-14', until: '2015-09-30', address: smartegem('Kloosterstraat', '6') },
      { from: '2015-10-01', address: ADDRESSES.maes },
    ],
    civilStates: single('1992-09-14'),
    genderChange: { date: '2019-06-03', previousSex: 'V', previousGivenNames: ['Alexandra'] },
    previousInsz: [I.alexPrevious],
  },
  // Łukasz: Polish national, arrived from Kraków in 2015, lives with his partner Hanna.
  {
    key: 'lukasz',
    insz: I.lukasz,
    givenNames: ['Łukasz', 'Józef'],
    familyName: 'Ødegaard-Çelik',
    sex: 'M',
    birthDate: '1988-10-10',
    birthPlace: { name: 'Kraków', country: COUNTRIES.POL },
    language: 'nl',
    register: 'vreemdelingen',
    nationalities: [{ ...NATIONALITIES.POL, from: '1988-10-10' }],
    residences: [
      {
        from: '1988-10-10',
        until: '2015-02-28',
        abroad: { country: COUNTRIES.POL, lines: ['ul. Floriańska 12', '31-019 Kraków', 'POLSKA'] },
      },
      { from: '2015-03-01', address: ADDRESSES.lukasz },
    ],
    civilStates: single('1988-10-10'),
  },
  {
    key: 'hanna',
    insz: I.hanna,
    givenNames: ['Hanna'],
    familyName: 'Kowalska',
    sex: 'V',
    birthDate: '1990-05-25',
    birthPlace: { name: 'Gdańsk', country: COUNTRIES.POL },
    language: 'nl',
    register: 'vreemdelingen',
    nationalities: [{ ...NATIONALITIES.POL, from: '1990-05-25' }],
    residences: [{ from: '2017-01-15', address: ADDRESSES.lukasz }],
    civilStates: single('1990-05-25'),
  },
  // Household Claes: Koen works at the notary office; married to Sarah, two children.
  {
    key: 'koen',
    insz: I.koen,
    givenNames: ['Koen'],
    familyName: 'Claes',
    sex: 'M',
    birthDate: '1970-02-03',
    birthPlace: ANDERGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('1970-02-03'),
    residences: [
      { from: '1970-02-03', until: '2001-12-31', address: ADDRESSES.lucclaes },
      { from: '2002-01-01', address: ADDRESSES.claes },
    ],
    civilStates: married('1970-02-03', '2002-05-04', I.sarah),
  },
  {
    key: 'sarah',
    insz: I.sarah,
    givenNames: ['Sarah'],
    familyName: 'Mertens',
    sex: 'V',
    birthDate: '1972-12-12',
    birthPlace: SMARTEGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('1972-12-12'),
    residences: [{ from: '2002-01-01', address: ADDRESSES.claes }],
    civilStates: married('1972-12-12', '2002-05-04', I.koen),
  },
  {
    key: 'jonas',
    insz: I.jonas,
    givenNames: ['Jonas'],
    familyName: 'Claes',
    sex: 'M',
    birthDate: '2005-04-01',
    birthPlace: SMARTEGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('2005-04-01'),
    residences: [{ from: '2005-04-01', address: ADDRESSES.claes }],
    civilStates: single('2005-04-01'),
    parents: [I.koen, I.sarah],
  },
  {
    key: 'mila',
    insz: I.mila,
    givenNames: ['Mila'],
    familyName: 'Claes',
    sex: 'V',
    birthDate: '2010-08-19',
    birthPlace: SMARTEGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('2010-08-19'),
    residences: [{ from: '2010-08-19', address: ADDRESSES.claes }],
    civilStates: single('2010-08-19'),
    parents: [I.koen, I.sarah],
    legalRepresentatives: [I.koen, I.sarah],
  },
  // Bart: legal representative of Willems Bouw NV; divorced from Veerle, remarried to Nathalie.
  {
    key: 'bart',
    insz: I.bart,
    givenNames: ['Bart'],
    familyName: 'Willems',
    sex: 'M',
    birthDate: '1975-06-21',
    birthPlace: SMARTEGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('1975-06-21'),
    residences: [
      { from: '1999-09-01', until: '2011-01-31', address: ADDRESSES.goris },
      { from: '2011-02-01', address: ADDRESSES.willems },
    ],
    civilStates: [
      { code: '10', from: '1975-06-21' },
      { code: '20', from: '1999-09-11', partner: I.veerle, place: ANDERGEM },
      { code: '40', from: '2011-06-30', partner: I.veerle },
      { code: '20', from: '2014-08-23', partner: I.nathalie, place: SMARTEGEM },
    ],
  },
  {
    key: 'nathalie',
    insz: I.nathalie,
    givenNames: ['Nathalie'],
    familyName: 'Desmet',
    sex: 'V',
    birthDate: '1979-03-15',
    birthPlace: SMARTEGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('1979-03-15'),
    residences: [{ from: '2013-01-01', address: ADDRESSES.willems }],
    civilStates: married('1979-03-15', '2014-08-23', I.bart),
  },
  {
    key: 'veerle',
    insz: I.veerle,
    givenNames: ['Veerle'],
    familyName: 'Goris',
    sex: 'V',
    birthDate: '1976-10-02',
    birthPlace: ANDERGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('1976-10-02'),
    residences: [{ from: '1999-09-01', address: ADDRESSES.goris }],
    civilStates: [
      { code: '10', from: '1976-10-02' },
      { code: '20', from: '1999-09-11', partner: I.bart, place: ANDERGEM },
      { code: '40', from: '2011-06-30', partner: I.bart },
    ],
  },
  // Lotte: volunteer, shares a flat with Amber (not related).
  {
    key: 'lotte',
    insz: I.lotte,
    givenNames: ['Lotte'],
    familyName: 'De Smet',
    sex: 'V',
    birthDate: '1999-12-31',
    birthPlace: SMARTEGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('1999-12-31'),
    residences: [
      { from: '1999-12-31', until: '2021-08-31', address: smartegem('Hoogstraat', '80') },
      { from: '2021-09-01', address: ADDRESSES.desmet },
    ],
    civilStates: single('1999-12-31'),
  },
  {
    key: 'amber',
    insz: I.amber,
    givenNames: ['Amber'],
    familyName: 'Vos',
    sex: 'V',
    birthDate: '2000-01-20',
    birthPlace: ANDERGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('2000-01-20'),
    residences: [{ from: '2021-09-01', address: ADDRESSES.desmet }],
    civilStates: single('2000-01-20'),
  },
  // Staff. Karin lives in Andergem.
  {
    key: 'karin',
    insz: I.karin,
    givenNames: ['Karin'],
    familyName: 'Goossens',
    sex: 'V',
    birthDate: '1980-01-15',
    birthPlace: ANDERGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('1980-01-15'),
    residences: [{ from: '2005-01-01', address: ADDRESSES.goossens }],
    civilStates: married('1980-01-15', '2005-06-18', I.marc),
  },
  {
    key: 'marc',
    insz: I.marc,
    givenNames: ['Marc'],
    familyName: 'Goossens',
    sex: 'M',
    birthDate: '1978-07-04',
    birthPlace: ANDERGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('1978-07-04'),
    residences: [{ from: '2005-01-01', address: ADDRESSES.goossens }],
    civilStates: married('1978-07-04', '2005-06-18', I.karin),
  },
  {
    key: 'pieter',
    insz: I.pieter,
    givenNames: ['Pieter'],
    familyName: 'Wouters',
    sex: 'M',
    birthDate: '1983-04-04',
    birthPlace: SMARTEGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('1983-04-04'),
    residences: [{ from: '2009-03-01', address: ADDRESSES.wouters }],
    civilStates: married('1983-04-04', '2009-09-05', I.eline),
  },
  {
    key: 'eline',
    insz: I.eline,
    givenNames: ['Eline'],
    familyName: 'Wouters',
    sex: 'V',
    birthDate: '1984-09-09',
    birthPlace: SMARTEGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('1984-09-09'),
    residences: [{ from: '2009-03-01', address: ADDRESSES.wouters }],
    civilStates: married('1984-09-09', '2009-09-05', I.pieter),
  },
  ...(
    [
      ['tibo', 'Tibo', 'M', '2011-02-28'],
      ['noor', 'Noor', 'V', '2013-06-06'],
      ['lars', 'Lars', 'M', '2016-12-01'],
    ] as const
  ).map(
    ([key, name, sex, birthDate]): Person => ({
      key,
      insz: I[key],
      givenNames: [name],
      familyName: 'Wouters',
      sex,
      birthDate,
      birthPlace: SMARTEGEM,
      language: 'nl',
      register: 'bevolking',
      nationalities: bel(birthDate),
      residences: [{ from: birthDate, address: ADDRESSES.wouters }],
      civilStates: single(birthDate),
      parents: [I.pieter, I.eline],
      legalRepresentatives: [I.pieter, I.eline],
    }),
  ),
  // Tine, functional admin at the municipality (the form designer).
  {
    key: 'tine',
    insz: I.tine,
    givenNames: ['Tine'],
    familyName: 'Vermeersch',
    sex: 'V',
    birthDate: '1990-05-12',
    birthPlace: SMARTEGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('1990-05-12'),
    residences: [{ from: '2015-01-01', address: ADDRESSES.vermeersch }],
    civilStates: single('1990-05-12'),
  },
  // Ann lives with her mother.
  {
    key: 'ann',
    insz: I.ann,
    givenNames: ['Ann'],
    familyName: 'Lambert',
    sex: 'V',
    birthDate: '1987-08-08',
    birthPlace: SMARTEGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('1987-08-08'),
    residences: [{ from: '1987-08-08', address: ADDRESSES.lambert }],
    civilStates: single('1987-08-08'),
    parents: [I.monique],
  },
  {
    key: 'monique',
    insz: I.monique,
    givenNames: ['Monique'],
    familyName: 'Lambert',
    sex: 'V',
    birthDate: '1955-05-05',
    birthPlace: SMARTEGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('1955-05-05'),
    residences: [{ from: '1985-01-01', address: ADDRESSES.lambert }],
    civilStates: single('1955-05-05'),
    burialWishes: {
      mode: 'crematie-bijzetting',
      ritual: 'vrijzinnig',
      declaredOn: '2023-03-01',
      nisCode: '99001',
    },
  },
  // Youssef: Moroccan, Belgian since 2022; his INSZ was corrected (new INSZ) in 2020.
  {
    key: 'youssef',
    insz: I.youssef,
    givenNames: ['Youssef'],
    familyName: 'El Amrani',
    sex: 'M',
    birthDate: '1983-02-17',
    birthPlace: { name: 'Tanger', country: COUNTRIES.MAR },
    language: 'nl',
    register: 'bevolking',
    nationalities: [{ ...NATIONALITIES.MAR, from: '1983-02-17', until: '2022-04-11' }, BELG('2022-04-12')],
    residences: [
      {
        from: '1983-02-17',
        until: '2008-09-30',
        abroad: { country: COUNTRIES.MAR, lines: ['Rue Ibn Battouta 4', 'Tanger', 'MAROC'] },
      },
      { from: '2008-10-01', until: '2013-12-31', address: andergem('Stationsstraat', '90') },
      { from: '2014-01-01', address: ADDRESSES.elamrani },
    ],
    civilStates: married('1983-02-17', '2013-07-13', I.fatima),
    previousInsz: [I.youssefPrevious],
  },
  {
    key: 'fatima',
    insz: I.fatima,
    givenNames: ['Fatima'],
    familyName: 'Bakkali',
    sex: 'V',
    birthDate: '1986-11-11',
    birthPlace: { name: 'Oujda', country: COUNTRIES.MAR },
    language: 'nl',
    register: 'vreemdelingen',
    nationalities: [{ ...NATIONALITIES.MAR, from: '1986-11-11' }],
    residences: [{ from: '2014-01-01', address: ADDRESSES.elamrani }],
    civilStates: married('1986-11-11', '2013-07-13', I.youssef),
  },
  {
    key: 'amira',
    insz: I.amira,
    givenNames: ['Amira'],
    familyName: 'El Amrani',
    sex: 'V',
    birthDate: '2015-03-03',
    birthPlace: SMARTEGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('2015-03-03'),
    residences: [{ from: '2015-03-03', address: ADDRESSES.elamrani }],
    civilStates: single('2015-03-03'),
    parents: [I.youssef, I.fatima],
    legalRepresentatives: [I.youssef, I.fatima],
  },
  // Geert: Belgian living in the Netherlands (consular register), left Smartegem in 2012.
  {
    key: 'geert',
    insz: I.geert,
    givenNames: ['Geert'],
    familyName: 'Wouters',
    sex: 'M',
    birthDate: '1981-08-30',
    birthPlace: SMARTEGEM,
    language: 'nl',
    register: 'consulair',
    nationalities: bel('1981-08-30'),
    residences: [
      { from: '1981-08-30', until: '2012-02-29', address: smartegem('Akkerstraat', '31') },
      {
        from: '2012-03-01',
        abroad: { country: COUNTRIES.NLD, lines: ['Dorpsstraat 47', '4525 AG Retranchement', 'NEDERLAND'] },
      },
    ],
    civilStates: single('1981-08-30'),
  },
  // Two siblings sharing a house.
  {
    key: 'hilde',
    insz: I.hilde,
    givenNames: ['Hilde'],
    familyName: 'Van Damme',
    sex: 'V',
    birthDate: '1962-01-25',
    birthPlace: SMARTEGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('1962-01-25'),
    residences: [{ from: '1962-01-25', address: ADDRESSES.vandamme }],
    civilStates: single('1962-01-25'),
  },
  {
    key: 'frank',
    insz: I.frank,
    givenNames: ['Frank'],
    familyName: 'Van Damme',
    sex: 'M',
    birthDate: '1964-04-14',
    birthPlace: SMARTEGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('1964-04-14'),
    residences: [{ from: '1964-04-14', address: ADDRESSES.vandamme }],
    civilStates: [
      { code: '10', from: '1964-04-14' },
      { code: '20', from: '1990-05-12', place: ANDERGEM },
      { code: '40', from: '2002-02-01' },
    ],
  },
  // Giulia: Italian EU citizen, foreigners' register.
  {
    key: 'giulia',
    insz: I.giulia,
    givenNames: ['Giulia'],
    familyName: 'Rossi',
    sex: 'V',
    birthDate: '1991-07-21',
    birthPlace: { name: 'Bologna', country: COUNTRIES.ITA },
    language: 'fr',
    register: 'vreemdelingen',
    nationalities: [{ ...NATIONALITIES.ITA, from: '1991-07-21' }],
    residences: [
      {
        from: '1991-07-21',
        until: '2020-12-31',
        abroad: { country: COUNTRIES.ITA, lines: ['Via Zamboni 33', '40126 Bologna', 'ITALIA'] },
      },
      { from: '2021-01-01', address: ADDRESSES.rossi },
    ],
    civilStates: single('1991-07-21'),
  },
  // Samir: applicant for international protection (waiting register).
  {
    key: 'samir',
    insz: I.samir,
    givenNames: ['Samir'],
    familyName: 'Haddad',
    sex: 'M',
    birthDate: '1995-10-10',
    birthPlace: { name: 'Aleppo', country: COUNTRIES.SYR },
    language: 'nl',
    register: 'wacht',
    nationalities: [{ ...NATIONALITIES.SYR, from: '1995-10-10' }],
    residences: [{ from: '2024-06-01', address: ADDRESSES.haddad }],
    civilStates: single('1995-10-10'),
  },
  // Holders of KBO functions outside the personas.
  {
    key: 'greet',
    insz: I.greet,
    givenNames: ['Greet'],
    familyName: 'Willems',
    sex: 'V',
    birthDate: '1973-05-30',
    birthPlace: SMARTEGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('1973-05-30'),
    residences: [{ from: '2000-01-01', address: ADDRESSES.greet }],
    civilStates: single('1973-05-30'),
  },
  {
    key: 'luc',
    insz: I.luc,
    givenNames: ['Luc'],
    familyName: 'Claes',
    sex: 'M',
    birthDate: '1945-09-01',
    birthPlace: ANDERGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('1945-09-01'),
    residences: [{ from: '1965-01-01', address: ADDRESSES.lucclaes }],
    civilStates: [
      { code: '10', from: '1945-09-01' },
      { code: '20', from: '1968-01-01', place: ANDERGEM },
      { code: '30', from: '2020-10-10' },
    ],
  },
  {
    key: 'tom',
    insz: I.tom,
    givenNames: ['Tom'],
    familyName: 'Verstraete',
    sex: 'M',
    birthDate: '1997-03-19',
    birthPlace: SMARTEGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('1997-03-19'),
    residences: [{ from: '2019-01-01', address: ADDRESSES.verstraete }],
    civilStates: single('1997-03-19'),
  },
  {
    key: 'evi',
    insz: I.evi,
    givenNames: ['Evi'],
    familyName: 'Lambrecht',
    sex: 'V',
    birthDate: '1982-12-24',
    birthPlace: ANDERGEM,
    language: 'nl',
    register: 'bevolking',
    nationalities: bel('1982-12-24'),
    residences: [{ from: '2010-01-01', address: ADDRESSES.lambrecht }],
    civilStates: single('1982-12-24'),
  },
];

/** Current households. The first member is the reference person. */
export const HOUSEHOLDS: readonly Household[] = [
  {
    id: 'peeters',
    members: [
      { insz: I.jan, position: '01', from: '2012-06-01' },
      { insz: I.els, position: '22', from: '2012-06-15' },
      { insz: I.emma, position: '03', from: '2014-05-02' },
      { insz: I.lucas, position: '03', from: '2018-09-23' },
    ],
  },
  { id: 'godelieve', members: [{ insz: I.godelieve, position: '01', from: '2018-02-14' }] },
  { id: 'dubois', members: [{ insz: I.marie, position: '01', from: '2016-09-01' }] },
  {
    id: 'vermeulen',
    members: [
      { insz: I.katrien, position: '01', from: '2021-11-03' },
      { insz: I.noah, position: '03', from: '2009-02-14' },
      { insz: I.fien, position: '03', from: '2012-07-07' },
    ],
  },
  {
    id: 'dewolf',
    members: [
      { insz: I.wim, position: '01', from: '2019-04-01' },
      { insz: I.sofie, position: '02', from: '2019-04-01' },
      { insz: I.lies, position: '03', from: '2019-04-01' },
    ],
  },
  { id: 'maes', members: [{ insz: I.alex, position: '01', from: '2015-10-01' }] },
  {
    id: 'lukasz',
    members: [
      { insz: I.lukasz, position: '01', from: '2015-03-01' },
      { insz: I.hanna, position: '21', from: '2017-01-15' },
    ],
  },
  {
    id: 'claes',
    members: [
      { insz: I.koen, position: '01', from: '2002-01-01' },
      { insz: I.sarah, position: '02', from: '2002-05-04' },
      { insz: I.jonas, position: '03', from: '2005-04-01' },
      { insz: I.mila, position: '03', from: '2010-08-19' },
    ],
  },
  {
    id: 'willems',
    members: [
      { insz: I.bart, position: '01', from: '2011-02-01' },
      { insz: I.nathalie, position: '02', from: '2014-08-23' },
    ],
  },
  { id: 'goris', members: [{ insz: I.veerle, position: '01', from: '2011-02-01' }] },
  {
    id: 'desmet',
    members: [
      { insz: I.lotte, position: '01', from: '2021-09-01' },
      { insz: I.amber, position: '12', from: '2021-09-01' },
    ],
  },
  {
    id: 'goossens',
    members: [
      { insz: I.karin, position: '01', from: '2005-01-01' },
      { insz: I.marc, position: '02', from: '2005-06-18' },
    ],
  },
  {
    id: 'wouters',
    members: [
      { insz: I.pieter, position: '01', from: '2009-03-01' },
      { insz: I.eline, position: '02', from: '2009-09-05' },
      { insz: I.tibo, position: '03', from: '2011-02-28' },
      { insz: I.noor, position: '03', from: '2013-06-06' },
      { insz: I.lars, position: '03', from: '2016-12-01' },
    ],
  },
  {
    id: 'lambert',
    members: [
      { insz: I.ann, position: '01', from: '2010-01-01' },
      { insz: I.monique, position: '06', from: '2010-01-01' },
    ],
  },
  {
    id: 'vermeersch',
    members: [{ insz: I.tine, position: '01', from: '2015-01-01' }],
  },
  {
    id: 'elamrani',
    members: [
      { insz: I.youssef, position: '01', from: '2014-01-01' },
      { insz: I.fatima, position: '02', from: '2014-01-01' },
      { insz: I.amira, position: '03', from: '2015-03-03' },
    ],
  },
  { id: 'geert', members: [{ insz: I.geert, position: '01', from: '2012-03-01' }] },
  {
    id: 'vandamme',
    members: [
      { insz: I.hilde, position: '01', from: '1990-01-01' },
      { insz: I.frank, position: '09', from: '2002-02-01' },
    ],
  },
  { id: 'rossi', members: [{ insz: I.giulia, position: '01', from: '2021-01-01' }] },
  { id: 'haddad', members: [{ insz: I.samir, position: '01', from: '2024-06-01' }] },
  { id: 'greet', members: [{ insz: I.greet, position: '01', from: '2000-01-01' }] },
  { id: 'lucclaes', members: [{ insz: I.luc, position: '01', from: '2020-10-10' }] },
  { id: 'verstraete', members: [{ insz: I.tom, position: '01', from: '2019-01-01' }] },
  { id: 'lambrecht', members: [{ insz: I.evi, position: '01', from: '2010-01-01' }] },
];

/** Enterprises: the persona organisations plus one without persona. */
export const ENTERPRISES: readonly Organisation[] = [
  ...Object.values(ORGANISATIONS),
  { kbo: '0412345614', name: 'Bakkerij Van Damme BV' },
];

/** Functions in KBO enterprises (GeefFuncties). */
export const KBO_FUNCTIONS: readonly KboFunction[] = [
  {
    kbo: ORGANISATIONS.bouwbedrijf.kbo,
    insz: I.bart,
    code: '10003',
    description: 'Gedelegeerd bestuurder',
    legalRepresentative: true,
    from: '2011-03-01',
  },
  {
    kbo: ORGANISATIONS.bouwbedrijf.kbo,
    insz: I.nathalie,
    code: '10002',
    description: 'Bestuurder',
    legalRepresentative: false,
    from: '2015-01-01',
  },
  {
    kbo: ORGANISATIONS.bouwbedrijf.kbo,
    insz: I.veerle,
    code: '10002',
    description: 'Bestuurder',
    legalRepresentative: false,
    from: '2001-01-01',
    until: '2011-06-30',
  },
  {
    kbo: ORGANISATIONS.notaris.kbo,
    insz: I.luc,
    code: '10001',
    description: 'Zaakvoerder',
    legalRepresentative: true,
    from: '1995-04-01',
  },
  {
    kbo: ORGANISATIONS.vereniging.kbo,
    insz: I.tom,
    code: '10005',
    description: 'Voorzitter raad van bestuur',
    legalRepresentative: true,
    from: '2022-09-01',
  },
  {
    kbo: ORGANISATIONS.advocaten.kbo,
    insz: I.evi,
    code: '10001',
    description: 'Zaakvoerder',
    legalRepresentative: true,
    from: '2012-02-01',
  },
  {
    kbo: '0412345614',
    insz: I.hilde,
    code: '10001',
    description: 'Zaakvoerder',
    legalRepresentative: true,
    from: '1995-01-01',
  },
  {
    kbo: '0412345614',
    insz: I.frank,
    code: '10001',
    description: 'Zaakvoerder',
    legalRepresentative: true,
    from: '1995-01-01',
  },
];

/**
 * Valid test INSZ numbers the register does not know. `answer` is the Uitzondering MAGDA gives
 * for them (30003 unknown INSZ, 30001 no data found).
 */
export const UNKNOWN_PEOPLE: readonly { insz: string; answer: '30001' | '30003'; note: string }[] = [
  { insz: makeInsz('1970-01-01', 1, T), answer: '30003', note: 'never registered' },
  { insz: makeInsz('1999-09-09', 9, T), answer: '30003', note: 'never registered' },
  { insz: makeInsz('2001-01-01', 11, T), answer: '30001', note: 'registered, no data for the question' },
];

/** An INSZ with wrong check digits (MAGDA answers 20002). */
export const INVALID_INSZ = '85673012368';

const byInsz = new Map(PEOPLE.map((p) => [p.insz, p]));
const byKey = new Map(PEOPLE.map((p) => [p.key, p]));

/** A person by INSZ (current numbers only; see {@link findByPreviousInsz}). */
export function personByInsz(insz: string): Person | undefined {
  return byInsz.get(insz);
}

/** A person by key. Throws for an unknown key. */
export function personByKey(key: string): Person {
  const p = byKey.get(key);
  if (!p) throw new RangeError(`personByKey: unknown key ${key}`);
  return p;
}

/** The person who had `insz` before getting a new one. */
export function findByPreviousInsz(insz: string): Person | undefined {
  return PEOPLE.find((p) => p.previousInsz?.includes(insz));
}

/** The main residence on `date` (default: the current one). */
export function residenceOn(person: Person, date?: string): ResidencePeriod | undefined {
  if (!date) return person.death ? undefined : person.residences.find((r) => !r.until);
  return person.residences.find((r) => r.from <= date && (!r.until || r.until >= date));
}

/** True when the person lives (is inscribed) in the demo municipality now. */
export function isResident(person: Person): boolean {
  const r = residenceOn(person);
  return r !== undefined && 'address' in r && r.address.nisCode === DEMO_MUNICIPALITY.nisCode;
}

/** The household the person belongs to now. */
export function householdOf(insz: string): Household | undefined {
  return HOUSEHOLDS.find((h) => h.members.some((m) => m.insz === insz));
}

/** The functions of a person, or of an enterprise. */
export function kboFunctions(query: { insz?: string; kbo?: string }): KboFunction[] {
  return KBO_FUNCTIONS.filter(
    (f) => (!query.insz || f.insz === query.insz) && (!query.kbo || f.kbo === query.kbo),
  );
}
