import { fakeIdentities, minimalPdf, type TestDeployment } from '@smartloket/testkit';

/** The feestzaal fixture (packages/declarative), the example type of these tests. */
export const feestzaalFixture = new URL(
  '../../packages/declarative/src/fixtures/feestzaal.json',
  import.meta.url,
);

/** Files a feestzaal request in French for a citizen, with an uploaded insurance certificate. */
export async function fileFeestzaal(t: TestDeployment, input: Record<string, unknown>) {
  const upload = await t.db.uploads.insert({
    fileName: 'verzekering.pdf',
    mediaType: 'application/pdf',
    bytes: minimalPdf('Verzekering'),
  });
  const { request } = await t.requests.submit({
    typeId: 'gemeente.feestzaal',
    input: {
      ...input,
      verzekering: {
        uploadId: upload.id,
        fileName: upload.fileName,
        mediaType: upload.mediaType,
        size: upload.size,
      },
    },
    locale: 'fr',
    identity: fakeIdentities.citizen(),
  });
  await t.db.uploads.attach(upload.id, request.id);
  return request;
}
