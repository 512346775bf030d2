import { type ReportCategoryData, ValidationError } from '@smartloket/core';
import { describe, expect, it } from 'vitest';
import { createBoundary } from './boundary.js';
import { effectiveCategories, parseLambert72, placeOf, reportHandling } from './filing.js';

/** A square of about 1.4 by 2.2 km around Brussels' Grand-Place. */
const boundary = createBoundary({
  type: 'Polygon',
  coordinates: [
    [
      [4.34, 50.84],
      [4.36, 50.84],
      [4.36, 50.86],
      [4.34, 50.86],
      [4.34, 50.84],
    ],
  ],
});

const lighting = {
  id: 'verlichting',
  name: { nl: 'Straatverlichting', fr: 'Éclairage public', en: 'Street lighting' },
  subCategories: [
    { id: 'lamp-uit', name: { nl: 'Lamp brandt niet', fr: 'Lampe éteinte', en: 'Lamp is out' } },
    { id: 'paal', name: { nl: 'Paal beschadigd', fr: 'Poteau endommagé', en: 'Damaged pole' } },
  ],
  anonymousAllowed: true,
};

const stored = (c: Partial<ReportCategoryData> & { id: string }): ReportCategoryData => ({
  parentId: null,
  name: { nl: c.id, fr: c.id, en: c.id },
  teamId: null,
  handlingDays: null,
  anonymousAllowed: true,
  standardAnswers: [],
  active: true,
  ...c,
});

const context = (form: Record<string, unknown>, categories: ReportCategoryData[] = []) => ({
  typeId: 'meldingen.verlichting',
  form,
  requester: { kind: 'anonymous' as const, id: 'a', level: 'none' as const },
  locale: 'nl' as const,
  now: new Date('2026-03-02T09:00:00Z'),
  categories,
  readUpload: async () => undefined,
});

describe('the place of a report', () => {
  it('takes the map point first, then the register address, both systems; none outside the boundary', () => {
    const fromMap = placeOf(
      { location: '50.8466,4.3517', addressMatch: '149000,170000', address: ' Grote Markt ' },
      boundary,
    );
    expect(fromMap).toMatchObject({
      lat: 50.8466,
      lon: 4.3517,
      x: 148799.08,
      y: 170688.56,
      address: 'Grote Markt',
    });
    const fromRegister = placeOf({ addressMatch: '148799.08,170688.56' }, boundary);
    expect(fromRegister?.lat).toBeCloseTo(50.8466, 6);
    expect(fromRegister?.address).toBeNull();
    expect(placeOf({ location: '50.9,3.9' }, boundary)).toBeUndefined();
    expect(placeOf({ address: 'Grote Markt' }, boundary)).toBeUndefined();
    expect(parseLambert72('12,34')).toBeUndefined();
  });
});

describe('routing a filed report', () => {
  const handling = reportHandling(lighting, boundary, 50);

  it('uses the declared category while the back-office stored none: no team, the type’s lead time', async () => {
    const r = await handling.file(context({ subCategory: 'lamp-uit', location: '50.8466,4.3517' }));
    expect(r).toMatchObject({
      categoryId: 'verlichting',
      subCategoryId: 'lamp-uit',
      teamId: null,
      handlingDays: null,
      anonymousAllowed: true,
      photos: [],
    });
    expect(r.place?.x).toBe(148799.08);
  });

  it('takes the sub-category’s team and time over the main category’s, and its anonymous switch', async () => {
    const categories = [
      stored({ id: 'verlichting', teamId: 'team-a', handlingDays: 10 }),
      stored({
        id: 'paal',
        parentId: 'verlichting',
        teamId: 'team-b',
        handlingDays: 2,
        anonymousAllowed: false,
      }),
    ];
    expect(await handling.file(context({ subCategory: 'paal' }, categories))).toMatchObject({
      teamId: 'team-b',
      handlingDays: 2,
      anonymousAllowed: false,
      place: null,
    });
    expect(await handling.file(context({ subCategory: 'lamp-uit' }, categories))).toMatchObject({
      teamId: 'team-a',
      handlingDays: 10,
      anonymousAllowed: true,
    });
  });

  it('refuses a switched-off category with a message on the field', async () => {
    const off = [stored({ id: 'paal', parentId: 'verlichting', active: false })];
    const error = await handling.file(context({ subCategory: 'paal' }, off)).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues[0]).toMatchObject({ path: 'subCategory', code: 'category.off' });
  });

  it('adds the declared sub-categories the back-office does not know yet', () => {
    const list = effectiveCategories([stored({ id: 'verlichting', teamId: 't' })], lighting);
    expect(list.map((c) => c.id)).toEqual(['verlichting', 'lamp-uit', 'paal']);
    expect(list[0]!.teamId).toBe('t');
  });
});
