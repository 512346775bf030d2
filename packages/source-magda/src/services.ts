/**
 * The MAGDA services SmartLoket calls: wire name, version, namespace of the request element, and
 * whether the caller must first register the person in the repertorium.
 */

export interface MagdaServiceInfo {
  /** Context/Naam, e.g. `GeefAttest`. */
  naam: string;
  /** Context/Versie, e.g. `02.00.0000`. */
  versie: string;
  /** Namespace of the request and response root elements. */
  namespace: string;
  /** Manifest key for core's source manifest and audit, e.g. `magda:GeefAttest-02.00`. */
  key: string;
  /** True when MAGDA answers 13202 unless the person is registered (RegistreerInschrijving). */
  repertorium: boolean;
  /** Folder of the official XSD under `magda-xsd/` (for validation in tests). */
  xsdFolder?: string;
}

function svc(
  naam: string,
  versie: string,
  namespace: string,
  opts: { repertorium?: boolean; xsdFolder?: string } = {},
): MagdaServiceInfo {
  return {
    naam,
    versie: `${versie}.0000`,
    namespace,
    key: `magda:${naam}-${versie}`,
    repertorium: opts.repertorium ?? false,
    ...(opts.xsdFolder ? { xsdFolder: opts.xsdFolder } : {}),
  };
}

/** All services of the client, by wire name. */
export const MAGDA_SERVICES = {
  GeefAttest: svc(
    'GeefAttest',
    '02.00',
    'http://webservice.geefattestdienst-02_00.persoon-02_00.vip.vlaanderen.be',
    {
      xsdFolder: 'Persoon.GeefAttestDienst-02.00',
    },
  ),
  GeefPersoon: svc('GeefPersoon', '02.02', 'http://magda.vlaanderen.be/persoon/soap/geefpersoon/v02_02', {
    repertorium: true,
    xsdFolder: 'Persoon.GeefPersoonDienst-02.02',
  }),
  GeefGezinssamenstelling: svc(
    'GeefGezinssamenstelling',
    '02.02',
    'http://magda.vlaanderen.be/persoon/soap/geefgezinssamenstelling/v02_02',
    { repertorium: true, xsdFolder: 'Persoon.GeefGezinssamenstellingDienst-02.02' },
  ),
  GeefHistoriekPersoon: svc(
    'GeefHistoriekPersoon',
    '02.02',
    'http://magda.vlaanderen.be/persoon/soap/geefhistoriekpersoon/v02_02',
    { repertorium: true, xsdFolder: 'Persoon.GeefHistoriekPersoonDienst-02.02' },
  ),
  RegistreerInschrijving: svc(
    'RegistreerInschrijving',
    '02.01',
    'http://webservice.registreerinschrijvingdienst-02_01.repertorium-02_01.vip.vlaanderen.be',
  ),
  ZoekAktenBurgerlijkeStand: svc(
    'ZoekAktenBurgerlijkeStand',
    '02.00',
    'http://webservice.zoekaktenburgerlijkestanddienst-02_00.persoon-02_00.vip.vlaanderen.be',
    { xsdFolder: 'Persoon.ZoekAktenBurgerlijkeStandDienst-02.00' },
  ),
  GeefAkteBurgerlijkeStand: svc(
    'GeefAkteBurgerlijkeStand',
    '02.00',
    'http://webservice.geefakteburgerlijkestanddienst-02_00.persoon-02_00.vip.vlaanderen.be',
    { xsdFolder: 'Persoon.GeefAkteBurgerlijkeStandDienst-02.00' },
  ),
  GeefUittrekselStrafregister: svc(
    'GeefUittrekselStrafregister',
    '02.00',
    'http://webservice.geefuittrekselstrafregisterdienst-02_00.justitie-02_00.vip.vlaanderen.be',
    { xsdFolder: 'Justitie.GeefUittrekselStrafregisterDienst-02.00' },
  ),
  GeefStatusUittrekselStrafregister: svc(
    'GeefStatusUittrekselStrafregister',
    '02.00',
    'http://webservice.geefstatusuittrekselstrafregisterdienst-02_00.justitie-02_00.vip.vlaanderen.be',
    { xsdFolder: 'Justitie.GeefStatusUittrekselStrafregisterDienst-02.00' },
  ),
  GeefTypesUittrekselStrafregister: svc(
    'GeefTypesUittrekselStrafregister',
    '02.00',
    'http://webservice.geeftypesuittrekselstrafregisterdienst-02_00.justitie-02_00.vip.vlaanderen.be',
    { xsdFolder: 'Justitie.GeefTypesUittrekselStrafregisterDienst-02.00' },
  ),
  GeefFuncties: svc(
    'GeefFuncties',
    '02.00',
    'http://webservice.geeffunctiesdienst-02_00.onderneming-02_00.vip.vlaanderen.be',
    {
      xsdFolder: 'Onderneming.GeefFunctiesDienst-02.00',
    },
  ),
} as const satisfies Record<string, MagdaServiceInfo>;

export type MagdaServiceName = keyof typeof MAGDA_SERVICES;

/** The service for a Context Naam and Versie, if we know it. */
export function serviceFor(naam: string, versie: string): MagdaServiceInfo | undefined {
  const s = (MAGDA_SERVICES as Record<string, MagdaServiceInfo>)[naam];
  return s && s.versie === versie ? s : undefined;
}
