import { CHOICE_MESSAGES, fields, form } from '@smartloket/core';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { choiceIssues, withChoices } from './forms.js';
import { FormFields, SELECT_FROM } from './views/form.js';

const base = form({
  need: fields.dynamicChoice({ label: { nl: 'Verplicht' } }),
  maybe: fields.dynamicChoice({ label: { nl: 'Facultatief' }, optional: true }),
});
const opts = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ value: `v${i}`, label: { nl: `Optie ${i}`, fr: `Option ${i}` } }));
const html = (f: ReturnType<typeof withChoices>, values: Record<string, unknown> = {}) =>
  renderToString(h(FormFields, { form: f, locale: 'fr', values, issues: [] }));

describe('dynamic choices in the portal', () => {
  it('radio buttons for a few options, a drop-down for a long list; "none of these" for an optional field', () => {
    const few = withChoices(base, {
      need: { status: 'ok', options: opts(2) },
      maybe: { status: 'ok', options: opts(SELECT_FROM) },
    });
    const out = html(few, { maybe: 'v3' });
    expect(out).toContain('type="radio" name="need" value="v0"');
    expect(out).toContain('Option 1');
    expect(out).toMatch(/<select[^>]*name="maybe"/);
    expect(out).toMatch(/<option value="v3" selected/);
    expect(out).toContain(CHOICE_MESSAGES.none.fr);
    expect(out).not.toContain('name="maybe" value="v0"');
  });

  it('no options: the field is left out; the source down: a notice, free text when required', () => {
    const f = withChoices(base, {
      need: { status: 'unavailable', message: { nl: 'Lijst weg', fr: 'Liste absente' } },
      maybe: { status: 'ok', options: [] },
    });
    expect(f.fields.maybe).toBeUndefined();
    expect(f.fields.need).toMatchObject({ kind: 'text' });
    const out = html(f);
    expect(out).toContain('Liste absente');
    expect(out).toMatch(/<input[^>]*name="need"[^>]*type="text"/);
  });

  it('a value that was not offered is an error; a required field with options must be answered', () => {
    const loaded = {
      need: { status: 'ok' as const, options: opts(2) },
      maybe: { status: 'ok' as const, options: opts(2) },
    };
    const f = withChoices(base, loaded);
    expect(choiceIssues(f, { maybe: 'v9' }, ['need', 'maybe'], loaded).map((i) => [i.path, i.code])).toEqual([
      ['need', 'required'],
      ['maybe', 'choice.invalid'],
    ]);
    expect(choiceIssues(f, { need: 'v1' }, ['need', 'maybe'], loaded)).toEqual([]);
  });
});
