import type { Municipality } from '@smartloket/core';

/** A municipality for tests and examples. Not exported from the package entry. */
export const testMunicipality: Municipality = {
  name: { nl: 'Gemeente Zottegem', fr: 'Commune de Zottegem', en: 'Municipality of Zottegem' },
  nisCode: '41081',
  address: { street: 'Markt 1', postcode: '9620', city: 'Zottegem' },
  email: 'loket@zottegem.example',
  colours: { primary: '#0b5394' },
  baseUrl: 'https://loket.zottegem.example',
};
