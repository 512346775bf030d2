import { createKernel, validateForm } from '@smartloket/core';
import { describe, expect, it } from 'vitest';
import { parseLatLon } from './filing.js';
import { meldingenOptions, meldingenPlugin } from './plugin.js';

/** A square around the market square of the dev municipality. */
const BOUNDARY = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [3.95, 50.95],
      [3.99, 50.95],
      [3.99, 50.97],
      [3.95, 50.97],
      [3.95, 50.95],
    ],
  ],
};
const OPTIONS = { municipality: 'Smartegem', boundary: BOUNDARY };

async function kernel(options: unknown = OPTIONS) {
  return createKernel({ plugins: [{ plugin: meldingenPlugin, options }] });
}

describe('meldingen plugin', () => {
  it('registers a report type per main category, anonymous where the category allows it', async () => {
    const k = await kernel({
      ...OPTIONS,
      categories: [
        {
          id: 'verlichting',
          name: { nl: 'Straatverlichting', fr: 'Éclairage public', en: 'Street lighting' },
        },
        {
          id: 'asbest',
          name: { nl: 'Asbest', fr: 'Amiante', en: 'Asbestos' },
          anonymousAllowed: false,
        },
      ],
    });
    const types = k.requestTypes().map((t) => t.definition);
    expect(types.map((t) => t.id)).toEqual(['meldingen.verlichting', 'meldingen.asbest']);
    expect(types.every((t) => t.kind === 'report')).toBe(true);
    expect(types[0]!.audience).toContain('anonymous');
    expect(types[1]!.audience).not.toContain('anonymous');
    await k.stop();
  });

  it('offers the default categories with their sub-categories in the form', async () => {
    const k = await kernel();
    expect(k.requestTypes().map((t) => t.definition.id)).toEqual([
      'meldingen.verlichting',
      'meldingen.wegdek',
      'meldingen.sluikstort',
      'meldingen.groen',
    ]);
    const lighting = k.requestType('meldingen.verlichting')!.definition;
    expect(lighting.form.fields.subCategory?.options?.map((o) => o.value)).toEqual([
      'lamp-uit',
      'lamp-dag',
      'paal',
    ]);
    expect(Object.keys(lighting.form.fields)).toEqual([
      'subCategory',
      'description',
      'address',
      'location',
      'addressMatch',
      'photo1',
      'photo2',
      'photo3',
    ]);
    // A category without sub-categories asks no sub-category.
    expect(k.requestType('meldingen.sluikstort')!.definition.form.fields.subCategory).toBeUndefined();
    await k.stop();
  });

  it('accepts a point inside the municipality and refuses one outside with the municipality’s message; the address alone suffices', async () => {
    const k = await kernel();
    const def = k.requestType('meldingen.verlichting')!.definition.form;
    const base = { subCategory: 'lamp-uit', description: 'De lamp brandt niet.', address: 'Kerkstraat 12' };

    const inside = validateForm(def, { ...base, location: '50.96134, 3.9686' });
    expect(inside.ok).toBe(true);
    expect(validateForm(def, base).ok).toBe(true);

    const outside = validateForm(def, { ...base, location: '50.9585,4.008' });
    expect(outside.ok).toBe(false);
    if (!outside.ok) {
      expect(outside.issues).toHaveLength(1);
      expect(outside.issues[0]!.path).toBe('location');
      expect(outside.issues[0]!.message.nl).toBe(
        'Deze plaats ligt buiten Smartegem. Wij kunnen alleen meldingen behandelen over plaatsen in onze gemeente; voor een andere gemeente meldt u het daar.',
      );
      expect(outside.issues[0]!.message.fr).toContain('en dehors de Smartegem');
    }

    const garbage = validateForm(def, { ...base, location: 'somewhere' });
    expect(garbage.ok).toBe(false);
    if (!garbage.ok) {
      expect(garbage.issues[0]!.code).toBe('invalid');
      expect(garbage.issues[0]!.message.nl).not.toContain('buiten');
    }

    const noAddress = validateForm(def, {
      subCategory: 'lamp-uit',
      description: 'x',
      location: '50.96,3.97',
    });
    expect(noAddress.ok).toBe(false);
    await k.stop();
  });

  it('validates its options: a boundary and the municipality are required, categories are well formed', () => {
    expect(meldingenOptions.safeParse({}).success).toBe(false);
    expect(meldingenOptions.safeParse({ municipality: 'Smartegem' }).success).toBe(false);
    expect(
      meldingenOptions.safeParse({ ...OPTIONS, boundary: { type: 'Polygon', coordinates: [[[3.9, 50.9]]] } })
        .success,
    ).toBe(false);
    expect(
      meldingenOptions.safeParse({
        ...OPTIONS,
        categories: [{ id: 'Straat Licht', name: { nl: 'x', fr: 'x', en: 'x' } }],
      }).success,
    ).toBe(false);
    expect(meldingenOptions.parse(OPTIONS).categories).toHaveLength(4);
    expect(meldingenOptions.parse(OPTIONS).addressRegister).toEqual({});
  });

  it('doctor: lists the categories and says which address register is used', async () => {
    const checks = await meldingenPlugin.checks!({
      options: meldingenOptions.parse({ ...OPTIONS, addressRegister: { url: 'https://adres.example/' } }),
    });
    expect(checks.map((c) => [c.name, c.ok, c.warning])).toEqual([
      ['categories', true, undefined],
      ['address register', true, false],
    ]);
    expect(checks[1]!.detail).toBe('address register at https://adres.example');
  });

  it('reads the location field', () => {
    expect(parseLatLon('50.96134, 3.9686')).toEqual({ lat: 50.96134, lon: 3.9686 });
    expect(parseLatLon('95,3')).toBeUndefined();
    expect(parseLatLon('50.9;3.9')).toBeUndefined();
  });
});
