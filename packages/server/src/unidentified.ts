import {
  FIELD_MESSAGES,
  type FieldIssue,
  type FieldMeta,
  type FormDefinition,
  fields,
  type LocalizedText,
  type RequestTypeDefinition,
  z,
} from '@smartloket/core';
import type { UnidentifiedDetails } from '@smartloket/db';

/**
 * The questions of a certificate requested without login (decision 1401): who asks, whom the
 * document is about, why, and where the type asks for it an identity document or mandate. They
 * come first, on their own step, before the type's own questions.
 */

/** The step holding the questions about the requester. */
export const UNIDENTIFIED_STEP = 'without-login';

/** The identity document or mandate: PDF or a photo, at most 10 MB. */
const EVIDENCE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];
const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

const STEP_TITLE: LocalizedText = {
  nl: 'Wie vraagt aan?',
  fr: 'Qui fait la demande ?',
  en: 'Who is asking?',
};

const REQUEST_STEP_TITLE: LocalizedText = {
  nl: 'Uw aanvraag',
  fr: 'Votre demande',
  en: 'Your request',
};

const step = UNIDENTIFIED_STEP;

const QUESTIONS = {
  requesterName: fields.text({
    label: { nl: 'Uw naam', fr: 'Votre nom', en: 'Your name' },
    help: {
      nl: 'Voornaam en familienaam, zoals op uw identiteitsbewijs.',
      fr: "Prénom et nom, comme sur votre pièce d'identité.",
      en: 'Given name and family name, as on your identity document.',
    },
    max: 200,
    autocomplete: 'name',
    step,
  }),
  requesterPhone: fields.text({
    // The portal adds "(optioneel)" to the label of an optional field itself.
    label: { nl: 'Uw telefoonnummer', fr: 'Votre numéro de téléphone', en: 'Your phone number' },
    help: {
      nl: 'Zo kan een medewerker u bellen als er iets onduidelijk is.',
      fr: "Ainsi, un agent peut vous appeler si quelque chose n'est pas clair.",
      en: 'So that a staff member can call you if something is unclear.',
    },
    max: 40,
    autocomplete: 'tel',
    optional: true,
    step,
  }),
  requesterRelation: fields.text({
    label: {
      nl: 'Wat is uw band met de persoon van het document?',
      fr: 'Quel est votre lien avec la personne du document ?',
      en: 'How are you related to the person of the document?',
    },
    help: {
      nl: 'Bijvoorbeeld: ikzelf, kleinzoon, dochter, notaris.',
      fr: 'Par exemple : moi-même, petit-fils, fille, notaire.',
      en: 'For example: myself, grandson, daughter, notary.',
    },
    max: 200,
    step,
  }),
  personInsz: fields.insz({
    label: {
      nl: 'Rijksregisternummer van die persoon (als u het kent)',
      fr: 'Numéro de registre national de cette personne (si vous le connaissez)',
      en: 'National register number of that person (if you know it)',
    },
    help: {
      nl: 'Kent u het niet? Vul dan hieronder naam, geboortedatum en geboorteplaats in.',
      fr: 'Vous ne le connaissez pas ? Indiquez alors ci-dessous le nom, la date et le lieu de naissance.',
      en: 'Not known? Then give the name, birth date and birth place below.',
    },
    optional: true,
    step,
  }),
  personName: fields.text({
    label: {
      nl: 'Naam van die persoon',
      fr: 'Nom de cette personne',
      en: 'Name of that person',
    },
    max: 200,
    optional: true,
    step,
  }),
  personBirthDate: fields.date({
    label: { nl: 'Geboortedatum', fr: 'Date de naissance', en: 'Date of birth' },
    optional: true,
    step,
  }),
  personBirthPlace: fields.text({
    label: { nl: 'Geboorteplaats', fr: 'Lieu de naissance', en: 'Place of birth' },
    max: 120,
    optional: true,
    step,
  }),
  requestPurpose: fields.textarea({
    label: {
      nl: 'Waarvoor hebt u het document nodig?',
      fr: 'Pourquoi avez-vous besoin du document ?',
      en: 'What do you need the document for?',
    },
    max: 1000,
    step,
  }),
};

const EVIDENCE = fields.file({
  label: {
    nl: 'Kopie van uw identiteitskaart of een volmacht',
    fr: "Copie de votre carte d'identité ou une procuration",
    en: 'Copy of your identity card or a mandate',
  },
  help: {
    nl: 'Een foto of PDF, hoogstens 10 MB. Alleen de medewerker die uw aanvraag behandelt, ziet dit bestand. Het wordt gewist kort na de beslissing.',
    fr: 'Une photo ou un PDF, 10 Mo au plus. Seul l’agent qui traite votre demande voit ce fichier. Il est effacé peu après la décision.',
    en: 'A photo or PDF, at most 10 MB. Only the staff member handling your request sees this file. It is erased shortly after the decision.',
  },
  accept: EVIDENCE_TYPES,
  maxBytes: EVIDENCE_MAX_BYTES,
  step,
});

/** Names of the questions of this module (never the type's own). */
export const UNIDENTIFIED_FIELDS = [...Object.keys(QUESTIONS), 'evidence'] as const;

/**
 * The type's form as someone without login fills it in: first the requester's step, then the
 * type's own questions without its dynamic choices (their loaders consult the source, which
 * waits for the clerk's approval) and without "for an organisation".
 */
export function unidentifiedForm(def: RequestTypeDefinition): FormDefinition {
  const questions: Record<string, { schema: z.ZodType; meta: FieldMeta }> = { ...QUESTIONS };
  if (def.withoutLogin.evidence) questions.evidence = EVIDENCE;
  const ownSteps =
    def.form.steps.length > 0 ? def.form.steps : [{ id: 'request', title: REQUEST_STEP_TITLE }];
  const firstOwn = ownSteps[0]!.id;
  const shape: Record<string, z.ZodType> = {};
  const metas: Record<string, FieldMeta> = {};
  for (const [name, q] of Object.entries(questions)) {
    shape[name] = q.schema;
    metas[name] = q.meta;
  }
  const own = def.form.schema.shape as Record<string, z.ZodType>;
  for (const [name, meta] of Object.entries(def.form.fields)) {
    if (meta.dynamic || name in questions) continue;
    const field: FieldMeta = { ...meta, step: meta.step ?? firstOwn };
    if (name === 'forWhom' && meta.options) {
      field.options = meta.options.filter((o) => o.value !== 'organisation');
    }
    shape[name] = own[name]!;
    metas[name] = field;
  }
  return {
    schema: z.object(shape),
    fields: metas,
    steps: [{ id: UNIDENTIFIED_STEP, title: STEP_TITLE }, ...ownSteps],
  };
}

/** The person concerned needs an INSZ, or a name with birth date and place. */
export function unidentifiedIssues(
  values: Record<string, unknown>,
  stepFields: readonly string[],
): FieldIssue[] {
  if (!stepFields.includes('personInsz')) return [];
  const has = (k: string) => typeof values[k] === 'string' && (values[k] as string).trim() !== '';
  if (has('personInsz')) return [];
  return ['personName', 'personBirthDate', 'personBirthPlace']
    .filter((k) => !has(k))
    .map((path) => ({ path, code: 'required', message: FIELD_MESSAGES.required }));
}

/**
 * Splits validated values into the type's input, the declared details and the evidence
 * upload ids.
 */
export function splitUnidentified(values: Record<string, unknown>): {
  input: Record<string, unknown>;
  details: UnidentifiedDetails;
  evidence: string[];
} {
  const input: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (!(UNIDENTIFIED_FIELDS as readonly string[]).includes(k)) input[k] = v;
  }
  const str = (k: string) =>
    typeof values[k] === 'string' && values[k] !== '' ? (values[k] as string) : undefined;
  const upload = (values.evidence as { uploadId?: unknown } | undefined)?.uploadId;
  return {
    input,
    details: {
      name: str('requesterName') ?? '',
      phone: str('requesterPhone'),
      relation: str('requesterRelation') ?? '',
      person: {
        insz: str('personInsz'),
        name: str('personName'),
        birthDate: str('personBirthDate'),
        birthPlace: str('personBirthPlace'),
      },
      purpose: str('requestPurpose') ?? '',
    },
    evidence: typeof upload === 'string' ? [upload] : [],
  };
}
