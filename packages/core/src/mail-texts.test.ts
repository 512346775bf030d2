import { describe, expect, it } from 'vitest';
import { fields, form } from './forms.js';
import { answerText, fillMailText, mailTextPlaceholders } from './mail-texts.js';
import { defineRequestType } from './request-type.js';

const theForm = form({
  day: fields.date({ label: { nl: 'Datum' } }),
  kind: fields.choice({
    label: { nl: 'Soort' },
    options: [
      { value: 'feest', label: { nl: 'Feest', fr: 'Fête' } },
      { value: 'vergadering', label: { nl: 'Vergadering', fr: 'Réunion' } },
    ],
  }),
  where: fields.address({ label: { nl: 'Adres' }, optional: true }),
  note: fields.text({ label: { nl: 'Opmerking' }, optional: true }),
});
const base = {
  id: 'zaal.huur',
  kind: 'report' as const,
  title: { nl: 'Zaalhuur', fr: 'Location de salle' },
  theme: 'vrije-tijd',
  form: theForm,
  subject: () => ({ relation: 'none' as const }),
  rules: [],
};

describe('a request type’s mail texts', () => {
  const values = {
    reference: 'SL-2026-000123',
    title: base.title,
    form: theForm,
    answers: { day: '2026-06-13', kind: 'feest', note: '{{reference}} <b>' } as Record<string, unknown>,
  };

  it('fills the reference, the title and the answers in the mail’s language, in one pass', () => {
    const texts = {
      receipt: {
        nl: '{{title}} {{reference}}: {{answers.kind}} op {{ answers.day }}.',
        fr: '{{answers.kind}} le {{answers.day}} {{answers.note}}',
      },
    };
    expect(fillMailText(texts, 'receipt', 'nl', values)).toBe(
      'Zaalhuur SL-2026-000123: Feest op 13/06/2026.',
    );
    // An answer is text as typed: not filled again, not made markup (the notifier escapes it).
    expect(fillMailText(texts, 'receipt', 'fr', values)).toBe('Fête le 13/06/2026 {{reference}} <b>');
    // German falls back like every text; a mail without a text of the type gets none.
    expect(fillMailText(texts, 'receipt', 'de', values)).toBe('Fête le 13/06/2026 {{reference}} <b>');
    expect(fillMailText(texts, 'refused', 'nl', values)).toBeUndefined();
    // Purged answers fill in empty.
    expect(fillMailText(texts, 'receipt', 'nl', { ...values, answers: null })).toBe(
      'Zaalhuur SL-2026-000123:  op .',
    );
  });

  it('formats answers as a person reads them', () => {
    const where = {
      street: 'Marktplein',
      number: '1',
      box: '2',
      postcode: '9999',
      municipality: 'Smartegem',
    };
    expect(answerText(theForm.fields.where, where, 'fr')).toBe('Marktplein 1 bte 2, 9999 Smartegem');
    expect(answerText(theForm.fields.kind, 'vergadering', 'fr')).toBe('Réunion');
    expect(answerText(theForm.fields.day, undefined, 'nl')).toBe('');
  });

  it('names its placeholders; defineRequestType refuses one that names nothing', () => {
    expect(mailTextPlaceholders('{{reference}} {{ answers.day }}')).toEqual(['reference', 'answers.day']);
    expect(() =>
      defineRequestType({ ...base, mailTexts: { approved: { nl: 'Dag {{answers.name}} en {{naam}}' } } }),
    ).toThrow('mailTexts of "zaal.huur" name unknown placeholders: {{answers.name}}, {{naam}}');
    expect(
      defineRequestType({ ...base, mailTexts: { approved: { nl: '{{answers.day}}' } } }).mailTexts,
    ).toEqual({
      approved: { nl: '{{answers.day}}' },
    });
  });
});
