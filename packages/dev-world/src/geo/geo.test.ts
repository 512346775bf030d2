import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GeoSimulator, startGeoSimulator } from './index.js';

let sim: GeoSimulator;
beforeAll(async () => {
  sim = await startGeoSimulator();
});
afterAll(() => sim.stop());

const get = (path: string) => fetch(`${sim.url}${path}`);

describe('address register simulator: /v2/adresmatch', () => {
  it('answers an exact match in the v2 OSLO shape with the position as GML in Lambert 72', async () => {
    const res = await get('/v2/adresmatch?gemeentenaam=Smartegem&straatnaam=Kerkstraat&huisnummer=12');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/ld+json');
    const body = await res.json();
    expect(body['@context']).toMatch(/^https:\/\//);
    expect(body.warnings).toEqual([]);
    expect(body.adresMatches).toHaveLength(1);
    const m = body.adresMatches[0];
    expect(m).toMatchObject({
      '@type': 'Adres',
      identificator: { naamruimte: 'https://data.vlaanderen.be/id/adres' },
      gemeente: {
        objectId: '99001',
        gemeentenaam: { geografischeNaam: { spelling: 'Smartegem', taal: 'nl' } },
      },
      postinfo: { objectId: '9999' },
      straatnaam: { straatnaam: { geografischeNaam: { spelling: 'Kerkstraat', taal: 'nl' } } },
      huisnummer: '12',
      volledigAdres: { geografischeNaam: { spelling: 'Kerkstraat 12, 9999 Smartegem', taal: 'nl' } },
      adresPositie: {
        geometrie: { type: 'Point' },
        positieGeometrieMethode: 'aangeduidDoorBeheerder',
        positieSpecificatie: 'gebouweenheid',
      },
      adresStatus: 'inGebruik',
      officieelToegekend: true,
      score: 100,
    });
    expect(m.detail).toBe(`${sim.url}/v2/adressen/${m.identificator.objectId}`);
    expect(m.adresPositie.geometrie.gml).toBe(
      '<gml:Point srsName="https://www.opengis.net/def/crs/EPSG/0/31370" xmlns:gml="http://www.opengis.net/gml/3.2"><gml:pos>121889.10 183529.01</gml:pos></gml:Point>',
    );
  });

  it('tolerates a typo and accents in the street, keeps to the municipality, and answers the street alone for an unknown number', async () => {
    const typo = await (await get('/v2/adresmatch?postcode=9999&straatnaam=Kerkstrat&huisnummer=12')).json();
    expect(typo.adresMatches[0].huisnummer).toBe('12');
    expect(typo.adresMatches[0].score).toBeLessThan(100);

    const other = await (
      await get('/v2/adresmatch?gemeentenaam=Andergem&straatnaam=Kerkstraat&huisnummer=3')
    ).json();
    expect(other.adresMatches[0].volledigAdres.geografischeNaam.spelling).toBe('Kerkstraat 3, 9998 Andergem');

    const noNumber = await (
      await get('/v2/adresmatch?gemeentenaam=Smartegem&straatnaam=Kerkstraat&huisnummer=999')
    ).json();
    expect(noNumber.adresMatches).toHaveLength(1);
    expect(noNumber.adresMatches[0].huisnummer).toBeUndefined();
    expect(noNumber.adresMatches[0].adresPositie).toBeUndefined();
    expect(noNumber.warnings.map((w: { code: string }) => w.code)).toEqual(['OnbekendHuisnummer']);

    const street = await (await get('/v2/adresmatch?gemeentenaam=Smartegem&straatnaam=Kerkstraat')).json();
    expect(street.adresMatches.map((m: { huisnummer: string }) => m.huisnummer)).toEqual(['10', '12', '14']);

    const unknown = await (
      await get('/v2/adresmatch?gemeentenaam=Smartegem&straatnaam=Nergensweg&huisnummer=1')
    ).json();
    expect(unknown.adresMatches).toEqual([]);
    expect(unknown.warnings[0].code).toBe('OnbekendeStraatnaam');
  });

  it('refuses a query without municipality or street with a validation problem', async () => {
    const res = await get('/v2/adresmatch?huisnummer=12');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = await res.json();
    expect(body.status).toBe(400);
    expect(Object.keys(body.validationErrors)).toEqual(['gemeentenaam', 'straatnaam']);
  });
});

describe('geolocation simulator: /v4/Location (reverse)', () => {
  it('answers the nearest address to a Lambert 72 or WGS84 point as LocationResult', async () => {
    const body = await (await get('/v4/Location?xy=121890,183530&c=1')).json();
    expect(body.LocationResult).toHaveLength(1);
    expect(body.LocationResult[0]).toMatchObject({
      Municipality: 'Smartegem',
      Zipcode: '9999',
      Thoroughfarename: 'Kerkstraat',
      Housenumber: '12',
      FormattedAddress: 'Kerkstraat 12, 9999 Smartegem',
      Location: { X_Lambert72: 121889.1, Y_Lambert72: 183529.01, Lat_WGS84: 50.96135, Lon_WGS84: 3.96862 },
      LocationType: 'crab_huisnummer_afgeleidVanGebouw',
    });
    const byLatLon = await (await get('/v4/Location?latlon=50.96,3.97')).json();
    expect(byLatLon.LocationResult[0].FormattedAddress).toBe('Marktplein 1, 9999 Smartegem');
    const nowhere = await (await get('/v4/Location?xy=50000,50000')).json();
    expect(nowhere.LocationResult).toEqual([]);
    expect((await get('/v4/Location?xy=abc')).status).toBe(400);
  });
});

describe('faults and tiles', () => {
  it('fails like an unavailable service on demand, and hangs on demand', async () => {
    sim.faults.unavailable = true;
    const res = await get('/v2/adresmatch?gemeentenaam=Smartegem&straatnaam=Kerkstraat');
    expect(res.status).toBe(503);
    expect((await res.json()).title).toBe('Service Unavailable');
    sim.faults.unavailable = false;

    sim.faults.hang = true;
    const err = await fetch(`${sim.url}/v4/Location?xy=1,1`, { signal: AbortSignal.timeout(200) }).catch(
      (e) => e,
    );
    expect(err.name).toBe('TimeoutError');
    sim.faults.hang = false;
  });

  it('serves XYZ tiles as 256-pixel PNGs, refuses tiles outside the grid', async () => {
    // The tile over Smartegem's market square at zoom 16.
    const res = await get('/tiles/16/33490/21951.png');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 256, 256]);
    expect((await get('/tiles/2/4/0.png')).status).toBe(404);
    sim.faults.tilesUnavailable = true;
    expect((await get('/tiles/16/33490/21951.png')).status).toBe(503);
    sim.faults.tilesUnavailable = false;
    expect(sim.calls.some((c) => c.route === 'tile' && c.status === 200)).toBe(true);
  });
});
