import { describe, expect, it } from 'vitest';
import { fields, form, validateForm } from './forms.js';
import { defineChoice, defineRequestType } from './request-type.js';

const base = {
  kind: 'report' as const,
  title: { nl: 'Melding' },
  theme: 'openbaar-domein',
  subject: () => ({ relation: 'none' as const }),
  rules: [],
};

describe('dynamic choices', () => {
  it('a dynamic choice field takes any short value (the runtime checks it against the loaded options)', () => {
    const f = form({ pick: fields.dynamicChoice({ label: { nl: 'Kies' }, max: 10 }) });
    expect(f.fields.pick).toMatchObject({ kind: 'choice', dynamic: true, required: true });
    expect(f.fields.pick!.options).toBeUndefined();
    expect(validateForm(f, { pick: 'a' })).toEqual({ ok: true, value: { pick: 'a' } });
    expect(validateForm(f, {})).toEqual({ ok: true, value: {} });
    const long = validateForm(f, { pick: 'x'.repeat(11) });
    expect(long.ok === false && long.issues[0]!.code).toBe('choice.invalid');
  });

  it('defineChoice defaults to the runtime check and no deps', async () => {
    const c = defineChoice({ load: async () => [{ value: 'a', label: { nl: 'A' } }] });
    expect(c.check).toBe('options');
    expect(c.deps).toEqual({});
    expect(defineChoice({ check: 'rules', load: async () => [] }).check).toBe('rules');
  });

  it('every dynamic field needs a loader, and every loader a dynamic field', () => {
    const f = form({
      pick: fields.dynamicChoice({ label: { nl: 'Kies' } }),
      text: fields.text({ label: { nl: 'Tekst' } }),
    });
    const load = defineChoice({ load: async () => [] });
    expect(() => defineRequestType({ ...base, id: 'x.a', form: f })).toThrow(/choices\.pick/);
    expect(() =>
      defineRequestType({ ...base, id: 'x.b', form: f, choices: { pick: load, text: load } }),
    ).toThrow(/choices\.text/);
    expect(defineRequestType({ ...base, id: 'x.c', form: f, choices: { pick: load } }).choices?.pick).toBe(
      load,
    );
  });
});
