import type { PrefillContext } from '@smartloket/core';
import { describe, expect, it } from 'vitest';
import { addressFromMagda, householdPrefill, RIJKSREGISTER_ORIGIN, rijksregisterPrefill } from './prefill.js';

const jan = '85073003328';

/** A prefill context whose consult records the services called and runs the call. */
function context(calls: string[]): PrefillContext {
  return {
    requestTypeId: 'parkeerkaart.bewoners',
    insz: jan,
    requester: { kind: 'citizen', id: 'dev:jan', insz: jan, level: 'high' } as PrefillContext['requester'],
    identity: {} as PrefillContext['identity'],
    locale: 'nl',
    now: new Date('2026-03-02T10:00:00Z'),
    wanted: ['address'],
    consult: async (service, call) => {
      calls.push(service);
      return call('referte-1');
    },
  };
}

const persoon = (hoofdverblijfplaats: Record<string, string | string[]>) => ({
  geefPersoon: async (c: { insz: string }, o: { referte: string }) => ({
    referte: o.referte,
    warnings: [],
    persoon: {
      insz: c.insz,
      naam: { voornamen: ['Jan', 'Pieter'], achternaam: 'Peeters' },
      hoofdverblijfplaats,
    },
  }),
});

describe('bevolking prefill sources', () => {
  it('gives name and address (as fields.address stores it) from GeefPersoon, said to come from the Rijksregister', async () => {
    const calls: string[] = [];
    const magda = persoon({
      straat: 'Stationsstraat',
      huisnummer: '5',
      busnummer: '2',
      postcode: '9999',
      gemeente: 'Smartegem',
      nisLand: '150',
    });
    const values = await rijksregisterPrefill.load(context(calls), { magda } as never);
    expect(calls).toEqual(['magda:GeefPersoon-02.02']);
    expect(values).toEqual({
      name: 'Jan Pieter Peeters',
      givenNames: 'Jan Pieter',
      familyName: 'Peeters',
      address: {
        street: 'Stationsstraat',
        number: '5',
        box: '2',
        postcode: '9999',
        municipality: 'Smartegem',
      },
    });
    expect(rijksregisterPrefill.origin).toBe(RIJKSREGISTER_ORIGIN);
    expect(RIJKSREGISTER_ORIGIN.nl).toBe('uit het rijksregister');
  });

  it('gives no address for a residence abroad or an incomplete one (the requester types it)', async () => {
    expect(
      addressFromMagda({ buitenland: ['10 Downing Street', 'London'], land: 'Verenigd Koninkrijk' }),
    ).toBeUndefined();
    expect(
      addressFromMagda({
        straat: 'Rue de Rivoli',
        huisnummer: '1',
        postcode: '75001',
        gemeente: 'Paris',
        nisLand: '111',
      }),
    ).toBeUndefined();
    expect(addressFromMagda({ straat: 'Kerkstraat', postcode: '9000', gemeente: 'Gent' })).toBeUndefined();
    const values = await rijksregisterPrefill.load(context([]), {
      magda: persoon({ buitenland: ['London'] }),
    } as never);
    expect(values).not.toHaveProperty('address');
    expect(values.name).toBe('Jan Pieter Peeters');
  });

  it('gives the household one member a line, the requester first, with birth dates and no national numbers', async () => {
    const calls: string[] = [];
    const magda = {
      geefGezinssamenstelling: async (_c: unknown, o: { referte: string }) => ({
        referte: o.referte,
        warnings: [],
        gezinsleden: [
          {
            insz: '90022500184',
            naam: { voornamen: ['Els'], achternaam: 'Janssens' },
            geboortedatum: '1990-02-25',
          },
          { insz: jan, naam: { voornamen: ['Jan'], achternaam: 'Peeters' }, geboortedatum: '1985-07-30' },
        ],
      }),
    };
    const values = await householdPrefill.load(context(calls), { magda } as never);
    expect(calls).toEqual(['magda:GeefGezinssamenstelling-02.02']);
    expect(values.household).toBe('Jan Peeters (°30/07/1985)\nEls Janssens (°25/02/1990)');
    expect(values.household).not.toMatch(/\d{11}/);
  });
});
