import {
  definePlugin,
  definePrefill,
  defineRequestType,
  defineSource,
  fields,
  form,
  prefillFrom,
  self,
  ValidationError,
} from '@smartloket/core';
import { createTestDeployment, fakeIdentities, type TestDeployment } from '@smartloket/testkit';
import { afterEach, describe, expect, it } from 'vitest';

/** A register the prefill reads; `down` makes it fail like an unreachable source. */
const register = { calls: 0, down: false };
const address = { street: 'Kerkstraat', number: '12', postcode: '9000', municipality: 'Gent' };
const origin = { nl: 'uit het proefregister', fr: 'du registre d’essai', en: 'from the test register' };

const proefPrefill = definePrefill<{ name: string; address: typeof address }>()({
  id: 'proef.register',
  services: ['proef:Persoon'],
  origin,
  async load(ctx) {
    return ctx.consult('proef:Persoon', async () => {
      register.calls++;
      if (register.down) throw new Error('register unreachable');
      return ctx.wanted.includes('name') ? { name: 'Jan Peeters', address } : { address };
    });
  },
});

/** A prefill that consults a service it does not list: refused, so its fields stay empty. */
const sneaky = definePrefill<{ name: string }>()({
  id: 'proef.sneaky',
  services: ['proef:Persoon'],
  origin,
  load: async (ctx) => ctx.consult('proef:Andere', async () => ({ name: 'X' })),
});

const kaart = (prefill: Parameters<typeof defineRequestType>[0]['prefill']) =>
  defineRequestType({
    id: 'proef.kaart',
    kind: 'certificate',
    title: { nl: 'Proefkaart' },
    theme: 'wonen',
    form: form({
      forWhom: fields.choice({
        label: { nl: 'Voor wie?' },
        options: [
          { value: 'self', label: { nl: 'Voor mezelf' } },
          { value: 'other', label: { nl: 'Voor iemand anders' } },
        ],
      }),
      name: fields.text({ label: { nl: 'Naam' } }),
      address: fields.address({ label: { nl: 'Adres' } }),
    }),
    subject: (f, requester) =>
      (f as { forWhom?: string }).forWhom === 'other'
        ? { relation: 'other', insz: '90022500184' }
        : { relation: 'self', insz: requester.kind === 'citizen' ? requester.insz : undefined },
    rules: [self()],
    source: defineSource({ id: 'proef.bron', fetch: async () => ({ kind: 'data', data: {} }) }),
    prefill,
  });

const plugin = (prefill: Parameters<typeof kaart>[0]) =>
  definePlugin({
    id: 'proef',
    compat: { core: '*' },
    sources: { 'proef:Persoon': { fields: ['Naam', 'Adres'], legalBasis: 'Proefreglement, art. 1' } },
    register: ({ requestTypes }) => requestTypes.add(kaart(prefill)),
  });

describe('RequestService: prefill from authentic sources', () => {
  let d: TestDeployment | undefined;
  afterEach(async () => {
    await d?.close();
    d = undefined;
    register.calls = 0;
    register.down = false;
  });

  const standard = {
    name: prefillFrom(proefPrefill, 'name', { editable: true }),
    address: prefillFrom(proefPrefill, 'address'),
  };
  const jan = fakeIdentities.citizen();
  const submit = (t: TestDeployment, input: Record<string, unknown>) =>
    t.requests.submit({ typeId: 'proef.kaart', input, locale: 'nl', identity: jan });

  it('prefills an editable and a locked field in one consultation, audited with the plugin’s legal basis', async () => {
    d = await createTestDeployment({ plugins: [plugin(standard)] });
    const result = await d.requests.prefill({ typeId: 'proef.kaart', locale: 'nl', identity: jan });
    expect(result).toEqual({
      fields: {
        name: { value: 'Jan Peeters', origin, editable: true },
        address: { value: address, origin, editable: false },
      },
      unavailable: false,
    });
    expect(register.calls).toBe(1);
    const audit = await d.db.audit.list({ subjectId: jan.insz!, categories: ['consultation_started'] });
    expect(audit.map((a) => [a.service, a.legalBasis, a.purpose])).toEqual([
      ['proef:Persoon', 'Proefreglement, art. 1', 'prefill:proef.kaart'],
    ]);
  });

  it('takes a changed editable value, refuses a changed locked one (nothing stored), and asks the register again at submit', async () => {
    d = await createTestDeployment({ plugins: [plugin(standard)] });
    const ok = await submit(d, { forWhom: 'self', name: 'Jan P.', address: { ...address, box: '' } });
    expect(ok.request.form).toMatchObject({ name: 'Jan P.', address });
    expect(ok.decision.outcome).toBe('auto');
    // Only the locked field is read at submit.
    expect(register.calls).toBe(1);
    const refused = await submit(d, {
      forWhom: 'self',
      name: 'Jan Peeters',
      address: { ...address, number: '14' },
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).issues.map((i) => [i.path, i.code])).toEqual([
      ['address', 'prefill.changed'],
    ]);
    expect((await d.db.requests.list({}, { limit: 10 })).items).toHaveLength(1);
  });

  it('gives no prefill and checks nothing for a request about someone else', async () => {
    d = await createTestDeployment({ plugins: [plugin(standard)] });
    const result = await d.requests.prefill({
      typeId: 'proef.kaart',
      locale: 'nl',
      identity: jan,
      values: { forWhom: 'other' },
    });
    expect(result.fields).toEqual({});
    await expect(
      submit(d, { forWhom: 'other', name: 'Els', address: { ...address, number: '14' } }),
    ).resolves.toBeDefined();
    expect(register.calls).toBe(0);
  });

  it('with the register down: no prefill, and at submit an automatic decision becomes a review', async () => {
    d = await createTestDeployment({ plugins: [plugin(standard)] });
    register.down = true;
    expect(await d.requests.prefill({ typeId: 'proef.kaart', locale: 'nl', identity: jan })).toEqual({
      fields: {},
      unavailable: true,
    });
    const { decision } = await submit(d, {
      forWhom: 'self',
      name: 'Jan',
      address: { ...address, number: '14' },
    });
    expect(decision.outcome).toBe('review');
    expect(decision.reasons.map((r) => r.ruleId)).toContain('core.prefill-unchecked');
    const outcomes = await d.db.audit.list({ subjectId: jan.insz!, categories: ['consultation_outcome'] });
    // The read when the form opened and the one at submit, both failed.
    expect(outcomes.map((o) => o.outcome)).toEqual(['error', 'error']);
  });

  it('refuses a consultation of a service the prefill does not list: the field is just not prefilled', async () => {
    d = await createTestDeployment({ plugins: [plugin({ name: prefillFrom(sneaky, 'name') })] });
    expect(await d.requests.prefill({ typeId: 'proef.kaart', locale: 'nl', identity: jan })).toEqual({
      fields: {},
      unavailable: true,
    });
    expect(await d.db.audit.list({ categories: ['consultation_started'] })).toEqual([]);
  });
});
