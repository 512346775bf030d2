import { generateKeyPairSync } from 'node:crypto';
import { MINUTE, makeKbo } from '@smartloket/core';
import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import { INSZ, ORGANISATIONS } from '@smartloket/dev-population';
import {
  type EboxSimulator,
  generateEboxSenderCredentials,
  startEboxSimulator,
} from '@smartloket/dev-world/ebox';
import { createEboxPublisher } from '@smartloket/notifier-ebox';
import type { MailSender } from '@smartloket/runtime';
import {
  createTestDeployment,
  createTestPlugin,
  fakeIdentities,
  type TestDeployment,
} from '@smartloket/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { officialEboxSwagger, officialErrors } from '../support/ebox-swagger.js';

/**
 * A delivered certificate reaches the requester's e-Box through the outbox (decision 1600), with
 * the real publisher against the dev world's simulator: the citizen's, and the company's for an
 * employee's request; NO_DIGITAL_USER, a bad client assertion (401), a refusal (400) and an outage
 * each behave as described; the e-mail copy follows the person's preference.
 */
const KBO = makeKbo('02073561');
const APP = 'smartloket:smartegem';
const creds = generateEboxSenderCredentials({
  organizationName: 'Gemeente Smartegem',
  organizationId: KBO,
  applicationId: APP,
});
const STAFF = { type: 'staff', id: 'staff:karin' } as const;

let sim: EboxSimulator;
let swagger: Record<string, any> | undefined;
let d: TestDeployment | undefined;

beforeAll(async () => {
  swagger = await officialEboxSwagger();
  sim = await startEboxSimulator({
    senders: [
      {
        clientId: 'smartegem',
        certificate: creds.certificate,
        organizationId: KBO,
        applicationId: APP,
        messageTypes: { SmartLoketAttest: {}, SmartLoketStatus: {} },
      },
    ],
    noDigitalUser: [],
  });
});
afterEach(async () => {
  await d?.close();
  d = undefined;
  sim.faults.clear();
  sim.setNoDigitalUser(INSZ.jan, false);
});
afterAll(async () => {
  // Every publication the simulator took validates against the official Swagger file.
  if (swagger)
    for (const c of sim.calls.filter((x) => x.route === 'publishMessage' && x.status === 201))
      expect(officialErrors(swagger, 'MessageToPublish', c.messageToPublish)).toEqual([]);
  await sim?.stop();
});

/** Records the e-mails the worker sends (kind and recipient). */
function recordingMail() {
  const sent: { kind: string; to: string }[] = [];
  const sender: MailSender = {
    async send(message, to) {
      sent.push({ kind: message.mail.kind, to });
    },
  };
  return { sent, sender };
}

async function deployment(
  o: { key?: string; mail?: MailSender; messageTypeId?: string; database?: TestDatabase } = {},
) {
  d = await createTestDeployment({
    ...(o.database ? { databaseUrl: o.database.url, databaseOwnerUrl: o.database.ownerUrl } : {}),
    plugins: [createTestPlugin()],
    mailSender: o.mail ?? recordingMail().sender,
    eboxSender: createEboxPublisher({
      tokenUrl: sim.tokenUrl,
      audience: sim.audience,
      apiUrl: sim.apiUrl,
      clientId: 'smartegem',
      privateKey: o.key ?? creds.key,
      senderOrganizationId: KBO,
      senderApplicationId: APP,
      timeoutSeconds: 2,
    }),
    config: {
      ebox: {
        kind: 'simulator',
        senderOrganizationId: KBO,
        senderApplicationId: APP,
        messageTypes: [
          {
            requestTypes: ['test.*'],
            messageTypeId: o.messageTypeId ?? 'SmartLoketAttest',
            events: ['delivered'],
          },
          { requestTypes: ['test.*'], messageTypeId: 'SmartLoketStatus', events: ['refused'] },
        ],
      },
    },
  });
  return d;
}

async function drain(t: TestDeployment, rounds = 6) {
  for (let i = 0; i < rounds; i++) {
    await t.runJobs();
    t.clock.advance(20 * MINUTE);
  }
}

const eboxRows = async (t: TestDeployment, requestId: string) =>
  (await t.db.outbox.listByRequest(requestId)).filter((r) => r.kind === 'ebox');
const eventTypes = async (t: TestDeployment, requestId: string) =>
  (await t.db.events.list(requestId)).map((e) => e.type);

describe('delivery to the e-Box', () => {
  it("a delivered certificate reaches the citizen's e-Box, once, in the requester's language", async () => {
    const mail = recordingMail();
    const t = await deployment({ mail: mail.sender });
    const before = sim.messages('citizen', INSZ.jan).length;
    const { request } = await t.requests.submit({
      typeId: 'test.attest',
      input: { forWhom: 'self' },
      locale: 'fr',
      identity: fakeIdentities.citizen(),
    });
    await drain(t);
    const inBox = sim.messages('citizen', INSZ.jan);
    expect(inBox).toHaveLength(before + 1);
    const m = inBox.at(-1)!;
    expect(m.subject.fr).toContain(request.reference);
    expect(Object.keys(m.subject)).toEqual(['fr']);
    expect(m.senderOrganizationId).toBe(KBO);
    expect(m.messageTypeId).toBe('SmartLoketAttest');
    expect(Buffer.from(m.documents[0]!.bytes).subarray(0, 5).toString()).toBe('%PDF-');
    const call = sim.calls.filter((c) => c.route === 'publishMessage').at(-1)!;
    const doc = (await t.db.documents.listByRequest(request.id))[0]!;
    expect((call.messageToPublish as { expirationDate: string }).expirationDate).toBe(
      doc.expiresAt!.toISOString().replace('.000Z', 'Z'),
    );
    const [row] = await eboxRows(t, request.id);
    expect(row).toMatchObject({ state: 'sent', messageId: m.messageId, recipient: `citizen:${INSZ.jan}` });
    expect(await eventTypes(t, request.id)).toContain('ebox_published');
    // The e-mail copy goes by default.
    expect(mail.sent.map((s) => s.kind)).toContain('delivered');
    // A 201 is never published again, whatever runs later.
    await t.db.jobs.enqueue({ type: 'ebox.publish', payload: { outboxId: row!.id }, key: 'again' });
    await drain(t, 2);
    expect(sim.messages('citizen', INSZ.jan)).toHaveLength(before + 1);
  });

  it("an employee's request reaches the company's e-Box for the attention of the employee", async () => {
    const t = await deployment();
    const { request } = await t.requests.submit({
      typeId: 'test.attest',
      input: { forWhom: 'self' },
      locale: 'nl',
      identity: fakeIdentities.organisationEmployee(),
    });
    if (request.state === 'in_review') await t.requests.act(request.id, { action: 'approve' }, STAFF);
    await drain(t);
    const m = sim.messages('enterprise', ORGANISATIONS.notaris.kbo).at(-1);
    expect(m?.subject.nl).toContain(request.reference);
    expect(m?.forTheAttentionOf).toMatchObject({
      type: 'person',
      id: fakeIdentities.organisationEmployee().insz,
    });
  });

  it('NO_DIGITAL_USER is recorded and the e-mail goes even when the copy is off', async () => {
    sim.setNoDigitalUser(INSZ.jan);
    const mail = recordingMail();
    const t = await deployment({ mail: mail.sender });
    const identity = fakeIdentities.citizen();
    await t.db.preferences.set(identity.subject, { eboxMailCopy: false });
    const { request } = await t.requests.submit({
      typeId: 'test.attest',
      input: { forWhom: 'self' },
      locale: 'nl',
      identity,
    });
    await drain(t);
    const [row] = await eboxRows(t, request.id);
    expect(row?.state).toBe('sent');
    expect((row!.payload as { result: { noDigitalUser: boolean } }).result.noDigitalUser).toBe(true);
    expect(await eventTypes(t, request.id)).toContain('ebox_no_digital_user');
    expect(mail.sent.filter((s) => s.kind === 'delivered')).toHaveLength(1);
  });

  it('the preference turns the e-mail copy off when the e-Box has the document', async () => {
    const mail = recordingMail();
    const t = await deployment({ mail: mail.sender });
    const identity = fakeIdentities.citizen();
    await t.db.preferences.set(identity.subject, { eboxMailCopy: false });
    const { request } = await t.requests.submit({
      typeId: 'test.attest',
      input: { forWhom: 'self' },
      locale: 'nl',
      identity,
    });
    await drain(t);
    expect((await eboxRows(t, request.id))[0]?.state).toBe('sent');
    expect(mail.sent.map((s) => s.kind)).toEqual(['receipt']);
    const delivered = (await t.db.outbox.listByRequest(request.id)).find(
      (r) => r.kind === 'email' && (r.payload as { kind: string }).kind === 'delivered',
    );
    expect(delivered?.state).toBe('skipped');
  });

  it('a bad client assertion (401) is final: recorded, named in the digest, and the e-mail goes', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const mail = recordingMail();
    const t = await deployment({ key: other, mail: mail.sender });
    const identity = fakeIdentities.citizen();
    await t.db.preferences.set(identity.subject, { eboxMailCopy: false });
    const { request } = await t.requests.submit({
      typeId: 'test.attest',
      input: { forWhom: 'self' },
      locale: 'nl',
      identity,
    });
    await drain(t);
    const [row] = await eboxRows(t, request.id);
    expect(row).toMatchObject({ state: 'failed', attempts: 1 });
    expect(row?.lastError).toMatch(/401/);
    expect(await eventTypes(t, request.id)).toContain('ebox_failed');
    expect(mail.sent.map((s) => s.kind)).toContain('delivered');
    const digest = await t.digest.collect();
    expect(digest.failedDeliveries).toContainEqual(
      expect.objectContaining({ reference: request.reference, mail: 'e-Box', attempts: 1 }),
    );
    expect(JSON.stringify(digest)).not.toContain(INSZ.jan);
  });

  it('a refusal (400) is final and never retried', async () => {
    const t = await deployment({ messageTypeId: 'NotOnboarded' });
    const calls = () => sim.calls.filter((c) => c.route === 'publishMessage' && c.status === 400).length;
    const before = calls();
    const { request } = await t.requests.submit({
      typeId: 'test.attest',
      input: { forWhom: 'self' },
      locale: 'nl',
      identity: fakeIdentities.citizen(),
    });
    await drain(t);
    const [row] = await eboxRows(t, request.id);
    expect(row?.state).toBe('failed');
    expect(row?.lastError).toMatch(/400.*not authorised/);
    expect(calls()).toBe(before + 1);
    expect((await t.digest.collect()).failedDeliveries.map((f) => f.mail)).toContain('e-Box');
  });

  it('an outage is retried until the e-Box is back; the e-mail waits when the copy is off', async () => {
    const mail = recordingMail();
    const t = await deployment({ mail: mail.sender });
    const identity = fakeIdentities.citizen();
    await t.db.preferences.set(identity.subject, { eboxMailCopy: false });
    sim.faults.outage();
    const { request } = await t.requests.submit({
      typeId: 'test.attest',
      input: { forWhom: 'self' },
      locale: 'nl',
      identity,
    });
    await drain(t, 3);
    let [row] = await eboxRows(t, request.id);
    expect(row?.state).toBe('pending');
    expect(row?.attempts).toBeGreaterThanOrEqual(2);
    expect(mail.sent.map((s) => s.kind)).toEqual(['receipt']);
    // Waiting more than an hour: the digest says so, without the person.
    t.clock.advance(30 * MINUTE);
    const problems = (await t.digest.collect()).configProblems.map((p) => p.nl);
    expect(problems).toContainEqual(
      expect.stringMatching(/^1 e-Box-bericht\(en\) wachten langer dan een uur/),
    );
    // The e-mails held back for that e-Box message are not blamed on the SMTP server.
    expect(problems.filter((p) => /e-mail\(s\) wachten/.test(p))).toEqual([]);
    sim.faults.clear();
    await drain(t, 3);
    [row] = await eboxRows(t, request.id);
    expect(row?.state).toBe('sent');
    expect(mail.sent.map((s) => s.kind)).toEqual(['receipt']);
    expect(sim.messages('citizen', INSZ.jan).at(-1)?.subject.nl).toContain(request.reference);
  });

  it('a status message (refusal) goes to the e-Box as a text body, per the configured events', async () => {
    const t = await deployment();
    const { request } = await t.requests.submit({
      typeId: 'test.attest',
      input: { forWhom: 'other', subjectInsz: INSZ.marie },
      locale: 'nl',
      identity: fakeIdentities.citizen(),
    });
    await t.requests.act(
      request.id,
      { action: 'refuse', reason: 'Geen reden om het attest te geven.' },
      STAFF,
    );
    await drain(t);
    const m = sim.messages('citizen', INSZ.jan).at(-1);
    expect(m?.messageTypeId).toBe('SmartLoketStatus');
    expect(m?.subject.nl).toBe(`Uw aanvraag ${request.reference} werd geweigerd`);
    expect(m?.documents).toEqual([]);
  });

  it('on PostgreSQL: the e-Box row, the withheld e-mail copy and a refusal in the digest', async (ctx) => {
    const unavailable = await postgresUnavailableReason();
    if (unavailable && process.env.CI) throw new Error(unavailable);
    if (unavailable) return ctx.skip(unavailable);
    const database = await createTestDatabase('postgres');
    try {
      const mail = recordingMail();
      const t = await deployment({ mail: mail.sender, database });
      const identity = fakeIdentities.citizen();
      await t.db.preferences.set(identity.subject, { eboxMailCopy: false });
      const { request } = await t.requests.submit({
        typeId: 'test.attest',
        input: { forWhom: 'self' },
        locale: 'nl',
        identity,
      });
      await drain(t);
      expect((await eboxRows(t, request.id))[0]?.state).toBe('sent');
      expect(mail.sent.map((s) => s.kind)).toEqual(['receipt']);
      await t.close();
      d = undefined;
      const refused = await deployment({ database, messageTypeId: 'NotOnboarded' });
      const second = await refused.requests.submit({
        typeId: 'test.attest',
        input: { forWhom: 'self' },
        locale: 'nl',
        identity,
      });
      await drain(refused);
      expect((await eboxRows(refused, second.request.id))[0]?.state).toBe('failed');
      expect((await refused.digest.collect()).failedDeliveries).toContainEqual(
        expect.objectContaining({ reference: second.request.reference, mail: 'e-Box' }),
      );
    } finally {
      await d?.close();
      d = undefined;
      await database.destroy();
    }
  });
});
