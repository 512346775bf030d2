import type { LocalizedText } from '@smartloket/core';

/**
 * The fourteen act types of the product, in catalogue order. Everything that differs between
 * them is in {@link ACT_TYPES}; one factory (`actRequestType`) makes a request type of each.
 */
export const ACT_TYPE_KEYS = [
  'adoptie',
  'belgische-nationaliteit',
  'echtscheiding',
  'erkenning-kind',
  'erkenning-voor-geboorte',
  'gerechtelijke-afwezigheid',
  'geslachtsverandering',
  'levenloos-kind',
  'naamkeuze',
  'naamwijziging',
  'voornaamwijziging',
  'geboorte',
  'huwelijk',
  'overlijden',
] as const;

export type ActTypeKey = (typeof ACT_TYPE_KEYS)[number];

/** Roles of the persons involved in an act, as this plugin names them. */
export const ROLES = [
  'kind',
  'moeder',
  'vader',
  'meemoeder',
  'echtgenoot',
  'overledene',
  'geadopteerde',
  'adoptant',
  'erkenner',
  'betrokkene',
  'aangever',
  'ambtenaar',
] as const;

export type Role = (typeof ROLES)[number];

/**
 * DABS role codes (RolCodeKernType, two digits at most). The real code list is not public in our
 * reference: these values are assumed and a deployment overrides them with the `roleCodes` option.
 */
export const DEFAULT_ROLE_CODES: Record<Role, string> = {
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

/** What the plugin knows about one act type. */
export interface ActTypeInfo {
  key: ActTypeKey;
  /** DABS DocumentType code (assumed; override with the `typeCodes` option). */
  code: string;
  title: LocalizedText;
  /** Whose act it is: the roles that make an act "the act of" the person searched for. */
  principal: readonly Role[];
  /**
   * Roles that receive the act automatically (art. 29 BW: the person concerned, the parents on a
   * birth act, the spouses, ...). The declarant and the registrar are never among them.
   */
  entitled: readonly Role[];
  /** The act is public (anyone) once older than this many years. */
  publicAfterYears: 50 | 75 | 100;
  /** Whether an international (multilingual, CIEC) uittreksel model exists. */
  internationalModel: boolean;
}

const t = (nl: string, fr: string, en: string, de: string): LocalizedText => ({ nl, fr, en, de });
const PARENTS: readonly Role[] = ['moeder', 'vader', 'meemoeder'];

export const ACT_TYPES: Record<ActTypeKey, ActTypeInfo> = {
  adoptie: {
    key: 'adoptie',
    code: 'ADOPTIE',
    title: t('Akte van adoptie', "Acte d'adoption", 'Adoption certificate', 'Adoptionsurkunde'),
    principal: ['geadopteerde'],
    entitled: ['geadopteerde', 'adoptant'],
    publicAfterYears: 100,
    internationalModel: false,
  },
  'belgische-nationaliteit': {
    key: 'belgische-nationaliteit',
    code: 'BELGISCHE_NATIONALITEIT',
    title: t(
      'Akte van Belgische nationaliteit',
      'Acte de nationalité belge',
      'Belgian nationality certificate',
      'Urkunde der belgischen Staatsangehörigkeit',
    ),
    principal: ['betrokkene'],
    entitled: ['betrokkene'],
    publicAfterYears: 100,
    internationalModel: false,
  },
  echtscheiding: {
    key: 'echtscheiding',
    code: 'ECHTSCHEIDING',
    title: t('Akte van echtscheiding', 'Acte de divorce', 'Divorce certificate', 'Scheidungsurkunde'),
    principal: ['echtgenoot'],
    entitled: ['echtgenoot'],
    publicAfterYears: 100,
    internationalModel: false,
  },
  'erkenning-kind': {
    key: 'erkenning-kind',
    code: 'ERKENNING',
    title: t(
      'Akte van erkenning van een kind',
      "Acte de reconnaissance d'un enfant",
      'Certificate of recognition of a child',
      'Urkunde der Anerkennung eines Kindes',
    ),
    principal: ['kind'],
    entitled: ['kind', 'erkenner', ...PARENTS],
    publicAfterYears: 100,
    internationalModel: false,
  },
  'erkenning-voor-geboorte': {
    key: 'erkenning-voor-geboorte',
    code: 'ERKENNING_VOOR_GEBOORTE',
    title: t(
      'Akte van erkenning voor de geboorte',
      'Acte de reconnaissance prénatale',
      'Certificate of recognition before birth',
      'Urkunde der vorgeburtlichen Anerkennung',
    ),
    principal: ['erkenner', 'moeder'],
    entitled: ['erkenner', ...PARENTS],
    publicAfterYears: 100,
    internationalModel: false,
  },
  'gerechtelijke-afwezigheid': {
    key: 'gerechtelijke-afwezigheid',
    code: 'GERECHTELIJKE_AFWEZIGHEID',
    title: t(
      'Akte van gerechtelijke afwezigheid',
      "Acte d'absence judiciaire",
      'Certificate of judicial absence',
      'Urkunde der gerichtlichen Verschollenheit',
    ),
    principal: ['betrokkene'],
    entitled: ['betrokkene'],
    publicAfterYears: 100,
    internationalModel: false,
  },
  geslachtsverandering: {
    key: 'geslachtsverandering',
    code: 'GESLACHTSVERANDERING',
    title: t(
      'Akte van wijziging van de registratie van het geslacht',
      "Acte de modification de l'enregistrement du sexe",
      'Certificate of change of registered gender',
      'Urkunde der Änderung des eingetragenen Geschlechts',
    ),
    principal: ['betrokkene'],
    entitled: ['betrokkene'],
    publicAfterYears: 100,
    internationalModel: false,
  },
  'levenloos-kind': {
    key: 'levenloos-kind',
    code: 'LEVENLOOS_KIND',
    title: t(
      'Akte van een levenloos kind',
      "Acte d'enfant sans vie",
      'Certificate of a stillborn child',
      'Urkunde eines totgeborenen Kindes',
    ),
    principal: ['moeder', 'vader', 'meemoeder'],
    entitled: PARENTS,
    publicAfterYears: 100,
    internationalModel: false,
  },
  naamkeuze: {
    key: 'naamkeuze',
    code: 'NAAMKEUZE',
    title: t(
      'Akte van naamkeuze',
      'Acte de choix de nom',
      'Certificate of choice of name',
      'Urkunde der Namenswahl',
    ),
    principal: ['kind'],
    entitled: ['kind', ...PARENTS],
    publicAfterYears: 100,
    internationalModel: false,
  },
  naamwijziging: {
    key: 'naamwijziging',
    code: 'NAAMSWIJZIGING',
    title: t(
      'Akte van naamswijziging',
      'Acte de changement de nom',
      'Certificate of change of surname',
      'Urkunde der Namensänderung',
    ),
    principal: ['betrokkene'],
    entitled: ['betrokkene'],
    publicAfterYears: 100,
    internationalModel: false,
  },
  voornaamwijziging: {
    key: 'voornaamwijziging',
    code: 'VOORNAAMSWIJZIGING',
    title: t(
      'Akte van voornaamswijziging',
      'Acte de changement de prénom',
      'Certificate of change of first name',
      'Urkunde der Vornamensänderung',
    ),
    principal: ['betrokkene'],
    entitled: ['betrokkene'],
    publicAfterYears: 100,
    internationalModel: false,
  },
  geboorte: {
    key: 'geboorte',
    code: 'GEBOORTE',
    title: t('Geboorteakte', 'Acte de naissance', 'Birth certificate', 'Geburtsurkunde'),
    principal: ['kind'],
    entitled: ['kind', ...PARENTS],
    publicAfterYears: 100,
    internationalModel: true,
  },
  huwelijk: {
    key: 'huwelijk',
    code: 'HUWELIJK',
    title: t('Huwelijksakte', 'Acte de mariage', 'Marriage certificate', 'Heiratsurkunde'),
    principal: ['echtgenoot'],
    entitled: ['echtgenoot'],
    publicAfterYears: 75,
    internationalModel: true,
  },
  overlijden: {
    key: 'overlijden',
    code: 'OVERLIJDEN',
    title: t('Overlijdensakte', 'Acte de décès', 'Death certificate', 'Sterbeurkunde'),
    principal: ['overledene'],
    // The deceased cannot ask; the surviving spouse listed on the act can.
    entitled: ['echtgenoot'],
    publicAfterYears: 50,
    internationalModel: true,
  },
};

/** Request type id of an act type. */
export const requestTypeId = (key: ActTypeKey) => `burgerlijke-stand.${key}`;

/** Act type key of a request type id (undefined for other plugins' types). */
export function actTypeOf(requestTypeId: string): ActTypeKey | undefined {
  const key = requestTypeId.replace(/^burgerlijke-stand\./, '');
  return (ACT_TYPE_KEYS as readonly string[]).includes(key) ? (key as ActTypeKey) : undefined;
}
