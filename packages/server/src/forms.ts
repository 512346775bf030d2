import { createHash } from 'node:crypto';
import {
  CHOICE_MESSAGES,
  FIELD_MESSAGES,
  type FieldIssue,
  type FieldMeta,
  type FormDefinition,
  type Identity,
  type LocalizedText,
  type RequestTypeDefinition,
  validateForm,
} from '@smartloket/core';
import type { LoadedChoice } from '@smartloket/runtime';
import { fill } from './messages.js';

/** One page of a form. */
export interface FormPageStep {
  /** The step id ('' for a form without steps). */
  id: string;
  title?: LocalizedText | undefined;
  fields: string[];
}

/** The pages of a form: its steps, or one page with every field. Fields without a step go first. */
export function formSteps(form: FormDefinition): FormPageStep[] {
  const names = Object.keys(form.fields);
  if (form.steps.length === 0) return [{ id: '', fields: names }];
  const steps: FormPageStep[] = form.steps.map((s) => ({
    id: s.id,
    title: s.title,
    fields: names.filter((n) => form.fields[n]?.step === s.id),
  }));
  const loose = names.filter((n) => !form.fields[n]?.step);
  steps[0]!.fields.unshift(...loose);
  return steps;
}

/**
 * The form as this person may fill it in: the "for whom" choice offers "my organisation" only
 * to someone logged in for an organisation.
 */
export function formFor(def: RequestTypeDefinition, identity: Identity | undefined): FormDefinition {
  const forOrganisation =
    identity !== undefined && identity.capacity !== 'BUR' && identity.organisation !== undefined;
  const fields: Record<string, FieldMeta> = {};
  for (const [name, meta] of Object.entries(def.form.fields)) {
    if (name === 'forWhom' && meta.options) {
      fields[name] = {
        ...meta,
        options: meta.options.filter((o) => o.value !== 'organisation' || forOrganisation),
      };
    } else fields[name] = meta;
  }
  return { ...def.form, fields };
}

/** The subset of a form holding only `names` (for rendering one step). */
export function subForm(form: FormDefinition, names: string[]): FormDefinition {
  return { ...form, fields: Object.fromEntries(names.map((n) => [n, form.fields[n]!])) };
}

/** True when a field applies given the other values (its `showWhen`). */
export function applies(meta: FieldMeta, values: Record<string, unknown>, form: FormDefinition): boolean {
  if (!meta.showWhen) return true;
  const other = values[meta.showWhen.field] ?? defaultOf(form.fields[meta.showWhen.field]);
  return typeof other === 'string' && meta.showWhen.in.includes(other);
}

function defaultOf(meta: FieldMeta | undefined): string | undefined {
  return meta?.kind === 'choice' && meta.options?.length === 1 ? meta.options[0]!.value : undefined;
}

/** The values to submit: fields that do not apply (their `showWhen` is false) are dropped. */
export function effectiveValues(
  form: FormDefinition,
  values: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const meta = form.fields[name];
    if (!meta || !applies(meta, values, form)) continue;
    out[name] = value;
  }
  return out;
}

/**
 * The values as the runtime will store them, for the summary: each field normalised by its schema
 * (`1abc234` shows as `1-ABC-234`, an INSZ without dots, a phone number as +32...). Falls back to
 * the values as typed when the form does not validate as a whole.
 */
export function normalisedValues(
  form: FormDefinition,
  values: Record<string, unknown>,
): Record<string, unknown> {
  const effective = effectiveValues(form, values);
  const result = validateForm(form, effective);
  return result.ok ? { ...effective, ...(result.value as Record<string, unknown>) } : effective;
}

/** Copies the submitted fields of one step from a parsed HTML form body into the draft values. */
export function mergeStep(
  form: FormDefinition,
  fields: string[],
  values: Record<string, unknown>,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const next = { ...values };
  for (const name of fields) {
    const meta = form.fields[name];
    if (!meta || meta.kind === 'file') continue; // files are handled by the upload code
    const raw = body[name];
    if (meta.kind === 'boolean') next[name] = raw === 'on' || raw === 'true';
    else if (meta.kind === 'address') {
      const a = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
      const address = Object.fromEntries(
        ['street', 'number', 'box', 'postcode', 'municipality']
          .map((k) => [k, typeof a[k] === 'string' ? (a[k] as string).trim() : ''])
          .filter(([, v]) => v !== ''),
      );
      if (Object.keys(address).length === 0) delete next[name];
      else next[name] = address;
    } else if (typeof raw === 'string' && raw.trim() !== '') next[name] = raw.slice(0, 10_000);
    else delete next[name];
  }
  return next;
}

/**
 * Validates the fields of some steps (server-side; the same validation the runtime runs on
 * submit), with the portal's own checks: the organisation option needs an organisation login,
 * and a request for someone else needs that person's INSZ.
 */
export function validateFields(
  form: FormDefinition,
  values: Record<string, unknown>,
  fields: string[],
  _identity?: Identity | undefined,
): FieldIssue[] {
  const effective = effectiveValues(form, values);
  const result = validateForm(form, effective);
  const issues = result.ok ? [] : result.issues.filter((i) => fields.includes(i.path.split('.')[0] ?? ''));
  const has = (path: string) => issues.some((i) => i.path === path || i.path.startsWith(`${path}.`));
  const forWhom = effective.forWhom;
  if (fields.includes('forWhom') && forWhom === 'organisation' && !has('forWhom')) {
    const options = form.fields.forWhom?.options ?? [];
    if (!options.some((o) => o.value === 'organisation')) {
      issues.push({ path: 'forWhom', code: 'choice.invalid', message: FIELD_MESSAGES['choice.invalid'] });
    }
  }
  if (
    fields.includes('subjectInsz') &&
    form.fields.subjectInsz &&
    (forWhom === 'child' || forWhom === 'other') &&
    effective.subjectInsz === undefined &&
    // A form that can also name the person (an old civil-status act) takes the name instead.
    effective.familyName === undefined &&
    !has('subjectInsz')
  ) {
    issues.push({ path: 'subjectInsz', code: 'required', message: FIELD_MESSAGES.required });
  }
  return issues;
}

/** The dynamic choice fields among `names`. */
export function dynamicFields(form: FormDefinition, names: readonly string[]): string[] {
  return names.filter((n) => form.fields[n]?.dynamic);
}

/**
 * What the options of dynamic fields were loaded from: the language and every other value (a
 * change of those loads them again).
 */
export function choicesKey(form: FormDefinition, values: Record<string, unknown>, locale: string): string {
  const other = Object.fromEntries(
    Object.entries(effectiveValues(form, values))
      .filter(([n]) => !form.fields[n]?.dynamic)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  return createHash('sha256')
    .update(JSON.stringify([locale, other]))
    .digest('base64url')
    .slice(0, 22);
}

/**
 * The form with its dynamic choice fields as loaded: their options (an optional field first
 * offers "none of these"); a field without options is left out; a field whose options could not
 * be loaded shows why, and takes free text when it is required (the rules then decide).
 */
export function withChoices(form: FormDefinition, loaded: Record<string, LoadedChoice>): FormDefinition {
  const fields: Record<string, FieldMeta> = {};
  for (const [name, meta] of Object.entries(form.fields)) {
    const state = meta.dynamic ? loaded[name] : undefined;
    if (!state) fields[name] = meta;
    else if (state.status === 'unavailable') {
      fields[name] = meta.required
        ? { ...meta, kind: 'text', options: undefined, notice: state.message }
        : { ...meta, options: [], notice: state.message };
    } else if (state.options.length > 0) {
      fields[name] = {
        ...meta,
        options: meta.required
          ? state.options
          : [{ value: '', label: CHOICE_MESSAGES.none }, ...state.options],
      };
    }
  }
  return { ...form, fields };
}

/**
 * The issues of dynamic choice values against the options the requester was shown (the runtime
 * checks again on submit). A required field with options must be answered.
 */
export function choiceIssues(
  form: FormDefinition,
  values: Record<string, unknown>,
  names: readonly string[],
  loaded: Record<string, LoadedChoice>,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const name of dynamicFields(form, names)) {
    const state = loaded[name];
    const meta = form.fields[name]!;
    if (state?.status !== 'ok' || !applies(meta, values, form)) continue;
    const value = values[name];
    if (value === undefined) {
      if (meta.required && state.options.length > 0)
        issues.push({ path: name, code: 'required', message: FIELD_MESSAGES.required });
    } else if (!state.options.some((o) => o.value === value)) {
      issues.push({ path: name, code: 'choice.invalid', message: FIELD_MESSAGES['choice.invalid'] });
    }
  }
  return issues;
}

/** A file field's issue for a rejected upload. */
export function fileIssue(path: string, code: 'file.type' | 'file.size', maxBytes?: number): FieldIssue {
  const texts: Record<string, LocalizedText> = {
    'file.type': {
      nl: 'Dit bestandstype is niet toegelaten.',
      fr: "Ce type de fichier n'est pas autorisé.",
      en: 'This file type is not allowed.',
    },
    'file.size': {
      nl: 'Dit bestand is te groot (maximum {max}).',
      fr: 'Ce fichier est trop volumineux (maximum {max}).',
      en: 'This file is too large (maximum {max}).',
    },
  };
  const max = maxBytes ? `${Math.round(maxBytes / 1024 / 102.4) / 10} MB` : '';
  return { path, code, message: fill(texts[code]!, { max }) };
}

const MAGIC: Record<string, (b: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
};

/**
 * Checks an uploaded file against a field's accepted types and size limit. The declared media
 * type must be accepted and, for PDF, PNG and JPEG, the bytes must start like one.
 */
export function checkUpload(
  meta: FieldMeta,
  file: { mimetype: string; size: number; buffer: Buffer },
): 'file.type' | 'file.size' | undefined {
  if (meta.maxBytes !== undefined && file.size > meta.maxBytes) return 'file.size';
  if (meta.accept && !meta.accept.includes(file.mimetype)) return 'file.type';
  const magic = MAGIC[file.mimetype];
  if (magic && !magic(file.buffer)) return 'file.type';
  return undefined;
}

/** A file name safe for a Content-Disposition header and a file system. */
export function safeFileName(name: string, fallback = 'document.pdf'): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f"<>:|?*;]/g, '')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 120);
  return cleaned.length > 0 ? cleaned : fallback;
}
