import { unknownMailPlaceholders } from '@smartloket/core';
import { z } from 'zod';

/**
 * The JSON format of a declarative request type: a request type described as data, made in the
 * back-office's designer or kept as a file in the deployment (`requestTypes` in the config).
 * Labels and texts are plain text (never HTML); conditions are data (`showWhen`), never code; a
 * declarative type cannot consult an authentic source (that needs a plugin with a source manifest
 * and a legal basis).
 */

/** Markup is refused in every text: labels are text, never HTML (no injection through the designer). */
const MARKUP = /<\s*[a-zA-Z!/?]|&[a-zA-Z#][a-zA-Z0-9]*;/;

/** One text, plain, trimmed by the author. */
const plain = (max: number) =>
  z
    .string()
    .max(max, { error: `at most ${max} characters` })
    .refine((s) => !MARKUP.test(s), { error: 'plain text only: no HTML tags or entities' });

const required = (max: number) =>
  plain(max).refine((s) => s.trim().length > 0, { error: 'must not be empty' });

/** A text in Dutch (always) and French, English and German (the designer's check names missing ones). */
export const localizedTextSchema = (max = 500) =>
  z
    .object({
      nl: required(max),
      fr: plain(max).optional(),
      en: plain(max).optional(),
      de: plain(max).optional(),
    })
    .strict()
    .meta({ description: 'A text in Dutch (required), French, English and German. Plain text, no HTML.' });

/** A field's name: what rules, documents and exports call its answer. */
export const FIELD_NAME = /^[a-z][a-zA-Z0-9]{0,39}$/;
/** A step's id. */
export const STEP_ID = /^[a-z][a-z0-9-]{0,39}$/;
/** A request type's id: `<prefix>.<type>`, lowercase, dashes allowed (as `defineRequestType`). */
export const TYPE_ID = /^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$/;

/** Media types a file field may accept: documents and photos the portal can show a clerk. */
export const FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
/** The largest upload a file field may allow (the portal's own limit). */
export const FILE_MAX_BYTES = 10 * 1024 * 1024;

/** Nested quantifiers (`(a+)+`) can take exponential time: refused in patterns. */
const NESTED_QUANTIFIER = /\([^)]*[+*}][^)]*\)\s*[+*{]/;

const showWhen = z
  .object({
    field: z.string().regex(FIELD_NAME, { error: 'a field name (letters and digits, starting lowercase)' }),
    in: z.array(z.string().min(1)).min(1, { error: 'name at least one value' }),
  })
  .strict()
  .meta({
    description: 'Show (and ask) this field only when an earlier choice field has one of these values.',
  });

const base = {
  name: z
    .string()
    .regex(FIELD_NAME, { error: 'a field name: letters and digits, starting with a lowercase letter' }),
  label: localizedTextSchema(200),
  help: localizedTextSchema(1000).optional(),
  required: z.boolean().default(true),
  showWhen: showWhen.optional(),
};

const textField = z
  .object({
    ...base,
    kind: z.literal('text'),
    max: z.number().int().min(1).max(500).optional(),
    pattern: z
      .string()
      .min(1)
      .max(200)
      .refine(
        (p) => {
          try {
            new RegExp(p);
            return !NESTED_QUANTIFIER.test(p);
          } catch {
            return false;
          }
        },
        { error: 'not a valid regular expression (or one with nested repetition)' },
      )
      .optional()
      .meta({ description: 'The whole value must match this regular expression (anchored for you).' }),
    patternMessage: localizedTextSchema(300).optional(),
    placeholder: plain(60).optional(),
  })
  .strict();

const textareaField = z
  .object({ ...base, kind: z.literal('textarea'), max: z.number().int().min(1).max(4000).optional() })
  .strict();

const numberField = z
  .object({
    ...base,
    kind: z.literal('number'),
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().default(true),
  })
  .strict();

const choiceField = z
  .object({
    ...base,
    kind: z.literal('choice'),
    options: z
      .array(
        z
          .object({
            value: z
              .string()
              .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { error: 'lowercase letters, digits and dashes' }),
            label: localizedTextSchema(200),
          })
          .strict(),
      )
      .min(1, { error: 'a choice needs at least one option' })
      .max(50),
  })
  .strict();

const fileField = z
  .object({
    ...base,
    kind: z.literal('file'),
    accept: z
      .array(z.enum(FILE_TYPES))
      .min(1)
      .default([...FILE_TYPES]),
    maxBytes: z
      .number()
      .int()
      .min(1)
      .max(FILE_MAX_BYTES, { error: `at most ${FILE_MAX_BYTES} bytes (10 MB)` })
      .default(5 * 1024 * 1024),
  })
  .strict();

const ibanField = z
  .object({ ...base, kind: z.literal('iban'), belgian: z.boolean().default(false) })
  .strict();

const simpleKinds = ['date', 'boolean', 'insz', 'kbo', 'email', 'phone', 'licence-plate', 'address'] as const;
const simpleField = z.object({ ...base, kind: z.enum(simpleKinds) }).strict();

/** Every field kind a declarative type may use. */
export const FIELD_KINDS = ['text', 'textarea', 'number', 'choice', 'file', 'iban', ...simpleKinds] as const;
/** A field kind of a declarative type. */
export type DeclarativeFieldKind = (typeof FIELD_KINDS)[number];

/** One field. */
export const fieldSchema = z.discriminatedUnion('kind', [
  textField,
  textareaField,
  numberField,
  choiceField,
  fileField,
  ibanField,
  simpleField,
]);

/** One step (page) of the form, with its fields in order. */
export const stepSchema = z
  .object({
    id: z.string().regex(STEP_ID, { error: 'lowercase letters, digits and dashes' }),
    title: localizedTextSchema(200),
    fields: z.array(fieldSchema).max(60).default([]),
  })
  .strict();

const docText = localizedTextSchema(2000);

/** One block of the issued document, as the PDF renderer draws them. Texts may hold `{placeholders}`. */
export const documentBlockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('heading'), text: docText }).strict(),
  z.object({ type: z.literal('paragraph'), text: docText }).strict(),
  z
    .object({
      type: z.literal('keyValue'),
      items: z
        .array(z.object({ key: localizedTextSchema(200), value: docText }).strict())
        .min(1)
        .max(40),
    })
    .strict(),
  z.object({ type: z.literal('spacer') }).strict(),
]);

/**
 * The document a clerk's approval produces, sealed with the deployment's signer. Placeholders:
 * `{fieldName}` (the answer, formatted in the document's language), `{reference}`, `{today}`,
 * and with `validMonths` also `{validFrom}` and `{validUntil}`.
 */
export const documentSchema = z
  .object({
    title: localizedTextSchema(200),
    blocks: z.array(documentBlockSchema).min(1).max(60),
    validMonths: z.number().int().min(1).max(120).optional(),
  })
  .strict();

/** The whole definition. */
export const declarativeTypeSchema = z
  .object({
    $schema: z.string().optional(),
    id: z
      .string()
      .regex(TYPE_ID, { error: 'an id like "gemeente.feestzaal": lowercase, a dot, dashes allowed' }),
    title: localizedTextSchema(200),
    description: localizedTextSchema(2000).optional(),
    theme: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, { error: 'lowercase letters, digits and dashes' }),
    themeTitle: localizedTextSchema(100).optional(),
    audience: z
      .array(z.enum(['citizen', 'organisation', 'anonymous']))
      .min(1)
      .default(['citizen', 'organisation']),
    minimumLevel: z.enum(['none', 'low', 'substantial', 'high']).default('substantial'),
    steps: z.array(stepSchema).min(1, { error: 'a form needs at least one step' }).max(20),
    outcome: z.enum(['review', 'acknowledge']).default('review').meta({
      description:
        '`review`: a clerk handles every request. `acknowledge`: a report (no document) is acknowledged at once; a clerk follows it up.',
    }),
    document: documentSchema.optional(),
    leadTimeDays: z.number().int().min(0).max(3650).optional(),
    expectedDelivery: localizedTextSchema(200).optional(),
    retention: z
      .object({
        formDataDays: z.number().int().min(1).max(36500).optional(),
        documentMonths: z.number().int().min(1).max(1200).optional(),
      })
      .strict()
      .default({}),
    feeCents: z.number().int().min(0).max(10_000_000).optional().meta({
      description:
        'The fee (retributie) in euro cents: the type’s default fee, charged like a plugin’s (the municipality may set its own amount from a date on in the back-office). 0 or absent: free.',
    }),
    feePayment: z.enum(['before_submit', 'after_approval']).optional().meta({
      description:
        '`before_submit` (default): paid before the request is filed. `after_approval`: a type with a document only; the requester pays after the clerk’s approval and gets the document once paid.',
    }),
    payWithinDays: z.number().int().min(1).max(365).optional().meta({
      description: '`after_approval`: days an approved request waits for its payment [30].',
    }),
    mailTexts: z
      .object({
        receipt: localizedTextSchema(2000).optional(),
        approved: localizedTextSchema(2000).optional(),
        refused: localizedTextSchema(2000).optional(),
      })
      .strict()
      .optional()
      .meta({
        description:
          'The type’s own text in the receipt, approval and refusal mails, plain text under the mail’s own text. Placeholders: {{reference}}, {{title}}, {{answers.<field name>}}.',
      }),
  })
  .strict()
  .superRefine((def, ctx) => {
    const seen = new Map<string, { kind: string; options?: string[] }>();
    const steps = new Set<string>();
    def.steps.forEach((step, s) => {
      if (steps.has(step.id))
        ctx.addIssue({ code: 'custom', path: ['steps', s, 'id'], message: `step "${step.id}" twice` });
      steps.add(step.id);
      step.fields.forEach((field, f) => {
        const path = ['steps', s, 'fields', f];
        if (seen.has(field.name)) {
          ctx.addIssue({ code: 'custom', path: [...path, 'name'], message: `field "${field.name}" twice` });
        }
        if (field.kind === 'choice') {
          const values = field.options.map((o) => o.value);
          values.forEach((v, i) => {
            if (values.indexOf(v) !== i) {
              ctx.addIssue({
                code: 'custom',
                path: [...path, 'options', i, 'value'],
                message: `option "${v}" twice`,
              });
            }
          });
        }
        if (
          field.kind === 'number' &&
          field.min !== undefined &&
          field.max !== undefined &&
          field.min > field.max
        ) {
          ctx.addIssue({ code: 'custom', path: [...path, 'min'], message: 'min is above max' });
        }
        if (field.showWhen) {
          const other = seen.get(field.showWhen.field);
          if (!other) {
            ctx.addIssue({
              code: 'custom',
              path: [...path, 'showWhen', 'field'],
              message: `"${field.showWhen.field}" is not a field before this one`,
            });
          } else if (other.kind !== 'choice') {
            ctx.addIssue({
              code: 'custom',
              path: [...path, 'showWhen', 'field'],
              message: `"${field.showWhen.field}" is not a choice field`,
            });
          } else {
            field.showWhen.in.forEach((v, i) => {
              if (!other.options?.includes(v)) {
                ctx.addIssue({
                  code: 'custom',
                  path: [...path, 'showWhen', 'in', i],
                  message: `"${v}" is not an option of "${field.showWhen?.field}"`,
                });
              }
            });
          }
        }
        seen.set(field.name, {
          kind: field.kind,
          options: field.kind === 'choice' ? field.options.map((o) => o.value) : undefined,
        });
      });
    });
    if (def.document && def.outcome !== 'review') {
      ctx.addIssue({
        code: 'custom',
        path: ['outcome'],
        message: 'a type with a document is always reviewed by a clerk',
      });
    }
    if (def.feePayment === 'after_approval' && !def.document) {
      ctx.addIssue({
        code: 'custom',
        path: ['feePayment'],
        message: 'paying after approval needs a document (a clerk approves only a type with a document)',
      });
    }
    if ((def.feePayment !== undefined || def.payWithinDays !== undefined) && !def.feeCents) {
      ctx.addIssue({ code: 'custom', path: ['feeCents'], message: 'a payment moment needs a fee' });
    }
    if (def.payWithinDays !== undefined && def.feePayment !== 'after_approval') {
      ctx.addIssue({
        code: 'custom',
        path: ['payWithinDays'],
        message: 'a payment term goes with feePayment "after_approval"',
      });
    }
    if (def.document && def.audience.includes('anonymous')) {
      ctx.addIssue({
        code: 'custom',
        path: ['audience'],
        message: 'a type with a document cannot be filed anonymously',
      });
    }
    if (def.audience.includes('anonymous') && def.minimumLevel !== 'none') {
      ctx.addIssue({
        code: 'custom',
        path: ['minimumLevel'],
        message: 'anonymous filing needs minimumLevel "none"',
      });
    }
    for (const [kind, text] of Object.entries(def.mailTexts ?? {})) {
      for (const [locale, s] of Object.entries(text ?? {})) {
        const unknown = unknownMailPlaceholders({ receipt: { nl: s ?? '' } }, new Set(seen.keys()));
        for (const p of unknown) {
          ctx.addIssue({
            code: 'custom',
            path: ['mailTexts', kind, locale],
            message: `placeholder {{${p}}} names nothing: use {{reference}}, {{title}} or {{answers.<field name>}}`,
          });
        }
      }
    }
    if (def.document) {
      const names = new Set([...seen.keys(), 'reference', 'today']);
      if (def.document.validMonths) {
        names.add('validFrom');
        names.add('validUntil');
      }
      const texts: Array<[(string | number)[], Record<string, string | undefined>]> = [];
      def.document.blocks.forEach((b, i) => {
        if (b.type === 'heading' || b.type === 'paragraph')
          texts.push([['document', 'blocks', i, 'text'], b.text]);
        if (b.type === 'keyValue') {
          b.items.forEach((it, j) => {
            texts.push([['document', 'blocks', i, 'items', j, 'value'], it.value]);
          });
        }
      });
      for (const [path, t] of texts) {
        for (const [locale, s] of Object.entries(t)) {
          for (const m of (s ?? '').matchAll(/\{(\w+)\}/g)) {
            if (!names.has(m[1] as string)) {
              ctx.addIssue({
                code: 'custom',
                path: [...path, locale],
                message: `placeholder {${m[1]}} names no field`,
              });
            }
          }
        }
      }
    }
  });

/** A declarative request type as written (defaults not yet filled in). */
export type DeclarativeTypeInput = z.input<typeof declarativeTypeSchema>;
/** A validated declarative request type, defaults filled in. */
export type DeclarativeType = z.output<typeof declarativeTypeSchema>;
/** One field of a validated type. */
export type DeclarativeField = z.output<typeof fieldSchema>;
/** One step of a validated type. */
export type DeclarativeStep = z.output<typeof stepSchema>;

/** One problem of a definition, named by its path (e.g. `steps[0].fields[2].label.nl`). */
export interface DefinitionError {
  /** Where: `steps[0].fields[2].label.nl`; empty for the whole definition. */
  path: string;
  /** What is wrong, in English (for integrators and logs; the designer shows its own text). */
  message: string;
}

/** Result of {@link parseDeclarativeType}. */
export type ParseResult = { ok: true; value: DeclarativeType } | { ok: false; errors: DefinitionError[] };

/** `['steps', 0, 'label']` as `steps[0].label`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/**
 * Validates a definition (parsed JSON). Every problem is named with its path.
 *
 * @example
 * ```ts
 * const r = parseDeclarativeType(JSON.parse(await readFile('types/feestzaal.json', 'utf8')));
 * if (!r.ok) for (const e of r.errors) console.error(`${e.path}: ${e.message}`);
 * ```
 */
export function parseDeclarativeType(input: unknown): ParseResult {
  const r = declarativeTypeSchema.safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  return {
    ok: false,
    errors: r.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
  };
}

/** Every field of a definition, in order, with the id of its step. */
export function allFields(def: DeclarativeType): Array<DeclarativeField & { step: string }> {
  return def.steps.flatMap((s) => s.fields.map((f) => ({ ...f, step: s.id })));
}
