import {
  FIELD_MESSAGES,
  fields,
  form,
  forWhomFields,
  type Identity,
  type Requester,
  type Subject,
  ValidationError,
} from '@smartloket/core';

/** The form every population certificate uses: for whom, purpose, language, domestic or foreign use. */
export const bevolkingForm = form({
  ...forWhomFields(['self', 'child', 'other', 'organisation']),
  purpose: fields.text({
    label: {
      nl: 'Waarvoor hebt u het attest nodig?',
      fr: 'Pour quoi avez-vous besoin du certificat ?',
      en: 'What do you need the certificate for?',
    },
    help: {
      nl: 'Bijvoorbeeld: werkgever, school, huurcontract.',
      fr: 'Par exemple : employeur, école, bail.',
      en: 'For example: employer, school, lease.',
    },
    optional: true,
    max: 200,
  }),
  language: fields.choice({
    label: { nl: 'Taal van het attest', fr: 'Langue du certificat', en: 'Language of the certificate' },
    options: [
      { value: 'nl', label: { nl: 'Nederlands', fr: 'Néerlandais', en: 'Dutch' } },
      { value: 'fr', label: { nl: 'Frans', fr: 'Français', en: 'French' } },
      { value: 'de', label: { nl: 'Duits', fr: 'Allemand', en: 'German' } },
    ],
    default: 'nl',
  }),
  use: fields.choice({
    label: {
      nl: 'Waar gebruikt u het attest?',
      fr: 'Où utiliserez-vous le certificat ?',
      en: 'Where will you use the certificate?',
    },
    options: [
      { value: 'domestic', label: { nl: 'In België', fr: 'En Belgique', en: 'In Belgium' } },
      { value: 'foreign', label: { nl: 'In het buitenland', fr: "À l'étranger", en: 'Abroad' } },
    ],
    default: 'domestic',
  }),
});

/** The validated values of {@link bevolkingForm}. */
export interface BevolkingForm {
  forWhom: 'self' | 'child' | 'other' | 'organisation';
  subjectInsz?: string | undefined;
  ground?: string | undefined;
  purpose?: string | undefined;
  language: 'nl' | 'fr' | 'de';
  use: 'domestic' | 'foreign';
}

/**
 * Whom the certificate is about. Anyone but oneself needs the person's INSZ; another person
 * also needs the ground (proxy, notary, ...), which staff read in review.
 */
export function subjectOf(f: BevolkingForm, requester: Requester, _identity?: Identity): Subject {
  if (f.forWhom === 'self') return { insz: requester.insz, relation: 'self' };
  const issues = [];
  if (!f.subjectInsz)
    issues.push({ path: 'subjectInsz', code: 'required', message: FIELD_MESSAGES.required });
  if (f.forWhom === 'other' && !f.ground)
    issues.push({ path: 'ground', code: 'required', message: FIELD_MESSAGES.required });
  if (issues.length) throw new ValidationError(issues);
  if (f.forWhom === 'organisation') {
    return {
      insz: f.subjectInsz,
      kbo: requester.organisation?.kbo,
      relation: 'organisation',
      ground: f.ground,
    };
  }
  return { insz: f.subjectInsz, relation: f.forWhom, ground: f.ground };
}
