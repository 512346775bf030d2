/**
 * The dev world's map services, for the meldingen plugin: the Flemish Adressenregister's address
 * match (`GET /v2/adresmatch`, the v2 OSLO JSON with the position as GML in Lambert 72), the
 * Geolocation service's reverse lookup (`GET /v4/Location?xy=` or `?latlon=`, `LocationResult`)
 * and a tile stand-in (`GET /tiles/{z}/{x}/{y}.png`, XYZ, Web Mercator) that draws the dev
 * municipality's boundary and addresses, so a map works without the internet. Faults on demand.
 * For dev and tests; never for production.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { DEV_ADDRESSES, type SimulatedAddress, SMARTEGEM_BOUNDARY } from './places.js';

export { DEV_ADDRESSES, type SimulatedAddress, SMARTEGEM_BOUNDARY, SMARTEGEM_CENTRE } from './places.js';

export interface GeoSimulatorOptions {
  /** The register's addresses (default {@link DEV_ADDRESSES}). */
  addresses?: readonly SimulatedAddress[];
  /** Port (default 0: a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

/** What the simulator does wrong on demand. */
export interface GeoSimulatorFaults {
  /** Address match and reverse lookup answer 503 with a problem document. */
  unavailable?: boolean;
  /** Address match and reverse lookup never answer (the client's time limit ends it). */
  hang?: boolean;
  /** Tiles answer 503. */
  tilesUnavailable?: boolean;
}

/** One request the simulator received (no query: it may hold what a reporter typed). */
export interface GeoSimulatorCall {
  route: 'adresmatch' | 'location' | 'tile' | 'other';
  status: number;
  at: Date;
}

export interface GeoSimulator {
  /** Base URL, e.g. `http://127.0.0.1:41234` (the Basisregisters and Geolocation roots). */
  url: string;
  /** The tile URL template for Leaflet: `${url}/tiles/{z}/{x}/{y}.png`. */
  tileUrl: string;
  calls: GeoSimulatorCall[];
  faults: GeoSimulatorFaults;
  stop(): Promise<void>;
}

const CONTEXT = 'https://docs.basisregisters.vlaanderen.be/context/adres/2023-03-13/adres_detail.jsonld';
const NAMESPACE = 'https://data.vlaanderen.be/id/adres';

/** Lowercase, without accents, dashes or spaces: how the match compares names. */
function norm(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s'-]+/g, '');
}

/** Edit distance, for the register's tolerance of a typo in a street name. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)] as number[]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(
        d[i - 1]![j]! + 1,
        d[i]![j - 1]! + 1,
        d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
  }
  return d[a.length]![b.length]!;
}

function geoName(spelling: string) {
  return { geografischeNaam: { spelling, taal: 'nl' } };
}

function fullAddress(a: SimulatedAddress): string {
  return `${a.street} ${a.houseNumber}${a.box ? ` bus ${a.box}` : ''}, ${a.postcode} ${a.municipality}`;
}

function streetId(a: SimulatedAddress): string {
  return String(
    1000 + (Math.abs([...`${a.nisCode}${a.street}`].reduce((h, c) => h * 31 + c.charCodeAt(0), 7)) % 9000),
  );
}

/** One `AdresMatch` item as the v2 API writes it. */
function matchItem(base: string, a: SimulatedAddress, score: number, withAddress: boolean) {
  const common = {
    gemeente: {
      objectId: a.nisCode,
      detail: `${base}/v2/gemeenten/${a.nisCode}`,
      gemeentenaam: geoName(a.municipality),
    },
    postinfo: { objectId: a.postcode, detail: `${base}/v2/postinfo/${a.postcode}` },
    straatnaam: {
      objectId: streetId(a),
      detail: `${base}/v2/straatnamen/${streetId(a)}`,
      straatnaam: geoName(a.street),
    },
  };
  if (!withAddress) return { '@type': 'Adres', ...common, score };
  return {
    '@type': 'Adres',
    identificator: {
      id: `${NAMESPACE}/${a.id}`,
      naamruimte: NAMESPACE,
      objectId: a.id,
      versieId: '2024-01-15T10:00:00+01:00',
    },
    detail: `${base}/v2/adressen/${a.id}`,
    ...common,
    huisnummer: a.houseNumber,
    ...(a.box ? { busnummer: a.box } : {}),
    volledigAdres: geoName(fullAddress(a)),
    adresPositie: {
      geometrie: {
        type: 'Point',
        gml: `<gml:Point srsName="https://www.opengis.net/def/crs/EPSG/0/31370" xmlns:gml="http://www.opengis.net/gml/3.2"><gml:pos>${a.x.toFixed(2)} ${a.y.toFixed(2)}</gml:pos></gml:Point>`,
      },
      positieGeometrieMethode: 'aangeduidDoorBeheerder',
      positieSpecificatie: 'gebouweenheid',
    },
    adresStatus: 'inGebruik',
    officieelToegekend: true,
    score,
    links: [
      { href: `${base}/v2/percelen?adresobjectid=${a.id}`, rel: 'percelen', type: 'GET' },
      { href: `${base}/v2/gebouweenheden?adresobjectid=${a.id}`, rel: 'gebouweenheden', type: 'GET' },
    ],
  };
}

/** The address match: municipality (name, NIS code or postcode), street (a typo tolerated), number, box. */
function adresmatch(base: string, addresses: readonly SimulatedAddress[], q: URLSearchParams) {
  const gemeente = q.get('gemeentenaam');
  const nis = q.get('niscode');
  const postcode = q.get('postcode');
  const straat = q.get('straatnaam');
  const huisnummer = q.get('huisnummer');
  const bus = q.get('busnummer');
  const errors: Record<string, { code: string; reason: string }[]> = {};
  if (!gemeente && !nis && !postcode) {
    errors.gemeentenaam = [
      {
        code: 'GemeenteOfPostcodeOntbreekt',
        reason: 'Gemeentenaam, niscode of postcode moet ingevuld zijn.',
      },
    ];
  }
  if (!straat)
    errors.straatnaam = [{ code: 'StraatnaamOntbreekt', reason: 'Straatnaam moet ingevuld zijn.' }];
  if (Object.keys(errors).length > 0) return { status: 400, body: validationProblem(base, errors) };

  const inPlace = addresses.filter(
    (a) =>
      (!gemeente || norm(a.municipality) === norm(gemeente)) &&
      (!nis || a.nisCode === nis) &&
      (!postcode || a.postcode === postcode),
  );
  const warnings: { code: string; message: string }[] = [];
  if (inPlace.length === 0) {
    warnings.push({ code: 'OnbekendeGemeente', message: 'Onbekende gemeente, niscode of postcode.' });
    return { status: 200, body: { '@context': CONTEXT, adresMatches: [], warnings } };
  }
  const wanted = norm(straat!);
  const scored = inPlace
    .map((a) => ({ a, d: distance(norm(a.street), wanted) }))
    .filter(({ d }) => d <= 2)
    .sort((x, y) => x.d - y.d);
  if (scored.length === 0) {
    warnings.push({ code: 'OnbekendeStraatnaam', message: 'Onbekende straatnaam.' });
    return { status: 200, body: { '@context': CONTEXT, adresMatches: [], warnings } };
  }
  const best = scored[0]!.d;
  const street = scored.filter(({ d }) => d === best);
  const exact = street.filter(
    ({ a }) =>
      (!huisnummer || norm(a.houseNumber) === norm(huisnummer)) && (!bus || norm(a.box ?? '') === norm(bus)),
  );
  const scoreOf = (d: number) => Math.round((100 - d * 7.5) * 100) / 100;
  let matches: unknown[];
  if (exact.length > 0 && huisnummer) {
    matches = exact.slice(0, 10).map(({ a, d }) => matchItem(base, a, scoreOf(d), true));
  } else if (!huisnummer) {
    matches = street.slice(0, 10).map(({ a, d }) => matchItem(base, a, scoreOf(d) - 10, true));
  } else {
    // The number does not exist: the street alone, as the register answers.
    warnings.push({ code: 'OnbekendHuisnummer', message: 'Onbekend huisnummer.' });
    matches = [matchItem(base, street[0]!.a, scoreOf(best) - 20, false)];
  }
  return { status: 200, body: { '@context': CONTEXT, adresMatches: matches, warnings } };
}

function validationProblem(base: string, errors: Record<string, unknown>) {
  return {
    type: 'https://api.basisregisters.vlaanderen.be/v2/problems/validation',
    title: 'Validatie fout',
    detail: 'Er zijn validatiefouten.',
    status: 400,
    instance: `${base}/v2/errors/${Date.now().toString(16)}`,
    validationErrors: errors,
  };
}

/** Lambert 72 to WGS84 is not needed: the register's points carry both; reverse works in Lambert 72. */
function location(addresses: readonly SimulatedAddress[], q: URLSearchParams) {
  const xy = q.get('xy');
  const latlon = q.get('latlon');
  const c = Math.min(Math.max(Number(q.get('c') ?? '1') || 1, 1), 20);
  let byDistance: ((a: SimulatedAddress) => number) | undefined;
  if (xy) {
    const [x, y] = xy.split(',').map(Number);
    if (Number.isFinite(x) && Number.isFinite(y)) byDistance = (a) => Math.hypot(a.x - x!, a.y - y!);
  } else if (latlon) {
    const [lat, lon] = latlon.split(',').map(Number);
    if (Number.isFinite(lat) && Number.isFinite(lon)) {
      // Metres on a small area: enough to find the nearest address.
      byDistance = (a) =>
        Math.hypot((a.lat - lat!) * 111_320, (a.lon - lon!) * 111_320 * Math.cos((lat! * Math.PI) / 180));
    }
  }
  if (!byDistance) return { status: 400, body: { Message: 'The request is invalid: give xy or latlon.' } };
  const near = addresses
    .map((a) => ({ a, d: byDistance!(a) }))
    .filter(({ d }) => d <= 500)
    .sort((p, q2) => p.d - q2.d)
    .slice(0, c);
  const point = (a: SimulatedAddress) => ({
    Lat_WGS84: a.lat,
    Lon_WGS84: a.lon,
    X_Lambert72: a.x,
    Y_Lambert72: a.y,
  });
  return {
    status: 200,
    body: {
      LocationResult: near.map(({ a }) => ({
        Municipality: a.municipality,
        Zipcode: a.postcode,
        Thoroughfarename: a.street,
        Housenumber: a.houseNumber,
        ID: Number(a.id),
        FormattedAddress: fullAddress(a),
        Location: point(a),
        LocationType: 'crab_huisnummer_afgeleidVanGebouw',
        BoundingBox: { LowerLeft: point(a), UpperRight: point(a) },
      })),
    },
  };
}

/** Web Mercator pixel of a WGS84 point at zoom z (256-pixel tiles). */
function pixel(lat: number, lon: number, z: number): [number, number] {
  const world = 256 * 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [((lon + 180) / 360) * world, ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * world];
}

const escapeXml = (s: string) => s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** A tile: a pale ground, a grid, the municipality's boundary, and each address as a dot with its label. */
async function tile(
  addresses: readonly SimulatedAddress[],
  z: number,
  x: number,
  y: number,
): Promise<Buffer> {
  const ox = x * 256;
  const oy = y * 256;
  const ring = SMARTEGEM_BOUNDARY.coordinates[0]!.map(([lon, lat]) => {
    const [px, py] = pixel(lat!, lon!, z);
    return `${(px - ox).toFixed(1)},${(py - oy).toFixed(1)}`;
  });
  const dots: string[] = [];
  if (z >= 14) {
    for (const a of addresses) {
      const [px, py] = pixel(a.lat, a.lon, z);
      const lx = px - ox;
      const ly = py - oy;
      if (lx < -120 || lx > 376 || ly < -20 || ly > 276) continue;
      dots.push(`<circle cx="${lx.toFixed(1)}" cy="${ly.toFixed(1)}" r="4" fill="#7a6a58"/>`);
      if (z >= 16) {
        dots.push(
          `<text x="${(lx + 7).toFixed(1)}" y="${(ly + 4).toFixed(1)}" font-family="sans-serif" font-size="11" fill="#3b3329">${escapeXml(`${a.street} ${a.houseNumber}`)}</text>`,
        );
      }
    }
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256">
<rect width="256" height="256" fill="#eef0e6"/>
<path d="M0 0H256V256" fill="none" stroke="#d9dccd" stroke-width="1"/>
<polygon points="${ring.join(' ')}" fill="#f7f4ea" stroke="#8a5a9a" stroke-width="3" stroke-dasharray="8 5"/>
${dots.join('\n')}
</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** Starts the map services on a free loopback port. */
export async function startGeoSimulator(options: GeoSimulatorOptions = {}): Promise<GeoSimulator> {
  const addresses = options.addresses ?? DEV_ADDRESSES;
  const calls: GeoSimulatorCall[] = [];
  const faults: GeoSimulatorFaults = {};
  const tiles = new Map<string, Buffer>();
  let base = '';

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    const send = (route: GeoSimulatorCall['route'], status: number, type: string, body: string | Buffer) => {
      calls.push({ route, status, at: new Date() });
      res.writeHead(status, {
        'content-type': type,
        'cache-control': route === 'tile' ? 'max-age=3600' : 'no-store',
      });
      res.end(body);
    };
    const json = (
      route: GeoSimulatorCall['route'],
      status: number,
      body: unknown,
      type = 'application/json',
    ) => send(route, status, `${type}; charset=utf-8`, JSON.stringify(body));
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return json('other', 405, { title: 'Method Not Allowed' });

    const tileMatch = /^\/tiles\/(\d{1,2})\/(\d+)\/(\d+)\.png$/.exec(url.pathname);
    if (tileMatch) {
      const [z, x, y] = tileMatch.slice(1).map(Number) as [number, number, number];
      if (faults.tilesUnavailable) return send('tile', 503, 'text/plain', 'Service Unavailable');
      if (z > 20 || x >= 2 ** z || y >= 2 ** z) return send('tile', 404, 'text/plain', 'Not Found');
      const key = `${z}/${x}/${y}`;
      const cached = tiles.get(key);
      if (cached) return send('tile', 200, 'image/png', cached);
      tile(addresses, z, x, y).then(
        (png) => {
          tiles.set(key, png);
          send('tile', 200, 'image/png', png);
        },
        () => send('tile', 500, 'text/plain', 'Internal Server Error'),
      );
      return;
    }
    const route =
      url.pathname === '/v2/adresmatch'
        ? 'adresmatch'
        : url.pathname === '/v4/Location'
          ? 'location'
          : 'other';
    if (route === 'other')
      return json('other', 404, { title: 'Not Found', status: 404 }, 'application/problem+json');
    if (faults.hang) {
      calls.push({ route, status: 0, at: new Date() });
      return; // never answers; the client's time limit ends the request, stop() closes the socket
    }
    if (faults.unavailable) {
      return json(
        route,
        503,
        {
          type: 'about:blank',
          title: 'Service Unavailable',
          detail: 'De dienst is tijdelijk niet beschikbaar.',
          status: 503,
        },
        'application/problem+json',
      );
    }
    if (route === 'adresmatch') {
      const r = adresmatch(base, addresses, url.searchParams);
      return json(
        route,
        r.status,
        r.body,
        r.status === 200 ? 'application/ld+json' : 'application/problem+json',
      );
    }
    const r = location(addresses, url.searchParams);
    return json(route, r.status, r.body);
  });

  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  base = `http://${options.host ?? '127.0.0.1'}:${port}`;
  return {
    url: base,
    tileUrl: `${base}/tiles/{z}/{x}/{y}.png`,
    calls,
    faults,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
