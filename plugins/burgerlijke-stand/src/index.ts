/**
 * @smartloket/plugin-burgerlijke-stand: uittreksels and afschriften of the fourteen civil-status
 * act types, from DABS via MAGDA (ZoekAktenBurgerlijkeStand, GeefAkteBurgerlijkeStand), with the
 * access rules of art. 29 of the Civil Code deciding who gets them automatically.
 * @packageDocumentation
 */
import {
  type AuthorisationRule,
  definePlugin,
  defineRequestType,
  organisationGrant,
  type Plugin,
  type RequestTypeDefinition,
  z,
} from '@smartloket/core';
import { ACT_TYPE_KEYS, ACT_TYPES, type ActTypeKey, ROLES, requestTypeId } from './act-types.js';
import { dabsCodes } from './acts.js';
import { actChoice } from './choices.js';
import { type ActForm, actForm, purposeOf, subjectOf } from './form.js';
import { DEFAULT_LEGAL_BASIS, type ServiceKey, sourceManifest, ZOEK_AKTEN } from './manifest.js';
import { actAccess, actAccessService, foreignOrInternationalReview } from './rules.js';
import { createActSource } from './source.js';

export {
  type AccessQuestion,
  type ActFacts,
  assessAccess,
  belgianDate,
  isPublic,
  REASONS,
} from './access.js';
export * from './act-types.js';
export { type ActSearch, type DabsCodes, dabsCodes, factsOf, findActs, searchCriteria } from './acts.js';
export { actChoice, actOption, formatActDate } from './choices.js';
export * from './form.js';
export { DEFAULT_LEGAL_BASIS, GEEF_AKTE, type ServiceKey, sourceManifest, ZOEK_AKTEN } from './manifest.js';
export {
  type ActAccess,
  type ActChoice,
  type ActEvaluation,
  actAccess,
  actAccessRef,
  actAccessService,
  createActAccess,
  foreignOrInternationalReview,
  RULE_MESSAGES,
  relationOf,
} from './rules.js';
export { type ActSourceOptions, createActSource, MESSAGES } from './source.js';

/** The plugin's options, validated by the kernel at start. */
export const burgerlijkeStandOptions = z.object({
  /** DABS DocumentType codes per act type, where they differ from the assumed defaults. */
  typeCodes: z.partialRecord(z.enum(ACT_TYPE_KEYS), z.string().regex(/^[A-Z_]{1,50}$/)).default({}),
  /** DABS role codes per role, where they differ from the assumed defaults. */
  roleCodes: z.partialRecord(z.enum(ROLES), z.string().regex(/^[0-9]{1,2}$/)).default({}),
  /** Uittreksel model names as DABS knows them (assumed defaults). */
  models: z
    .object({ belgisch: z.string().min(1).max(120), internationaal: z.string().min(1).max(120) })
    .default({ belgisch: 'BELGISCH', internationaal: 'INTERNATIONAAL' }),
  /** Deliver acts for use abroad automatically (otherwise: review). */
  allowForeignUse: z.boolean().default(false),
  /** Deliver international-model extracts automatically (otherwise: review). */
  allowInternationalModel: z.boolean().default(false),
  /** MAGDA Afzender purpose key (the client's `afzender.purposes`). */
  magdaPurpose: z.string().min(1).optional(),
});

export type BurgerlijkeStandOptions = z.output<typeof burgerlijkeStandOptions>;

/** Factory settings that shape the static source manifest. */
export interface BurgerlijkeStandPluginSettings {
  legalBasis?: Partial<Record<ServiceKey, string>>;
}

/** The rules of every act type: art. 29 BW, organisation grants, foreign use. */
export function rulesFor(options: BurgerlijkeStandOptions): AuthorisationRule<any>[] {
  return [
    actAccess(),
    organisationGrant(),
    foreignOrInternationalReview({
      allowForeignUse: options.allowForeignUse,
      allowInternationalModel: options.allowInternationalModel,
    }),
  ];
}

/**
 * A title inside a sentence: its first letter in lower case, unless the first word is a proper
 * adjective ("Belgian nationality certificate"); "Belgische" further on keeps its capital.
 */
function inSentence(title: string): string {
  return /^Belg/.test(title) ? title : title.charAt(0).toLowerCase() + title.slice(1);
}

/** The request type of one act type (uittreksel or afschrift is a form choice). */
export function actRequestType(
  key: ActTypeKey,
  options: BurgerlijkeStandOptions,
): RequestTypeDefinition<ReturnType<typeof actForm>> {
  const info = ACT_TYPES[key];
  return defineRequestType({
    id: requestTypeId(key),
    kind: 'certificate',
    title: info.title,
    description: {
      nl: `Uittreksel of afschrift van de ${inSentence(info.title.nl)}, ondertekend door DABS.`,
      fr: `Extrait ou copie de l'${inSentence(info.title.fr ?? info.title.nl)}, signé par la BAEC.`,
      en: `Extract or full copy of the ${inSentence(info.title.en ?? info.title.nl)}, signed by DABS.`,
    },
    theme: 'burgerlijke-stand',
    // Someone without eID or itsme (a genealogist, a relative abroad) may ask too: a clerk checks
    // the uploaded identity document or mandate against art. 29 BW before DABS is consulted.
    withoutLogin: { default: 'on', evidence: true },
    form: actForm(info),
    subject: (f, requester, identity) => subjectOf(f as ActForm, requester, identity),
    purpose: (f) => purposeOf(f as ActForm),
    rules: rulesFor(options),
    // When DABS finds several acts, the requester chooses among those they may receive.
    choices: { act: actChoice() },
    source: createActSource({
      key,
      codes: dabsCodes(options.typeCodes, options.roleCodes),
      models: options.models,
      purpose: options.magdaPurpose,
    }),
    // DABS seals the PDF; it is delivered as received.
    sign: false,
  });
}

/** Makes the plugin. */
export function createBurgerlijkeStandPlugin(
  settings: BurgerlijkeStandPluginSettings = {},
): Plugin<typeof burgerlijkeStandOptions> {
  const legalBasis = { ...DEFAULT_LEGAL_BASIS, ...settings.legalBasis } as Record<ServiceKey, string>;
  return definePlugin({
    id: 'burgerlijke-stand',
    packageName: '@smartloket/plugin-burgerlijke-stand',
    version: '0.1.0',
    title: { nl: 'Burgerlijke stand', fr: 'État civil', en: 'Civil status' },
    compat: { core: '^0.1.0' },
    options: burgerlijkeStandOptions,
    sources: sourceManifest(legalBasis),
    register({ options, requestTypes, sources, services }) {
      services.add(
        actAccessService({
          codes: dabsCodes(options.typeCodes, options.roleCodes),
          legalBasis: legalBasis[ZOEK_AKTEN],
          purpose: options.magdaPurpose,
        }),
      );
      for (const key of ACT_TYPE_KEYS) {
        const rt = actRequestType(key, options);
        if (rt.source) sources.add(rt.source);
        requestTypes.add(rt);
      }
    },
  });
}

/** The plugin with the default legal bases. */
export const burgerlijkeStandPlugin = createBurgerlijkeStandPlugin();
export default burgerlijkeStandPlugin;
