import {
  ageOn,
  coreServices,
  defineRule,
  type LocalizedText,
  minimumAge,
  ValidationError,
} from '@smartloket/core';
import { strafregisterLookupRef } from './lookups.js';

const abstain = (reason: LocalizedText) => ({ outcome: 'abstain' as const, reason });
const NA = { nl: 'Niet van toepassing.', fr: 'Non applicable.', en: 'Not applicable.' };

/** The messages a citizen reads when a rule decides. */
export const RULE_MESSAGES = {
  organisation: {
    nl: 'Een onderneming, vereniging of andere organisatie kan bij de gemeente geen uittreksel uit het strafregister aanvragen. Vraag het rechtstreeks aan bij het Centraal Strafregister van de FOD Justitie (https://justitie.belgium.be/nl/themas/strafregister).',
    fr: 'Une entreprise, une association ou une autre organisation ne peut pas demander d’extrait de casier judiciaire à la commune. Adressez-vous directement au Casier judiciaire central du SPF Justice (https://justice.belgium.be/fr/themes/casier_judiciaire).',
    en: 'A company, association or other organisation cannot request an extract from the criminal record at the municipality. Please ask the Central Criminal Record of the FPS Justice directly (https://justice.belgium.be/en/themes/criminal_record).',
  },
  under16: {
    nl: 'Een uittreksel uit het strafregister kan pas aangevraagd worden vanaf 16 jaar.',
    fr: 'Un extrait de casier judiciaire ne peut être demandé qu’à partir de 16 ans.',
    en: 'An extract from the criminal record can only be requested from the age of 16.',
  },
  nonResident: {
    nl: 'Volgens het rijksregister bent u niet ingeschreven in onze gemeente. Vraag het uittreksel aan bij de gemeente waar u ingeschreven bent. Woont u niet in België, vraag het dan aan bij het Centraal Strafregister (https://justitie.belgium.be/nl/themas/strafregister).',
    fr: 'Selon le registre national, vous n’êtes pas inscrit dans notre commune. Demandez l’extrait à la commune où vous êtes inscrit. Si vous n’habitez pas en Belgique, adressez-vous au Casier judiciaire central (https://justice.belgium.be/fr/themes/casier_judiciaire).',
    en: 'According to the national register you are not registered in our municipality. Please ask the municipality where you are registered. If you do not live in Belgium, ask the Central Criminal Record (https://justice.belgium.be/en/themes/criminal_record).',
  },
  residenceUnknown: {
    nl: 'We konden uw inschrijving in de gemeente niet nagaan. Een medewerker bekijkt uw aanvraag.',
    fr: 'Nous n’avons pas pu vérifier votre inscription dans la commune. Un collaborateur examine votre demande.',
    en: 'We could not check your registration in the municipality. A staff member will look at your request.',
  },
  police596_2: {
    nl: 'Voor model 596.2 (activiteiten met minderjarigen) laat een medewerker eerst de politie nakijken. Daarna vragen we het uittreksel op bij het Centraal Strafregister.',
    fr: 'Pour le modèle 596.2 (activités avec des mineurs), un collaborateur fait d’abord vérifier par la police. Ensuite, nous demandons l’extrait au Casier judiciaire central.',
    en: 'For model 596.2 (activities with minors) staff first have the police check it. Then we request the extract from the Central Criminal Record.',
  },
  activityUnchecked: {
    nl: 'De lijst van activiteiten kon niet opgehaald worden. Een medewerker kijkt de gekozen activiteit na.',
    fr: 'La liste des activités n’a pas pu être obtenue. Un collaborateur vérifie l’activité choisie.',
    en: 'The list of activities could not be fetched. A staff member will check the chosen activity.',
  },
  unknownActivity: {
    nl: 'Kies een activiteit uit de lijst.',
    fr: 'Choisissez une activité dans la liste.',
    en: 'Choose an activity from the list.',
  },
} satisfies Record<string, LocalizedText>;

/** Organisations never receive a criminal-record extract from the municipality. */
export function noOrganisations() {
  return defineRule({
    id: 'strafregister.no-organisations',
    description: {
      nl: 'Niet voor organisaties',
      fr: 'Pas pour les organisations',
      en: 'Not for organisations',
    },
    decide(ctx) {
      const org = ctx.requester.kind === 'organisation' || ctx.subject.relation === 'organisation';
      return org ? { outcome: 'deny', reason: RULE_MESSAGES.organisation } : abstain(NA);
    },
  });
}

/** The requester must be 16 or older (core's rule, with this plugin's message). */
export const requesterMinimumAge = () => minimumAge(16, RULE_MESSAGES.under16);

/**
 * The person the extract is about must be 16 or older and registered in this municipality
 * (GeefPersoon through the MAGDA client, audited). A non-resident is denied with a pointer to the
 * right place; when the register cannot be read, staff look.
 */
export function registeredHere() {
  return defineRule({
    id: 'strafregister.registered-here',
    description: {
      nl: 'Ingeschreven in de gemeente, 16 jaar of ouder',
      fr: 'Inscrit dans la commune, 16 ans ou plus',
      en: 'Registered in the municipality, aged 16 or over',
    },
    deps: { lookup: strafregisterLookupRef, municipality: coreServices.municipality },
    async decide(ctx, { lookup, municipality }) {
      const { relation, insz } = ctx.subject;
      if ((relation !== 'self' && relation !== 'other') || !insz) return abstain(NA);
      const age = ageOn(insz, ctx.now);
      // Under 16: denied without a register lookup (core's minimum age says it for oneself).
      if (age !== undefined && age < 16) {
        return relation === 'other' ? { outcome: 'deny', reason: RULE_MESSAGES.under16 } : abstain(NA);
      }
      try {
        const r = await lookup.residenceOf(insz);
        if (r.nisCode === municipality.nisCode && !r.deceased) {
          return abstain({
            nl: 'Ingeschreven in de gemeente.',
            fr: 'Inscrit dans la commune.',
            en: 'Registered in the municipality.',
          });
        }
        return { outcome: 'deny', reason: RULE_MESSAGES.nonResident };
      } catch {
        return { outcome: 'review', reason: RULE_MESSAGES.residenceUnknown };
      }
    },
  });
}

/** Someone else's extract (with a proxy and a copy of the ID) is for staff to check. */
export function proxyReview() {
  return defineRule({
    id: 'strafregister.proxy',
    description: { nl: 'Aanvraag met volmacht', fr: 'Demande avec procuration', en: 'Request with a proxy' },
    decide(ctx) {
      if (ctx.subject.relation !== 'other') return abstain(NA);
      const ground = ctx.subject.ground ?? '';
      return {
        outcome: 'review',
        reason: {
          nl: `Aanvraag voor een andere persoon: een medewerker controleert de volmacht en de kopie van de identiteitskaart. Opgegeven grond: ${ground}`,
          fr: `Demande pour une autre personne : un collaborateur vérifie la procuration et la copie de la carte d’identité. Motif indiqué : ${ground}`,
          en: `Request for another person: staff check the proxy and the copy of the identity card. Stated ground: ${ground}`,
        },
      };
    },
  });
}

/**
 * Model 596.1: the activity must be on the Strafregister's current list (GeefTypes, cached daily).
 * An unknown code is a form error, so nothing is stored.
 */
export function activityFromList() {
  return defineRule({
    id: 'strafregister.activity',
    description: {
      nl: 'Activiteit uit de lijst',
      fr: 'Activité de la liste',
      en: 'Activity from the list',
    },
    deps: { lookup: strafregisterLookupRef },
    async decide(ctx, { lookup }) {
      const activity = String(ctx.form.activity ?? '');
      let list: { code: string }[];
      try {
        list = await lookup.activities('nl');
      } catch {
        return { outcome: 'review', reason: RULE_MESSAGES.activityUnchecked };
      }
      if (!list.some((a) => a.code === activity)) {
        throw new ValidationError([
          { path: 'activity', code: 'choice.invalid', message: RULE_MESSAGES.unknownActivity },
        ]);
      }
      return abstain({
        nl: 'Activiteit uit de lijst.',
        fr: 'Activité de la liste.',
        en: 'Activity from the list.',
      });
    },
  });
}
