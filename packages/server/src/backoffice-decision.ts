import {
  type FieldIssue,
  type FormDefinition,
  type Locale,
  localize,
  type RequestTypeDefinition,
} from '@smartloket/core';
import type { RequestRecord } from '@smartloket/db';
import { bt } from './backoffice-messages.js';
import { mergeStep } from './forms.js';

/** One field of the clerk's decision form on the approve action, already in words. */
export interface DecisionField {
  name: string;
  label: string;
  /** `date` fields take `dd/mm/jjjj` (the hint says so); the rest are text. */
  kind: 'date' | 'text';
  required: boolean;
  /** What the clerk typed (kept after an error). */
  value: string;
  /** What the type issues when the field is left empty (e.g. today, or the reference). */
  placeholder?: string | undefined;
  hint?: string | undefined;
  error?: string | undefined;
}

/** `YYYY-MM-DD` as `dd/mm/jjjj`; other strings as they are. */
function belgianDay(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : value;
}

/** `dd/mm/jjjj` (also with `-` or `.`) as `YYYY-MM-DD`; anything else unchanged (validation refuses it). */
function isoDay(value: string): string {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value.trim());
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : value.trim();
}

/**
 * The decision the clerk sent with approve (`decision[name]` in the form body), for
 * `RequestService.act`: empty fields left out, Belgian dates as `YYYY-MM-DD`. Undefined when the
 * type asks no decision.
 */
export function decisionFromBody(
  form: FormDefinition | undefined,
  body: Record<string, unknown>,
): Record<string, unknown> | undefined {
  if (!form) return undefined;
  const raw = typeof body.decision === 'object' && body.decision !== null ? body.decision : {};
  const values = mergeStep(form, Object.keys(form.fields), {}, raw as Record<string, unknown>);
  for (const [name, meta] of Object.entries(form.fields)) {
    if (meta.kind === 'date' && typeof values[name] === 'string')
      values[name] = isoDay(values[name] as string);
  }
  return values;
}

/**
 * The decision form of a type that issues its own document, for the approve action: labels in
 * the clerk's language, the value the type would use when a field is left empty (computed by
 * the type's `issue` from the request as it stands, without storing anything), the clerk's values
 * and errors after a refused approval. Undefined for types without `issue.decision`.
 */
export function decisionFields(
  def: RequestTypeDefinition | undefined,
  request: RequestRecord,
  locale: Locale,
  now: Date,
  typed: Record<string, unknown> = {},
  issues: FieldIssue[] = [],
): DecisionField[] | undefined {
  const form = def?.issue?.decision;
  if (!def?.issue || !form) return undefined;
  let defaults: Record<string, unknown> = {};
  try {
    const preview = def.issue.issue({
      reference: request.reference,
      answers: (request.form ?? {}) as Record<string, unknown>,
      decision: {},
      submittedAt: request.createdAt,
      now,
    });
    // A synchronous issue only; an asynchronous one shows no defaults.
    if (preview && !(preview instanceof Promise)) defaults = preview.data;
  } catch {
    defaults = {};
  }
  return Object.entries(form.fields).map(([name, meta]) => {
    const issue = issues.find((i) => i.path === name || i.path.startsWith(`${name}.`));
    const kind = meta.kind === 'date' ? 'date' : 'text';
    const value = typeof typed[name] === 'string' ? (typed[name] as string) : '';
    const fallback = typeof defaults[name] === 'string' ? (defaults[name] as string) : undefined;
    return {
      name,
      label: localize(meta.label, locale),
      kind,
      required: meta.required,
      value: kind === 'date' ? belgianDay(value) : value,
      placeholder: fallback ? (kind === 'date' ? belgianDay(fallback) : fallback) : meta.placeholder,
      hint: kind === 'date' ? bt(locale, 'dateHint') : meta.help ? localize(meta.help, locale) : undefined,
      // Core's date message names the ISO form; the clerk types dd/mm/jjjj.
      error: issue
        ? kind === 'date' && issue.code !== 'required'
          ? bt(locale, 'invalidDate')
          : localize(issue.message, locale)
        : undefined,
    };
  });
}
