import type { LocalizedText } from '@smartloket/core';

type Gendered = { M: LocalizedText; V: LocalizedText };

/**
 * The Rijksregister's household position codes (MAGDA `Positie`), as a certificate names them:
 * by the member's gender where the language has a word for each ("Zoon", "Dochter").
 */
const POSITIONS: Record<string, LocalizedText | Gendered> = {
  '01': {
    nl: 'Referentiepersoon',
    fr: 'Personne de référence',
    de: 'Bezugsperson',
    en: 'Reference person',
  },
  '02': {
    M: { nl: 'Echtgenoot', fr: 'Époux', de: 'Ehemann', en: 'Husband' },
    V: { nl: 'Echtgenote', fr: 'Épouse', de: 'Ehefrau', en: 'Wife' },
  },
  '03': {
    M: { nl: 'Zoon', fr: 'Fils', de: 'Sohn', en: 'Son' },
    V: { nl: 'Dochter', fr: 'Fille', de: 'Tochter', en: 'Daughter' },
  },
  '06': {
    M: { nl: 'Vader', fr: 'Père', de: 'Vater', en: 'Father' },
    V: { nl: 'Moeder', fr: 'Mère', de: 'Mutter', en: 'Mother' },
  },
  '09': {
    M: { nl: 'Broer', fr: 'Frère', de: 'Bruder', en: 'Brother' },
    V: { nl: 'Zus', fr: 'Sœur', de: 'Schwester', en: 'Sister' },
  },
  '12': { nl: 'Niet verwant', fr: 'Non apparenté(e)', de: 'Nicht verwandt', en: 'Not related' },
  '21': { nl: 'Partner', fr: 'Partenaire', de: 'Partner(in)', en: 'Partner' },
  '22': {
    M: {
      nl: 'Wettelijk samenwonende',
      fr: 'Cohabitant légal',
      de: 'Gesetzlich Zusammenwohnender',
      en: 'Legal cohabitant',
    },
    V: {
      nl: 'Wettelijk samenwonende',
      fr: 'Cohabitante légale',
      de: 'Gesetzlich Zusammenwohnende',
      en: 'Legal cohabitant',
    },
  },
};

const both = (g: Gendered): LocalizedText =>
  Object.fromEntries(
    (['nl', 'fr', 'de', 'en'] as const).map((l) => [
      l,
      g.M[l] === g.V[l] ? g.M[l] : `${g.M[l]}/${g.V[l]?.toLowerCase()}`,
    ]),
  ) as LocalizedText;

/**
 * The member's place in the household, in every document language, from the position code and
 * the gender (`M`/`V`): `03` + `V` is "Dochter" / "Fille" / "Tochter". Without a gender both
 * words are given ("Zoon/dochter"); an unknown code falls back to the register's own description,
 * else the code.
 */
export function householdPosition(
  code: string | undefined,
  sex: 'M' | 'V' | undefined,
  description?: string,
): LocalizedText | undefined {
  const p = code ? POSITIONS[code] : undefined;
  if (!p) return (description ?? code) ? { nl: (description ?? code) as string } : undefined;
  if ('M' in p) return sex ? p[sex] : both(p);
  return p;
}
