/**
 * Coordinates of a report: WGS84 (what a browser, a phone and Leaflet speak) and Belgian Lambert
 * 72 (EPSG:31370, what Flemish registers and GIS teams keep). Both are stored with every report.
 */
import proj4 from 'proj4';

/**
 * EPSG:31370 (Belgian Lambert 72) for proj4, with the 7-parameter BD72 -> WGS84 shift. This
 * definition matches PROJ's `cs2cs EPSG:4326 EPSG:31370` to the millimetre; without the
 * `towgs84` part the result is about 108 m off, and the string in the `epsg-index` package has
 * the rotation signs flipped (65 m off).
 */
export const LAMBERT72_PROJ4 =
  '+proj=lcc +lat_0=90 +lon_0=4.36748666666667 +lat_1=51.1666672333333 +lat_2=49.8333339 ' +
  '+x_0=150000.013 +y_0=5400088.438 +ellps=intl ' +
  '+towgs84=-106.8686,52.2978,-103.7239,0.3366,-0.457,1.8422,-1.2747 +units=m +no_defs';

const converter = proj4('EPSG:4326', LAMBERT72_PROJ4);

/** A point in WGS84 degrees. */
export interface Wgs84Point {
  /** Latitude (north), degrees. */
  lat: number;
  /** Longitude (east), degrees. */
  lon: number;
}

/** A point in Belgian Lambert 72 (EPSG:31370), metres. */
export interface Lambert72Point {
  /** Easting, metres. */
  x: number;
  /** Northing, metres. */
  y: number;
}

/** Where a report is: the same point in both systems, as stored. */
export interface ReportLocation {
  /** WGS84, rounded to 7 decimals (about a centimetre). */
  wgs84: Wgs84Point;
  /** Lambert 72, rounded to the centimetre. */
  lambert72: Lambert72Point;
}

const round = (value: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
};

/** WGS84 to Lambert 72 (full precision). */
export function toLambert72(point: Wgs84Point): Lambert72Point {
  const [x, y] = converter.forward([point.lon, point.lat]) as [number, number];
  return { x, y };
}

/** Lambert 72 to WGS84 (full precision). */
export function toWgs84(point: Lambert72Point): Wgs84Point {
  const [lon, lat] = converter.inverse([point.x, point.y]) as [number, number];
  return { lat, lon };
}

/** True when both numbers are finite and the point lies in Belgium's Lambert 72 extent. */
export function isLambert72InRange(point: Lambert72Point): boolean {
  return (
    Number.isFinite(point.x) &&
    Number.isFinite(point.y) &&
    point.x >= 0 &&
    point.x <= 300_000 &&
    point.y >= 0 &&
    point.y <= 300_000
  );
}

/** True when both numbers are finite latitude/longitude values. */
export function isWgs84(point: Wgs84Point): boolean {
  return (
    Number.isFinite(point.lat) &&
    Number.isFinite(point.lon) &&
    Math.abs(point.lat) <= 90 &&
    Math.abs(point.lon) <= 180
  );
}

/** The stored location of a WGS84 point (a click on the map, the device's location). */
export function locationFromWgs84(point: Wgs84Point): ReportLocation {
  const l = toLambert72(point);
  return {
    wgs84: { lat: round(point.lat, 7), lon: round(point.lon, 7) },
    lambert72: { x: round(l.x, 2), y: round(l.y, 2) },
  };
}

/** The stored location of a Lambert 72 point (an address position from the address register). */
export function locationFromLambert72(point: Lambert72Point): ReportLocation {
  const w = toWgs84(point);
  return {
    wgs84: { lat: round(w.lat, 7), lon: round(w.lon, 7) },
    lambert72: { x: round(point.x, 2), y: round(point.y, 2) },
  };
}

/**
 * The distance in metres between two Lambert 72 points. Lambert 72 is conformal with a scale
 * error below 0.1% over Belgium, so the plane distance is good enough for "within 50 m".
 */
export function distanceMetres(a: Lambert72Point, b: Lambert72Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}
