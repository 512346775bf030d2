import { describe, expect, it } from 'vitest';
import { distanceMetres, locationFromLambert72, locationFromWgs84, toLambert72, toWgs84 } from './geo.js';

/**
 * Known points, spread over the country so the projection is tested far from its central
 * meridian (4.3675 E) and both standard parallels (49.83 N, 51.17 N). The expected Lambert 72
 * values are PROJ 9.1.1's `cs2cs -d 3 EPSG:4326 EPSG:31370` (the EPSG 7-parameter BD72 -> WGS84
 * transformation), the reference the issue names.
 */
const KNOWN = [
  // Brussels, Grand-Place: near the central meridian, between the standard parallels.
  { name: 'Brussel, Grote Markt', lat: 50.8466, lon: 4.3517, x: 148799.08, y: 170688.564 },
  // Antwerp, Onze-Lieve-Vrouwekathedraal: north of the northern standard parallel.
  { name: 'Antwerpen, kathedraal', lat: 51.2202, lon: 4.4015, x: 152287.576, y: 212250.953 },
  // Ostend, the coast: the far west, 100 km from the central meridian.
  { name: 'Oostende', lat: 51.2355, lon: 2.918, x: 48680.699, y: 214941.514 },
  // Arlon: the far south-east, south of the southern standard parallel.
  { name: 'Aarlen', lat: 49.6833, lon: 5.8167, x: 254490.971, y: 42313.912 },
];

describe('WGS84 <-> Lambert 72', () => {
  for (const p of KNOWN) {
    it(`${p.name}: to Lambert 72 within a millimetre of PROJ`, () => {
      const l = toLambert72({ lat: p.lat, lon: p.lon });
      expect(Math.abs(l.x - p.x)).toBeLessThan(0.001);
      expect(Math.abs(l.y - p.y)).toBeLessThan(0.001);
    });
    it(`${p.name}: back to WGS84 within a millimetre`, () => {
      const w = toWgs84({ x: p.x, y: p.y });
      // 1e-8 degrees is about a millimetre.
      expect(Math.abs(w.lat - p.lat)).toBeLessThan(1e-8);
      expect(Math.abs(w.lon - p.lon)).toBeLessThan(2e-8);
    });
  }

  it('stores both systems, rounded to about a centimetre', () => {
    expect(locationFromWgs84({ lat: 50.8466, lon: 4.3517 })).toEqual({
      wgs84: { lat: 50.8466, lon: 4.3517 },
      lambert72: { x: 148799.08, y: 170688.56 },
    });
    const fromRegister = locationFromLambert72({ x: 148799.08, y: 170688.56 });
    expect(fromRegister.lambert72).toEqual({ x: 148799.08, y: 170688.56 });
    expect(fromRegister.wgs84.lat).toBeCloseTo(50.8466, 6);
    expect(fromRegister.wgs84.lon).toBeCloseTo(4.3517, 6);
  });

  it('measures distances in metres', () => {
    expect(distanceMetres({ x: 0, y: 0 }, { x: 30, y: 40 })).toBe(50);
    // Grand-Place to the Antwerp cathedral: about 41.7 km as the crow flies.
    const d = distanceMetres(toLambert72(KNOWN[0]!), toLambert72(KNOWN[1]!));
    expect(d).toBeGreaterThan(41_600);
    expect(d).toBeLessThan(41_800);
  });
});
