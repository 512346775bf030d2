import {
  type AuthorisationContext,
  type Clock,
  type ConsultationAudit,
  coreServices,
  createServiceFactory,
  createServiceRef,
  defineRule,
  type LocalizedText,
  type Municipality,
  type RuleVerdict,
  SmartLoketError,
  type SourceContext,
  TransientSourceError,
} from '@smartloket/core';
import { type MagdaClient, magdaClientRef } from '@smartloket/source-magda';
import { type ActFacts, assessAccess } from './access.js';
import { ACT_TYPES, actTypeOf } from './act-types.js';
import { type ActSearch, type DabsCodes, findActs } from './acts.js';
import type { ActForm, Relation } from './form.js';
import { ZOEK_AKTEN } from './manifest.js';

/** An act the requester may choose (only acts they may receive are ever listed). */
export interface ActChoice {
  referte: string;
  /** Date the act was drawn up (YYYY-MM-DD or partial). */
  date?: string | undefined;
  municipalityNis?: string | undefined;
  title: LocalizedText;
}

/** The access decision over the acts found, and each act's own verdict. */
export interface ActEvaluation {
  verdict: RuleVerdict;
  acts: { facts: ActFacts; verdict: RuleVerdict }[];
}

/**
 * Civil-status acts at authorisation time: finds the acts the form identifies in DABS
 * (ZoekAktenBurgerlijkeStand, audited like any consultation, actor `system`) and applies art. 29.
 */
export interface ActAccess {
  evaluate(ctx: AuthorisationContext): Promise<ActEvaluation>;
  /**
   * The acts found that this requester may receive automatically (for the "choose" step). Empty
   * when DABS finds fewer than two acts: there is nothing to choose, the rule decides. With
   * `consult` (a dynamic choice's audited consultation) the searches go through it (actor: the
   * requester); otherwise they are audited as the rule's (actor `system`).
   */
  choices(ctx: AuthorisationContext, consult?: SourceContext['consult']): Promise<ActChoice[]>;
}

export const actAccessRef = createServiceRef<ActAccess>('burgerlijke-stand.act-access');

export const RULE_MESSAGES = {
  notFound: {
    nl: 'Er werd geen akte gevonden in DABS, de databank van de akten van de burgerlijke stand. Oudere akten (van vóór april 2019) staan er niet altijd in. Een medewerker zoekt de akte op in de registers.',
    fr: "Aucun acte n'a été trouvé dans la BAEC, la banque de données des actes de l'état civil. Les actes plus anciens (d'avant avril 2019) n'y figurent pas toujours. Un collaborateur recherche l'acte dans les registres.",
    en: 'No act was found in DABS, the database of civil-status acts. Older acts (before April 2019) are not always in it. A staff member will look for the act in the registers.',
  },
  chosenNotFound: {
    nl: 'De gekozen akte hoort niet bij deze aanvraag. Een medewerker bekijkt uw aanvraag.',
    fr: "L'acte choisi ne correspond pas à cette demande. Un collaborateur examine votre demande.",
    en: 'The chosen act does not match this request. A staff member will look at your request.',
  },
  several: {
    nl: 'Er werden meerdere akten gevonden. Kies de juiste akte, of een medewerker bekijkt uw aanvraag.',
    fr: "Plusieurs actes ont été trouvés. Choisissez l'acte correct, ou un collaborateur examine votre demande.",
    en: 'Several acts were found. Choose the right act, or a staff member will look at your request.',
  },
  choicesUnavailable: {
    nl: 'DABS kon nu niet geraadpleegd worden om de gevonden akten te tonen. U kunt verdergaan: als er meerdere akten zijn, bekijkt een medewerker uw aanvraag.',
    fr: "La BAEC n'a pas pu être consultée pour afficher les actes trouvés. Vous pouvez continuer : s'il y a plusieurs actes, un collaborateur examinera votre demande.",
    en: 'DABS could not be consulted just now to show the acts found. You can go on: if there are several acts, a staff member will look at your request.',
  },
  unavailable: {
    nl: 'DABS kon niet geraadpleegd worden. Een medewerker bekijkt uw aanvraag.',
    fr: "La BAEC n'a pas pu être consultée. Un collaborateur examine votre demande.",
    en: 'DABS could not be consulted. A staff member will look at your request.',
  },
} satisfies Record<string, LocalizedText>;

/** The relation the access rule applies. */
export function relationOf(ctx: AuthorisationContext): Relation | 'organisation' {
  if (ctx.subject.relation === 'organisation' || ctx.requester.kind === 'organisation') return 'organisation';
  if (ctx.subject.relation === 'self') return 'involved';
  return (ctx.form as Partial<ActForm>).relation ?? 'none';
}

/** Creates the service. `legalBasis` is what the audit records for each ZoekAkten call. */
export function createActAccess(deps: {
  magda: MagdaClient;
  audit: ConsultationAudit;
  clock: Clock;
  municipality: Municipality;
  codes: DabsCodes;
  legalBasis: string;
  purpose?: string | undefined;
}): ActAccess {
  const search: ActSearch = async (criteria, subjectId) => {
    const referte = crypto.randomUUID();
    const id = await deps.audit.started({
      pluginId: 'burgerlijke-stand',
      service: ZOEK_AKTEN,
      legalBasis: deps.legalBasis,
      purpose: 'act-access',
      referte,
      subjectId,
      actor: { type: 'system', id: 'burgerlijke-stand.authorisation' },
      at: deps.clock.now(),
    });
    try {
      const r = await deps.magda.zoekAktenBurgerlijkeStand(
        { ...criteria, gemeenteVanAfgifte: deps.municipality.nisCode },
        { referte, ...(deps.purpose ? { purpose: deps.purpose } : {}) },
      );
      await deps.audit.finished(id, { outcome: 'ok', at: deps.clock.now() });
      return r.akten;
    } catch (error) {
      const notFound = (error as { outcome?: string }).outcome === 'not_found';
      await deps.audit.finished(id, {
        outcome:
          error instanceof TransientSourceError ? 'transient_error' : notFound ? 'not_found' : 'refused',
        code: error instanceof SmartLoketError ? error.code : undefined,
        at: deps.clock.now(),
      });
      if (notFound) return [];
      throw error;
    }
  };

  /** The search through a caller's audited consultation (a dynamic choice's `consult`). */
  const searchThrough =
    (consult: SourceContext['consult']): ActSearch =>
    async (criteria, subjectId) => {
      try {
        const r = await consult(
          ZOEK_AKTEN,
          (referte) =>
            deps.magda.zoekAktenBurgerlijkeStand(
              { ...criteria, gemeenteVanAfgifte: deps.municipality.nisCode },
              { referte, ...(deps.purpose ? { purpose: deps.purpose } : {}) },
            ),
          subjectId ? { subjectId } : {},
        );
        return r.akten;
      } catch (error) {
        if ((error as { outcome?: string }).outcome === 'not_found') return [];
        throw error;
      }
    };

  async function evaluate(ctx: AuthorisationContext, via: ActSearch = search): Promise<ActEvaluation> {
    const key = actTypeOf(ctx.requestTypeId);
    const review = (reason: LocalizedText): ActEvaluation => ({
      verdict: { outcome: 'review', reason },
      acts: [],
    });
    if (!key) return review(RULE_MESSAGES.notFound);
    const form = ctx.form as Partial<ActForm>;
    let found: ActFacts[];
    try {
      found = await findActs(key, form, ctx.subject, deps.municipality.nisCode, deps.codes, via);
    } catch {
      return review(RULE_MESSAGES.unavailable);
    }
    if (found.length === 0) return review(RULE_MESSAGES.notFound);
    const question = {
      requesterInsz: ctx.identity?.insz,
      relation: relationOf(ctx),
      ground: ctx.subject.ground,
      purpose: ctx.purpose,
      now: ctx.now,
    };
    const all = found.map((facts) => ({ facts, verdict: assessAccess(facts, question) }));
    if (form.act) {
      const chosen = all.filter((a) => a.facts.referte === form.act);
      if (chosen.length !== 1)
        return { verdict: { outcome: 'review', reason: RULE_MESSAGES.chosenNotFound }, acts: all };
      return { verdict: chosen[0]!.verdict, acts: all };
    }
    if (all.length === 1) return { verdict: all[0]!.verdict, acts: all };
    // Several acts and no choice: deny only when every one would be denied; else choose or review.
    if (all.every((a) => a.verdict.outcome === 'deny')) return { verdict: all[0]!.verdict, acts: all };
    return { verdict: { outcome: 'review', reason: RULE_MESSAGES.several }, acts: all };
  }

  return {
    evaluate,
    async choices(ctx, consult) {
      const { acts, verdict } = await evaluate(
        { ...ctx, form: { ...ctx.form, act: undefined } },
        consult ? searchThrough(consult) : search,
      );
      // DABS could not be searched: the caller says so (the rule will send the request to review).
      if (verdict.reason === RULE_MESSAGES.unavailable)
        throw new TransientSourceError('DABS_UNAVAILABLE', 'DABS search failed');
      if (acts.length < 2) return [];
      const key = actTypeOf(ctx.requestTypeId);
      return acts
        .filter((a) => a.verdict.outcome === 'auto')
        .map((a) => ({
          referte: a.facts.referte,
          date: a.facts.date,
          municipalityNis: a.facts.municipalityNis,
          title: key ? ACT_TYPES[key].title : { nl: a.facts.type },
        }));
    },
  };
}

/** The service factory of {@link ActAccess}. */
export function actAccessService(settings: {
  codes: DabsCodes;
  legalBasis: string;
  purpose?: string | undefined;
}) {
  return createServiceFactory({
    ref: actAccessRef,
    deps: {
      magda: magdaClientRef,
      audit: coreServices.consultationAudit,
      clock: coreServices.clock,
      municipality: coreServices.municipality,
    },
    factory: (d) => createActAccess({ ...d, ...settings }),
  });
}

/**
 * The access rule of art. 29 BW (see `assessAccess`): consults DABS through {@link ActAccess}.
 * Organisations are left to core's `organisationGrant`; an act that is not found, or several
 * acts without a choice, go to review.
 */
export function actAccess() {
  return defineRule({
    id: 'burgerlijke-stand.act-access',
    description: {
      nl: 'Toegang tot akten van de burgerlijke stand (art. 29 BW)',
      fr: "Accès aux actes de l'état civil (art. 29 C. civ.)",
      en: 'Access to civil-status acts (art. 29 Civil Code)',
    },
    deps: { acts: actAccessRef },
    async decide(ctx, { acts }) {
      return (await acts.evaluate(ctx)).verdict;
    },
  });
}

/** Foreign use, or an international model: review, unless the deployment allows it. */
export function foreignOrInternationalReview(options: {
  allowForeignUse: boolean;
  allowInternationalModel: boolean;
}) {
  return defineRule({
    id: 'burgerlijke-stand.foreign',
    description: {
      nl: 'Gebruik in het buitenland of internationaal model',
      fr: "Usage à l'étranger ou modèle international",
      en: 'Use abroad or international model',
    },
    decide(ctx) {
      const form = ctx.form as Partial<ActForm>;
      const international = form.document !== 'afschrift' && form.model === 'internationaal';
      if (ctx.use === 'foreign' && !options.allowForeignUse) {
        return {
          outcome: 'review',
          reason: {
            nl: 'De akte is bestemd voor gebruik in het buitenland.',
            fr: "L'acte est destiné à un usage à l'étranger.",
            en: 'The act is for use abroad.',
          },
        };
      }
      if (international && !options.allowInternationalModel) {
        return {
          outcome: 'review',
          reason: {
            nl: 'Een uittreksel volgens het internationale model wordt nagekeken.',
            fr: 'Un extrait selon le modèle international est vérifié.',
            en: 'An extract in the international model is checked.',
          },
        };
      }
      return { outcome: 'abstain', reason: { nl: '-', fr: '-', en: '-' } };
    },
  });
}
