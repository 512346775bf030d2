import type { Kernel, LoadedPlugin } from '@smartloket/core';
import { describe, expect, it } from 'vitest';
import { consultingPlugin, purposeLabel, serviceLabel } from './consultation-labels.js';

const kernel = {
  requestType: (id: string) =>
    id === 'parking.card'
      ? ({
          definition: { title: { nl: 'Parkeerkaart bewoners', fr: 'Carte de stationnement riverains' } },
        } as ReturnType<Kernel['requestType']>)
      : undefined,
  plugins: () =>
    [
      {
        id: 'parking',
        sources: {
          'magda:GeefPersoon-02.02': {
            fields: ['naam'],
            legalBasis: 'parking rules',
            description: { nl: 'Naam en adres, om het formulier vooraf in te vullen' },
          },
        },
      },
      {
        id: 'population',
        sources: {
          'magda:GeefPersoon-02.02': {
            fields: ['naam'],
            legalBasis: 'art. 5 Wet RR',
            description: { nl: 'Persoonsgegevens', fr: 'Données personnelles', en: 'Personal data' },
          },
          'test:Bare-01.00': { fields: ['x'], legalBasis: 'test' },
        },
      },
    ] as unknown as LoadedPlugin[],
} satisfies Pick<Kernel, 'requestType' | 'plugins'>;

describe('consultation labels', () => {
  it('tells a prefill purpose with the form title, in the reader’s language', () => {
    expect(purposeLabel(kernel, 'prefill:parking.card', 'nl')).toBe(
      'Het formulier "Parkeerkaart bewoners" vooraf invullen',
    );
    expect(purposeLabel(kernel, 'prefill:parking.card', 'fr')).toBe(
      'Préremplir le formulaire « Carte de stationnement riverains »',
    );
    expect(purposeLabel(kernel, 'prefill:parking.card', 'nl', { nl: 'Uw formulier "{title}"' })).toBe(
      'Uw formulier "Parkeerkaart bewoners"',
    );
  });

  it("tells the plugins' own checks in a sentence and keeps a requester's words as written", () => {
    expect(purposeLabel(kernel, 'household-check', 'nl')).toBe('Nagaan wie tot het gezin behoort');
    expect(purposeLabel(kernel, 'legal-representation', 'fr')).toBe(
      'Vérifier qui sont les parents ou les représentants légaux',
    );
    expect(purposeLabel(kernel, 'residence-check', 'en')).toBe('Checking where the person lives');
    expect(purposeLabel(kernel, 'act-access', 'nl')).toBe('Nagaan of de aanvrager de akte mag krijgen');
    expect(purposeLabel(kernel, 'Voor mijn werkgever', 'fr')).toBe('Voor mijn werkgever');
    expect(purposeLabel(kernel, null, 'nl')).toBeUndefined();
  });

  it('names a service by its manifest description, never by its key', () => {
    const persoon = 'magda:GeefPersoon-02.02';
    expect(serviceLabel(kernel, { service: persoon, pluginId: 'population' }, 'fr')).toBe(
      'Données personnelles',
    );
    expect(serviceLabel(kernel, { service: persoon, pluginId: 'parking' }, 'nl')).toBe(
      'Naam en adres, om het formulier vooraf in te vullen',
    );
    expect(serviceLabel(kernel, { service: 'test:Bare-01.00' }, 'nl')).toBe('een authentieke bron');
    expect(serviceLabel(kernel, { service: 'unknown:Service' }, 'fr')).toBe('une source authentique');
    expect(serviceLabel(kernel, { service: 'test:Bare-01.00' }, 'nl', 'test:Bare-01.00')).toBe(
      'test:Bare-01.00',
    );
    expect(consultingPlugin({ data: { pluginId: 'parking' } })).toBe('parking');
    expect(consultingPlugin({ data: null })).toBeUndefined();
  });
});
