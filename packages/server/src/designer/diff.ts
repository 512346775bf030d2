import type { LocalizedText } from '@smartloket/core';
import { canonicalJson } from '@smartloket/db';

type Def = Record<string, any>;

function label(f: Def): string {
  return `“${String(f.label?.nl ?? f.name)}”`;
}

function fieldsOf(def: Def): Map<string, Def & { stepTitle: string }> {
  const out = new Map<string, Def & { stepTitle: string }>();
  for (const s of def.steps ?? []) {
    for (const f of s.fields ?? []) out.set(String(f.name), { ...f, stepTitle: String(s.title?.nl ?? s.id) });
  }
  return out;
}

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/**
 * What changed between two versions of a declarative type, as a functional admin reads it:
 * fields added, removed, moved or changed (and what of them), steps, titles, the outcome and the
 * document. In Dutch, French and English.
 */
export function describeChanges(before: Def, after: Def): LocalizedText[] {
  const out: LocalizedText[] = [];
  const text = (nl: string, fr: string, en: string) => out.push({ nl, fr, en });
  if (!same(before.title, after.title)) text('Titel gewijzigd.', 'Titre modifié.', 'Title changed.');
  if (!same(before.description, after.description))
    text('Beschrijving gewijzigd.', 'Description modifiée.', 'Description changed.');
  const beforeSteps = (before.steps ?? []).map((s: Def) => String(s.id));
  const afterSteps = (after.steps ?? []).map((s: Def) => String(s.id));
  for (const s of after.steps ?? []) {
    const t = `“${String(s.title?.nl ?? s.id)}”`;
    if (!beforeSteps.includes(s.id)) text(`Stap ${t} toegevoegd.`, `Étape ${t} ajoutée.`, `Step ${t} added.`);
    else if (!same((before.steps ?? []).find((x: Def) => x.id === s.id)?.title, s.title))
      text(`Titel van stap ${t} gewijzigd.`, `Titre de l’étape ${t} modifié.`, `Title of step ${t} changed.`);
  }
  for (const s of before.steps ?? []) {
    const t = `“${String(s.title?.nl ?? s.id)}”`;
    if (!afterSteps.includes(s.id))
      text(`Stap ${t} verwijderd.`, `Étape ${t} supprimée.`, `Step ${t} removed.`);
  }
  const a = fieldsOf(before);
  const b = fieldsOf(after);
  const order = (m: Map<string, Def>) => [...m.keys()];
  for (const [name, f] of b) {
    const old = a.get(name);
    if (!old) {
      const req = f.required === false ? '' : ' (verplicht)';
      const reqFr = f.required === false ? '' : ' (obligatoire)';
      const reqEn = f.required === false ? '' : ' (required)';
      text(
        `Veld ${label(f)}${req} toegevoegd in stap “${f.stepTitle}”.`,
        `Champ ${label(f)}${reqFr} ajouté à l’étape « ${f.stepTitle} ».`,
        `Field ${label(f)}${reqEn} added in step “${f.stepTitle}”.`,
      );
      continue;
    }
    const what: LocalizedText[] = [];
    const aspect = (key: string, nl: string, fr: string, en: string) => {
      if (!same(old[key], f[key])) what.push({ nl, fr, en });
    };
    aspect('label', 'label', 'libellé', 'label');
    aspect('help', 'hulptekst', 'aide', 'help text');
    if ((old.required ?? true) !== (f.required ?? true))
      what.push(
        f.required === false
          ? { nl: 'niet meer verplicht', fr: 'plus obligatoire', en: 'no longer required' }
          : { nl: 'nu verplicht', fr: 'désormais obligatoire', en: 'now required' },
      );
    aspect('kind', 'soort', 'type', 'kind');
    aspect('options', 'keuzes', 'options', 'options');
    aspect('showWhen', 'voorwaarde', 'condition', 'condition');
    aspect('pattern', 'vorm', 'format', 'pattern');
    if (
      !same(
        {
          ...old,
          label: 0,
          help: 0,
          required: 0,
          kind: 0,
          options: 0,
          showWhen: 0,
          pattern: 0,
          stepTitle: 0,
        },
        { ...f, label: 0, help: 0, required: 0, kind: 0, options: 0, showWhen: 0, pattern: 0, stepTitle: 0 },
      )
    )
      what.push({ nl: 'instellingen', fr: 'paramètres', en: 'settings' });
    if (old.stepTitle !== f.stepTitle)
      what.push({
        nl: `naar stap “${f.stepTitle}”`,
        fr: `vers l’étape « ${f.stepTitle} »`,
        en: `to step “${f.stepTitle}”`,
      });
    if (what.length > 0) {
      text(
        `Veld ${label(f)} gewijzigd: ${what.map((w) => w.nl).join(', ')}.`,
        `Champ ${label(f)} modifié : ${what.map((w) => w.fr).join(', ')}.`,
        `Field ${label(f)} changed: ${what.map((w) => w.en).join(', ')}.`,
      );
    }
  }
  for (const [name, f] of a) {
    if (!b.has(name))
      text(`Veld ${label(f)} verwijderd.`, `Champ ${label(f)} supprimé.`, `Field ${label(f)} removed.`);
  }
  const common = order(b).filter((n) => a.has(n));
  const oldCommon = order(a).filter((n) => b.has(n));
  if (!same(common, oldCommon))
    text('Volgorde van de velden gewijzigd.', 'Ordre des champs modifié.', 'Order of the fields changed.');
  if (before.outcome !== after.outcome)
    text('Afhandeling gewijzigd.', 'Traitement modifié.', 'Handling changed.');
  if (!same(before.document, after.document))
    text('Document gewijzigd.', 'Document modifié.', 'Document changed.');
  for (const [key, nl, fr, en] of [
    ['audience', 'Wie mag aanvragen', 'Qui peut demander : modifié', 'Who may file'],
    ['minimumLevel', 'Aanmeldniveau', 'Niveau de connexion modifié', 'Login level'],
    ['leadTimeDays', 'Behandeltermijn', 'Délai de traitement modifié', 'Lead time'],
    ['theme', 'Thema', 'Thème modifié', 'Theme'],
    ['themeTitle', 'Naam van het thema', 'Nom du thème modifié', 'Name of the theme'],
    ['expectedDelivery', 'Levertermijn', 'Délai de délivrance modifié', 'Expected delivery'],
    ['retention', 'Bewaartermijn', 'Durée de conservation modifiée', 'Retention'],
    ['feeCents', 'Retributie', 'Redevance modifiée', 'Fee'],
    ['feePayment', 'Moment van betalen', 'Moment du paiement modifié', 'When to pay'],
    ['mailTexts', 'E-mailteksten', 'Textes des courriels modifiés', 'E-mail texts'],
  ] as const) {
    if (!same(before[key], after[key])) text(`${nl} gewijzigd.`, `${fr}.`, `${en} changed.`);
  }
  return out;
}
