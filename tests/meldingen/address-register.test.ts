import { createKernel } from '@smartloket/core';
import { type GeoSimulator, SMARTEGEM_BOUNDARY, startGeoSimulator } from '@smartloket/dev-world/geo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddressRegister,
  AddressRegisterUnavailable,
  createBoundary,
  meldingenPlugin,
  parseStreetAddress,
} from '../../plugins/meldingen/src/index.js';

let sim: GeoSimulator;
let register: AddressRegister;
beforeAll(async () => {
  sim = await startGeoSimulator();
  register = new AddressRegister({ baseUrl: sim.url, geolocationUrl: sim.url });
});
afterAll(() => sim.stop());

describe('address register client against the dev world simulator', () => {
  it('finds a typed address in the municipality with its position in Lambert 72 and WGS84', async () => {
    const found = await register.search('Kerkstraat 12', { municipality: 'Smartegem' });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      label: 'Kerkstraat 12, 9999 Smartegem',
      street: 'Kerkstraat',
      houseNumber: '12',
      postcode: '9999',
      municipality: 'Smartegem',
      location: { lambert72: { x: 121889.1, y: 183529.01 } },
      score: 100,
    });
    // The register's Lambert 72 position converts back to the WGS84 point it was laid on.
    expect(found[0]!.location.wgs84.lat).toBeCloseTo(50.96135, 6);
    expect(found[0]!.location.wgs84.lon).toBeCloseTo(3.96862, 6);
    expect(createBoundary(SMARTEGEM_BOUNDARY).contains(found[0]!.location.wgs84)).toBe(true);
  });

  it('finds the same street in the neighbouring municipality only when asked there (outside the boundary)', async () => {
    expect(await register.search('Kerkstraat 3', { municipality: 'Smartegem' })).toEqual([]);
    const there = await register.search('Kerkstraat 3', { postcode: '9998' });
    expect(there[0]!.label).toBe('Kerkstraat 3, 9998 Andergem');
    expect(createBoundary(SMARTEGEM_BOUNDARY).contains(there[0]!.location.wgs84)).toBe(false);
  });

  it('turns a point on the map into the nearest address, or null far from any', async () => {
    const near = await register.reverse({ lat: 50.96134, lon: 3.9686 });
    expect(near?.label).toBe('Kerkstraat 12, 9999 Smartegem');
    expect(near?.location.lambert72).toEqual({ x: 121889.1, y: 183529.01 });
    expect(await register.reverse({ x: 50_000, y: 50_000 })).toBeNull();
  });

  it('says the register is unavailable when it answers 503 or does not answer in time', async () => {
    sim.faults.unavailable = true;
    const err = await register.search('Kerkstraat 12', { municipality: 'Smartegem' }).catch((e) => e);
    expect(err).toBeInstanceOf(AddressRegisterUnavailable);
    expect(err.userMessage.nl).toContain('niet bereikbaar');
    sim.faults.unavailable = false;

    sim.faults.hang = true;
    const quick = new AddressRegister({ baseUrl: sim.url, geolocationUrl: sim.url, timeoutMs: 300 });
    await expect(quick.reverse({ lat: 50.96, lon: 3.97 })).rejects.toBeInstanceOf(AddressRegisterUnavailable);
    sim.faults.hang = false;
  });

  it('reads typed addresses: number, box, a comma and the rest', () => {
    expect(parseStreetAddress('Kerkstraat 12')).toEqual({ street: 'Kerkstraat', houseNumber: '12' });
    expect(parseStreetAddress(' Stationsstraat  5 bus 2 ')).toEqual({
      street: 'Stationsstraat',
      houseNumber: '5',
      box: '2',
    });
    expect(parseStreetAddress('Stationsstraat 5/2, 9999 Smartegem')).toEqual({
      street: 'Stationsstraat',
      houseNumber: '5',
      box: '2',
    });
    expect(parseStreetAddress('Rue de la Loi 16A')).toEqual({ street: 'Rue de la Loi', houseNumber: '16A' });
    expect(parseStreetAddress('Marktplein')).toEqual({ street: 'Marktplein' });
    expect(parseStreetAddress('x')).toBeUndefined();
  });
});

describe('the report form’s address choice', () => {
  it('offers the register’s addresses inside the municipality, with the Lambert 72 position as value', async () => {
    const k = await createKernel({
      plugins: [
        {
          plugin: meldingenPlugin,
          options: {
            municipality: 'Smartegem',
            boundary: SMARTEGEM_BOUNDARY,
            addressRegister: { url: sim.url },
          },
        },
      ],
    });
    const def = k.requestType('meldingen.verlichting')!.definition;
    const loader = def.choices!.addressMatch!;
    const ctx = (address: string) => ({
      requestTypeId: def.id,
      requester: { kind: 'anonymous', id: 'anon' } as never,
      locale: 'nl' as const,
      values: { address },
      now: new Date(),
      consult: (() => {
        throw new Error('no consultation for an address');
      }) as never,
    });
    expect(await loader.load(ctx('Kerkstraat 12'), {})).toEqual([
      { value: '121889.10,183529.01', label: { nl: 'Kerkstraat 12, 9999 Smartegem' } },
    ]);
    expect((await loader.load(ctx('Kerkstraat'), {})).map((o) => o.label.nl)).toEqual([
      'Kerkstraat 10, 9999 Smartegem',
      'Kerkstraat 12, 9999 Smartegem',
      'Kerkstraat 14, 9999 Smartegem',
    ]);
    // Andergem's Kerkstraat 3 is not offered: the search keeps to Smartegem, where number 3 does
    // not exist (the register answers the street alone, without a position).
    expect(await loader.load(ctx('Kerkstraat 3'), {})).toEqual([]);
    expect(await loader.load(ctx(''), {})).toEqual([]);
    sim.faults.unavailable = true;
    await expect(loader.load(ctx('Kerkstraat 12'), {})).rejects.toBeInstanceOf(AddressRegisterUnavailable);
    sim.faults.unavailable = false;
    expect(loader.unavailable?.nl).toContain('niet bereikbaar');
    await k.stop();
  });
});
