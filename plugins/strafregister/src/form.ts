import {
  FIELD_MESSAGES,
  type Field,
  fields,
  form,
  forWhomFields,
  type Requester,
  type Subject,
  ValidationError,
} from '@smartloket/core';
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
 * Core's choice fields are static; the list comes from the Strafregister and changes, so the
 * field takes the code and the `activityFromList` rule checks it against the cached list.
 */
const activityField = fields.text({
  label: { nl: 'Gereglementeerde activiteit', fr: 'Activité réglementée', en: 'Regulated activity' },
  help: {
    nl: 'Kies de activiteit uit de lijst van het Centraal Strafregister.',
    fr: 'Choisissez l’activité dans la liste du Casier judiciaire central.',
    en: 'Choose the activity from the list of the Central Criminal Record.',
  },
  max: 50,
});

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
