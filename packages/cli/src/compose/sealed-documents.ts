import { readFileSync } from 'node:fs';
import { renderCertificate } from '@smartloket/renderer-pdf';
import { createPadesSigner, type DevPki } from '@smartloket/signer-pades';
import type { DocumentFactory } from '@smartloket/source-magda/simulator';

/**
 * The simulator's documents (Rijksregister attests and the like), laid out with renderer-pdf and
 * sealed with a test key of the source they stand for, so what the demo delivers is really signed.
 */
export function sealedSimulatorDocuments(pki: DevPki): DocumentFactory {
  const signer = createPadesSigner({
    key: readFileSync(pki.sealKey, 'utf8'),
    certificateChain: [readFileSync(pki.chain, 'utf8')],
  });
  return {
    async render(spec) {
      const pdf = await renderCertificate({
        municipality: {
          name: { nl: `${spec.source} (simulated)` },
          nisCode: spec.gemeenteVanAfgifte,
          address: { street: 'Koloniënstraat 11', postcode: '1000', city: 'Brussel' },
          baseUrl: 'https://simulated.example',
        },
        locale: spec.language,
        title: spec.title,
        blocks: spec.lines.map((text) => ({ type: 'paragraph' as const, text })),
        issuedAt: spec.issuedAt,
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
