import { localize } from '@smartloket/core';
import { describe, expect, it } from 'vitest';
import { createBoundary, OUTSIDE_MUNICIPALITY } from './boundary.js';
import { toLambert72, toWgs84 } from './geo.js';

/** A square of about 1.4 by 2.2 km around Brussels' Grand-Place, with a hole (a park) in it. */
const square = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [4.34, 50.84],
      [4.36, 50.84],
      [4.36, 50.86],
      [4.34, 50.86],
      [4.34, 50.84],
    ],
    [
      [4.355, 50.855],
      [4.359, 50.855],
      [4.359, 50.859],
      [4.355, 50.859],
      [4.355, 50.855],
    ],
  ],
};

describe('municipality boundary', () => {
  const b = createBoundary(square);

  it('accepts a point inside and refuses one outside', () => {
    expect(b.contains({ lat: 50.8466, lon: 4.3517 })).toBe(true); // Grand-Place
    expect(b.contains({ lat: 50.8466, lon: 4.37 })).toBe(false); // east of it
    expect(b.contains({ lat: 51.2202, lon: 4.4015 })).toBe(false); // Antwerp
  });

  it('refuses a point in a hole (an enclave) and accepts one beside it', () => {
    expect(b.contains({ lat: 50.857, lon: 4.357 })).toBe(false);
    expect(b.contains({ lat: 50.857, lon: 4.353 })).toBe(true);
  });

  it('counts a point on the edge as inside', () => {
    const a = toLambert72({ lat: 50.84, lon: 4.34 });
    const c = toLambert72({ lat: 50.84, lon: 4.36 });
    const mid = toWgs84({ x: (a.x + c.x) / 2, y: (a.y + c.y) / 2 });
    expect(b.contains(mid)).toBe(true);
  });

  it('reads a MultiPolygon inside a FeatureCollection (a municipality with a separate part)', () => {
    const fc = {
      type: 'FeatureCollection' as const,
      features: [
        {
          type: 'Feature' as const,
          properties: { name: 'Smartegem' },
          geometry: {
            type: 'MultiPolygon' as const,
            coordinates: [
              [square.coordinates[0]!],
              [
                [
                  [4.4, 51.21],
                  [4.41, 51.21],
                  [4.41, 51.23],
                  [4.4, 51.23],
                  [4.4, 51.21],
                ],
              ],
            ],
          },
        },
      ],
    };
    const m = createBoundary(fc);
    expect(m.contains({ lat: 51.2202, lon: 4.4015 })).toBe(true);
    expect(m.contains({ lat: 50.8466, lon: 4.3517 })).toBe(true);
    expect(m.contains({ lat: 51.0, lon: 4.0 })).toBe(false);
  });

  it('refuses a boundary that is not a closed polygon', () => {
    expect(() =>
      createBoundary({
        type: 'Polygon',
        coordinates: [
          [
            [4.34, 50.84],
            [4.36, 50.84],
            [4.36, 50.86],
            [4.34, 50.86],
          ],
        ],
      }),
    ).toThrow(/closed/);
    expect(() => createBoundary({ type: 'Point', coordinates: [4, 50] } as never)).toThrow();
  });

  it('says in three languages which municipality the point is outside of', () => {
    expect(localize(OUTSIDE_MUNICIPALITY, 'nl', { municipality: 'Smartegem' })).toContain(
      'Deze plaats ligt buiten Smartegem',
    );
    expect(localize(OUTSIDE_MUNICIPALITY, 'fr', { municipality: 'Smartegem' })).toContain(
      'en dehors de Smartegem',
    );
    expect(localize(OUTSIDE_MUNICIPALITY, 'en', { municipality: 'Smartegem' })).toContain(
      'outside Smartegem',
    );
  });
});
