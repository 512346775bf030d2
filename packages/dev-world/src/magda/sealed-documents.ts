import { readFileSync } from 'node:fs';
import { renderCertificate } from '@smartloket/renderer-pdf';
import { createPadesSigner, type DevPki } from '@smartloket/signer-pades';
import { type DocumentFactory, printedSource } from './documents.js';

const BRUSSELS = { nl: 'Brussel', fr: 'Bruxelles', de: 'Brüssel' } as const;

/**
 * A document factory for the simulator: its documents (Rijksregister attests and the like) laid
 * out with renderer-pdf and sealed with a test key of the source they stand for (a dev PKI made by signer-pades'
 * `generateDevPki` for an organisation such as "FOD Binnenlandse Zaken (simulated)"), so what the
 * demo and the tests deliver is really signed.
 */
export function createSealedDocumentFactory(pki: Pick<DevPki, 'sealKey' | 'chain'>): DocumentFactory {
  const signer = createPadesSigner({
    key: readFileSync(pki.sealKey, 'utf8'),
    certificateChain: [readFileSync(pki.chain, 'utf8')],
  });
  return {
    async render(spec) {
      const pdf = await renderCertificate({
        municipality: {
          name: { nl: printedSource(spec) },
          nisCode: spec.gemeenteVanAfgifte,
          address: { street: 'Koloniënstraat 11', postcode: '1000', city: BRUSSELS[spec.language] },
          baseUrl: 'https://simulated.example',
        },
        locale: spec.language,
        title: spec.title,
        blocks: spec.lines.map((text) =>
          text === '' ? { type: 'spacer' as const } : { type: 'paragraph' as const, text },
        ),
        issuedAt: spec.issuedAt,
        ...(spec.verificationUrl
          ? { verification: { code: spec.verificationUrl.split('/').pop() ?? '', url: spec.verificationUrl } }
          : {}),
      });
      return signer.sign(pdf, {
        reason: spec.title,
        location: 'Brussel',
        name: `${spec.source} (simulated)`,
        signingTime: new Date(),
      });
    },
  };
}
