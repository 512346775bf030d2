import {
  addCalendarDays,
  alwaysReview,
  answerText,
  brusselsDay,
  DOCUMENT_LOCALES,
  defineFee,
  defineRequestType,
  type Field,
  type FieldOptions,
  fields,
  form,
  type Locale,
  type LocalizedText,
  localize,
  type RequestTypeDefinition,
  startOfBrusselsDay,
  z,
} from '@smartloket/core';
import { type Block, createCertificateRenderer } from '@smartloket/renderer-pdf';
import { allFields, type DeclarativeField, type DeclarativeType } from './schema.js';

/** Where a registered declarative type came from. */
export type DeclarativeOrigin = 'file' | 'designer';

/** A request type made from a declarative definition, with its version. */
export interface CompiledType {
  /** The core request type (form, rules, issue and renderer), as `defineRequestType` made it. */
  requestType: RequestTypeDefinition;
  /** The version the definition has (1, 2, ...): a request keeps the version it was filed under. */
  version: number;
  /** The definition it was made from. */
  definition: DeclarativeType;
}

const REVIEW: LocalizedText = {
  nl: 'Een medewerker van de gemeente behandelt elke aanvraag.',
  fr: 'Un collaborateur de la commune traite chaque demande.',
  en: 'A member of the municipality’s staff handles every request.',
};

/** A number field: coerced from the form's text, with its bounds. */
function numberField(f: Extract<DeclarativeField, { kind: 'number' }>, o: FieldOptions): Field {
  let schema = z.coerce.number({ error: 'invalid' });
  if (f.integer) schema = schema.int({ error: 'invalid' });
  if (f.min !== undefined) schema = schema.min(f.min, { error: 'invalid' });
  if (f.max !== undefined) schema = schema.max(f.max, { error: 'invalid' });
  return {
    schema: o.optional ? schema.optional() : schema,
    meta: {
      kind: 'number',
      label: o.label,
      help: o.help,
      required: !o.optional,
      step: o.step,
      showWhen: o.showWhen,
    },
  };
}

/** One declarative field as core's field (the same checks as a plugin's field of that kind). */
export function toField(f: DeclarativeField, step: string): Field {
  const o: FieldOptions = {
    label: f.label,
    ...(f.help ? { help: f.help } : {}),
    optional: !f.required,
    step,
    ...(f.showWhen ? { showWhen: f.showWhen } : {}),
  };
  switch (f.kind) {
    case 'text':
      return fields.text({
        ...o,
        ...(f.max ? { max: f.max } : {}),
        ...(f.pattern ? { pattern: new RegExp(`^(?:${f.pattern})$`, 'u') } : {}),
        ...(f.patternMessage ? { patternMessage: f.patternMessage } : {}),
        ...(f.placeholder ? { placeholder: f.placeholder } : {}),
      });
    case 'textarea':
      return fields.textarea({ ...o, ...(f.max ? { max: f.max } : {}) });
    case 'number':
      return numberField(f, o);
    case 'choice':
      return fields.choice({
        ...o,
        options: f.options.map((x) => ({ value: x.value, label: x.label })) as unknown as [
          { value: string; label: LocalizedText },
        ],
      });
    case 'file':
      return fields.file({ ...o, accept: [...f.accept], maxBytes: f.maxBytes });
    case 'iban':
      return fields.iban({ ...o, belgian: f.belgian });
    case 'date':
      return fields.date(o);
    case 'boolean':
      return fields.boolean(o);
    case 'insz':
      return fields.insz(o);
    case 'kbo':
      return fields.kbo(o);
    case 'email':
      return fields.email(o);
    case 'phone':
      return fields.phone(o);
    case 'licence-plate':
      return fields.licencePlate(o);
    case 'address':
      return fields.address(o);
  }
}

/** `yyyy-mm-dd` as `dd/mm/yyyy`. */
function day(d: string): string {
  const [y, m, dd] = d.split('-');
  return `${dd}/${m}/${y}`;
}

/** The last day of a term of `months` starting on `from`. */
function lastDay(from: string, months: number): string {
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  return addCalendarDays(new Date(Date.UTC(y, m - 1 + months, d)).toISOString().slice(0, 10), -1);
}

/** An answer as a person reads it in `locale` (core's {@link answerText} for the field's kind). */
export function formatAnswer(field: DeclarativeField | undefined, value: unknown, locale: Locale): string {
  if (!field) return value === undefined || value === null ? '' : String(value);
  return answerText(toField(field, '').meta, value, locale);
}

/**
 * Fills `{name}` placeholders of a text from the document's data, in every document language (a
 * text given in Dutch only is filled in each language from the Dutch, with the answers in that
 * language: a choice's French label on a French document).
 */
function fill(t: LocalizedText, values: (locale: Locale) => Record<string, string>): LocalizedText {
  return Object.fromEntries(
    DOCUMENT_LOCALES.map((l) => {
      const v = values(l);
      return [l, localize(t, l).replace(/\{(\w+)\}/g, (_, k: string) => v[k] ?? '')];
    }),
  ) as LocalizedText;
}

/** The data an issued document carries: the reference, the answers and the validity. */
interface DocumentData {
  reference: string;
  answers: Record<string, unknown>;
  today: string;
  validFrom?: string | undefined;
  validUntil?: string | undefined;
}

/**
 * Makes a core request type from a validated declarative definition: the form (one step per
 * step, the same field checks as a plugin's), the rules (`review`: every request to a clerk),
 * the kind (a certificate when it issues a document, else a report) and, with a `document`, an
 * `issue` and a PDF renderer that fills the placeholders from the answers (sealed by the
 * deployment's signer).
 */
export function compileDeclarativeType(def: DeclarativeType, version = 1): CompiledType {
  const list = allFields(def);
  const byName = new Map(list.map((f) => [f.name, f]));
  const shape: Record<string, Field> = {};
  for (const f of list) shape[f.name] = toField(f, f.step);
  const theForm = form(shape, { steps: def.steps.map((s) => ({ id: s.id, title: s.title })) });
  const doc = def.document;

  const values =
    (d: DocumentData) =>
    (locale: Locale): Record<string, string> => {
      const out: Record<string, string> = {
        reference: d.reference,
        today: day(d.today),
        validFrom: d.validFrom ? day(d.validFrom) : '',
        validUntil: d.validUntil ? day(d.validUntil) : '',
      };
      for (const [name, value] of Object.entries(d.answers)) {
        out[name] = formatAnswer(byName.get(name), value, locale);
      }
      return out;
    };

  const renderer = doc
    ? createCertificateRenderer({
        id: def.id,
        layout(model) {
          const d = model.data as DocumentData;
          const v = values(d);
          const blocks: Block[] = doc.blocks.map((b): Block => {
            switch (b.type) {
              case 'heading':
                return { type: 'heading', text: fill(b.text, v) };
              case 'paragraph':
                return { type: 'paragraph', text: fill(b.text, v) };
              case 'keyValue':
                return {
                  type: 'keyValue',
                  items: b.items.map((i) => ({ key: i.key, value: fill(i.value, v) })),
                };
              default:
                return { type: 'spacer' };
            }
          });
          return {
            municipality: model.municipality,
            locale: model.locale,
            issuedAt: model.issuedAt,
            title: doc.title,
            blocks,
          };
        },
        fileName: (model) => `${def.id.split('.').pop()}-${model.request.reference}.pdf`,
      })
    : undefined;

  const requestType = defineRequestType({
    id: def.id,
    kind: doc ? 'certificate' : 'report',
    title: def.title,
    ...(def.description ? { description: def.description } : {}),
    theme: def.theme,
    ...(def.themeTitle ? { themeTitle: def.themeTitle } : {}),
    audience: def.audience,
    minimumLevel: def.minimumLevel,
    form: theForm,
    subject: (_form, requester) =>
      requester.kind === 'citizen' && requester.insz
        ? { relation: 'self', insz: requester.insz }
        : { relation: 'none' },
    rules: def.outcome === 'review' ? [alwaysReview(REVIEW)] : [],
    ...(doc && renderer
      ? {
          renderer,
          issue: {
            issue({ reference, answers, now }) {
              const today = brusselsDay(now);
              const validUntil = doc.validMonths ? lastDay(today, doc.validMonths) : undefined;
              const data: DocumentData = {
                reference,
                answers: answers as Record<string, unknown>,
                today,
                ...(validUntil ? { validFrom: today, validUntil } : {}),
              };
              return {
                data: { ...data },
                ...(validUntil
                  ? { validFrom: startOfBrusselsDay(today), validUntil: startOfBrusselsDay(validUntil) }
                  : {}),
              };
            },
          },
        }
      : {}),
    retention: {
      ...(def.retention.formDataDays ? { formDataDays: def.retention.formDataDays } : {}),
      ...(def.retention.documentMonths ? { documentMonths: def.retention.documentMonths } : {}),
      ...(doc?.validMonths ? { documentLifetime: 'validity' as const } : {}),
    },
    ...(def.expectedDelivery
      ? { expectedDelivery: def.expectedDelivery }
      : { expectedDelivery: def.leadTimeDays !== undefined ? within(def.leadTimeDays) : REVIEW_DELIVERY }),
    ...(def.leadTimeDays !== undefined ? { leadTimeDays: def.leadTimeDays } : {}),
    // The type's default fee, through core's fees extension like a plugin's `fee`.
    ...(def.feeCents
      ? {
          fee: defineFee({
            amountCents: def.feeCents,
            payment: def.feePayment ?? 'before_submit',
            ...(def.payWithinDays !== undefined ? { payWithinDays: def.payWithinDays } : {}),
          }),
        }
      : {}),
    ...(def.mailTexts ? { mailTexts: def.mailTexts } : {}),
  });
  return { requestType, version, definition: def };
}

const REVIEW_DELIVERY: LocalizedText = {
  nl: 'Na behandeling door een medewerker',
  fr: 'Après traitement par un collaborateur',
  en: 'After a member of staff has handled it',
};

function within(days: number): LocalizedText {
  return {
    nl: `Binnen ${days} werkdagen`,
    fr: `Dans les ${days} jours ouvrables`,
    en: `Within ${days} working days`,
  };
}
