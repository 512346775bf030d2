import type { LocalizedText } from '@smartloket/core';

/**
 * The Rijksregister's codes of the way of burial (`WijzeVanLijkbezorging`), as a certificate
 * names them. The code values are not public: assumed, like the simulator's (decision 0202).
 */
const MODES: Record<string, LocalizedText> = {
  '1': { nl: 'Begraving', fr: 'Inhumation', de: 'Erdbestattung', en: 'Burial' },
  '2': {
    nl: 'Crematie met bijzetting van de as',
    fr: 'Crémation avec inhumation des cendres',
    de: 'Einäscherung mit Beisetzung der Asche',
    en: 'Cremation with interment of the ashes',
  },
  '3': {
    nl: 'Crematie met verstrooiing van de as',
    fr: 'Crémation avec dispersion des cendres',
    de: 'Einäscherung mit Verstreuung der Asche',
    en: 'Cremation with scattering of the ashes',
  },
  '4': {
    nl: 'Crematie met bewaring van de as',
    fr: 'Crémation avec conservation des cendres',
    de: 'Einäscherung mit Aufbewahrung der Asche',
    en: 'Cremation with keeping of the ashes',
  },
};

/** The rites (`Ritueel`, the recognised denominations and secular humanism); assumed codes. */
const RITES: Record<string, LocalizedText> = {
  '1': { nl: 'Katholiek', fr: 'Catholique', de: 'Katholisch', en: 'Catholic' },
  '2': { nl: 'Protestants', fr: 'Protestant', de: 'Protestantisch', en: 'Protestant' },
  '3': { nl: 'Israëlitisch', fr: 'Israélite', de: 'Israelitisch', en: 'Jewish' },
  '4': { nl: 'Anglicaans', fr: 'Anglican', de: 'Anglikanisch', en: 'Anglican' },
  '5': { nl: 'Islamitisch', fr: 'Islamique', de: 'Islamisch', en: 'Islamic' },
  '6': { nl: 'Orthodox', fr: 'Orthodoxe', de: 'Orthodox', en: 'Orthodox' },
  '7': {
    nl: 'Niet-confessioneel (vrijzinnig)',
    fr: 'Non confessionnel (laïque)',
    de: 'Nichtkonfessionell (freisinnig)',
    en: 'Non-denominational (secular)',
  },
};

const lookup = (table: Record<string, LocalizedText>, code: string, description?: string) =>
  table[code] ?? { nl: description ?? code };

/** The way of burial in every document language; an unknown code keeps the register's text. */
export function burialMode(code: string, description?: string): LocalizedText {
  return lookup(MODES, code, description);
}

/** The rites in every document language; an unknown code keeps the register's text. */
export function burialRites(code: string, description?: string): LocalizedText {
  return lookup(RITES, code, description);
}
