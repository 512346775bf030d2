import { generateKeyPairSync } from 'node:crypto';
import { makeKbo } from '@smartloket/core';
import { INSZ, ORGANISATIONS } from '@smartloket/dev-population';
import {
  type EboxSimulator,
  generateEboxSenderCredentials,
  startEboxSimulator,
} from '@smartloket/dev-world/ebox';
import { createEboxPublisher, type EboxPublication, EboxPublishError } from '@smartloket/notifier-ebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officialEboxSwagger, officialErrors } from '../support/ebox-swagger.js';

const KBO = makeKbo('02073561');
const APP = 'smartloket:smartegem';
const creds = generateEboxSenderCredentials({
  organizationName: 'Gemeente Smartegem',
  organizationId: KBO,
  applicationId: APP,
});
const PDF = new TextEncoder().encode('%PDF-1.7\n% simulated attest\n%%EOF\n');

let sim: EboxSimulator;
let swagger: Record<string, any> | undefined;

beforeAll(async () => {
  swagger = await officialEboxSwagger();
  sim = await startEboxSimulator({
    senders: [
      {
        clientId: 'smartegem',
        certificate: creds.certificate,
        organizationId: KBO,
        applicationId: APP,
        messageTypes: { SmartLoketAttest: {} },
      },
    ],
    noDigitalUser: [INSZ.koen],
  });
});
afterAll(async () => {
  await sim?.stop();
});

function publisher(o: { key?: string; timeoutSeconds?: number } = {}) {
  return createEboxPublisher({
    tokenUrl: sim.tokenUrl,
    audience: sim.audience,
    apiUrl: sim.apiUrl,
    clientId: 'smartegem',
    privateKey: o.key ?? creds.key,
    senderOrganizationId: KBO,
    senderApplicationId: APP,
    timeoutSeconds: o.timeoutSeconds,
  });
}

const attest = (over: Partial<EboxPublication> = {}): EboxPublication => ({
  recipient: { eboxType: 'citizen', eboxIdValue: INSZ.jan },
  language: 'nl',
  subject: 'Uw attest van woonst (SL-2026-000001)',
  messageTypeId: 'SmartLoketAttest',
  expirationDate: new Date('2027-03-07T10:00:00Z'),
  document: { fileName: 'attest-van-woonst.pdf', mediaType: 'application/pdf', bytes: PDF },
  ...over,
});

describe('e-Box publisher against the simulator', () => {
  it('gets a token with a private-key JWT and publishes to the citizen e-Box', async () => {
    const result = await publisher().publish(attest());
    expect(result.noDigitalUser).toBe(false);
    const [m] = sim.messages('citizen', INSZ.jan);
    expect(m?.messageId).toBe(result.messageId);
    expect(m?.documents[0]?.fileName).toBe('attest-van-woonst.pdf');
    expect(m?.subject).toEqual({ nl: 'Uw attest van woonst (SL-2026-000001)' });
  });

  it('publishes to the company e-Box for the attention of the employee', async () => {
    await publisher().publish(
      attest({
        recipient: { eboxType: 'enterprise', eboxIdValue: ORGANISATIONS.notaris.kbo },
        forTheAttentionOf: { id: INSZ.jan, name: 'Jan Peeters' },
        language: 'fr',
        subject: 'Votre attestation',
      }),
    );
    const [m] = sim.messages('enterprise', ORGANISATIONS.notaris.kbo);
    expect(m?.forTheAttentionOf).toEqual({ type: 'person', id: INSZ.jan, name: 'Jan Peeters' });
  });

  it('publishes a status message as a text body', async () => {
    await publisher().publish(attest({ document: undefined, body: 'Uw aanvraag werd geweigerd.' }));
    expect(sim.allMessages().at(-1)?.documents).toEqual([]);
  });

  it('reports NO_DIGITAL_USER', async () => {
    expect(
      (await publisher().publish(attest({ recipient: { eboxType: 'citizen', eboxIdValue: INSZ.koen } })))
        .noDigitalUser,
    ).toBe(true);
  });

  it('every captured publication validates against the official Swagger file', async (ctx) => {
    if (!swagger) return ctx.skip('../shared/reference/ebox is missing (outside CI)');
    const published = sim.calls.filter((c) => c.route === 'publishMessage' && c.status === 201);
    expect(published.length).toBeGreaterThanOrEqual(4);
    for (const c of published) {
      expect(officialErrors(swagger, 'MessageToPublish', c.messageToPublish)).toEqual([]);
      expect(officialErrors(swagger, 'PublicationStatusMessage', c.answer)).toEqual([]);
    }
  });

  it('a bad client assertion (another key) is a permanent 401', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const error = await publisher({ key: other })
      .publish(attest())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EboxPublishError);
    expect(error).toMatchObject({ permanent: true, status: 401, code: 'invalid_client' });
  });

  it('a refused publication (400) is permanent and names the reason', async () => {
    const error = await publisher()
      .publish(attest({ messageTypeId: 'NotOnboarded' }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ permanent: true, status: 400 });
    expect(String((error as Error).message)).toMatch(/not authorised/);
  });

  it('an outage, a 500 and a time-out are transient', async () => {
    const p = publisher({ timeoutSeconds: 1 });
    await p.publish(attest()); // a token in hand
    sim.faults.outage();
    expect(await p.publish(attest()).catch((e: unknown) => e)).toMatchObject({
      permanent: false,
      status: 503,
    });
    sim.faults.clear();
    sim.faults.error(500);
    expect(await p.publish(attest()).catch((e: unknown) => e)).toMatchObject({
      permanent: false,
      status: 500,
    });
    sim.faults.timeout();
    expect(await p.publish(attest()).catch((e: unknown) => e)).toMatchObject({ permanent: false });
    sim.faults.clear();
  });
});
