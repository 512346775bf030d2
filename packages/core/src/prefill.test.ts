import { describe, expect, it } from 'vitest';
import { PluginError } from './errors.js';
import { fields, form } from './forms.js';
import { createKernel } from './kernel.js';
import { definePlugin } from './plugin.js';
import {
  definePrefill,
  PREFILL_MESSAGES,
  prefillChangedIssue,
  prefillFrom,
  prefillText,
  sameValue,
} from './prefill.js';
import { defineRequestType } from './request-type.js';
import { alwaysReview } from './rules.js';

const origin = { nl: 'uit het rijksregister', fr: 'du Registre national', en: 'from the National Register' };

const register = definePrefill<{ name: string; address: Record<string, string> }>()({
  id: 'bron.register',
  services: ['magda:GeefPersoon-02.02'],
  origin,
  load: async () => ({ name: 'Jan Peeters' }),
});

const permitForm = form({
  name: fields.text({ label: { nl: 'Naam' } }),
  address: fields.address({ label: { nl: 'Adres' } }),
  proof: fields.file({ label: { nl: 'Bewijs' }, accept: ['application/pdf'], maxBytes: 1000 }),
});

const permit = (prefill: Record<string, ReturnType<typeof prefillFrom>>) =>
  defineRequestType({
    id: 'parkeren.kaart',
    kind: 'report',
    title: { nl: 'Parkeerkaart' },
    theme: 'parkeren',
    form: permitForm,
    prefill,
    subject: () => ({ relation: 'none' as const }),
    rules: [alwaysReview({ nl: 'Een medewerker kijkt.' })],
  });

describe('prefill from authentic sources', () => {
  it('declares a prefill source with its services and origin; prefillFrom locks by default', () => {
    expect(register.services).toEqual(['magda:GeefPersoon-02.02']);
    expect(register.deps).toEqual({});
    expect(prefillFrom(register, 'address')).toMatchObject({ value: 'address', editable: false });
    expect(prefillFrom(register, 'name', { editable: true }).editable).toBe(true);
    expect(() => definePrefill()({ id: 'Bad', services: ['x'], origin, load: async () => ({}) })).toThrow(
      TypeError,
    );
    expect(() => definePrefill()({ id: 'bron.leeg', services: [], origin, load: async () => ({}) })).toThrow(
      /lists no services/,
    );
  });

  it('defineRequestType refuses a prefill of a field the form lacks, or of a file field', () => {
    expect(permit({ address: prefillFrom(register, 'address') }).prefill?.address?.from.id).toBe(
      'bron.register',
    );
    expect(() => permit({ street: prefillFrom(register, 'address') })).toThrow(
      /prefill\.street .* names no field/,
    );
    expect(() => permit({ proof: prefillFrom(register, 'name') })).toThrow(
      /a file field cannot be prefilled/,
    );
  });

  it("the kernel refuses a type whose plugin's manifest lacks the prefill's service", async () => {
    const plugin = (sources: Record<string, { fields: string[]; legalBasis: string }>) =>
      definePlugin({
        id: 'parkeren',
        compat: { core: '*' },
        sources,
        register: ({ requestTypes }) =>
          requestTypes.add(permit({ address: prefillFrom(register, 'address') })),
      });
    const refused = createKernel({ plugins: [plugin({})] });
    await expect(refused).rejects.toThrow(PluginError);
    await expect(createKernel({ plugins: [plugin({})] })).rejects.toThrow(
      /prefills address from "bron.register", which consults magda:GeefPersoon-02.02: declare it in the plugin's source manifest/,
    );
    const kernel = await createKernel({
      plugins: [plugin({ 'magda:GeefPersoon-02.02': { fields: ['Adressen'], legalBasis: 'Reglement' } })],
    });
    expect(kernel.requestType('parkeren.kaart')?.definition.prefill?.address?.editable).toBe(false);
  });

  it('says where a value came from in every language, and compares normalised values', () => {
    expect(prefillText(PREFILL_MESSAGES.locked, origin)).toMatchObject({
      nl: 'Ingevuld uit het rijksregister. Dit kunt u hier niet wijzigen.',
      fr: 'Donnée reprise du Registre national. Vous ne pouvez pas la modifier ici.',
      en: 'Filled in from the National Register. You cannot change it here.',
    });
    expect(prefillChangedIssue('address', origin)).toMatchObject({
      path: 'address',
      code: 'prefill.changed',
      message: {
        nl: expect.stringMatching(/^Dit gegeven komt uit het rijksregister en kunt u hier niet wijzigen/),
      },
    });
    const a = { street: 'Kerkstraat', number: '12', postcode: '9000', municipality: 'Gent' };
    expect(
      sameValue(a, { municipality: 'Gent', postcode: '9000', number: '12', street: 'Kerkstraat', box: '' }),
    ).toBe(true);
    expect(sameValue(a, { ...a, number: '14' })).toBe(false);
    expect(sameValue('1-ABC-234', '1-ABC-234')).toBe(true);
  });
});
