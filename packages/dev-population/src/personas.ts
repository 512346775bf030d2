import type { AuthMeans, Capacity, StaffRole } from '@smartloket/core';

/** Organisations of the synthetic world (valid KBO numbers, not real enterprises). */
export const ORGANISATIONS = {
  /** A notary office: holds a grant for population certificates in the demo. */
  notaris: { kbo: '0417123457', name: 'Notariskantoor Claes & Partners' },
  /** A company whose legal representative is Bart Willems. */
  bouwbedrijf: { kbo: '0876543270', name: 'Willems Bouw NV' },
  /** An association without any grant. */
  vereniging: { kbo: '0459876505', name: 'Jeugdbeweging De Vlinders vzw' },
  /** A law firm without a grant. */
  advocaten: { kbo: '0207000176', name: 'Advocatenkantoor Lambrecht' },
} as const;

/** Someone who can log in through the dev identity provider. */
export interface Persona {
  key: string;
  /** What the login page shows to pick this persona. */
  description: { nl: string; en: string };
  insz: string;
  givenName: string;
  familyName: string;
  email?: string;
  capacity: Capacity;
  organisation?: { kbo: string; name: string };
  legalRepresentativeOf?: string[];
  roles?: { role: string; kbo?: string }[];
  staffRoles?: StaffRole[];
  staffScopes?: string[];
  /** Means offered on the login page; the first is the default. */
  means?: AuthMeans[];
}

/**
 * The personas. Their INSZ numbers are also people of the MAGDA simulator's population, with the
 * facts the description states (residence, household, age, gender change).
 */
export const PERSONAS = [
  {
    key: 'jan',
    description: {
      nl: 'Inwoner, vader van Emma (wettelijk vertegenwoordiger)',
      en: 'Resident, father of Emma (legal representative)',
    },
    insz: '85673012367',
    givenName: 'Jan',
    familyName: 'Peeters',
    email: 'jan.peeters@example.org',
    capacity: 'BUR',
  },
  {
    key: 'marie',
    description: {
      nl: 'Inwoner, Franstalig, geen e-mailadres bij aanmelding',
      en: 'Resident, French-speaking, no e-mail at login',
    },
    insz: '90631224676',
    givenName: 'Marie',
    familyName: 'Dubois',
    capacity: 'BUR',
  },
  {
    key: 'emma',
    description: {
      nl: 'Minderjarige (jonger dan 16), dochter van Jan',
      en: 'Minor (under 16), daughter of Jan',
    },
    insz: '14650206274',
    givenName: 'Emma',
    familyName: 'Peeters',
    capacity: 'BUR',
  },
  {
    key: 'noah',
    description: { nl: 'Minderjarige van 16 of 17 jaar, inwoner', en: 'Minor aged 16 or 17, resident' },
    insz: '09621405184',
    givenName: 'Noah',
    familyName: 'Vermeulen',
    email: 'noah.vermeulen@example.org',
    capacity: 'BUR',
  },
  {
    key: 'sofie',
    description: { nl: 'Niet-inwoner (woont in Andergem)', en: 'Non-resident (lives in Andergem)' },
    insz: '78712008493',
    givenName: 'Sofie',
    familyName: 'Janssens',
    email: 'sofie.janssens@example.org',
    capacity: 'BUR',
  },
  {
    key: 'alex',
    description: {
      nl: 'Inwoner met geregistreerde geslachtsverandering',
      en: 'Resident with a registered change of gender',
    },
    insz: '92691415594',
    givenName: 'Alex',
    familyName: 'Maes',
    email: 'alex.maes@example.org',
    capacity: 'BUR',
  },
  {
    key: 'lukasz',
    description: {
      nl: 'Inwoner met een naam vol diakritische tekens',
      en: 'Resident whose name has many diacritics',
    },
    insz: '88701003167',
    givenName: 'Łukasz',
    familyName: 'Ødegaard-Çelik',
    email: 'lukasz@example.org',
    capacity: 'BUR',
  },
  {
    key: 'notaris',
    description: {
      nl: 'Medewerker van een notariskantoor met de rol SmartLoketGebruiker',
      en: 'Notary office employee with the SmartLoketGebruiker role',
    },
    insz: '70620301751',
    givenName: 'Koen',
    familyName: 'Claes',
    email: 'koen.claes@notaris.example',
    capacity: 'EA',
    organisation: ORGANISATIONS.notaris,
    roles: [{ role: 'SmartLoketGebruiker', kbo: ORGANISATIONS.notaris.kbo }],
  },
  {
    key: 'bart',
    description: {
      nl: 'Wettelijk vertegenwoordiger van Willems Bouw NV',
      en: 'Legal representative of Willems Bouw NV',
    },
    insz: '75662104108',
    givenName: 'Bart',
    familyName: 'Willems',
    email: 'bart@willemsbouw.example',
    capacity: 'EA',
    organisation: ORGANISATIONS.bouwbedrijf,
    legalRepresentativeOf: [ORGANISATIONS.bouwbedrijf.kbo],
  },
  {
    key: 'lotte',
    description: {
      nl: 'Vrijwilliger van een vereniging, zonder rechten',
      en: 'Association volunteer without rights',
    },
    insz: '99723120887',
    givenName: 'Lotte',
    familyName: 'De Smet',
    email: 'lotte@devlinders.example',
    capacity: 'VER',
    organisation: ORGANISATIONS.vereniging,
  },
  {
    key: 'karin',
    description: { nl: 'Medewerker: dossierbehandelaar (alle types)', en: 'Staff: case handler (all types)' },
    insz: '80611509609',
    givenName: 'Karin',
    familyName: 'Goossens',
    email: 'karin.goossens@smartegem.example',
    capacity: 'LB',
    staffRoles: ['case_handler'],
    staffScopes: ['*'],
  },
  {
    key: 'pieter',
    description: { nl: 'Medewerker: beheerder', en: 'Staff: administrator' },
    insz: '83640407754',
    givenName: 'Pieter',
    familyName: 'Wouters',
    email: 'pieter.wouters@smartegem.example',
    capacity: 'LB',
    staffRoles: ['administrator', 'case_handler'],
    staffScopes: ['*'],
  },
  {
    key: 'ann',
    description: {
      nl: 'Medewerker: rapportering en financiële dienst',
      en: 'Staff: reporter and financial service',
    },
    insz: '87680801214',
    givenName: 'Ann',
    familyName: 'Lambert',
    email: 'ann.lambert@smartegem.example',
    capacity: 'LB',
    staffRoles: ['reporter', 'finance'],
  },
  {
    key: 'tine',
    description: {
      nl: 'Medewerker: functioneel beheerder (formulieren)',
      en: 'Staff: functional admin (forms)',
    },
    insz: '90651224690',
    givenName: 'Tine',
    familyName: 'Vermeersch',
    email: 'tine.vermeersch@smartegem.example',
    capacity: 'LB',
    staffRoles: ['functional_admin'],
  },
] as const satisfies readonly Persona[];

export type PersonaKey = (typeof PERSONAS)[number]['key'];

/** A persona by key. */
export function persona(key: PersonaKey): Persona {
  const p = PERSONAS.find((x) => x.key === key);
  if (!p) throw new RangeError(`persona: unknown key ${key}`);
  return p;
}
