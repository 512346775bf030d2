import type { SourceManifest } from '@smartloket/core';

export const ZOEK_AKTEN = 'magda:ZoekAktenBurgerlijkeStand-02.00';
export const GEEF_AKTE = 'magda:GeefAkteBurgerlijkeStand-02.00';
export type ServiceKey = typeof ZOEK_AKTEN | typeof GEEF_AKTE;

const LAW =
  'Oud Burgerlijk Wetboek, art. 29 (afgifte van afschriften en uittreksels van akten van de burgerlijke stand); wet van 18 juni 2018 (DABS)';

/** Default legal basis per service; a municipality names its own with `createBurgerlijkeStandPlugin({ legalBasis })`. */
export const DEFAULT_LEGAL_BASIS: Record<ServiceKey, string> = {
  [ZOEK_AKTEN]: LAW,
  [GEEF_AKTE]: LAW,
};

/** The plugin's source manifest. */
export function sourceManifest(legalBasis: Record<ServiceKey, string>): SourceManifest {
  return {
    [ZOEK_AKTEN]: {
      fields: [
        'AkteBurgerlijkeStandSynopsis.DocumentReferte',
        'AkteBurgerlijkeStandSynopsis.DocumentType',
        'AkteBurgerlijkeStandSynopsis.DatumCreatie',
        'AkteBurgerlijkeStandSynopsis.GemeenteVanOpmaak',
        'AkteBurgerlijkeStandSynopsis.BetrokkenPersonen.INSZ',
        'AkteBurgerlijkeStandSynopsis.BetrokkenPersonen.Rol',
      ],
      legalBasis: legalBasis[ZOEK_AKTEN],
      description: {
        nl: 'Akten van de burgerlijke stand zoeken en nagaan wie erop staat (toegangsregels van art. 29 BW)',
        fr: "Rechercher les actes de l'état civil et vérifier qui y figure (règles d'accès de l'art. 29 C. civ.)",
        en: 'Find civil-status acts and check who is on them (access rules of art. 29 Civil Code)',
      },
    },
    [GEEF_AKTE]: {
      fields: [
        'AkteBurgerlijkeStand.DocumentReferte',
        'AkteBurgerlijkeStand.Uittreksel',
        'AkteBurgerlijkeStand.Afschrift',
      ],
      legalBasis: legalBasis[GEEF_AKTE],
      description: {
        nl: 'Uittreksel of afschrift van de akte, ondertekend door DABS',
        fr: "Extrait ou copie de l'acte, signé par la BAEC",
        en: 'Extract or copy of the act, signed by DABS',
      },
    },
  };
}
