import { type LocalizedText, MAIL_TEXT_KINDS } from '@smartloket/core';
import { type DeclarativeFieldKind, FIELD_KINDS, FILE_TYPES } from '@smartloket/declarative';

/**
 * The designer's edits of a working copy (issue 23). A draft is a declarative type that may not
 * validate yet (an empty step, a missing translation); every edit here is a pure function of the
 * draft and the posted form, so each works as a plain HTML form without JavaScript.
 */

/** A draft: the JSON of a declarative type, possibly incomplete. */
export type Draft = Record<string, any>;
/** A posted form. */
export type Body = Record<string, unknown>;

const LANGS = ['nl', 'fr', 'en'] as const;

/** A posted text, trimmed, at most `max` characters; undefined when empty. */
export function str(body: Body, key: string, max = 2000): string | undefined {
  const v = body[key];
  const s = (Array.isArray(v) ? v[0] : v) === undefined ? '' : String(Array.isArray(v) ? v[0] : v);
  const t = s.replace(/\r\n/g, '\n').trim().slice(0, max);
  return t === '' ? undefined : t;
}

/** Every posted value of a key (check boxes). */
export function list(body: Body, key: string): string[] {
  const v = body[key];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String);
}

/** A localized text from `<prefix>.nl`, `<prefix>.fr`, `<prefix>.en`; undefined when all are empty. */
export function localized(body: Body, prefix: string, max = 2000): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const l of LANGS) {
    const v = str(body, `${prefix}.${l}`, max);
    if (v !== undefined) out[l] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function setText(target: Draft, key: string, value: Record<string, string> | undefined): void {
  if (value) target[key] = value;
  else delete target[key];
}

/** A field name from a label: `Aantal gasten` → `aantalGasten`, unique in the draft. */
export function fieldName(label: string, taken: ReadonlySet<string>): string {
  const words = label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let base = words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  if (!/^[a-z]/.test(base)) base = `veld${base.charAt(0).toUpperCase()}${base.slice(1)}`;
  base = base.slice(0, 36);
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
  return name;
}

/** A new type's first draft: one empty step; reviewed by a clerk. */
export function newDraft(id: string, title: Record<string, string>): Draft {
  return {
    id,
    title,
    theme: 'vrije-tijd',
    audience: ['citizen', 'organisation'],
    minimumLevel: 'substantial',
    outcome: 'review',
    steps: [{ id: 'stap-1', title: { nl: 'Stap 1', fr: 'Étape 1', en: 'Step 1' }, fields: [] }],
  };
}

function steps(draft: Draft): Draft[] {
  if (!Array.isArray(draft.steps)) draft.steps = [];
  return draft.steps as Draft[];
}

function fieldsOf(step: Draft): Draft[] {
  if (!Array.isArray(step.fields)) step.fields = [];
  return step.fields as Draft[];
}

/** Every field name in the draft. */
export function names(draft: Draft): Set<string> {
  return new Set(steps(draft).flatMap((s) => fieldsOf(s).map((f) => String(f.name))));
}

/** Where a field is: its step and index, or undefined. */
export function locate(draft: Draft, name: string): { step: number; index: number } | undefined {
  const all = steps(draft);
  for (let s = 0; s < all.length; s++) {
    const i = fieldsOf(all[s]!).findIndex((f) => f.name === name);
    if (i >= 0) return { step: s, index: i };
  }
  return undefined;
}

const THEME_KEY = /^[a-z][a-z0-9-]{0,39}$/;

/** A whole number posted under `key` within bounds; undefined when empty, an error when not. */
function whole(body: Body, key: string, min: number, max: number, what: LocalizedText) {
  const v = str(body, key, 12);
  if (v === undefined) return undefined;
  if (/^\d{1,6}$/.test(v) && Number(v) >= min && Number(v) <= max) return Number(v);
  return {
    nl: `${what.nl}: een geheel getal van ${min} tot ${max}.`,
    fr: `${what.fr} : un nombre entier de ${min} à ${max}.`,
    en: `${what.en}: a whole number from ${min} to ${max}.`,
  } satisfies LocalizedText;
}

/**
 * The general settings: titles, description, theme (one of core's, or the municipality's own
 * with its name in the catalogue), audience, level, outcome, lead time. Refused (nothing
 * changed) with the errors named.
 */
export function editGeneral(draft: Draft, body: Body, coreThemes: ReadonlySet<string>): true | EditRefused {
  const errors: LocalizedText[] = [];
  const own = str(body, 'themeOwn', 40);
  const ownTitle = localized(body, 'themeTitle', 100);
  if (own !== undefined && (!THEME_KEY.test(own) || !ownTitle?.nl)) {
    errors.push({
      nl: 'Eigen thema: een korte naam (kleine letters, cijfers en streepjes) en de naam in het Nederlands.',
      fr: 'Thème propre : un nom court (minuscules, chiffres et tirets) et le nom en néerlandais.',
      en: 'Own theme: a short name (lower-case letters, digits and dashes) and the name in Dutch.',
    });
  }
  const lead = whole(body, 'leadTimeDays', 0, 3650, {
    nl: 'Behandeltermijn',
    fr: 'Délai de traitement',
    en: 'Lead time',
  });
  if (typeof lead === 'object') errors.push(lead);
  if (errors.length > 0) return { errors };
  setText(draft, 'title', localized(body, 'title', 200) ?? draft.title);
  setText(draft, 'description', localized(body, 'description'));
  const theme = str(body, 'theme', 40);
  if (own !== undefined) {
    draft.theme = own;
    draft.themeTitle = ownTitle;
  } else if (theme && coreThemes.has(theme)) {
    draft.theme = theme;
    delete draft.themeTitle;
  }
  const audience = list(body, 'audience').filter((a) => ['citizen', 'organisation', 'anonymous'].includes(a));
  if (audience.length > 0) draft.audience = audience;
  const level = str(body, 'minimumLevel');
  if (level && ['none', 'low', 'substantial', 'high'].includes(level)) draft.minimumLevel = level;
  const outcome = str(body, 'outcome');
  if (outcome === 'review' || outcome === 'acknowledge') draft.outcome = outcome;
  if (lead === undefined) delete draft.leadTimeDays;
  else draft.leadTimeDays = lead;
  return true;
}

/** `12,50`, `12.5` or `12` euro as cents; undefined when not an amount. */
export function euroCents(text: string): number | undefined {
  const m = /^(\d{1,6})(?:[.,](\d{1,2}))?$/.exec(text.replace(/^€\s*|\s*€$/g, ''));
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0')) : undefined;
}

/**
 * Delivery, retention and fee: what the catalogue says about the time it takes
 * (`expectedDelivery`), how long the answers and the document are kept (`retention`), and the
 * fee in euro with when it is paid (`feeCents`, `feePayment`, `payWithinDays`). Refused
 * (nothing changed) with the errors named.
 */
export function editTerms(draft: Draft, body: Body): true | EditRefused {
  const errors: LocalizedText[] = [];
  const formDataDays = whole(body, 'formDataDays', 1, 36500, {
    nl: 'Antwoorden bewaren',
    fr: 'Conserver les réponses',
    en: 'Keep the answers',
  });
  const documentMonths = whole(body, 'documentMonths', 1, 1200, {
    nl: 'Document bewaren',
    fr: 'Conserver le document',
    en: 'Keep the document',
  });
  const payWithin = whole(body, 'payWithinDays', 1, 365, {
    nl: 'Betalen binnen',
    fr: 'Payer dans les',
    en: 'Pay within',
  });
  for (const v of [formDataDays, documentMonths, payWithin]) if (typeof v === 'object') errors.push(v);
  const fee = str(body, 'fee', 20);
  const cents = fee === undefined ? 0 : euroCents(fee);
  if (cents === undefined) {
    errors.push({
      nl: `Retributie: “${fee}” is geen bedrag in euro (bv. 12,50).`,
      fr: `Redevance : « ${fee} » n’est pas un montant en euros (p. ex. 12,50).`,
      en: `Fee: “${fee}” is not an amount in euro (e.g. 12.50).`,
    });
  }
  if (errors.length > 0) return { errors };
  setText(draft, 'expectedDelivery', localized(body, 'expectedDelivery', 200));
  draft.retention = {
    ...(typeof formDataDays === 'number' ? { formDataDays } : {}),
    ...(typeof documentMonths === 'number' ? { documentMonths } : {}),
  };
  delete draft.feeCents;
  delete draft.feePayment;
  delete draft.payWithinDays;
  if (cents) {
    draft.feeCents = cents;
    const moment = str(body, 'feePayment');
    if (moment === 'after_approval') {
      draft.feePayment = moment;
      if (typeof payWithin === 'number') draft.payWithinDays = payWithin;
    }
  }
  return true;
}

/** Adds a step at the end. */
export function addStep(draft: Draft, body: Body): void {
  const all = steps(draft);
  const taken = new Set(all.map((s) => String(s.id)));
  let n = all.length + 1;
  while (taken.has(`stap-${n}`)) n++;
  all.push({
    id: `stap-${n}`,
    title: localized(body, 'title', 200) ?? { nl: `Stap ${n}`, fr: `Étape ${n}`, en: `Step ${n}` },
    fields: [],
  });
}

/** Changes a step's title. */
export function editStep(draft: Draft, stepId: string, body: Body): boolean {
  const step = steps(draft).find((s) => s.id === stepId);
  if (!step) return false;
  setText(step, 'title', localized(body, 'title', 200) ?? step.title);
  return true;
}

/** Moves a step up (-1) or down (+1). */
export function moveStep(draft: Draft, stepId: string, by: -1 | 1): boolean {
  const all = steps(draft);
  const i = all.findIndex((s) => s.id === stepId);
  const j = i + by;
  if (i < 0 || j < 0 || j >= all.length) return false;
  [all[i], all[j]] = [all[j]!, all[i]!];
  return true;
}

/** Removes a step with its fields. */
export function removeStep(draft: Draft, stepId: string): boolean {
  const all = steps(draft);
  const i = all.findIndex((s) => s.id === stepId);
  if (i < 0) return false;
  all.splice(i, 1);
  return true;
}

/** Adds a field of `kind` to a step, named after its Dutch label; returns its name. */
export function addField(draft: Draft, stepId: string, kind: string, label: string): string | undefined {
  const step = steps(draft).find((s) => s.id === stepId);
  if (!step || !(FIELD_KINDS as readonly string[]).includes(kind)) return undefined;
  const name = fieldName(label, names(draft));
  const field: Draft = { name, kind, label: { nl: label } };
  if (kind === 'choice') {
    field.options = [
      { value: 'ja', label: { nl: 'Ja', fr: 'Oui', en: 'Yes' } },
      { value: 'nee', label: { nl: 'Nee', fr: 'Non', en: 'No' } },
    ];
  }
  if (kind === 'file') {
    field.accept = [...FILE_TYPES];
    field.maxBytes = 5 * 1024 * 1024;
  }
  fieldsOf(step).push(field);
  return name;
}

/**
 * Moves a field up (-1) or down (+1) in its step; at the top or bottom of a step it goes to the
 * end of the previous step or the start of the next one.
 */
export function moveField(draft: Draft, name: string, by: -1 | 1): boolean {
  const at = locate(draft, name);
  if (!at) return false;
  const all = steps(draft);
  const here = fieldsOf(all[at.step]!);
  const j = at.index + by;
  if (j >= 0 && j < here.length) {
    [here[at.index], here[j]] = [here[j]!, here[at.index]!];
    return true;
  }
  const other = all[at.step + by];
  if (!other) return false;
  const field = here.splice(at.index, 1)[0] as Draft;
  if (by < 0) fieldsOf(other).push(field);
  else fieldsOf(other).unshift(field);
  return true;
}

/** Removes a field. */
export function removeField(draft: Draft, name: string): boolean {
  const at = locate(draft, name);
  if (!at) return false;
  fieldsOf(steps(draft)[at.step]!).splice(at.index, 1);
  return true;
}

/** The choice fields before `name` (what a condition may name), with their options. */
export function earlierChoices(draft: Draft, name?: string): Draft[] {
  const out: Draft[] = [];
  for (const s of steps(draft)) {
    for (const f of fieldsOf(s)) {
      if (f.name === name) return out;
      if (f.kind === 'choice') out.push(f);
    }
  }
  return out;
}

/** A problem of an edit, named for the functional admin; nothing is saved. */
export interface EditRefused {
  errors: LocalizedText[];
}

const OPTION_VALUE = /^[a-z0-9][a-z0-9-]{0,39}$/;

/**
 * The options of a choice field from its form: per row `option<i>.value` (the value rules,
 * documents and filed requests read), `option<i>.was` (the value it had), the labels
 * `option<i>.nl|fr|en`; a row emptied (labels and value) is removed, the empty last row adds
 * one (its value made from the label when none is typed). `optionOp` (`up:<i>`, `down:<i>`,
 * `remove:<i>`, the buttons of each row) moves or removes a row. A renamed value is renamed in
 * the conditions that name it; a value a condition names cannot be removed: the error names the
 * field whose condition uses it.
 */
function editOptions(draft: Draft, f: Draft, body: Body): { options: Draft[] } | EditRefused {
  const rows: Array<{
    index: number;
    value: string;
    was?: string | undefined;
    label: Record<string, string>;
  }> = [];
  const errors: LocalizedText[] = [];
  const op = /^(up|down|remove):(\d{1,2})$/.exec(str(body, 'optionOp', 12) ?? '');
  for (let i = 0; i < 51; i++) {
    const label = localized(body, `option${i}`, 200);
    const typed = str(body, `option${i}.value`, 40);
    const was = str(body, `option${i}.was`, 40);
    if ((!label && !typed) || (op?.[1] === 'remove' && Number(op[2]) === i)) continue;
    const n = String(rows.length + 1);
    if (!label?.nl) {
      errors.push({
        nl: `Keuze ${n} heeft geen Nederlandse tekst.`,
        fr: `L’option ${n} n’a pas de texte en néerlandais.`,
        en: `Option ${n} has no Dutch text.`,
      });
      continue;
    }
    const value = typed ?? fieldName(label.nl, new Set()).toLowerCase().slice(0, 40);
    if (!OPTION_VALUE.test(value)) {
      errors.push({
        nl: `Waarde “${value}” van keuze “${label.nl}”: alleen kleine letters, cijfers en streepjes.`,
        fr: `Valeur « ${value} » de l’option « ${label.nl} » : uniquement des minuscules, des chiffres et des tirets.`,
        en: `Value “${value}” of option “${label.nl}”: lower-case letters, digits and dashes only.`,
      });
      continue;
    }
    if (rows.some((r) => r.value === value)) {
      errors.push({
        nl: `Waarde “${value}” komt twee keer voor.`,
        fr: `La valeur « ${value} » figure deux fois.`,
        en: `Value “${value}” appears twice.`,
      });
      continue;
    }
    rows.push({ index: i, value, was, label });
  }
  if (op && op[1] !== 'remove') {
    const at = rows.findIndex((r) => r.index === Number(op[2]));
    const to = at + (op[1] === 'up' ? -1 : 1);
    if (at >= 0 && to >= 0 && to < rows.length) [rows[at], rows[to]] = [rows[to]!, rows[at]!];
  }
  const kept = new Set(rows.map((r) => r.value));
  const renamed = new Map(rows.filter((r) => r.was && r.was !== r.value).map((r) => [r.was!, r.value]));
  const dependants = steps(draft)
    .flatMap((s) => fieldsOf(s))
    .filter((other) => other.showWhen?.field === f.name);
  for (const old of (f.options ?? []) as Draft[]) {
    const value = String(old.value);
    if (kept.has(value) || renamed.has(value)) continue;
    const optionLabel = String(old.label?.nl ?? value);
    for (const other of dependants) {
      if (!(other.showWhen.in as string[]).includes(value)) continue;
      const otherLabel = String(other.label?.nl ?? other.name);
      errors.push({
        nl: `Keuze “${optionLabel}” kan niet verwijderd worden: de voorwaarde van veld “${otherLabel}” gebruikt ze. Pas eerst die voorwaarde aan.`,
        fr: `L’option « ${optionLabel} » ne peut pas être supprimée : la condition du champ « ${otherLabel} » l’utilise. Modifiez d’abord cette condition.`,
        en: `Option “${optionLabel}” cannot be removed: the condition of field “${otherLabel}” uses it. Change that condition first.`,
      });
    }
  }
  if (errors.length > 0) return { errors };
  for (const other of dependants) {
    other.showWhen.in = (other.showWhen.in as string[]).map((v) => renamed.get(v) ?? v);
  }
  return { options: rows.map((r) => ({ value: r.value, label: r.label })) };
}

/**
 * Edits a field from its form: labels, help, required, the kind's settings (a choice's options,
 * see {@link editOptions}), and its condition picked from the earlier choice fields and their
 * options (`showWhen.field`, `showWhen.in`). Refused (nothing changed) with the errors named.
 */
export function editField(draft: Draft, name: string, body: Body): boolean | EditRefused {
  const at = locate(draft, name);
  if (!at) return false;
  const f = fieldsOf(steps(draft)[at.step]!)[at.index]!;
  if (f.kind === 'choice') {
    const edited = editOptions(draft, f, body);
    if ('errors' in edited) return edited;
    if (edited.options.length > 0) f.options = edited.options;
  }
  setText(f, 'label', localized(body, 'label', 200) ?? f.label);
  setText(f, 'help', localized(body, 'help', 1000));
  f.required = str(body, 'required') === 'on';
  const kind = f.kind as DeclarativeFieldKind;
  if (kind === 'text' || kind === 'textarea') {
    const max = str(body, 'max', 5);
    if (max && /^\d+$/.test(max)) f.max = Number(max);
    else delete f.max;
  }
  if (kind === 'text') {
    const pattern = str(body, 'pattern', 200);
    if (pattern) f.pattern = pattern;
    else delete f.pattern;
    setText(f, 'patternMessage', pattern ? localized(body, 'patternMessage', 300) : undefined);
  }
  if (kind === 'number') {
    for (const k of ['min', 'max'] as const) {
      const v = str(body, k, 12);
      if (v !== undefined && /^-?\d+(\.\d+)?$/.test(v)) f[k] = Number(v);
      else delete f[k];
    }
  }
  if (kind === 'file') {
    const accept = list(body, 'accept').filter((t) => (FILE_TYPES as readonly string[]).includes(t));
    if (accept.length > 0) f.accept = accept;
    const mb = str(body, 'maxMegabytes', 3);
    if (mb && /^\d+$/.test(mb)) f.maxBytes = Number(mb) * 1024 * 1024;
  }
  if (kind === 'iban') f.belgian = str(body, 'belgian') === 'on';
  const on = str(body, 'showWhen.field', 40);
  const source = on ? earlierChoices(draft, name).find((c) => c.name === on) : undefined;
  const values = source
    ? list(body, `showWhen.in.${on}`).filter((v) => source.options?.some((o: Draft) => o.value === v))
    : [];
  if (source && values.length > 0) f.showWhen = { field: on, in: values };
  else delete f.showWhen;
  return true;
}

/**
 * The issued document: none, or a title, an introduction and the answers to print (label and
 * answer, in the order of the form), with the file number, and a validity in months.
 */
export function editDocument(draft: Draft, body: Body): void {
  if (str(body, 'document') !== 'on') {
    delete draft.document;
    return;
  }
  const printed = new Set(list(body, 'print'));
  const items: Draft[] = [];
  for (const s of steps(draft)) {
    for (const f of fieldsOf(s)) {
      if (printed.has(String(f.name))) items.push({ key: f.label, value: { nl: `{${f.name}}` } });
    }
  }
  items.push({
    key: { nl: 'Dossiernummer', fr: 'Numéro de dossier', en: 'File number' },
    value: { nl: '{reference}' },
  });
  const intro = localized(body, 'intro');
  const months = str(body, 'validMonths', 3);
  draft.document = {
    title: localized(body, 'docTitle', 200) ?? draft.title,
    blocks: [...(intro ? [{ type: 'paragraph', text: intro }] : []), { type: 'keyValue', items }],
    ...(months && /^\d+$/.test(months) && Number(months) > 0 ? { validMonths: Number(months) } : {}),
  };
  draft.outcome = 'review';
  draft.audience = (draft.audience ?? []).filter((a: string) => a !== 'anonymous');
  if ((draft.audience as string[]).length === 0) draft.audience = ['citizen'];
}

/** The names of the fields the draft's document prints. */
export function printedFields(draft: Draft): Set<string> {
  const out = new Set<string>();
  for (const b of draft.document?.blocks ?? []) {
    for (const i of b.items ?? []) {
      const m = /^\{(\w+)\}$/.exec(String(i.value?.nl ?? ''));
      if (m && m[1] !== 'reference') out.add(m[1]!);
    }
  }
  return out;
}

/** The type's own texts of the receipt, approval and refusal mails (`mail.<kind>.<lang>`). */
export function editMailTexts(draft: Draft, body: Body): void {
  const texts: Draft = {};
  for (const kind of MAIL_TEXT_KINDS) {
    const text = localized(body, `mail.${kind}`, 2000);
    if (text) texts[kind] = text;
  }
  setText(draft, 'mailTexts', Object.keys(texts).length > 0 ? texts : undefined);
}
