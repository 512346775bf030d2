import { THEME_TITLES } from '@smartloket/core';
import { checkDeclarativeType, compileDeclarativeType, parseDeclarativeType } from '@smartloket/declarative';
import { describe, expect, it } from 'vitest';
import { bt } from '../backoffice-messages.js';
import { describeChanges } from './diff.js';
import {
  addField,
  addStep,
  editDocument,
  editField,
  editGeneral,
  editTerms,
  euroCents,
  fieldName,
  moveField,
  newDraft,
  removeField,
} from './draft.js';
import { DESIGNER_MESSAGES } from './messages.js';

function built() {
  const d = newDraft('gemeente.feestzaal', { nl: 'Feestzaal', fr: 'Salle', en: 'Hall' });
  addField(d, 'stap-1', 'choice', 'Soort evenement');
  addField(d, 'stap-1', 'text', 'Welke muziek?');
  addStep(d, { 'title.nl': 'Bijlagen' });
  addField(d, 'stap-2', 'file', 'Verzekeringsattest');
  return d;
}

describe('the designer’s edits', () => {
  it('names fields after their label, unique', () => {
    expect(fieldName('Aantal gasten', new Set())).toBe('aantalGasten');
    expect(fieldName('Ça va?', new Set(['caVa']))).toBe('caVa2');
    expect(fieldName('123', new Set())).toBe('veld123');
  });

  it('builds a valid type with a picked condition (only known options are kept)', () => {
    const d = built();
    editField(d, 'welkeMuziek', {
      'label.nl': 'Welke muziek?',
      'showWhen.field': 'soortEvenement',
      'showWhen.in.soortEvenement': ['ja', 'onbekend'],
    });
    expect(d.steps[0].fields[1].showWhen).toEqual({ field: 'soortEvenement', in: ['ja'] });
    expect(d.steps[0].fields[1].required).toBe(false);
    const r = parseDeclarativeType(d);
    expect(r.ok ? [] : r.errors).toEqual([]);
  });

  it('moves a field across steps at the edges, and the check names a condition that can no longer hold', () => {
    const d = built();
    editField(d, 'welkeMuziek', {
      'label.nl': 'Welke muziek?',
      required: 'on',
      'showWhen.field': 'soortEvenement',
      'showWhen.in.soortEvenement': 'ja',
    });
    expect(moveField(d, 'verzekeringsattest', -1)).toBe(true);
    expect(d.steps[0].fields.map((f: { name: string }) => f.name)).toEqual([
      'soortEvenement',
      'welkeMuziek',
      'verzekeringsattest',
    ]);
    expect(checkDeclarativeType(d).map((f) => f.code)).toContain('empty-step');
    moveField(d, 'welkeMuziek', -1);
    expect(checkDeclarativeType(d).map((f) => [f.code, f.path])).toContainEqual([
      'unreachable-field',
      'steps[0].fields[0].showWhen',
    ]);
    expect(removeField(d, 'nope')).toBe(false);
  });

  it('edits a choice’s values, labels and order; a value a condition uses cannot be removed', () => {
    const d = built();
    editField(d, 'welkeMuziek', {
      'label.nl': 'Welke muziek?',
      'showWhen.field': 'soortEvenement',
      'showWhen.in.soortEvenement': 'ja',
    });
    const options = (rows: Array<[string, string, string?]>, extra: Record<string, string> = {}) => ({
      'label.nl': 'Soort evenement',
      ...Object.fromEntries(
        rows.flatMap(([value, nl, was], i) => [
          [`option${i}.value`, value],
          [`option${i}.nl`, nl],
          ...(was ? [[`option${i}.was`, was]] : []),
        ]),
      ),
      ...extra,
    });
    // Renamed values follow in the condition; a new row gets a value from its label.
    expect(
      editField(
        d,
        'soortEvenement',
        options([
          ['feest', 'Feest', 'ja'],
          ['vergadering', 'Vergadering', 'nee'],
          ['', 'Huwelijk of jubileum'],
        ]),
      ),
    ).toBe(true);
    const choice = () => d.steps[0].fields[0].options.map((o: { value: string }) => o.value);
    expect(choice()).toEqual(['feest', 'vergadering', 'huwelijkOfJubileum'.toLowerCase()]);
    expect(d.steps[0].fields[1].showWhen).toEqual({ field: 'soortEvenement', in: ['feest'] });
    // Reorder by the row's button (the rest of the form is saved with it).
    const three = (extra: Record<string, string>) =>
      options(
        [
          ['feest', 'Feest', 'feest'],
          ['vergadering', 'Vergadering', 'vergadering'],
          ['huwelijkofjubileum', 'Huwelijk', 'huwelijkofjubileum'],
        ],
        extra,
      );
    editField(d, 'soortEvenement', three({ optionOp: 'up:2' }));
    expect(choice()).toEqual(['feest', 'huwelijkofjubileum', 'vergadering']);
    // Removing the value the condition uses is refused, named; nothing changes.
    const before = structuredClone(d);
    const refused = editField(d, 'soortEvenement', three({ optionOp: 'remove:0' }));
    expect(refused).toEqual({
      errors: [
        expect.objectContaining({
          nl: 'Keuze “Feest” kan niet verwijderd worden: de voorwaarde van veld “Welke muziek?” gebruikt ze. Pas eerst die voorwaarde aan.',
        }),
      ],
    });
    expect(d).toEqual(before);
    // An unused value goes; a bad or doubled value is refused.
    editField(d, 'soortEvenement', three({ optionOp: 'remove:1' }));
    expect(choice()).toEqual(['feest', 'huwelijkofjubileum']);
    const bad = editField(
      d,
      'soortEvenement',
      options([
        ['Feest!', 'Feest', 'feest'],
        ['feest', 'Ander'],
      ]),
    );
    expect(typeof bad === 'object' ? bad.errors.map((e) => e.en) : bad).toEqual([
      'Value “Feest!” of option “Feest”: lower-case letters, digits and dashes only.',
    ]);
    expect(parseDeclarativeType(d).ok).toBe(true);
  });

  it('sets an own theme with its name, the delivery text, retention and the fee, each with its effect', () => {
    const d = built();
    const themes = new Set(Object.keys(THEME_TITLES));
    expect(
      editGeneral(
        d,
        { 'title.nl': 'Feestzaal', themeOwn: 'zalen', 'themeTitle.nl': 'Zalen', leadTimeDays: '10' },
        themes,
      ),
    ).toBe(true);
    expect([d.theme, d.themeTitle, d.leadTimeDays]).toEqual(['zalen', { nl: 'Zalen' }, 10]);
    const bad = editGeneral(d, { themeOwn: 'Zalen!', leadTimeDays: 'tien' }, themes);
    expect(typeof bad === 'object' && bad.errors.map((e) => e.nl)).toEqual([
      'Eigen thema: een korte naam (kleine letters, cijfers en streepjes) en de naam in het Nederlands.',
      'Behandeltermijn: een geheel getal van 0 tot 3650.',
    ]);
    expect(d.theme).toBe('zalen');
    editGeneral(d, { theme: 'wonen' }, themes);
    expect([d.theme, d.themeTitle]).toEqual(['wonen', undefined]);
    editGeneral(
      d,
      { themeOwn: 'zalen', 'themeTitle.nl': 'Zalen', 'themeTitle.fr': 'Salles', leadTimeDays: '10' },
      themes,
    );

    expect(euroCents('12,5')).toBe(1250);
    expect(euroCents('€ 7,50')).toBe(750);
    expect(euroCents('7.5.0')).toBeUndefined();
    expect(
      editTerms(d, {
        'expectedDelivery.nl': 'Binnen twee weken',
        formDataDays: '365',
        documentMonths: '24',
        fee: '25,00',
        feePayment: 'before_submit',
      }),
    ).toBe(true);
    const refused = editTerms(d, { fee: 'gratis', formDataDays: '0' });
    expect(typeof refused === 'object' && refused.errors.map((e) => e.en)).toEqual([
      'Keep the answers: a whole number from 1 to 36500.',
      'Fee: “gratis” is not an amount in euro (e.g. 12.50).',
    ]);
    const r = parseDeclarativeType(d);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const t = compileDeclarativeType(r.value).requestType;
    expect(t.themeTitle).toEqual({ nl: 'Zalen', fr: 'Salles' });
    expect(t.expectedDelivery).toEqual({ nl: 'Binnen twee weken' });
    expect(t.retention).toEqual({ formDataDays: 365, documentMonths: 24 });
    expect(t.leadTimeDays).toBe(10);
    expect(t.fee).toMatchObject({ amountCents: 2500, payment: 'before_submit' });
    // Paying after approval needs a document: the schema names it.
    editTerms(d, { fee: '25', feePayment: 'after_approval', payWithinDays: '14' });
    expect([d.feePayment, d.payWithinDays]).toEqual(['after_approval', 14]);
    const noDoc = parseDeclarativeType(d);
    expect(noDoc.ok ? [] : noDoc.errors.map((e) => e.path)).toEqual(['feePayment']);
    editTerms(d, {});
    expect([d.feeCents, d.feePayment, d.retention]).toEqual([undefined, undefined, {}]);
  });

  it('makes the document from the picked answers, and describes what changed', () => {
    const before = built();
    const after = structuredClone(before);
    editDocument(after, { document: 'on', 'docTitle.nl': 'Toelating', print: ['soortEvenement'] });
    addField(after, 'stap-1', 'number', 'Aantal gasten');
    expect(after.document.blocks[0].items[0].value).toEqual({ nl: '{soortEvenement}' });
    expect(parseDeclarativeType(after).ok).toBe(true);
    expect(describeChanges(before, after).map((c) => c.nl)).toEqual([
      'Veld “Aantal gasten” (verplicht) toegevoegd in stap “Stap 1”.',
      'Document gewijzigd.',
    ]);
  });
});

describe('the designer’s texts', () => {
  it('are its own: no other back-office text with the same key replaces one', () => {
    for (const [key, text] of Object.entries(DESIGNER_MESSAGES)) {
      for (const l of ['nl', 'fr', 'en'] as const) expect(bt(l, key), key).toBe(text[l]);
    }
  });
});
