import { writeFileSync } from 'node:fs';
import { addMonths, createServiceFactory, ValidationError } from '@smartloket/core';
import { magdaClientRef } from '@smartloket/source-magda';
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
import { ADDRESS_LEGAL_BASIS, bewonersId, lastDay } from './bewoners.js';

/**
 * The Rijksregister as the prefill reads it (MAGDA GeefPersoon), for the tests: the deployment
 * provides the MAGDA client (in production the real one; tests/browser uses the simulator).
 * `down` makes it fail like an unreachable MAGDA.
 */
function register(state: { down: boolean }) {
  return createServiceFactory({
    ref: magdaClientRef,
    factory: () =>
      ({
        circuitState: () => 'closed',
        async geefPersoon(criteria: { insz: string }, options: { referte: string }) {
          if (state.down) throw new Error('MAGDA unreachable');
          return {
            referte: options.referte,
            warnings: [],
            persoon: {
              insz: criteria.insz,
              naam: { voornamen: ['Jan'], achternaam: 'Peeters' },
              nationaliteiten: [],
              hoofdverblijfplaats: {
                straat: 'Kerkstraat',
                huisnummer: '12',
                postcode: '9000',
                gemeente: 'Gent',
                nisGemeente: '44021',
              },
              raw: {},
            },
          };
        },
      }) as never,
  });
}

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

  const magda = { down: false };
  async function deployment() {
    seal = testSeal();
    magda.down = false;
    t = await createTestDeployment({
      plugins: [parkeerkaartPlugin],
      services: [seal.service, register(magda)],
    });
    return t;
  }

  async function file(d: TestDeployment, at: typeof address = address) {
    const upload = await d.db.uploads.insert({
      fileName: 'inschrijvingsbewijs.pdf',
      mediaType: 'application/pdf',
      bytes: minimalPdf('Inschrijvingsbewijs'),
    });
    const { request } = await d.requests.submit({
      typeId: bewonersId,
      input: {
        plate: '1abc234',
        address: at,
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

  it('prefills the address from the Rijksregister for the citizen himself, audited with this plugin’s legal basis', async () => {
    const d = await deployment();
    const citizen = fakeIdentities.citizen();
    const prefill = await d.requests.prefill({ typeId: bewonersId, locale: 'nl', identity: citizen });
    expect(prefill.unavailable).toBe(false);
    expect(prefill.fields.address).toEqual({
      value: address,
      origin: {
        nl: 'uit het rijksregister',
        fr: 'du Registre national',
        en: 'from the National Register',
        de: 'aus dem Nationalregister',
      },
      editable: false,
    });
    // Only the address is bound: the plate and the upload are the requester's.
    expect(Object.keys(prefill.fields)).toEqual(['address']);
    const [started] = await d.db.audit.list({
      subjectId: citizen.insz!,
      categories: ['consultation_started'],
    });
    expect(started).toMatchObject({
      service: 'magda:GeefPersoon-02.02',
      legalBasis: ADDRESS_LEGAL_BASIS,
      purpose: 'prefill:parkeerkaart.bewoners',
      requestId: null,
      actor: { type: 'citizen' },
    });
    // Nobody else gets a prefill: an organisation, or no login.
    expect(
      (
        await d.requests.prefill({
          typeId: bewonersId,
          locale: 'nl',
          identity: fakeIdentities.organisationEmployee(),
        })
      ).fields,
    ).toEqual({});
    expect((await d.requests.prefill({ typeId: bewonersId, locale: 'nl' })).fields).toEqual({});
  });

  it('refuses a changed address (the type locks it) and stores nothing; the register’s address goes through', async () => {
    const d = await deployment();
    const error = await file(d, { ...address, number: '14' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      expect.objectContaining({
        path: 'address',
        code: 'prefill.changed',
        message: expect.objectContaining({
          nl: expect.stringContaining('Dit gegeven komt uit het rijksregister en kunt u hier niet wijzigen.'),
        }),
      }),
    ]);
    expect((await d.db.requests.list({}, { limit: 10 })).items).toHaveLength(0);
    expect((await file(d)).state).toBe('in_review');
  });

  it('with the register down the form is not prefilled, and the request goes on to the clerk', async () => {
    const d = await deployment();
    magda.down = true;
    const prefill = await d.requests.prefill({
      typeId: bewonersId,
      locale: 'nl',
      identity: fakeIdentities.citizen(),
    });
    expect(prefill).toEqual({ fields: {}, unavailable: true });
    expect((await file(d, { ...address, number: '14' })).state).toBe('in_review');
  });
});
