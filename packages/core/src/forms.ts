import { z } from 'zod';
import type { LocalizedText } from './i18n.js';
import { isValidIban, normalizeIban } from './identifiers/iban.js';
import { isValidInsz, normalizeInsz } from './identifiers/insz.js';
import { isValidKbo, normalizeKbo } from './identifiers/kbo.js';
import { normalizeLicencePlate } from './identifiers/licence-plate.js';
import { normalizePhone } from './identifiers/phone.js';

/**
 * Forms: a zod schema plus field metadata that core defines, so the portal, the API and the CLI
 * can render and validate any request type without plugin-specific UI code.
 *
 * ```ts
 * const f = form({
 *   purpose: fields.text({ label: { nl: 'Doel' }, max: 200 }),
 *   language: fields.choice({ label: { nl: 'Taal' }, options: [...] }),
 * });
 * ```
 */

/** The kinds of field core knows; the portal has a widget for each. */
export type FieldKind =
  | 'text'
  | 'textarea'
  | 'insz'
  | 'kbo'
  | 'email'
  | 'phone'
  | 'iban'
  | 'licence-plate'
  | 'date'
  | 'year'
  | 'number'
  | 'choice'
  | 'boolean'
  | 'address'
  | 'file'
  | 'for-whom';

/** One option of a choice field. */
export interface ChoiceOption {
  /** The value stored in the form (stable: rules and sources read it). */
  value: string;
  /** What the requester reads. */
  label: LocalizedText;
}

/** What a renderer needs to show a field. */
export interface FieldMeta {
  /** Which widget renders the field. */
  kind: FieldKind;
  /** The field's label. */
  label: LocalizedText;
  /** Help text shown under the field. */
  help?: LocalizedText | undefined;
  /** False when the builder was given `optional: true` (or the field has a default). */
  required: boolean;
  /** Choice fields. */
  options?: ChoiceOption[] | undefined;
  /** Text length limit. */
  max?: number | undefined;
  /**
   * Text fields with a `pattern`: what the requester reads when the value does not match it
   * (issue code `text.pattern`). Without it core's generic {@link FIELD_MESSAGES} `text.pattern`.
   */
  patternMessage?: LocalizedText | undefined;
  /** An example value the widget shows while the field is empty (e.g. `1-ABC-234`). */
  placeholder?: string | undefined;
  /** File fields: accepted media types and size limit in bytes. */
  accept?: string[] | undefined;
  /** File fields: size limit in bytes. */
  maxBytes?: number | undefined;
  /**
   * Choice fields whose options are only known at run time: the request type's `choices[name]`
   * loads them (see `defineChoice`), the portal fills `options` before rendering, and the runtime
   * checks a submitted value against a fresh load.
   */
  dynamic?: boolean | undefined;
  /** A message the renderer shows with the field (e.g. that its list could not be loaded). */
  notice?: LocalizedText | undefined;
  /** Show this field only when another field has one of these values. */
  showWhen?:
    | {
        /** The other field's name. */
        field: string;
        /** The values that show this field. */
        in: string[];
      }
    | undefined;
  /** The step (page) this field belongs to, for multi-step forms. */
  step?: string | undefined;
  /** The HTML `autocomplete` token, e.g. `email`. */
  autocomplete?: string | undefined;
}

/** One field: its schema and its metadata. */
export interface Field<T extends z.ZodType = z.ZodType> {
  /** Validates and normalises the field's value, with core's message codes as errors. */
  schema: T;
  /** How to render the field. */
  meta: FieldMeta;
}

/** One step (page) of a multi-step form; fields name it in `step`. */
export interface FormStep {
  /** The id fields refer to. */
  id: string;
  /** The page's heading. */
  title: LocalizedText;
}

/** A form definition: an object schema and ordered field metadata. */
export interface FormDefinition<S extends z.ZodObject = z.ZodObject> {
  /** The whole form's schema. */
  schema: S;
  /** Field metadata by name, in display order. */
  fields: Record<string, FieldMeta>;
  /** The steps, in order; empty for a one-page form. */
  steps: FormStep[];
}

/** The validated values of a form: what rules, sources and renderers get as `form`. */
export type FormValues<F extends FormDefinition> = z.infer<F['schema']>;

/** Messages of core's own validations, by code. */
export const FIELD_MESSAGES = {
  /** A required field is empty. */
  required: { nl: 'Dit veld is verplicht.', fr: 'Ce champ est obligatoire.', en: 'This field is required.' },
  /** Not a valid INSZ (check digits). */
  'insz.invalid': {
    nl: 'Dit is geen geldig rijksregisternummer.',
    fr: "Ce n'est pas un numéro de registre national valide.",
    en: 'This is not a valid national register number.',
  },
  /** Not a valid enterprise number (check digits). */
  'kbo.invalid': {
    nl: 'Dit is geen geldig ondernemingsnummer.',
    fr: "Ce n'est pas un numéro d'entreprise valide.",
    en: 'This is not a valid enterprise number.',
  },
  /** Not an e-mail address. */
  'email.invalid': {
    nl: 'Dit is geen geldig e-mailadres.',
    fr: "Ce n'est pas une adresse e-mail valide.",
    en: 'This is not a valid e-mail address.',
  },
  /** Not a calendar date in `yyyy-mm-dd`. */
  'date.invalid': {
    nl: 'Geef een geldige datum (jjjj-mm-dd).',
    fr: 'Indiquez une date valide (aaaa-mm-jj).',
    en: 'Enter a valid date (yyyy-mm-dd).',
  },
  /** Longer than the field's `max`; `{max}` is filled in. */
  'text.too_long': {
    nl: 'Deze tekst is te lang (maximum {max} tekens).',
    fr: 'Ce texte est trop long (maximum {max} caractères).',
    en: 'This text is too long (maximum {max} characters).',
  },
  /** A text field's value does not match its `pattern` (and the field has no `patternMessage`). */
  'text.pattern': {
    nl: 'Deze waarde heeft niet de verwachte vorm.',
    fr: "Cette valeur n'a pas la forme attendue.",
    en: 'This value does not have the expected form.',
  },
  /** Not a phone number. */
  'phone.invalid': {
    nl: 'Dit is geen geldig telefoonnummer. Bijvoorbeeld: 0470 12 34 56 of +32 470 12 34 56.',
    fr: "Ce n'est pas un numéro de téléphone valide. Par exemple : 0470 12 34 56 ou +32 470 12 34 56.",
    en: 'This is not a valid phone number. For example: 0470 12 34 56 or +32 470 12 34 56.',
  },
  /** Not a valid IBAN (check digits), or not Belgian where only Belgian accounts are accepted. */
  'iban.invalid': {
    nl: 'Dit is geen geldig IBAN-rekeningnummer. Bijvoorbeeld: BE68 5390 0754 7034.',
    fr: "Ce n'est pas un numéro de compte IBAN valide. Par exemple : BE68 5390 0754 7034.",
    en: 'This is not a valid IBAN account number. For example: BE68 5390 0754 7034.',
  },
  /** Not a Belgian licence plate. */
  'licence-plate.invalid': {
    nl: 'Dit is geen Belgische nummerplaat. Bijvoorbeeld: 1-ABC-234.',
    fr: "Ce n'est pas une plaque d'immatriculation belge. Par exemple : 1-ABC-234.",
    en: 'This is not a Belgian licence plate. For example: 1-ABC-234.',
  },
  /** Not one of the options. */
  'choice.invalid': {
    nl: 'Kies een van de mogelijkheden.',
    fr: 'Choisissez une des options.',
    en: 'Choose one of the options.',
  },
  /** A Belgian postcode has four digits. */
  'postcode.invalid': {
    nl: 'Een postcode heeft 4 cijfers.',
    fr: 'Un code postal comporte 4 chiffres.',
    en: 'A postcode has 4 digits.',
  },
  /** Any other invalid value. */
  invalid: { nl: 'Deze waarde is ongeldig.', fr: 'Cette valeur est invalide.', en: 'This value is invalid.' },
} satisfies Record<string, LocalizedText>;

/** A stable code of core's field validation messages (a key of {@link FIELD_MESSAGES}). */
export type FieldMessageCode = keyof typeof FIELD_MESSAGES;

/** The options every field builder takes. */
export interface FieldOptions {
  /** The field's label, e.g. `{ nl: 'Nummerplaat', fr: "Plaque d'immatriculation", en: 'Licence plate' }`. */
  label: LocalizedText;
  /** Help text shown under the field. */
  help?: LocalizedText;
  /** True when the requester may leave the field empty (default: required). */
  optional?: boolean;
  /** The id of the step (page) the field is on, one of `form(..., { steps })`. */
  step?: string;
  /** Show (and validate) the field only when another field has one of these values. */
  showWhen?: {
    /** The other field's name. */
    field: string;
    /** The values that show this field. */
    in: string[];
  };
}

/** Options of {@link fields}`.text`. */
export interface TextFieldOptions extends FieldOptions {
  /** At most this many characters (default 500; `text.too_long`). */
  max?: number;
  /** The HTML `autocomplete` token, e.g. `family-name`. */
  autocomplete?: string;
  /**
   * The whole (trimmed) value must match this expression, e.g. `/^\d{4}$/`; anchor it yourself
   * with `^...$`. A mismatch is issue code `text.pattern` with `patternMessage` as its text.
   */
  pattern?: RegExp;
  /**
   * What the requester reads when the value does not match `pattern`, in Dutch, French and
   * English, e.g. `{ nl: 'Geef uw klantnummer (4 cijfers).', fr: '...', en: '...' }`. Without it
   * the generic "Deze waarde heeft niet de verwachte vorm."
   */
  patternMessage?: LocalizedText;
  /** An example value shown while the field is empty. */
  placeholder?: string;
}

/** Options of {@link fields}`.textarea`. */
export interface TextareaFieldOptions extends FieldOptions {
  /** At most this many characters (default 4000; `text.too_long`). */
  max?: number;
}

/** Options of {@link fields}`.iban`. */
export interface IbanFieldOptions extends FieldOptions {
  /** Accept Belgian accounts (`BE...`) only (default: any IBAN). */
  belgian?: boolean;
}

/** Options of {@link fields}`.dynamicChoice`. */
export interface DynamicChoiceFieldOptions extends FieldOptions {
  /** At most this many characters in a value (default 200). */
  max?: number;
}

/** Options of {@link fields}`.file`. */
export interface FileFieldOptions extends FieldOptions {
  /** The accepted media types, e.g. `['application/pdf', 'image/jpeg', 'image/png']`. */
  accept: string[];
  /** The size limit in bytes, e.g. `5_000_000`. */
  maxBytes: number;
}

/** Options of {@link fields}`.choice`: the options and an optional default. */
export interface ChoiceFieldOptions<V extends readonly [string, ...string[]]> extends FieldOptions {
  /** The options, in display order: a stable `value` and a translated `label` each. */
  options: {
    [K in keyof V]: {
      /** The value stored in the form (stable: rules and sources read it). */
      value: V[K];
      /** What the requester reads. */
      label: LocalizedText;
    };
  };
  /** The value when the requester picks none; with it the field is never missing. */
  default?: V[number];
}

function meta(kind: FieldKind, o: FieldOptions, extra: Partial<FieldMeta> = {}): FieldMeta {
  return {
    kind,
    label: o.label,
    help: o.help,
    required: !o.optional,
    step: o.step,
    showWhen: o.showWhen,
    ...extra,
  };
}

function opt<T extends z.ZodType>(schema: T, o: FieldOptions): z.ZodType {
  return o.optional ? schema.optional() : schema;
}

const requiredString = () => z.string({ error: 'required' }).trim().min(1, { error: 'required' });

function isCalendarDate(v: string): boolean {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/**
 * Field builders. Each returns a schema with stable error codes and the field's metadata. Every
 * builder takes a `label`, and optionally `help`, `optional`, `step` and `showWhen`.
 *
 * @example
 * ```ts
 * const f = form({
 *   location: fields.address({ label: text({ nl: 'Waar?', en: 'Where?' }) }),
 *   kind: fields.choice({
 *     label: text({ nl: 'Wat?', en: 'What?' }),
 *     options: [
 *       { value: 'litter', label: text({ nl: 'Zwerfvuil', en: 'Litter' }) },
 *       { value: 'lamp', label: text({ nl: 'Straatlamp', en: 'Street light' }) },
 *     ],
 *   }),
 *   photo: fields.file({ label: text({ nl: 'Foto' }), optional: true, accept: ['image/jpeg'], maxBytes: 5_000_000 }),
 * });
 * ```
 */
export const fields = {
  /**
   * A one-line text, trimmed, at most `max` characters (default 500); with `pattern`, the value
   * must match it, and `patternMessage` says what was expected.
   *
   * @example
   * ```ts
   * fields.text({
   *   label: { nl: 'Klantnummer', fr: 'Numéro de client', en: 'Customer number' },
   *   pattern: /^K\d{6}$/,
   *   patternMessage: {
   *     nl: 'Een klantnummer is een K en 6 cijfers.',
   *     fr: 'Un numéro de client est un K suivi de 6 chiffres.',
   *     en: 'A customer number is a K and 6 digits.',
   *   },
   *   placeholder: 'K123456',
   * })
   * ```
   */
  text(o: TextFieldOptions): Field {
    const max = o.max ?? 500;
    const pattern = o.pattern;
    let schema = requiredString().max(max, { error: 'text.too_long' });
    if (pattern) {
      schema = schema.refine(
        (v) => {
          pattern.lastIndex = 0; // a /g or /y expression keeps state between tests
          return pattern.test(v);
        },
        { error: 'text.pattern' },
      );
    }
    return {
      schema: opt(schema, o),
      meta: meta('text', o, {
        max,
        autocomplete: o.autocomplete,
        patternMessage: pattern ? o.patternMessage : undefined,
        placeholder: o.placeholder,
      }),
    };
  },
  /** A multi-line text, trimmed, at most `max` characters (default 4000). */
  textarea(o: TextareaFieldOptions): Field {
    const max = o.max ?? 4000;
    return {
      schema: opt(requiredString().max(max, { error: 'text.too_long' }), o),
      meta: meta('textarea', o, { max }),
    };
  },
  /** An INSZ (national register or BIS number): check digits verified, normalised to 11 digits. */
  insz(o: FieldOptions): Field {
    return {
      schema: opt(
        requiredString()
          .refine((v) => isValidInsz(v), { error: 'insz.invalid' })
          .transform(normalizeInsz),
        o,
      ),
      meta: meta('insz', o),
    };
  },
  /** An enterprise (KBO) number: check digits verified, normalised to 10 digits. */
  kbo(o: FieldOptions): Field {
    return {
      schema: opt(
        requiredString()
          .refine((v) => isValidKbo(v), { error: 'kbo.invalid' })
          .transform(normalizeKbo),
        o,
      ),
      meta: meta('kbo', o),
    };
  },
  /** An e-mail address. */
  email(o: FieldOptions): Field {
    return {
      schema: opt(requiredString().pipe(z.email({ error: 'email.invalid' })), o),
      meta: meta('email', o, { autocomplete: 'email' }),
    };
  },
  /**
   * A phone number, normalised to E.164: `0470 12 34 56` becomes `+32470123456`. Belgian numbers
   * may be written nationally; foreign ones start with `+` or `00` (`phone.invalid`).
   */
  phone(o: FieldOptions): Field {
    return {
      schema: opt(
        requiredString()
          .refine((v) => normalizePhone(v) !== undefined, { error: 'phone.invalid' })
          .transform((v) => normalizePhone(v)!),
        o,
      ),
      meta: meta('phone', o, { autocomplete: 'tel', placeholder: '0470 12 34 56' }),
    };
  },
  /**
   * A bank account number (IBAN): check digits verified, normalised to upper case without spaces
   * (`BE68539007547034`; the summary shows it grouped by four). `belgian: true` refuses foreign
   * accounts (`iban.invalid`).
   */
  iban(o: IbanFieldOptions): Field {
    return {
      schema: opt(
        requiredString()
          .refine((v) => isValidIban(v, { belgian: o.belgian }), { error: 'iban.invalid' })
          .transform(normalizeIban),
        o,
      ),
      meta: meta('iban', o, { placeholder: 'BE68 5390 0754 7034' }),
    };
  },
  /**
   * A Belgian licence plate, normalised as printed: `1abc234` becomes `1-ABC-234` (also the older
   * `ABC-123` and `123-ABC`; personalised plates are refused: `licence-plate.invalid`).
   */
  licencePlate(o: FieldOptions): Field {
    return {
      schema: opt(
        requiredString()
          .refine((v) => normalizeLicencePlate(v) !== undefined, { error: 'licence-plate.invalid' })
          .transform((v) => normalizeLicencePlate(v)!),
        o,
      ),
      meta: meta('licence-plate', o, { placeholder: '1-ABC-234' }),
    };
  },
  /** A calendar date as `yyyy-mm-dd` (impossible dates such as 2025-02-31 are refused). */
  date(o: FieldOptions): Field {
    return {
      schema: opt(
        requiredString().refine(
          // Round trip through Date: Date.parse alone accepts 2025-02-31 (as 3 March).
          (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && isCalendarDate(v),
          { error: 'date.invalid' },
        ),
        o,
      ),
      meta: meta('date', o),
    };
  },
  /** A year (1796 to 9999), coerced from text. */
  year(o: FieldOptions): Field {
    return {
      schema: opt(z.coerce.number({ error: 'invalid' }).int({ error: 'invalid' }).min(1796).max(9999), o),
      meta: meta('year', o),
    };
  },
  /**
   * One of fixed options (radio buttons, or a drop-down for many). With `default`, the field is
   * never missing.
   */
  choice<const V extends readonly [string, ...string[]]>(o: ChoiceFieldOptions<V>): Field {
    const values = o.options.map((x) => x.value) as unknown as [string, ...string[]];
    let schema: z.ZodType = z.enum(values, {
      error: (iss) => (iss.input === undefined ? 'required' : 'choice.invalid'),
    });
    if (o.default !== undefined) schema = (schema as z.ZodEnum).default(o.default as never);
    else if (o.optional) schema = schema.optional();
    return {
      schema,
      meta: meta(
        'choice',
        { ...o, optional: o.optional || o.default !== undefined },
        { options: [...o.options] },
      ),
    };
  },
  /**
   * A choice whose options the request type loads at run time (`choices[name]` of
   * `defineRequestType`, e.g. a list from an authentic source). The schema takes any value up to
   * `max` characters and is optional: the runtime checks the value against the loaded options
   * (and asks it when the field is required and there are options to choose from).
   */
  dynamicChoice(o: DynamicChoiceFieldOptions): Field {
    const max = o.max ?? 200;
    return {
      schema: z.string().trim().max(max, { error: 'choice.invalid' }).optional(),
      meta: meta('choice', o, { dynamic: true, max }),
    };
  },
  /** A check box: always present, `true` when ticked (accepts `on`, `true`, `false`). */
  boolean(o: FieldOptions): Field {
    return {
      schema: z
        .union([z.boolean(), z.enum(['on', 'true', 'false', ''])])
        .optional()
        .transform((v) => v === true || v === 'on' || v === 'true'),
      meta: meta('boolean', { ...o, optional: true }),
    };
  },
  /** A Belgian address: street, number, optional box, four-digit postcode and municipality. */
  address(o: FieldOptions): Field {
    const schema = z.object({
      street: requiredString().max(200, { error: 'text.too_long' }),
      number: requiredString().max(20, { error: 'text.too_long' }),
      box: z.string().trim().max(20, { error: 'text.too_long' }).optional(),
      postcode: z
        .string()
        .trim()
        .regex(/^\d{4}$/, { error: 'postcode.invalid' }),
      municipality: requiredString().max(100, { error: 'text.too_long' }),
    });
    return { schema: opt(schema, o), meta: meta('address', o) };
  },
  /**
   * An upload: the value is the upload's reference (`uploadId`, `fileName`, `mediaType`, `size`);
   * the media type must be in `accept` and the size at most `maxBytes`.
   */
  file(o: FileFieldOptions): Field {
    const schema = z.object({
      uploadId: z.string().min(1),
      fileName: z.string().max(255),
      mediaType: z.string().refine((t) => o.accept.includes(t), { error: 'invalid' }),
      size: z.number().int().max(o.maxBytes, { error: 'invalid' }),
    });
    return { schema: opt(schema, o), meta: meta('file', o, { accept: o.accept, maxBytes: o.maxBytes }) };
  },
};

/**
 * Builds a form from named fields. Field order is display order.
 *
 * @example
 * ```ts
 * const f = form(
 *   {
 *     ...forWhomFields(['self', 'child']),
 *     purpose: fields.text({ label: text({ nl: 'Doel', en: 'Purpose' }), max: 200, step: 'details' }),
 *   },
 *   { steps: [{ id: 'details', title: text({ nl: 'Details', en: 'Details' }) }] },
 * );
 * ```
 * @throws TypeError when a field names a step that is not in `options.steps`.
 */
export function form<const T extends Record<string, Field>>(
  defs: T,
  options: { steps?: FormStep[] } = {},
): FormDefinition<z.ZodObject<{ [K in keyof T]: T[K]['schema'] }>> {
  const shape = Object.fromEntries(Object.entries(defs).map(([k, f]) => [k, f.schema])) as {
    [K in keyof T]: T[K]['schema'];
  };
  const fieldMeta = Object.fromEntries(Object.entries(defs).map(([k, f]) => [k, f.meta]));
  const steps = options.steps ?? [];
  for (const [name, m] of Object.entries(fieldMeta)) {
    if (m.step && !steps.some((s) => s.id === m.step)) {
      throw new TypeError(`form: field "${name}" names unknown step "${m.step}"`);
    }
  }
  return { schema: z.object(shape), fields: fieldMeta, steps };
}

/** Options of the standard "for whom" question. */
export type ForWhom = 'self' | 'child' | 'other' | 'organisation';

/** The labels of the {@link ForWhom} options. */
export const FOR_WHOM_LABELS: Record<ForWhom, LocalizedText> = {
  self: { nl: 'Voor mezelf', fr: 'Pour moi-même', en: 'For myself' },
  child: {
    nl: 'Voor mijn minderjarig kind (als wettelijk vertegenwoordiger)',
    fr: 'Pour mon enfant mineur (en tant que représentant légal)',
    en: 'For my minor child (as legal representative)',
  },
  other: {
    nl: 'Voor een andere persoon (met volmacht of wettelijke grond)',
    fr: 'Pour une autre personne (avec procuration ou base légale)',
    en: 'For another person (with a proxy or legal ground)',
  },
  organisation: { nl: 'Voor mijn organisatie', fr: 'Pour mon organisation', en: 'For my organisation' },
};

/**
 * The standard "for whom" fields: `forWhom`, the subject's INSZ when it is not the requester,
 * and the ground (or proxy) when it is another person.
 */
export function forWhomFields(allow: readonly ForWhom[] = ['self', 'child', 'other', 'organisation']) {
  const options = allow.map((value) => ({ value, label: FOR_WHOM_LABELS[value] }));
  return {
    /** Whom the request is for: one of `allow`. */
    forWhom: fields.choice({
      label: {
        nl: 'Voor wie vraagt u dit aan?',
        fr: 'Pour qui faites-vous cette demande ?',
        en: 'Who is this for?',
      },
      options: options as unknown as [{ value: string; label: LocalizedText }],
      default: allow[0],
    }),
    /** The INSZ of the child or other person (shown only for those). */
    subjectInsz: fields.insz({
      label: {
        nl: 'Rijksregisternummer van de persoon',
        fr: 'Numéro de registre national de la personne',
        en: 'National register number of the person',
      },
      optional: true,
      showWhen: { field: 'forWhom', in: ['child', 'other', 'organisation'] },
    }),
    /** The legal ground or proxy for another person (shown only for `other`). */
    ground: fields.text({
      label: {
        nl: 'Op welke grond vraagt u dit aan?',
        fr: 'Sur quelle base faites-vous cette demande ?',
        en: 'On what ground do you ask?',
      },
      help: {
        nl: 'Bijvoorbeeld: volmacht, notaris, advocaat.',
        fr: 'Par exemple : procuration, notaire, avocat.',
        en: 'For example: proxy, notary, lawyer.',
      },
      optional: true,
      max: 300,
      showWhen: { field: 'forWhom', in: ['other'] },
    }),
  };
}

/** Result of {@link validateForm}. */
export type FormValidation<T> =
  | {
      /** The input is valid. */
      ok: true;
      /** The validated, normalised values. */
      value: T;
    }
  | {
      /** The input is invalid. */
      ok: false;
      /** One issue per invalid field. */
      issues: import('./errors.js').FieldIssue[];
    };

/**
 * Validates raw input (a parsed HTML form or JSON) against a form. Every problem becomes a field
 * issue with a stable code and a localized message; unknown keys are dropped.
 */
export function validateForm<F extends FormDefinition>(
  def: F,
  input: unknown,
): FormValidation<FormValues<F>> {
  const cleaned = stripEmpty(input);
  const result = def.schema.safeParse(cleaned);
  if (result.success) return { ok: true, value: result.data as FormValues<F> };
  const seen = new Set<string>();
  const issues = [];
  for (const issue of result.error.issues) {
    const path = issue.path.join('.');
    if (seen.has(path)) continue; // one message per field
    seen.add(path);
    let code: FieldMessageCode = 'invalid';
    // zod does not report the input on issues: look the value up. A missing value is "required"
    // also for schemas without core's own message (an address object, a coerced year).
    const missing = valueAt(cleaned, issue.path) === undefined;
    if (issue.message in FIELD_MESSAGES && issue.message !== 'invalid')
      code = issue.message as FieldMessageCode;
    else if (missing && (issue.code === 'invalid_type' || issue.message === 'invalid')) code = 'required';
    const fieldName = String(issue.path[0] ?? '');
    // The limit of the check that failed (nested fields have their own), else the field's.
    const max = issue.code === 'too_big' ? Number(issue.maximum) : def.fields[fieldName]?.max;
    const own = code === 'text.pattern' ? def.fields[fieldName]?.patternMessage : undefined;
    const message: LocalizedText = own ?? FIELD_MESSAGES[code];
    issues.push({
      path,
      code,
      message:
        code === 'text.too_long' && max !== undefined
          ? (Object.fromEntries(
              Object.entries(message).map(([l, m]) => [l, m.replace('{max}', String(max))]),
            ) as LocalizedText)
          : message,
    });
  }
  return { ok: false, issues };
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** Empty strings from HTML forms mean "not given". */
function stripEmpty(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
    if (v === '' || v === undefined) continue;
    out[k] = typeof v === 'object' ? stripEmpty(v) : v;
  }
  return out;
}
