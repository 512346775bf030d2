import type { SourceManifest } from '@smartloket/core';

/** The MAGDA services the plugin consults (manifest keys). */
export const SERVICE_KEYS = [
  'magda:GeefAttest-02.00',
  'magda:GeefPersoon-02.02',
  'magda:GeefHistoriekPersoon-02.02',
  'magda:GeefGezinssamenstelling-02.02',
] as const;

export type ServiceKey = (typeof SERVICE_KEYS)[number];

const RR_LAW =
  'Wet van 8 augustus 1983 tot regeling van een Rijksregister van de natuurlijke personen, art. 5';

/**
 * Default legal basis per service. A municipality names its own authorisation (the decision
 * of the minister or the sectoral committee that lets it consult the Rijksregister) through
 * `createBevolkingPlugin({ legalBasis })`.
 */
export const DEFAULT_LEGAL_BASIS: Record<ServiceKey, string> = {
  'magda:GeefAttest-02.00': `${RR_LAW}; machtiging van de gemeente voor de toegang tot het Rijksregister`,
  'magda:GeefPersoon-02.02': `${RR_LAW}; machtiging van de gemeente voor de toegang tot het Rijksregister`,
  'magda:GeefHistoriekPersoon-02.02': `${RR_LAW}; machtiging van de gemeente voor de toegang tot het Rijksregister`,
  'magda:GeefGezinssamenstelling-02.02': `${RR_LAW}; machtiging van de gemeente voor de toegang tot het Rijksregister`,
};

/** What the plugin reads from each service. */
const FIELDS: Record<ServiceKey, string[]> = {
  'magda:GeefAttest-02.00': ['Attest.INSZ', 'Attest.Document'],
  'magda:GeefPersoon-02.02': [
    'INSZ',
    'Naam',
    'Geslacht',
    'Geboorte',
    'Overlijden',
    'Nationaliteiten',
    'BurgerlijkeStaten',
    'Adressen.Hoofdverblijfplaats',
    'Adressen.VerblijfplaatsBuitenland',
    'Afstammingen.Ouders.INSZ',
    'LijkbezorgingEnRitueel',
  ],
  'magda:GeefHistoriekPersoon-02.02': [
    'INSZ',
    'HistoriekAdressen.HistoriekHoofdverblijfplaats',
    'HistoriekAdressen.HistoriekVerblijfplaatsBuitenland',
    'HistoriekNationaliteit',
  ],
  'magda:GeefGezinssamenstelling-02.02': [
    'Gezinsleden.INSZ',
    'Gezinsleden.Naam',
    'Gezinsleden.Geboortedatum',
    'Gezinsleden.Positie',
  ],
};

const DESCRIPTIONS: Record<ServiceKey, { nl: string; fr: string; en: string }> = {
  'magda:GeefAttest-02.00': {
    nl: 'Attesten van het Rijksregister, ondertekend door de FOD Binnenlandse Zaken',
    fr: 'Certificats du Registre national, signés par le SPF Intérieur',
    en: 'Certificates of the national register, signed by the FPS Home Affairs',
  },
  'magda:GeefPersoon-02.02': {
    nl: 'Persoonsgegevens om attesten zelf op te maken en om de ouders van een kind na te gaan',
    fr: "Données personnelles pour établir des certificats et vérifier les parents d'un enfant",
    en: "Personal data to render certificates and to check a child's parents",
  },
  'magda:GeefHistoriekPersoon-02.02': {
    nl: 'Historiek van de hoofdverblijfplaatsen en nationaliteiten',
    fr: 'Historique des résidences principales et des nationalités',
    en: 'History of main residences and nationalities',
  },
  'magda:GeefGezinssamenstelling-02.02': {
    nl: 'Samenstelling van het gezin (ook om na te gaan of het om het eigen gezin gaat)',
    fr: 'Composition du ménage (aussi pour vérifier qu’il s’agit du propre ménage)',
    en: 'Household composition (also to check that it is the own household)',
  },
};

/** The plugin's source manifest with the given legal bases. */
export function sourceManifest(legalBasis: Record<ServiceKey, string>): SourceManifest {
  return Object.fromEntries(
    SERVICE_KEYS.map((k) => [
      k,
      { fields: FIELDS[k], legalBasis: legalBasis[k], description: DESCRIPTIONS[k] },
    ]),
  );
}
