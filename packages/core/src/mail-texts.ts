import type { FieldMeta, FormDefinition } from './forms.js';
import { type Locale, type LocalizedText, localize } from './i18n.js';
import { formatIban } from './identifiers/iban.js';
import { formatInsz } from './identifiers/insz.js';
import { formatKbo } from './identifiers/kbo.js';

// ── a request type's own e-mail texts ─────────────────────────────────────────────────────────
// Core's mails say what every request needs (received, ready, refused). A request type may add
// its own text to three of them, e.g. "Bring the key back to the reception desk on Monday".
// The text is plain text, never HTML: the notifier escapes it like every other value.

/**
 * The mails a request type may add a text to:
 * - `receipt`: the request was filed (the receipt, or the "a clerk reviews it" mail that is
 *   the receipt of a reviewed type, or the capability-link mail of a request without login);
 * - `approved`: the document is delivered, or a report is resolved;
 * - `refused`: the request was refused (by a clerk or by the rules).
 */
export type MailTextKind = 'receipt' | 'approved' | 'refused';

/** Every {@link MailTextKind}, in the order the mails go out. */
export const MAIL_TEXT_KINDS = ['receipt', 'approved', 'refused'] as const satisfies readonly MailTextKind[];

/**
 * A request type's texts per mail ({@link RequestTypeDefinition.mailTexts}), plain text in each
 * language, with placeholders: `{{reference}}` (the file number), `{{title}}` (the type's
 * title) and `{{answers.<field>}}` (an answer of the form, as the requester reads it: a
 * choice's label, a date as dd/mm/yyyy, an address on one line; empty when not given).
 */
export type MailTexts = Readonly<Partial<Record<MailTextKind, LocalizedText>>>;

/** `{{reference}}`, `{{ title }}`, `{{answers.name}}`: one placeholder of a mail text. */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.]*)\s*\}\}/g;

/** The placeholders a mail text names, as written (`reference`, `answers.name`, ...). */
export function mailTextPlaceholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

/**
 * The placeholders of `texts` that name nothing: not `reference`, `title` or
 * `answers.<a field of the form>`. Empty when all are known.
 */
export function unknownMailPlaceholders(texts: MailTexts, fieldNames: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const text of Object.values(texts)) {
    for (const s of Object.values(text ?? {})) {
      for (const p of mailTextPlaceholders(s ?? '')) {
        const answer = /^answers\.(\w+)$/.exec(p);
        if (p === 'reference' || p === 'title' || (answer && fieldNames.has(answer[1]!))) continue;
        out.add(p);
      }
    }
  }
  return [...out];
}

const YES_NO = {
  yes: { nl: 'ja', fr: 'oui', en: 'yes', de: 'ja' },
  no: { nl: 'nee', fr: 'non', en: 'no', de: 'nein' },
} satisfies Record<string, LocalizedText>;

const BOX: LocalizedText = { nl: 'bus', fr: 'bte', en: 'box', de: 'Bf.' };

/** A formatted identifier, or the value as given when it does not parse. */
function formatted(format: (s: string) => string, value: unknown): string {
  try {
    return format(String(value));
  } catch {
    return String(value);
  }
}

/**
 * One answer of a form as a person reads it in `locale`, as plain text: a choice's label, yes or
 * no, a date as dd/mm/yyyy, an INSZ, KBO number or IBAN in its usual groups, an address on one
 * line, a file by its name. Empty when not given.
 */
export function answerText(meta: FieldMeta | undefined, value: unknown, locale: Locale): string {
  if (value === undefined || value === null || value === '') return '';
  switch (meta?.kind) {
    case 'choice': {
      const option = meta.options?.find((o) => o.value === value);
      return option ? localize(option.label, locale) : String(value);
    }
    case 'boolean':
      return localize(value === true ? YES_NO.yes : YES_NO.no, locale);
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(String(value)) ? String(value).split('-').reverse().join('/') : '';
    case 'insz':
      return formatted(formatInsz, value);
    case 'kbo':
      return formatted(formatKbo, value);
    case 'iban':
      return formatted(formatIban, value);
    case 'address': {
      const a = value as Record<string, string | undefined>;
      const box = a.box ? ` ${localize(BOX, locale)} ${a.box}` : '';
      return `${a.street ?? ''} ${a.number ?? ''}${box}, ${a.postcode ?? ''} ${a.municipality ?? ''}`.trim();
    }
    case 'file':
      return String((value as { fileName?: unknown }).fileName ?? '');
    default:
      return typeof value === 'object' ? '' : String(value);
  }
}

/**
 * A request type's text for one mail, filled in the mail's language; undefined when the type has
 * none. Placeholders are replaced in one pass (an answer that holds `{{reference}}` stays as
 * typed); an unknown one becomes empty. The result is plain text: the notifier escapes it.
 *
 * @example
 * ```ts
 * fillMailText(def.mailTexts, 'receipt', 'fr', { reference: 'SL-2026-000123', title: def.title, form: def.form, answers })
 * ```
 */
export function fillMailText(
  texts: MailTexts | undefined,
  kind: MailTextKind,
  locale: Locale,
  values: {
    reference: string;
    title: LocalizedText;
    form: FormDefinition;
    /** The request's answers; null once purged (answers then fill in empty). */
    answers: Record<string, unknown> | null;
  },
): string | undefined {
  const text = texts?.[kind];
  if (!text) return undefined;
  const filled = localize(text, locale).replace(PLACEHOLDER, (_, p: string) => {
    if (p === 'reference') return values.reference;
    if (p === 'title') return localize(values.title, locale);
    const answer = /^answers\.(\w+)$/.exec(p);
    if (!answer) return '';
    const name = answer[1]!;
    return answerText(values.form.fields[name], values.answers?.[name], locale);
  });
  return filled.trim() === '' ? undefined : filled.trim();
}
