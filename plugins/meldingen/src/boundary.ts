/**
 * The municipality's boundary: a GeoJSON (RFC 7946, WGS84 longitude/latitude) Polygon or
 * MultiPolygon from the deployment's config, or a Feature / FeatureCollection holding them. A
 * report's point must lie inside it. The test runs in Lambert 72 metres (the rings are projected
 * once), so straight edges mean the same as in a Flemish GIS.
 */
import { type LocalizedText, z } from '@smartloket/core';
import { type Lambert72Point, toLambert72, type Wgs84Point } from './geo.js';

const position = z
  .array(z.number())
  .min(2)
  .refine((p) => Math.abs(p[0]!) <= 180 && Math.abs(p[1]!) <= 90, {
    message: 'a position is [longitude, latitude] in WGS84 degrees',
  });
const ring = z
  .array(position)
  .min(4)
  .refine((r) => r[0]![0] === r.at(-1)![0] && r[0]![1] === r.at(-1)![1], {
    message: 'a linear ring is closed: its first and last positions are equal',
  });
const polygon = z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) });
const multiPolygon = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(ring).min(1)).min(1),
});
const geometry = z.union([polygon, multiPolygon]);
const feature = z.object({ type: z.literal('Feature'), geometry, properties: z.unknown().optional() });
const featureCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(feature).min(1),
});

/**
 * The schema of the boundary in the deployment's config: a GeoJSON Polygon, MultiPolygon,
 * Feature or FeatureCollection of those, in WGS84 (longitude first, as GeoJSON has it).
 */
export const boundarySchema = z.union([geometry, feature, featureCollection]);

/** A boundary as written in the config. */
export type BoundaryGeoJson = z.input<typeof boundarySchema>;

/** The boundary, ready to test points. */
export interface Boundary {
  /** True when the point lies inside (or on the edge of) the municipality. */
  contains(point: Wgs84Point): boolean;
  /** The same in Lambert 72. */
  containsLambert72(point: Lambert72Point): boolean;
}

type Ring = Lambert72Point[];

/** Reads and projects a boundary; throws a zod error when it is not valid GeoJSON of that kind. */
export function createBoundary(geojson: BoundaryGeoJson): Boundary {
  const parsed = boundarySchema.parse(geojson);
  const geometries =
    parsed.type === 'FeatureCollection'
      ? parsed.features.map((f) => f.geometry)
      : parsed.type === 'Feature'
        ? [parsed.geometry]
        : [parsed];
  const polygons: Ring[][] = [];
  for (const g of geometries) {
    const list = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const rings of list) {
      polygons.push(rings.map((r) => r.map(([lon, lat]) => toLambert72({ lat: lat!, lon: lon! }))));
    }
  }
  const containsLambert72 = (p: Lambert72Point): boolean =>
    polygons.some(([outer, ...holes]) => {
      if (onEdge(outer!, p)) return true;
      if (!inRing(outer!, p)) return false;
      return !holes.some((h) => inRing(h, p) && !onEdge(h, p));
    });
  return {
    containsLambert72,
    contains: (p) => containsLambert72(toLambert72(p)),
  };
}

/** Even-odd ray casting: is `p` strictly inside the ring? */
export function inRing(ring: Ring, p: Lambert72Point): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

/** Is `p` on one of the ring's edges (within a centimetre)? */
function onEdge(ring: Ring, p: Lambert72Point): boolean {
  for (let i = 1; i < ring.length; i++) {
    const a = ring[i - 1]!;
    const b = ring[i]!;
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    if (len === 0) continue;
    const cross = Math.abs((b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)) / len;
    const dot = ((p.x - a.x) * (b.x - a.x) + (p.y - a.y) * (b.y - a.y)) / len;
    if (cross <= 0.01 && dot >= -0.01 && dot <= len + 0.01) return true;
  }
  return false;
}

/** What the reporter reads when the point lies outside the municipality; `{municipality}` is filled in. */
export const OUTSIDE_MUNICIPALITY: LocalizedText = {
  nl: 'Deze plaats ligt buiten {municipality}. Wij kunnen alleen meldingen behandelen over plaatsen in onze gemeente; voor een andere gemeente meldt u het daar.',
  fr: 'Cet endroit se trouve en dehors de {municipality}. Nous ne pouvons traiter que les signalements concernant notre commune ; pour une autre commune, adressez-vous à celle-ci.',
  en: 'This place is outside {municipality}. We can only handle reports about places in our municipality; for another municipality, report it there.',
};
