import type { LocalizedText } from '@smartloket/core';
import { formatPath } from './schema.js';

/** One finding of {@link checkDeclarativeType}. */
export interface CheckFinding {
  /** `error` blocks publishing; `warning` does not (a missing translation falls back to Dutch). */
  severity: 'error' | 'warning';
  /** What kind of finding. */
  code: 'missing-translation' | 'empty-step' | 'unreachable-field' | 'no-fields';
  /** Where, e.g. `steps[1].fields[0].label`. */
  path: string;
  /** What the functional admin reads, in Dutch, French and English. */
  message: LocalizedText;
}

/** The languages every text of a published type should have (the portal's languages). */
const LANGUAGES = ['fr', 'en'] as const;

interface LooseField {
  name?: unknown;
  kind?: unknown;
  label?: unknown;
  help?: unknown;
  patternMessage?: unknown;
  options?: Array<{ value?: unknown; label?: unknown }>;
  showWhen?: { field?: unknown; in?: unknown[] };
}
interface LooseStep {
  id?: unknown;
  title?: unknown;
  fields?: LooseField[];
}

function translations(out: CheckFinding[], path: (string | number)[], t: unknown, what: LocalizedText): void {
  if (!t || typeof t !== 'object') return;
  const text = t as Record<string, unknown>;
  const missing = LANGUAGES.filter((l) => typeof text[l] !== 'string' || (text[l] as string).trim() === '');
  if (missing.length === 0) return;
  const list = missing.join(', ');
  out.push({
    severity: 'warning',
    code: 'missing-translation',
    path: formatPath(path),
    message: {
      nl: `${what.nl}: vertaling ontbreekt (${list}).`,
      fr: `${what.fr} : traduction manquante (${list}).`,
      en: `${what.en}: translation missing (${list}).`,
    },
  });
}

/**
 * A document text's missing translations; a text of placeholders alone (`{datum}`) needs none:
 * it is filled in each language from the Dutch, with the answers in that language.
 */
function documentText(out: CheckFinding[], path: (string | number)[], t: unknown, what: LocalizedText): void {
  const nl = (t as { nl?: unknown } | undefined)?.nl;
  if (typeof nl === 'string' && nl.replace(/\{\w+\}/g, '').replace(/[\s\p{P}]/gu, '') === '') return;
  translations(out, path, t, what);
}

function label(f: LooseField): string {
  const l = f.label as { nl?: unknown } | undefined;
  return typeof l?.nl === 'string' && l.nl ? `“${l.nl}”` : String(f.name ?? '?');
}

/**
 * Checks a definition the way the designer shows it before publishing: missing translations
 * (warnings), steps without fields, fields whose condition can never hold (a condition on a
 * field that is missing, comes later, is not a choice, or on values it does not offer), and a
 * type without any field (errors). Works on drafts that do not validate yet.
 */
export function checkDeclarativeType(input: unknown): CheckFinding[] {
  const out: CheckFinding[] = [];
  const def = (input ?? {}) as {
    title?: unknown;
    description?: unknown;
    steps?: LooseStep[];
    document?: unknown;
    mailTexts?: unknown;
  };
  translations(out, ['title'], def.title, { nl: 'Titel', fr: 'Titre', en: 'Title' });
  translations(out, ['description'], def.description, {
    nl: 'Beschrijving',
    fr: 'Description',
    en: 'Description',
  });
  const seen = new Map<string, LooseField>();
  const unreachable = new Set<string>();
  let count = 0;
  (def.steps ?? []).forEach((step, s) => {
    const stepName =
      typeof (step.title as { nl?: unknown } | undefined)?.nl === 'string'
        ? `“${(step.title as { nl: string }).nl}”`
        : String(step.id ?? s + 1);
    translations(out, ['steps', s, 'title'], step.title, {
      nl: `Stap ${stepName}`,
      fr: `Étape ${stepName}`,
      en: `Step ${stepName}`,
    });
    if (!step.fields || step.fields.length === 0) {
      out.push({
        severity: 'error',
        code: 'empty-step',
        path: formatPath(['steps', s]),
        message: {
          nl: `Stap ${stepName} heeft geen velden.`,
          fr: `L’étape ${stepName} n’a pas de champs.`,
          en: `Step ${stepName} has no fields.`,
        },
      });
    }
    (step.fields ?? []).forEach((f, i) => {
      count++;
      const path = ['steps', s, 'fields', i];
      translations(out, [...path, 'label'], f.label, {
        nl: `Veld ${label(f)}`,
        fr: `Champ ${label(f)}`,
        en: `Field ${label(f)}`,
      });
      translations(out, [...path, 'help'], f.help, {
        nl: `Hulptekst van ${label(f)}`,
        fr: `Aide de ${label(f)}`,
        en: `Help text of ${label(f)}`,
      });
      translations(out, [...path, 'patternMessage'], f.patternMessage, {
        nl: `Foutmelding van ${label(f)}`,
        fr: `Message d’erreur de ${label(f)}`,
        en: `Error message of ${label(f)}`,
      });
      (f.options ?? []).forEach((o, j) => {
        translations(out, [...path, 'options', j, 'label'], o.label, {
          nl: `Keuze “${String(o.value)}” van ${label(f)}`,
          fr: `Option « ${String(o.value)} » de ${label(f)}`,
          en: `Option “${String(o.value)}” of ${label(f)}`,
        });
      });
      const cond = f.showWhen;
      if (cond) {
        const other = seen.get(String(cond.field));
        const values = (other?.options ?? []).map((o) => o.value);
        const reachable =
          other !== undefined &&
          other.kind === 'choice' &&
          (cond.in ?? []).some((v) => values.includes(v)) &&
          // a field shown only when a hidden-forever field has a value is unreachable too
          !unreachable.has(String(other.name));
        if (!reachable) {
          unreachable.add(String(f.name));
          out.push({
            severity: 'error',
            code: 'unreachable-field',
            path: formatPath([...path, 'showWhen']),
            message: {
              nl: `Veld ${label(f)} wordt nooit getoond: de voorwaarde kan niet vervuld worden.`,
              fr: `Le champ ${label(f)} n’est jamais affiché : la condition ne peut pas être remplie.`,
              en: `Field ${label(f)} is never shown: its condition cannot hold.`,
            },
          });
        }
      }
      if (typeof f.name === 'string') seen.set(f.name, f);
    });
  });
  if (count === 0) {
    out.push({
      severity: 'error',
      code: 'no-fields',
      path: 'steps',
      message: {
        nl: 'Het formulier heeft nog geen velden.',
        fr: 'Le formulaire n’a pas encore de champs.',
        en: 'The form has no fields yet.',
      },
    });
  }
  const mails = (def.mailTexts ?? {}) as Record<string, unknown>;
  for (const [kind, what] of [
    ['receipt', { nl: 'ontvangstbevestiging', fr: 'd’accusé de réception', en: 'receipt' }],
    ['approved', { nl: 'goedkeuring', fr: 'd’approbation', en: 'approval' }],
    ['refused', { nl: 'weigering', fr: 'de refus', en: 'refusal' }],
  ] as const) {
    translations(out, ['mailTexts', kind], mails[kind], {
      nl: `E-mailtekst bij de ${what.nl}`,
      fr: `Texte du courriel ${what.fr}`,
      en: `E-mail text of the ${what.en}`,
    });
  }
  const doc = def.document as
    | {
        title?: unknown;
        blocks?: Array<{ type?: unknown; text?: unknown; items?: Array<{ key?: unknown; value?: unknown }> }>;
      }
    | undefined;
  if (doc) {
    translations(out, ['document', 'title'], doc.title, {
      nl: 'Titel van het document',
      fr: 'Titre du document',
      en: 'Title of the document',
    });
    (doc.blocks ?? []).forEach((b, i) => {
      const n = i + 1;
      if (b.type === 'heading' || b.type === 'paragraph') {
        documentText(out, ['document', 'blocks', i, 'text'], b.text, {
          nl: `Tekst ${n} van het document`,
          fr: `Texte ${n} du document`,
          en: `Text ${n} of the document`,
        });
      }
      (b.items ?? []).forEach((item, j) => {
        const row = `${n}.${j + 1}`;
        documentText(out, ['document', 'blocks', i, 'items', j, 'key'], item.key, {
          nl: `Rij ${row} van het document`,
          fr: `Ligne ${row} du document`,
          en: `Row ${row} of the document`,
        });
        documentText(out, ['document', 'blocks', i, 'items', j, 'value'], item.value, {
          nl: `Waarde van rij ${row} van het document`,
          fr: `Valeur de la ligne ${row} du document`,
          en: `Value of row ${row} of the document`,
        });
      });
    });
  }
  return out;
}
