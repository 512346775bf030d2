/**
 * @smartloket/plugin-meldingen: reports about public space (meldingen) with a place on a map,
 * photos, nearby open reports and feedback. This first part holds the coordinates (WGS84 and
 * Belgian Lambert 72) and the municipality boundary check; see the README for what is built.
 * @packageDocumentation
 */
export {
  type Boundary,
  type BoundaryGeoJson,
  boundarySchema,
  createBoundary,
  OUTSIDE_MUNICIPALITY,
} from './boundary.js';
export {
  distanceMetres,
  isLambert72InRange,
  isWgs84,
  LAMBERT72_PROJ4,
  type Lambert72Point,
  locationFromLambert72,
  locationFromWgs84,
  type ReportLocation,
  toLambert72,
  toWgs84,
  type Wgs84Point,
} from './geo.js';
