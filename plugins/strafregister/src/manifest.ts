import type { SourceManifest } from '@smartloket/core';

/** The MAGDA services the plugin consults (manifest keys). */
export const SERVICE_KEYS = [
  'magda:GeefUittrekselStrafregister-02.00',
  'magda:GeefStatusUittrekselStrafregister-02.00',
  'magda:GeefTypesUittrekselStrafregister-02.00',
  'magda:GeefPersoon-02.02',
] as const;

export type ServiceKey = (typeof SERVICE_KEYS)[number];

const SR_LAW = 'Wetboek van strafvordering, art. 595 tot 596; KB van 19 juli 2001 (Centraal Strafregister)';
const RR_LAW =
  'Wet van 8 augustus 1983 tot regeling van een Rijksregister van de natuurlijke personen, art. 5';

/** Default legal basis per service; a municipality names its own through the plugin factory. */
export const DEFAULT_LEGAL_BASIS: Record<ServiceKey, string> = {
  'magda:GeefUittrekselStrafregister-02.00': SR_LAW,
  'magda:GeefStatusUittrekselStrafregister-02.00': SR_LAW,
  'magda:GeefTypesUittrekselStrafregister-02.00': SR_LAW,
  'magda:GeefPersoon-02.02': `${RR_LAW}; inschrijving in de gemeente nagaan voor een uittreksel uit het strafregister`,
};

const FIELDS: Record<ServiceKey, string[]> = {
  'magda:GeefUittrekselStrafregister-02.00': ['INSZ', 'Status', 'Identificatienummer', 'Bestand'],
  'magda:GeefStatusUittrekselStrafregister-02.00': [
    'InformatieUittreksels.Status',
    'InformatieUittreksels.Identificatienummer',
  ],
  'magda:GeefTypesUittrekselStrafregister-02.00': ['TypesUittreksel.Code', 'TypesUittreksel.Omschrijving'],
  'magda:GeefPersoon-02.02': ['INSZ', 'Overlijden', 'Adressen.Hoofdverblijfplaats'],
};

const DESCRIPTIONS: Record<ServiceKey, { nl: string; fr: string; en: string }> = {
  'magda:GeefUittrekselStrafregister-02.00': {
    nl: 'Uittreksel uit het strafregister, ondertekend door het Centraal Strafregister',
    fr: 'Extrait de casier judiciaire, signé par le Casier judiciaire central',
    en: 'Extract from the criminal record, signed by the Central Criminal Record',
  },
  'magda:GeefStatusUittrekselStrafregister-02.00': {
    nl: 'Stand van een aangevraagd uittreksel',
    fr: 'État d’un extrait demandé',
    en: 'Status of a requested extract',
  },
  'magda:GeefTypesUittrekselStrafregister-02.00': {
    nl: 'Lijst van gereglementeerde activiteiten (model 596.1)',
    fr: 'Liste des activités réglementées (modèle 596.1)',
    en: 'List of regulated activities (model 596.1)',
  },
  'magda:GeefPersoon-02.02': {
    nl: 'Hoofdverblijfplaats, om na te gaan of de persoon in de gemeente ingeschreven is',
    fr: 'Résidence principale, pour vérifier l’inscription dans la commune',
    en: 'Main residence, to check that the person is registered in the municipality',
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
