import { describe, expect, it } from 'vitest';
import type { FieldIssue } from './errors.js';
import { FIELD_MESSAGES, type FormDefinition, fields, form, forWhomFields, validateForm } from './forms.js';
import { makeInsz } from './identifiers/insz.js';
import { makeKbo } from './identifiers/kbo.js';

const INSZ = makeInsz('1985-07-30', 123);
const KBO = makeKbo('01234567');

const f = form({
  name: fields.text({ label: { nl: 'Naam' }, max: 10 }),
  note: fields.textarea({ label: { nl: 'Opmerking' }, max: 20, optional: true }),
  insz: fields.insz({ label: { nl: 'Rijksregisternummer' } }),
  kbo: fields.kbo({ label: { nl: 'Ondernemingsnummer' }, optional: true }),
  email: fields.email({ label: { nl: 'E-mail' } }),
  birth: fields.date({ label: { nl: 'Geboortedatum' } }),
  language: fields.choice({
    label: { nl: 'Taal' },
    options: [
      { value: 'nl', label: { nl: 'Nederlands' } },
      { value: 'fr', label: { nl: 'Frans' } },
    ],
  }),
  copies: fields.choice({
    label: { nl: 'Aantal' },
    options: [
      { value: '1', label: { nl: 'een' } },
      { value: '2', label: { nl: 'twee' } },
    ],
    default: '1',
  }),
  urgent: fields.boolean({ label: { nl: 'Dringend' } }),
});

const good = {
  name: 'Jan',
  insz: '85.07.30-123.35',
  email: 'jan@example.be',
  birth: '1985-07-30',
  language: 'fr',
};

function issues(input: unknown, def: FormDefinition<any> = f): FieldIssue[] {
  const r = validateForm(def, input);
  if (r.ok) throw new Error('expected validation to fail');
  return r.issues;
}

const codes = (list: FieldIssue[]) => Object.fromEntries(list.map((i) => [i.path, i.code]));

describe('validateForm', () => {
  it('accepts good input, normalizes identifiers, applies defaults and drops unknown keys', () => {
    const r = validateForm(f, { ...good, kbo: 'BE 0123.456.749', urgent: 'on', extra: 'x' });
    expect(r).toEqual({
      ok: true,
      value: {
        name: 'Jan',
        insz: INSZ,
        kbo: KBO,
        email: 'jan@example.be',
        birth: '1985-07-30',
        language: 'fr',
        copies: '1',
        urgent: true,
      },
    });
  });

  it('reports every required field as required, once', () => {
    const list = issues({});
    expect(codes(list)).toEqual({
      name: 'required',
      insz: 'required',
      email: 'required',
      birth: 'required',
      language: 'required',
    });
    expect(list.find((i) => i.path === 'name')?.message).toEqual(FIELD_MESSAGES.required);
  });

  it('treats empty strings and whitespace as missing', () => {
    expect(codes(issues({ ...good, name: '', insz: '   ', language: '', email: '' }))).toEqual({
      name: 'required',
      insz: 'required',
      language: 'required',
      email: 'required',
    });
    // An empty optional field is simply absent.
    const r = validateForm(f, { ...good, kbo: '', note: '' });
    expect(r.ok && 'kbo' in r.value).toBe(false);
  });

  it.each([
    ['insz', { insz: '85073012336' }, 'insz.invalid'],
    ['kbo', { kbo: '0123456748' }, 'kbo.invalid'],
    ['email', { email: 'jan@' }, 'email.invalid'],
    ['birth', { birth: '30/07/1985' }, 'date.invalid'],
    ['birth', { birth: '1985-13-01' }, 'date.invalid'],
    ['birth', { birth: '2025-02-31' }, 'date.invalid'],
    ['birth', { birth: '2025-02-29' }, 'date.invalid'],
    ['language', { language: 'de' }, 'choice.invalid'],
    ['copies', { copies: '3' }, 'choice.invalid'],
  ] as const)('%s %j → %s', (path, patch, code) => {
    const list = issues({ ...good, ...patch });
    expect(list).toEqual([{ path, code, message: FIELD_MESSAGES[code] }]);
  });

  it('accepts 29 February of a leap year', () => {
    expect(validateForm(f, { ...good, birth: '2024-02-29' }).ok).toBe(true);
  });

  it('fills {max} in text.too_long, in every language', () => {
    const list = issues({ ...good, name: 'x'.repeat(11), note: 'y'.repeat(21) });
    expect(list.map((i) => [i.path, i.code])).toEqual([
      ['name', 'text.too_long'],
      ['note', 'text.too_long'],
    ]);
    expect(list[0]?.message).toEqual({
      nl: 'Deze tekst is te lang (maximum 10 tekens).',
      fr: 'Ce texte est trop long (maximum 10 caractères).',
      en: 'This text is too long (maximum 10 characters).',
    });
    expect(list[1]?.message.en).toBe('This text is too long (maximum 20 characters).');
    expect(validateForm(f, { ...good, name: 'x'.repeat(10) }).ok).toBe(true);
  });

  it('gives one message per field, the first problem', () => {
    const list = issues({ ...good, insz: '  ' });
    expect(list.filter((i) => i.path === 'insz')).toHaveLength(1);
  });

  it('reports nested fields by dotted path, with {max} filled and missing parts required', () => {
    const withAddress = form({
      address: fields.address({ label: { nl: 'Adres' } }),
      year: fields.year({ label: { nl: 'Jaar' } }),
    });
    const list = issues(
      {
        address: { street: 'x'.repeat(201), number: '', postcode: '20000', municipality: 'Antwerpen' },
        year: '',
      },
      withAddress,
    );
    expect(codes(list)).toEqual({
      'address.street': 'text.too_long',
      'address.number': 'required',
      'address.postcode': 'postcode.invalid',
      year: 'required',
    });
    expect(list[0]?.message.en).toBe('This text is too long (maximum 200 characters).');
    expect(codes(issues({}, withAddress))).toEqual({ address: 'required', year: 'required' });
    expect(codes(issues({ address: 'Markt 1', year: 'MMXX' }, withAddress))).toEqual({
      address: 'invalid',
      year: 'invalid',
    });
  });
});

describe('form()', () => {
  it('keeps field order and metadata', () => {
    expect(Object.keys(f.fields)).toEqual(Object.keys(f.schema.shape));
    expect(f.fields.name).toMatchObject({ kind: 'text', required: true, max: 10 });
    expect(f.fields.kbo).toMatchObject({ kind: 'kbo', required: false });
    expect(f.fields.copies).toMatchObject({ kind: 'choice', required: false });
    expect(f.fields.language?.options?.map((o) => o.value)).toEqual(['nl', 'fr']);
    expect(f.fields.email?.autocomplete).toBe('email');
  });

  it('accepts fields on declared steps and refuses an unknown step', () => {
    const steps = [
      { id: 'who', title: { nl: 'Wie' } },
      { id: 'what', title: { nl: 'Wat' } },
    ];
    const ok = form(
      {
        a: fields.text({ label: { nl: 'a' }, step: 'who' }),
        b: fields.text({ label: { nl: 'b' }, step: 'what' }),
      },
      { steps },
    );
    expect(ok.steps).toEqual(steps);
    expect(ok.fields.b?.step).toBe('what');
    expect(() => form({ a: fields.text({ label: { nl: 'a' }, step: 'where' }) }, { steps })).toThrow(
      'form: field "a" names unknown step "where"',
    );
    expect(() => form({ a: fields.text({ label: { nl: 'a' }, step: 'who' }) })).toThrow(
      'form: field "a" names unknown step "who"',
    );
  });
});

describe('forWhomFields', () => {
  const fw = form(forWhomFields());

  it('defaults to self and needs nothing else', () => {
    expect(validateForm(fw, {})).toEqual({ ok: true, value: { forWhom: 'self' } });
  });

  it('takes the subject INSZ and the ground', () => {
    expect(
      validateForm(fw, { forWhom: 'other', subjectInsz: '85.07.30-123.35', ground: 'volmacht' }),
    ).toEqual({
      ok: true,
      value: { forWhom: 'other', subjectInsz: INSZ, ground: 'volmacht' },
    });
  });

  it('validates its parts', () => {
    expect(codes(issues({ forWhom: 'neighbour', subjectInsz: '123', ground: 'x'.repeat(301) }, fw))).toEqual({
      forWhom: 'choice.invalid',
      subjectInsz: 'insz.invalid',
      ground: 'text.too_long',
    });
  });

  it('offers only the allowed options, the first as default, and shows fields conditionally', () => {
    const only = forWhomFields(['child', 'self']);
    const def = form(only);
    expect(def.fields.forWhom?.options?.map((o) => o.value)).toEqual(['child', 'self']);
    expect(validateForm(def, {})).toEqual({ ok: true, value: { forWhom: 'child' } });
    expect(codes(issues({ forWhom: 'organisation' }, def))).toEqual({ forWhom: 'choice.invalid' });
    expect(def.fields.subjectInsz?.showWhen).toEqual({
      field: 'forWhom',
      in: ['child', 'other', 'organisation'],
    });
    expect(def.fields.ground?.showWhen).toEqual({ field: 'forWhom', in: ['other'] });
  });
});

describe('text patterns and the Belgian field kinds', () => {
  const kinds = form({
    customer: fields.text({
      label: { nl: 'Klantnummer' },
      pattern: /^K\d{6}$/g,
      patternMessage: {
        nl: 'Een klantnummer is een K en 6 cijfers.',
        fr: 'Un numéro de client est un K suivi de 6 chiffres.',
        en: 'A customer number is a K and 6 digits.',
      },
      optional: true,
    }),
    code: fields.text({ label: { nl: 'Code' }, pattern: /^\d{4}$/, optional: true }),
    plate: fields.licencePlate({ label: { nl: 'Nummerplaat' }, optional: true }),
    iban: fields.iban({ label: { nl: 'Rekeningnummer' }, optional: true }),
    beIban: fields.iban({ label: { nl: 'Belgische rekening' }, belgian: true, optional: true }),
    phone: fields.phone({ label: { nl: 'Telefoon' }, optional: true }),
  });
  const issuesOf = (input: Record<string, unknown>) => {
    const r = validateForm(kinds, input);
    return r.ok ? [] : r.issues;
  };

  it('checks a pattern (also a /g one, twice) and gives the field its own translated message', () => {
    expect(validateForm(kinds, { customer: ' K123456 ' })).toEqual({
      ok: true,
      value: { customer: 'K123456' },
    });
    expect(validateForm(kinds, { customer: 'K123456' }).ok).toBe(true);
    const [issue] = issuesOf({ customer: 'X12' });
    expect(issue).toEqual({
      path: 'customer',
      code: 'text.pattern',
      message: {
        nl: 'Een klantnummer is een K en 6 cijfers.',
        fr: 'Un numéro de client est un K suivi de 6 chiffres.',
        en: 'A customer number is a K and 6 digits.',
      },
    });
    expect(issuesOf({ code: '12a4' })).toEqual([
      { path: 'code', code: 'text.pattern', message: FIELD_MESSAGES['text.pattern'] },
    ]);
    expect(kinds.fields.customer?.patternMessage?.nl).toBe('Een klantnummer is een K en 6 cijfers.');
  });

  it('normalises a Belgian licence plate in every format and refuses anything else', () => {
    for (const [input, plate] of [
      ['1abc234', '1-ABC-234'],
      ['1 ABC 234', '1-ABC-234'],
      ['2.xyz.007', '2-XYZ-007'],
      ['abc-123', 'ABC-123'],
      ['123 abc', '123-ABC'],
    ]) {
      expect(validateForm(kinds, { plate: input })).toEqual({ ok: true, value: { plate } });
    }
    for (const bad of ['0-ABC-234', '1-AB-234', 'ABCD123', '1-ABC-2345']) {
      expect(issuesOf({ plate: bad }).map((i) => i.code)).toEqual(['licence-plate.invalid']);
    }
    expect(FIELD_MESSAGES['licence-plate.invalid'].nl).toContain('1-ABC-234');
    expect(kinds.fields.plate).toMatchObject({ kind: 'licence-plate', placeholder: '1-ABC-234' });
  });

  it('checks an IBAN (mod 97), stores it without spaces, and can refuse foreign accounts', () => {
    expect(validateForm(kinds, { iban: 'be68 5390 0754 7034' })).toEqual({
      ok: true,
      value: { iban: 'BE68539007547034' },
    });
    expect(validateForm(kinds, { iban: 'NL91 ABNA 0417 1643 00' }).ok).toBe(true);
    expect(issuesOf({ iban: 'BE68 5390 0754 7035' }).map((i) => i.code)).toEqual(['iban.invalid']);
    expect(issuesOf({ beIban: 'NL91ABNA0417164300' }).map((i) => i.code)).toEqual(['iban.invalid']);
    expect(validateForm(kinds, { beIban: 'BE68539007547034' }).ok).toBe(true);
  });

  it('normalises a phone number to E.164', () => {
    for (const [input, phone] of [
      ['0470 12 34 56', '+32470123456'],
      ['02/123.45.67', '+3221234567'],
      ['+32 470 12 34 56', '+32470123456'],
      ['0032 470 12 34 56', '+32470123456'],
      ['+31 6 12345678', '+31612345678'],
    ]) {
      expect(validateForm(kinds, { phone: input })).toEqual({ ok: true, value: { phone } });
    }
    for (const bad of ['12345', '0470 12 34', '+32 0470 12 34 56', 'bel me']) {
      expect(issuesOf({ phone: bad }).map((i) => i.code)).toEqual(['phone.invalid']);
    }
  });
});
