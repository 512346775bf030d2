import { AssertionError } from 'node:assert';
import {
  definePlugin,
  defineRequestType,
  fields,
  form,
  legalRepresentativeOfMinor,
  organisationGrant,
  self,
  z,
} from '@smartloket/core';
import { afterEach, describe, expect, it } from 'vitest';
import { assertDocument } from './assert-document.js';
import { replace, withFakes } from './fakes.js';
import { FAKE_RELATIONS, fakeIdentities } from './identities.js';
import { ManualClock } from './index.js';
import { minimalPdf } from './pdf.js';
import { testSeal } from './seal.js';
import { createTestDeployment, type TestDeployment } from './test-deployment.js';
import { createTestKernel } from './test-kernel.js';
import { createTestPlugin, scriptedSource, TEST_SERVICE } from './test-plugin.js';

let t: TestDeployment | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function deliveredBytes(d: TestDeployment, requestId: string): Promise<Uint8Array> {
  const [doc] = await d.db.documents.listByRequest(requestId);
  const bytes = await d.db.documents.readBytes(doc!.id);
  return bytes!;
}

describe('createTestDeployment', () => {
  it('runs a plugin on SQLite in memory and delivers through the pipeline', async () => {
    t = await createTestDeployment({ plugins: [createTestPlugin()] });
    expect(t.config.database.url).toBe('sqlite::memory:');
    const { request, decision } = await t.requests.submit({
      typeId: 'test.attest',
      input: { forWhom: 'self' },
      locale: 'nl',
      identity: fakeIdentities.citizen(),
    });
    expect(decision.outcome).toBe('auto');
    await t.runJobs();
    expect((await t.db.requests.get(request.id))?.state).toBe('delivered');
  });

  it('moves the clock instead of sleeping: a scripted source down first, delivered after the retry delay', async () => {
    const clock = new ManualClock('2026-05-04T08:00:00.000Z');
    const source = scriptedSource('fake.source', TEST_SERVICE, [
      { transient: 'DOWN' },
      { data: { name: 'Later' } },
    ]);
    t = await createTestDeployment({
      plugins: [replace(createTestPlugin(), 'source', 'test.attest', source)],
      clock,
    });
    expect(t.clock).toBe(clock);
    const { request } = await t.requests.submit({
      typeId: 'test.attest',
      input: { forWhom: 'self' },
      locale: 'nl',
      identity: fakeIdentities.citizen(),
    });
    await t.runJobs();
    expect(source.calls).toBe(1);
    expect((await t.db.requests.get(request.id))?.state).not.toBe('delivered');
    t.clock.advance(60 * 60_000);
    await t.runJobs();
    expect(source.calls).toBe(2);
    expect((await t.db.requests.get(request.id))?.state).toBe('delivered');
    await assertDocument(await deliveredBytes(t, request.id)).containsText('Later');
  });
});

describe('as testing.md shows', () => {
  it('submits a file field: store the upload, pass its reference, attach it to the request', async () => {
    const plugin = definePlugin({
      id: 'foto',
      compat: { core: '^0.1.0' },
      options: z.object({}),
      register({ requestTypes }) {
        requestTypes.add(
          defineRequestType({
            id: 'foto.melding',
            kind: 'report',
            title: { nl: 'Melding met foto', fr: 'Signalement avec photo', en: 'Report with photo' },
            theme: 'openbaar-domein',
            form: form({
              photo: fields.file({
                label: { nl: 'Foto', fr: 'Photo', en: 'Photo' },
                accept: ['image/jpeg', 'application/pdf'],
                maxBytes: 5_000_000,
              }),
            }),
            subject: () => ({ relation: 'none' }),
            rules: [],
          }),
        );
      },
    });
    t = await createTestDeployment({ plugins: [plugin] });
    const upload = await t.db.uploads.insert({
      fileName: 'foto.pdf',
      mediaType: 'application/pdf',
      bytes: minimalPdf('Foto'),
    });
    const { request } = await t.requests.submit({
      typeId: 'foto.melding',
      input: {
        photo: {
          uploadId: upload.id,
          fileName: upload.fileName,
          mediaType: upload.mediaType,
          size: upload.size,
        },
      },
      locale: 'nl',
      identity: fakeIdentities.citizen(),
    });
    await t.db.uploads.attach(upload.id, request.id); // what the portal does after the submit
    expect((await t.db.uploads.listByRequest(request.id)).map((u) => u.fileName)).toEqual(['foto.pdf']);
    expect(request.form).toMatchObject({ photo: { fileName: 'foto.pdf', mediaType: 'application/pdf' } });
  });

  it("acts as a clerk with t.requests.act(id, { action: 'approve' }, { type: 'staff', id })", async () => {
    t = await createTestDeployment({ plugins: [createTestPlugin()] });
    const { request } = await t.requests.submit({
      typeId: 'test.reviewed',
      input: { forWhom: 'self' },
      locale: 'nl',
      identity: fakeIdentities.citizen(),
    });
    expect(request.state).toBe('in_review');
    const clerk = {
      type: 'staff' as const,
      id: fakeIdentities.caseHandler().subject,
      name: 'Karin Goossens',
    };
    await t.requests.act(request.id, { action: 'approve' }, clerk);
    await t.runJobs();
    expect((await t.db.requests.get(request.id))?.state).toBe('delivered');
    await assertDocument(await deliveredBytes(t, request.id))
      .isPdf()
      .containsText('test.reviewed');
  });
});

describe('fake identities', () => {
  it('a parent asks for their minor child (the relation is known by default), a stranger does not get it', async () => {
    const plugin = replace(createTestPlugin(), 'rules', 'test.attest', [
      self(),
      legalRepresentativeOfMinor(),
    ]);
    t = await createTestDeployment({ plugins: [plugin] });
    expect(fakeIdentities.child().insz).toBe(FAKE_RELATIONS.child);
    expect(fakeIdentities.parent().insz).toBe(FAKE_RELATIONS.parent);
    const forChild = { forWhom: 'child', subjectInsz: FAKE_RELATIONS.child };
    const parent = await t.requests.submit({
      typeId: 'test.attest',
      input: forChild,
      locale: 'nl',
      identity: fakeIdentities.parent(),
    });
    expect(parent.decision.outcome).toBe('auto');
    const stranger = await t.requests.submit({
      typeId: 'test.attest',
      input: forChild,
      locale: 'nl',
      identity: fakeIdentities.organisationEmployee(),
    });
    expect(stranger.decision.outcome).not.toBe('auto');
  });

  it('without the relation the parent is not auto-approved', async () => {
    const plugin = replace(createTestPlugin(), 'rules', 'test.attest', [
      self(),
      legalRepresentativeOfMinor(),
    ]);
    t = await createTestDeployment({ plugins: [plugin], legalRepresentatives: [] });
    const { decision } = await t.requests.submit({
      typeId: 'test.attest',
      input: { forWhom: 'child', subjectInsz: FAKE_RELATIONS.child },
      locale: 'nl',
      identity: fakeIdentities.parent(),
    });
    expect(decision.outcome).not.toBe('auto');
  });

  it('an organisation employee acts on the KBO mandate once the organisation has a grant', async () => {
    const employee = fakeIdentities.organisationEmployee();
    expect(employee.organisation?.kbo).toBe(FAKE_RELATIONS.organisation);
    expect(employee.roles).toContainEqual({ role: 'SmartLoketGebruiker', kbo: FAKE_RELATIONS.organisation });
    const { kernel, grants, clock } = await createTestKernel({
      plugins: [replace(createTestPlugin(), 'rules', 'test.attest', [organisationGrant()])],
    });
    const ctx = () => ({
      requestTypeId: 'test.attest',
      requester: {
        kind: 'organisation' as const,
        id: employee.subject,
        insz: employee.insz,
        level: employee.level,
        organisation: employee.organisation,
      },
      identity: employee,
      subject: { insz: FAKE_RELATIONS.parent, relation: 'other' as const },
      form: {},
      now: clock.now(),
    });
    expect((await kernel.authorise('test.attest', ctx())).outcome).not.toBe('auto');
    grants.add(FAKE_RELATIONS.organisation, 'test.attest', clock.now());
    expect((await kernel.authorise('test.attest', ctx())).outcome).toBe('auto');
  });

  it('an anonymous requester files a report with a confirmed e-mail address', async () => {
    t = await createTestDeployment({ plugins: [createTestPlugin()] });
    const { request } = await t.requests.submit({
      typeId: 'test.melding',
      input: { description: 'Een put in de weg.' },
      locale: 'nl',
      ...fakeIdentities.anonymous(),
    });
    expect(request.state).toBe('submitted');
    expect(request.requester.kind).toBe('anonymous');
  });
});

describe('replacing an extension point', () => {
  it('fails loudly for a request type the plugin does not register', async () => {
    await expect(
      createTestKernel({
        plugins: [
          withFakes(createTestPlugin(), {
            sources: { 'test.unknown': scriptedSource('x', TEST_SERVICE, []) },
          }),
        ],
      }),
    ).rejects.toThrow('registers no request type "test.unknown"');
  });
});

describe('assertDocument', () => {
  it('checks text, and names what is missing', async () => {
    const pdf = minimalPdf('Attest voor Jan Peeters');
    const doc = assertDocument(pdf);
    doc.isPdf();
    await doc.containsText('Attest voor', 'Jan Peeters');
    await doc.notContainsText('Emma');
    await expect(doc.containsText('Marie Dubois')).rejects.toThrow(AssertionError);
    await expect(doc.containsText('Marie Dubois')).rejects.toThrow('"Marie Dubois"');
    await expect(doc.notContainsText('Jan')).rejects.toThrow(AssertionError);
    await doc.unsigned();
    await expect(doc.signatureValid()).rejects.toThrow('document is not signed');
    expect(() => assertDocument(new TextEncoder().encode('hello')).isPdf()).toThrow(AssertionError);
  });

  it('chains as documented: isPdf() returns the assertion', async () => {
    const pdf = minimalPdf('Parkeerkaart 1-ABC-234');
    await assertDocument(pdf).isPdf().containsText('Parkeerkaart', '1-ABC-234');
    await assertDocument(pdf).isPdf().notContainsText('Emma');
    await expect(assertDocument(pdf).isPdf().containsText('Fietskluis')).rejects.toThrow('"Fietskluis"');
  });

  it('verifies a real PAdES seal with signer-pades, and rejects a changed byte and an untrusted CA', async () => {
    const seal = testSeal({ organisation: 'Testgemeente (TEST)' });
    const other = testSeal({ organisation: 'Andere (TEST)' });
    try {
      t = await createTestDeployment({
        plugins: [replace(createTestPlugin(), 'signer', 'test.attest', seal.definition)],
      });
      const { request } = await t.requests.submit({
        typeId: 'test.attest',
        input: { forWhom: 'self' },
        locale: 'nl',
        identity: fakeIdentities.citizen(),
      });
      await t.runJobs();
      const bytes = await deliveredBytes(t, request.id);
      const check = await assertDocument(bytes).signatureValid({
        trustedCertificatesPem: seal.caCertificatePem,
        signer: 'Testgemeente',
      });
      expect(check.signatures).toBe(1);
      await assertDocument(bytes).containsText('test.attest');
      await expect(
        assertDocument(bytes).signatureValid({ trustedCertificatesPem: other.caCertificatePem }),
      ).rejects.toThrow('not valid');
      await expect(assertDocument(bytes).signatureValid({ signer: 'Niemand' })).rejects.toThrow('no signer');
      // Change one byte of the signed content (inside the first page's text).
      const changed = Uint8Array.from(bytes);
      const at = Buffer.from(changed).indexOf('test.attest');
      changed[at] = 'T'.charCodeAt(0);
      await expect(assertDocument(changed).signatureValid()).rejects.toThrow('not valid');
    } finally {
      seal.dispose();
      other.dispose();
    }
  });

  it('seals a minimal PDF directly with the test seal', async () => {
    const seal = testSeal();
    try {
      const signed = await seal.signer.sign(minimalPdf('Gezegeld'), {
        reason: 'test',
        location: 'Testgemeente',
        name: 'Testzegel',
        signingTime: new Date(),
      });
      await assertDocument(signed).signatureValid({ trustedCertificatesPem: seal.caCertificatePem });
      await assertDocument(signed).containsText('Gezegeld');
    } finally {
      seal.dispose();
    }
  });
});
