import {
  FIELD_MESSAGES,
  type FieldIssue,
  fields,
  form,
  type Identity,
  type LocalizedText,
  type Requester,
  type Subject,
  ValidationError,
} from '@smartloket/core';
import type { ActTypeInfo } from './act-types.js';

/** How a requester relates to an act that is not their own (art. 29 BW). */
export const RELATIONS = [
  'involved',
  'spouse',
  'legal-cohabitant',
  'ascendant',
  'descendant',
  'heir',
  'legal-representative',
  'none',
] as const;
export type Relation = (typeof RELATIONS)[number];

export const RELATION_LABELS: Record<Relation, LocalizedText> = {
  involved: {
    nl: 'Ik sta zelf op de akte (bv. als ouder, echtgenoot of adoptant)',
    fr: "Je figure moi-même dans l'acte (p. ex. comme parent, conjoint ou adoptant)",
    en: 'I am on the act myself (e.g. as parent, spouse or adoptive parent)',
  },
  spouse: { nl: 'Echtgeno(o)t(e)', fr: 'Conjoint(e)', en: 'Spouse' },
  'legal-cohabitant': { nl: 'Wettelijk samenwonende', fr: 'Cohabitant(e) légal(e)', en: 'Legal cohabitant' },
  ascendant: {
    nl: 'Bloedverwant in opgaande lijn (ouder, grootouder)',
    fr: 'Ascendant (parent, grand-parent)',
    en: 'Ascendant (parent, grandparent)',
  },
  descendant: {
    nl: 'Bloedverwant in neerdalende lijn (kind, kleinkind)',
    fr: 'Descendant (enfant, petit-enfant)',
    en: 'Descendant (child, grandchild)',
  },
  heir: { nl: 'Erfgenaam', fr: 'Héritier', en: 'Heir' },
  'legal-representative': {
    nl: 'Wettelijk vertegenwoordiger',
    fr: 'Représentant légal',
    en: 'Legal representative',
  },
  none: {
    nl: 'Geen van deze (bv. genealogie)',
    fr: 'Aucun de ceux-ci (p. ex. généalogie)',
    en: 'None of these (e.g. genealogy)',
  },
};

export const PURPOSES = ['administration', 'genealogy', 'court', 'estate', 'other'] as const;
export type Purpose = (typeof PURPOSES)[number];

export const PURPOSE_LABELS: Record<Purpose, LocalizedText> = {
  administration: {
    nl: 'Administratieve formaliteit',
    fr: 'Formalité administrative',
    en: 'Administrative formality',
  },
  genealogy: { nl: 'Genealogie', fr: 'Généalogie', en: 'Genealogy' },
  court: { nl: 'Gerechtelijke procedure', fr: 'Procédure judiciaire', en: 'Court proceedings' },
  estate: { nl: 'Nalatenschap', fr: 'Succession', en: 'Estate' },
  other: { nl: 'Andere', fr: 'Autre', en: 'Other' },
};

/** The validated values of an act form. */
export interface ActForm {
  forWhom: 'self' | 'other' | 'organisation';
  subjectInsz?: string | undefined;
  familyName?: string | undefined;
  givenName?: string | undefined;
  relation?: Relation | undefined;
  ground?: string | undefined;
  actDate?: string | undefined;
  actYear?: number | undefined;
  place: 'any' | 'here';
  document: 'uittreksel' | 'afschrift';
  model: 'belgisch' | 'internationaal';
  language: 'nl' | 'fr' | 'de';
  purpose: Purpose;
  purposeDetail?: string | undefined;
  use: 'domestic' | 'foreign';
  /** DocumentReferte of the act the requester chose when several were found. */
  act?: string | undefined;
}

const other = { field: 'forWhom', in: ['other', 'organisation'] };

/** The form of one act type: whose act, which act, uittreksel or afschrift, purpose. */
export function actForm(info: ActTypeInfo) {
  return form(
    {
      forWhom: fields.choice({
        label: {
          nl: 'Wiens akte vraagt u aan?',
          fr: 'De qui demandez-vous l’acte ?',
          en: 'Whose act do you ask for?',
        },
        options: [
          { value: 'self', label: { nl: 'Mijn eigen akte', fr: 'Mon propre acte', en: 'My own act' } },
          {
            value: 'other',
            label: {
              nl: 'De akte van iemand anders',
              fr: "L'acte d'une autre personne",
              en: "Someone else's act",
            },
          },
          {
            value: 'organisation',
            label: {
              nl: 'Voor een organisatie (notaris, advocaat)',
              fr: 'Pour une organisation (notaire, avocat)',
              en: 'For an organisation (notary, lawyer)',
            },
          },
        ],
        default: 'self',
      }),
      subjectInsz: fields.insz({
        label: {
          nl: 'Rijksregisternummer van de persoon van de akte',
          fr: "Numéro de registre national de la personne de l'acte",
          en: 'National register number of the person of the act',
        },
        help: {
          nl: 'Laat leeg voor een oude akte van iemand zonder rijksregisternummer en vul de naam in.',
          fr: "Laissez vide pour un acte ancien d'une personne sans numéro de registre national et indiquez le nom.",
          en: 'Leave empty for an old act of someone without a national number, and give the name.',
        },
        optional: true,
        showWhen: other,
      }),
      familyName: fields.text({
        label: { nl: 'Familienaam', fr: 'Nom de famille', en: 'Family name' },
        optional: true,
        max: 100,
        showWhen: other,
      }),
      givenName: fields.text({
        label: { nl: 'Voornaam', fr: 'Prénom', en: 'Given name' },
        optional: true,
        max: 100,
        showWhen: other,
      }),
      relation: fields.choice({
        label: {
          nl: 'Wat is uw band met de akte?',
          fr: "Quel est votre lien avec l'acte ?",
          en: 'How are you related to the act?',
        },
        options: RELATIONS.map((value) => ({ value, label: RELATION_LABELS[value] })) as unknown as [
          { value: Relation; label: LocalizedText },
        ],
        optional: true,
        showWhen: { field: 'forWhom', in: ['other'] },
      }),
      ground: fields.text({
        label: { nl: 'Toelichting', fr: 'Précisions', en: 'Details' },
        help: {
          nl: 'Bijvoorbeeld: kleinzoon van de overledene.',
          fr: 'Par exemple : petit-fils du défunt.',
          en: 'For example: grandson of the deceased.',
        },
        optional: true,
        max: 300,
        showWhen: other,
      }),
      actDate: fields.date({
        label: { nl: 'Datum van de akte', fr: "Date de l'acte", en: 'Date of the act' },
        help: {
          nl: 'De datum van de gebeurtenis (geboorte, huwelijk, ...). Kent u alleen het jaar, vul dan het jaar in.',
          fr: "La date de l'événement (naissance, mariage, ...). Si vous ne connaissez que l'année, indiquez l'année.",
          en: 'The date of the event (birth, marriage, ...). If you only know the year, give the year.',
        },
        optional: true,
      }),
      actYear: fields.year({
        label: { nl: 'Jaar van de akte', fr: "Année de l'acte", en: 'Year of the act' },
        optional: true,
      }),
      place: fields.choice({
        label: {
          nl: 'Waar werd de akte opgemaakt?',
          fr: "Où l'acte a-t-il été établi ?",
          en: 'Where was the act drawn up?',
        },
        options: [
          {
            value: 'any',
            label: {
              nl: 'Weet ik niet / elders',
              fr: 'Je ne sais pas / ailleurs',
              en: 'Not sure / elsewhere',
            },
          },
          {
            value: 'here',
            label: { nl: 'In deze gemeente', fr: 'Dans cette commune', en: 'In this municipality' },
          },
        ],
        default: 'any',
      }),
      document: fields.choice({
        label: { nl: 'Welk document?', fr: 'Quel document ?', en: 'Which document?' },
        help: {
          nl: 'Een uittreksel volstaat bijna altijd. Een afschrift is een volledige kopie van de akte.',
          fr: "Un extrait suffit presque toujours. Une copie est la reproduction intégrale de l'acte.",
          en: 'An extract is almost always enough. A copy reproduces the whole act.',
        },
        options: [
          { value: 'uittreksel', label: { nl: 'Uittreksel', fr: 'Extrait', en: 'Extract' } },
          { value: 'afschrift', label: { nl: 'Afschrift', fr: 'Copie', en: 'Full copy' } },
        ],
        default: 'uittreksel',
      }),
      model: fields.choice({
        label: { nl: 'Model van het uittreksel', fr: "Modèle de l'extrait", en: 'Model of the extract' },
        options: (info.internationalModel
          ? [
              { value: 'belgisch', label: { nl: 'Belgisch', fr: 'Belge', en: 'Belgian' } },
              {
                value: 'internationaal',
                label: {
                  nl: 'Internationaal (meertalig)',
                  fr: 'International (plurilingue)',
                  en: 'International (multilingual)',
                },
              },
            ]
          : [{ value: 'belgisch', label: { nl: 'Belgisch', fr: 'Belge', en: 'Belgian' } }]) as [
          { value: string; label: LocalizedText },
        ],
        default: 'belgisch',
        showWhen: { field: 'document', in: ['uittreksel'] },
      }),
      language: fields.choice({
        label: { nl: 'Taal van het document', fr: 'Langue du document', en: 'Language of the document' },
        options: [
          { value: 'nl', label: { nl: 'Nederlands', fr: 'Néerlandais', en: 'Dutch' } },
          { value: 'fr', label: { nl: 'Frans', fr: 'Français', en: 'French' } },
          { value: 'de', label: { nl: 'Duits', fr: 'Allemand', en: 'German' } },
        ],
        default: 'nl',
      }),
      purpose: fields.choice({
        label: {
          nl: 'Waarvoor hebt u de akte nodig?',
          fr: "Pour quoi avez-vous besoin de l'acte ?",
          en: 'What do you need the act for?',
        },
        options: PURPOSES.map((value) => ({ value, label: PURPOSE_LABELS[value] })) as unknown as [
          { value: Purpose; label: LocalizedText },
        ],
      }),
      purposeDetail: fields.text({
        label: { nl: 'Doel (toelichting)', fr: 'But (précisions)', en: 'Purpose (details)' },
        optional: true,
        max: 200,
      }),
      use: fields.choice({
        label: {
          nl: 'Waar gebruikt u de akte?',
          fr: "Où utiliserez-vous l'acte ?",
          en: 'Where will you use the act?',
        },
        options: [
          { value: 'domestic', label: { nl: 'In België', fr: 'En Belgique', en: 'In Belgium' } },
          { value: 'foreign', label: { nl: 'In het buitenland', fr: "À l'étranger", en: 'Abroad' } },
        ],
        default: 'domestic',
      }),
      // A dynamic choice (see `actChoice`): asked on its own step, after the criteria, only when
      // DABS finds several acts.
      act: fields.dynamicChoice({
        label: { nl: 'Welke akte bedoelt u?', fr: 'De quel acte s’agit-il ?', en: 'Which act do you mean?' },
        help: {
          nl: 'Er werden meerdere akten gevonden. Kies de akte die u nodig hebt. Staat ze er niet bij, kies dan "Geen van deze": een medewerker bekijkt uw aanvraag.',
          fr: 'Plusieurs actes ont été trouvés. Choisissez l’acte dont vous avez besoin. S’il n’y figure pas, choisissez « Aucun de ceux-ci » : un collaborateur examinera votre demande.',
          en: 'Several acts were found. Choose the act you need. If it is not listed, choose "None of these": a staff member will look at your request.',
        },
        optional: true,
        max: 120,
        step: 'act',
      }),
    },
    {
      steps: [
        { id: 'details', title: { nl: 'Uw aanvraag', fr: 'Votre demande', en: 'Your request' } },
        { id: 'act', title: { nl: 'Welke akte?', fr: 'Quel acte ?', en: 'Which act?' } },
      ],
    },
  );
}

/** The act is the requester's own, someone else's, or asked for by an organisation. */
export function subjectOf(f: ActForm, requester: Requester, _identity?: Identity): Subject {
  if (f.forWhom === 'self') return { insz: requester.insz, relation: 'self' };
  const issues: FieldIssue[] = [];
  if (!f.subjectInsz && !f.familyName)
    issues.push({ path: 'subjectInsz', code: 'required', message: FIELD_MESSAGES.required });
  if (f.forWhom === 'other' && !f.relation)
    issues.push({ path: 'relation', code: 'required', message: FIELD_MESSAGES.required });
  if (issues.length) throw new ValidationError(issues);
  const ground = [f.relation ? RELATION_LABELS[f.relation].nl : undefined, f.ground]
    .filter(Boolean)
    .join(': ');
  if (f.forWhom === 'organisation') {
    return {
      insz: f.subjectInsz,
      kbo: requester.organisation?.kbo,
      relation: 'organisation',
      ground: ground || undefined,
    };
  }
  return { insz: f.subjectInsz, relation: 'other', ground: ground || undefined };
}

/** The purpose recorded with the request (and printed on nothing: DABS makes the document). */
export function purposeOf(f: ActForm): { purpose: string; use: 'domestic' | 'foreign' } {
  const label = PURPOSE_LABELS[f.purpose].nl;
  return { purpose: f.purposeDetail ? `${label}: ${f.purposeDetail}` : label, use: f.use };
}
