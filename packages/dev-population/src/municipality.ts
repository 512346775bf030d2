/** The demo municipality. Its NIS code is fictitious (no Belgian municipality has it). */
export const DEMO_MUNICIPALITY = {
  name: {
    nl: 'Gemeente Smartegem',
    fr: 'Commune de Smartegem',
    en: 'Municipality of Smartegem',
    de: 'Gemeinde Smartegem',
  },
  nisCode: '99001',
  address: { street: 'Marktplein 1', postcode: '9999', city: 'Smartegem' },
  email: 'loket@smartegem.example',
  phone: '+32 9 000 00 00',
  website: 'https://www.smartegem.example',
} as const;

/** Another (fictitious) municipality, for addresses outside ours. */
export const OTHER_MUNICIPALITY = { nisCode: '99002', name: 'Andergem', postcode: '9998' } as const;
