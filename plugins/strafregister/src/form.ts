import {
  defineChoice,
  FIELD_MESSAGES,
  type Field,
  fields,
  form,
  forWhomFields,
  type Requester,
  type Subject,
  ValidationError,
} from '@smartloket/core';
import { strafregisterLookupRef } from './lookups.js';
import type { ModelKey } from './models.js';

const purposeField = (required: boolean): Field =>
  fields.text({
    label: {
      nl: 'Waarvoor hebt u het uittreksel nodig?',
      fr: 'Pour quoi avez-vous besoin de l’extrait ?',
      en: 'What do you need the extract for?',
    },
    help: {
      nl: 'Dit doel wordt op het uittreksel gedrukt. Bijvoorbeeld: vrijwilliger in de jeugdbeweging.',
      fr: 'Ce but est imprimé sur l’extrait. Par exemple : bénévole dans un mouvement de jeunesse.',
      en: 'This purpose is printed on the extract. For example: volunteer in a youth movement.',
    },
    optional: !required,
    // The Strafregister's Opmerking holds at most 200 characters.
    max: 200,
  });

const languageField = fields.choice({
  label: { nl: 'Taal van het uittreksel', fr: 'Langue de l’extrait', en: 'Language of the extract' },
  options: [
    { value: 'nl', label: { nl: 'Nederlands', fr: 'Néerlandais', en: 'Dutch' } },
    { value: 'fr', label: { nl: 'Frans', fr: 'Français', en: 'French' } },
    { value: 'de', label: { nl: 'Duits', fr: 'Allemand', en: 'German' } },
  ],
  default: 'nl',
});

/**
 * The activity of model 596.1: a code of GeefTypesUittrekselStrafregister's list (`596.1-<nn>`).
 * A dynamic choice: {@link activityChoice} loads the Strafregister's list (cached daily) in the
 * requester's language; the runtime refuses a code that is not on it.
 */
const activityField = fields.dynamicChoice({
  label: { nl: 'Gereglementeerde activiteit', fr: 'Activité réglementée', en: 'Regulated activity' },
  help: {
    nl: 'Kies de activiteit uit de lijst van het Centraal Strafregister.',
    fr: 'Choisissez l’activité dans la liste du Casier judiciaire central.',
    en: 'Choose the activity from the list of the Central Criminal Record.',
  },
  max: 50,
});

/** What the requester reads when the list of activities cannot be fetched. */
export const ACTIVITY_LIST_UNAVAILABLE = {
  nl: 'De lijst van activiteiten van het Centraal Strafregister kon nu niet opgehaald worden. Omschrijf de activiteit: een medewerker kijkt ze na.',
  fr: 'La liste des activités du Casier judiciaire central n’a pas pu être obtenue pour le moment. Décrivez l’activité : un collaborateur la vérifiera.',
  en: 'The list of activities of the Central Criminal Record could not be fetched just now. Describe the activity: a staff member will check it.',
};

/**
 * The options of the activity field: the 596.1 activities of the Strafregister's list (through
 * the plugin's lookup: cached daily, every MAGDA call in the consultation audit), labelled in the
 * requester's language (French for `fr`, Dutch otherwise).
 */
export function activityChoice() {
  return defineChoice({
    deps: { lookup: strafregisterLookupRef },
    unavailable: ACTIVITY_LIST_UNAVAILABLE,
    async load(ctx, { lookup }) {
      const language = ctx.locale === 'fr' ? 'fr' : 'nl';
      const list = await lookup.activities(language);
      return list.map((a) => ({ value: a.code, label: { nl: a.description, [ctx.locale]: a.description } }));
    },
  });
}

/** The form of a model: for whom (oneself; someone else with a proxy), purpose, language. */
export function strafregisterForm(key: ModelKey) {
  return form({
    ...forWhomFields(['self', 'other', 'organisation']),
    ...(key === '596-1' ? { activity: activityField } : {}),
    purpose: purposeField(key === '596-2'),
    language: languageField,
  });
}

/** The validated values of {@link strafregisterForm}. */
export interface StrafregisterForm {
  forWhom: 'self' | 'other' | 'organisation';
  subjectInsz?: string | undefined;
  ground?: string | undefined;
  activity?: string | undefined;
  purpose?: string | undefined;
  language: 'nl' | 'fr' | 'de';
}

/**
 * Whom the extract is about: oneself, or another person (their INSZ and the ground, a proxy,
 * which staff check with the ID copy). An organisation is recorded as such and denied by the rules.
 */
export function subjectOf(f: StrafregisterForm, requester: Requester): Subject {
  if (requester.kind === 'organisation' || f.forWhom === 'organisation') {
    return {
      insz: f.subjectInsz,
      kbo: requester.organisation?.kbo,
      relation: 'organisation',
      ground: f.ground,
    };
  }
  if (f.forWhom === 'self') return { insz: requester.insz, relation: 'self' };
  const issues = [];
  if (!f.subjectInsz)
    issues.push({ path: 'subjectInsz', code: 'required', message: FIELD_MESSAGES.required });
  if (!f.ground) issues.push({ path: 'ground', code: 'required', message: FIELD_MESSAGES.required });
  if (issues.length) throw new ValidationError(issues);
  return { insz: f.subjectInsz, relation: 'other', ground: f.ground };
}
