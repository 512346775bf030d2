import { renderCertificate } from '@smartloket/renderer-pdf';

/**
 * A one-page certificate of a fixed test municipality (Zottegem), for the seal tests and benches:
 * the same PDF whichever signer seals it. `text` is its one paragraph (non-Latin-1 names by default).
 */
export function sampleCertificate(text = 'Łukasz Ødegaard-Çelik woont in Zottegem.'): Promise<Uint8Array> {
  return renderCertificate({
    municipality: {
      name: { nl: 'Gemeente Zottegem' },
      nisCode: '41081',
      address: { street: 'Markt 1', postcode: '9620', city: 'Zottegem' },
      baseUrl: 'https://loket.zottegem.be',
    },
    locale: 'nl',
    title: 'Attest van woonst',
    blocks: [{ type: 'paragraph', text }],
    issuedAt: new Date(),
  });
}
