import { checkDeclarativeType, parseDeclarativeType } from '@smartloket/declarative';
import { describe, expect, it } from 'vitest';
import { bt } from '../backoffice-messages.js';
import { describeChanges } from './diff.js';
import {
  addField,
  addStep,
  editDocument,
  editField,
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
