import { writeFileSync } from 'node:fs';
import { addMonths, ValidationError } from '@smartloket/core';
import {
  assertDocument,
  createTestDeployment,
  fakeIdentities,
  minimalPdf,
  type TestDeployment,
  type TestSeal,
  testSeal,
} from '@smartloket/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { parkeerkaartPlugin } from '../index.js';
import { bewonersId, lastDay } from './bewoners.js';

const clerk = { type: 'staff' as const, id: fakeIdentities.caseHandler().subject, name: 'Karin Goossens' };
const address = { street: 'Kerkstraat', number: '12', postcode: '9000', municipality: 'Gent' };

describe('parkeerkaart.bewoners', () => {
  let t: TestDeployment | undefined;
  let seal: TestSeal | undefined;
  afterEach(async () => {
    await t?.close();
    seal?.dispose();
    t = undefined;
    seal = undefined;
  });

  async function deployment() {
    seal = testSeal();
    t = await createTestDeployment({ plugins: [parkeerkaartPlugin], services: [seal.service] });
    return t;
  }

  async function file(d: TestDeployment) {
    const upload = await d.db.uploads.insert({
      fileName: 'inschrijvingsbewijs.pdf',
      mediaType: 'application/pdf',
      bytes: minimalPdf('Inschrijvingsbewijs'),
    });
    const { request } = await d.requests.submit({
      typeId: bewonersId,
      input: {
        plate: '1abc234',
        address,
        registration: {
          uploadId: upload.id,
          fileName: upload.fileName,
          mediaType: upload.mediaType,
          size: upload.size,
        },
      },
      locale: 'nl',
      identity: fakeIdentities.citizen(),
    });
    await d.db.uploads.attach(upload.id, request.id);
    return request;
  }

  it('is a certificate without a source, issued after review, under its own theme title', async () => {
    const d = await deployment();
    const rt = d.kernel.requestType(bewonersId)?.definition;
    expect(rt?.kind).toBe('certificate');
    expect(rt?.source).toBeUndefined();
    expect(rt?.issue).toBeDefined();
    expect(rt?.themeTitle?.nl).toBe('Parkeren');
    const request = await file(d);
    expect(request.state).toBe('in_review');
    expect((request.form as { plate: string }).plate).toBe('1-ABC-234');
  });

  it('approve → a sealed permit valid 12 months, downloadable after 4 months and purged after 12', async () => {
    const d = await deployment();
    const request = await file(d);
    await d.requests.act(request.id, { action: 'approve' }, clerk);
    await d.runJobs();
    const delivered = await d.db.requests.get(request.id);
    expect(delivered?.state).toBe('delivered');
    const [doc] = await d.db.documents.listByRequest(request.id);
    const bytes = await d.db.documents.readBytes(doc!.id);
    if (process.env.PARKEERKAART_PDF) writeFileSync(process.env.PARKEERKAART_PDF, bytes!);
    // Issued on 2 March 2026 (the test clock), valid up to and including 1 March 2027.
    expect(lastDay('2026-03-02', 12)).toBe('2027-03-01');
    await assertDocument(bytes)
      .isPdf()
      .containsText(
        'Parkeerkaart bewoners',
        '1-ABC-234',
        'Kerkstraat 12, 9000 Gent',
        'van 02/03/2026 tot en met 01/03/2027',
      );
    await assertDocument(bytes).signatureValid({ trustedCertificatesPem: seal!.caCertificatePem });
    // Downloadable until the end of its last valid day (Brussels), not the deployment's 3 months.
    expect(doc!.expiresAt?.toISOString()).toBe('2027-03-01T22:59:59.999Z');
    const mails = await d.db.outbox.listByRequest(request.id);
    const deliveredMail = mails.find((m) => (m.payload as { kind: string }).kind === 'delivered');
    expect((deliveredMail?.payload as { data?: { expiresAt?: string } } | undefined)?.data?.expiresAt).toBe(
      '2027-03-01T22:59:59.999Z',
    );

    const purge = async () => d.db.retention.purge({ now: d.clock.now(), terms: await d.retentionTerms() });
    d.clock.set(addMonths(d.clock.now(), 4));
    await purge();
    expect(await d.db.documents.readBytes(doc!.id)).not.toBeNull();
    d.clock.set(new Date('2027-03-01T22:59:00.000Z'));
    await purge();
    expect(await d.db.documents.readBytes(doc!.id)).not.toBeNull();
    d.clock.set(new Date('2027-03-02T09:00:00.000Z'));
    expect((await purge()).documents).toBe(1);
    expect(await d.db.documents.readBytes(doc!.id)).toBeFalsy();
  });

  it('issues the permit number and validity the clerk decided', async () => {
    const d = await deployment();
    const request = await file(d);
    await d.requests.act(
      request.id,
      { action: 'approve', decision: { permitNumber: 'PK-2026-0042', validFrom: '2026-04-01' } },
      clerk,
    );
    await d.runJobs();
    const [doc] = await d.db.documents.listByRequest(request.id);
    await assertDocument(await d.db.documents.readBytes(doc!.id)).containsText(
      'PK-2026-0042',
      'van 01/04/2026 tot en met 31/03/2027',
    );
    expect(doc!.expiresAt?.toISOString()).toBe('2027-03-31T21:59:59.999Z');
  });

  it('refuses a decision that does not validate, and the request stays in review', async () => {
    const d = await deployment();
    const request = await file(d);
    const error = await d.requests
      .act(request.id, { action: 'approve', decision: { validUntil: '2027-02-31' } }, clerk)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toBe('validUntil');
    expect((await d.db.requests.get(request.id))?.state).toBe('in_review');
  });
});
