import { defineRule, type RuleFact } from './authorisation.js';
import type { LocalizedText } from './i18n.js';
import { ageOn } from './identifiers/insz.js';
import { meetsLevel } from './identity.js';
import { coreServices, createServiceRef } from './services.js';

/** Tells whether a person is the legal representative of another (a parent of a minor). */
export interface LegalRepresentationLookup {
  /** True when `representativeInsz` legally represents `childInsz` on `at`. */
  isLegalRepresentative(representativeInsz: string, childInsz: string, at: Date): Promise<boolean>;
}

/**
 * The service {@link legalRepresentativeOfMinor} consults. A population plugin provides it; the
 * deployment's fallback answers "nobody is a legal representative".
 */
export const legalRepresentationRef = createServiceRef<LegalRepresentationLookup>('core.legalRepresentation');

const abstain = (reason: LocalizedText) => ({ outcome: 'abstain' as const, reason });

/**
 * Automatic when the subject is the logged-in person, at substantial level or higher (review
 * below that level); abstains for anyone else. Core's standard rules are meant to be combined in a
 * request type's `rules`.
 *
 * @example
 * ```ts
 * defineRequestType({
 *   id: 'bevolking.woonst',
 *   // ...
 *   rules: [self(), legalRepresentativeOfMinor(), organisationGrant(), otherPersonReview(), foreignUseReview()],
 * });
 * ```
 */
export function self(options: { minimumLevel?: 'substantial' | 'high' } = {}) {
  const minimum = options.minimumLevel ?? 'substantial';
  return defineRule({
    id: 'core.self',
    description: { nl: 'Aanvraag voor zichzelf', fr: 'Demande pour soi-même', en: 'Request for oneself' },
    decide(ctx) {
      const insz = ctx.identity?.insz;
      if (ctx.subject.relation !== 'self' || !insz || ctx.subject.insz !== insz) {
        return abstain({ nl: 'Niet voor zichzelf.', fr: 'Pas pour soi-même.', en: 'Not for oneself.' });
      }
      if (!meetsLevel(ctx.identity!.level, minimum)) {
        return {
          outcome: 'review',
          reason: {
            nl: 'Aangemeld met een te laag betrouwbaarheidsniveau voor automatische aflevering.',
            fr: "Connecté avec un niveau d'authentification trop faible pour une délivrance automatique.",
            en: 'Logged in at too low a level of assurance for automatic delivery.',
          },
        };
      }
      return {
        outcome: 'auto',
        reason: {
          nl: 'De aanvrager vraagt het voor zichzelf en is aangemeld.',
          fr: 'Le demandeur le demande pour lui-même et est connecté.',
          en: 'The requester asks for themself and is logged in.',
        },
      };
    },
  });
}

/**
 * Automatic when the requester acts for an organisation that holds a valid grant for this
 * request type, and the person holds the role for that KBO or legally represents it.
 */
export function organisationGrant(options: { role?: string } = {}) {
  const role = options.role ?? 'SmartLoketGebruiker';
  return defineRule({
    id: 'core.organisation-grant',
    description: {
      nl: 'Organisatie met een machtiging',
      fr: 'Organisation avec une autorisation',
      en: 'Organisation with a grant',
    },
    deps: { grants: coreServices.grants },
    async decide(ctx, { grants }) {
      const org = ctx.requester.organisation;
      if (ctx.requester.kind !== 'organisation' || !org) {
        return abstain({
          nl: 'Niet voor een organisatie.',
          fr: 'Pas pour une organisation.',
          en: 'Not for an organisation.',
        });
      }
      const identity = ctx.identity;
      const hasRole =
        identity?.roles.some((r) => r.role === role && r.kbo === org.kbo) ||
        identity?.legalRepresentativeOf.includes(org.kbo);
      if (!hasRole) {
        return {
          outcome: 'review',
          reason: {
            nl: 'De gebruiker heeft geen rol om voor deze organisatie aan te vragen.',
            fr: "L'utilisateur n'a pas de rôle pour demander au nom de cette organisation.",
            en: 'The user holds no role to request for this organisation.',
          },
        };
      }
      const grant = await grants.findActive(org.kbo, ctx.requestTypeId, ctx.now);
      if (!grant) {
        return {
          outcome: 'review',
          reason: {
            nl: 'De organisatie heeft geen geldige machtiging voor dit document.',
            fr: "L'organisation n'a pas d'autorisation valable pour ce document.",
            en: 'The organisation holds no valid grant for this document.',
          },
        };
      }
      return {
        outcome: 'auto',
        reason: {
          nl: 'De organisatie heeft een geldige machtiging voor dit document.',
          fr: "L'organisation a une autorisation valable pour ce document.",
          en: 'The organisation holds a valid grant for this document.',
        },
      };
    },
  });
}

/** Automatic when a logged-in parent asks for their minor child whom they legally represent. */
export function legalRepresentativeOfMinor(options: { adultAge?: number } = {}) {
  const adult = options.adultAge ?? 18;
  return defineRule({
    id: 'core.legal-representative',
    description: {
      nl: 'Wettelijk vertegenwoordiger van een minderjarige',
      fr: "Représentant légal d'un mineur",
      en: 'Legal representative of a minor',
    },
    deps: { lookup: legalRepresentationRef },
    async decide(ctx, { lookup }) {
      const insz = ctx.identity?.insz;
      const child = ctx.subject.insz;
      if (ctx.subject.relation !== 'child' || !insz || !child) {
        return abstain({ nl: 'Niet voor een kind.', fr: 'Pas pour un enfant.', en: 'Not for a child.' });
      }
      const age = ageOn(child, ctx.now);
      const ageFact: RuleFact = {
        label: { nl: 'Leeftijd van het kind', fr: "Âge de l'enfant", en: "The child's age" },
        value:
          age === undefined
            ? { nl: 'onbekend', fr: 'inconnu', en: 'unknown' }
            : { nl: `${age} jaar`, fr: `${age} ans`, en: `${age}` },
        source: { nl: 'rijksregisternummer', fr: 'numéro de registre national', en: 'national number' },
      };
      if (age === undefined || age >= adult) {
        return {
          outcome: 'review',
          reason: {
            nl: 'De persoon is niet minderjarig.',
            fr: "La personne n'est pas mineure.",
            en: 'The person is not a minor.',
          },
          facts: [ageFact],
        };
      }
      const checked = meetsLevel(ctx.identity!.level, 'substantial');
      const represents = checked && (await lookup.isLegalRepresentative(insz, child, ctx.now));
      const representsFact: RuleFact = {
        label: { nl: 'Wettelijk vertegenwoordiger', fr: 'Représentant légal', en: 'Legal representative' },
        value: !checked
          ? {
              nl: 'niet nagegaan (aangemeld met een te laag niveau)',
              fr: 'non vérifié (connexion de niveau trop faible)',
              en: 'not checked (logged in at too low a level)',
            }
          : represents
            ? { nl: 'ja', fr: 'oui', en: 'yes' }
            : { nl: 'nee', fr: 'non', en: 'no' },
        source: { nl: 'rijksregister', fr: 'registre national', en: 'national register' },
      };
      if (!represents) {
        return {
          outcome: 'review',
          reason: {
            nl: 'De aanvrager is volgens het rijksregister niet de wettelijk vertegenwoordiger.',
            fr: "Selon le registre national, le demandeur n'est pas le représentant légal.",
            en: 'According to the national register, the requester is not the legal representative.',
          },
          facts: [ageFact, representsFact],
        };
      }
      return {
        outcome: 'auto',
        reason: {
          nl: 'De aanvrager is de wettelijk vertegenwoordiger van het minderjarige kind.',
          fr: "Le demandeur est le représentant légal de l'enfant mineur.",
          en: 'The requester is the legal representative of the minor child.',
        },
        facts: [ageFact, representsFact],
      };
    },
  });
}

/** Sends another person's request to review with the stated ground. */
export function otherPersonReview() {
  return defineRule({
    id: 'core.other-person',
    description: {
      nl: 'Aanvraag voor een andere persoon',
      fr: 'Demande pour une autre personne',
      en: 'Request for another person',
    },
    decide(ctx) {
      if (ctx.subject.relation !== 'other') return abstain({ nl: '-', fr: '-', en: '-' });
      const ground = ctx.subject.ground ?? '';
      return {
        outcome: 'review',
        reason: {
          nl: `Aanvraag voor een andere persoon, opgegeven grond: ${ground || '(geen)'}`,
          fr: `Demande pour une autre personne, motif indiqué : ${ground || '(aucun)'}`,
          en: `Request for another person, stated ground: ${ground || '(none)'}`,
        },
      };
    },
  });
}

/** Foreign use of a document always goes to review. */
export function foreignUseReview() {
  return defineRule({
    id: 'core.foreign-use',
    description: { nl: 'Gebruik in het buitenland', fr: "Usage à l'étranger", en: 'Use abroad' },
    decide(ctx) {
      if (ctx.use !== 'foreign') return abstain({ nl: '-', fr: '-', en: '-' });
      return {
        outcome: 'review',
        reason: {
          nl: 'Het document is bestemd voor gebruik in het buitenland.',
          fr: "Le document est destiné à un usage à l'étranger.",
          en: 'The document is for use abroad.',
        },
      };
    },
  });
}

/** Always sends the request to review (e.g. model 596.2: police check first). */
export function alwaysReview(reason: LocalizedText) {
  return defineRule({
    id: 'core.always-review',
    description: { nl: 'Altijd nazicht', fr: 'Toujours examiné', en: 'Always reviewed' },
    decide: () => ({ outcome: 'review', reason }),
  });
}

/** Denies when `when` holds. */
export function denyWhen(
  id: string,
  when: (ctx: Parameters<ReturnType<typeof alwaysReview>['decide']>[0]) => boolean,
  reason: LocalizedText,
) {
  return defineRule({
    id,
    description: reason,
    decide: (ctx) => (when(ctx) ? { outcome: 'deny', reason } : abstain(reason)),
  });
}

/** Denies requesters below an age (for example 16 for a criminal record extract). */
export function minimumAge(age: number, reason: LocalizedText) {
  return denyWhen(
    'core.minimum-age',
    (ctx) => {
      const insz = ctx.identity?.insz ?? ctx.requester.insz;
      const a = insz ? ageOn(insz, ctx.now) : undefined;
      return a !== undefined && a < age;
    },
    reason,
  );
}
