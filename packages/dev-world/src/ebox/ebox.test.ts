import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { makeKbo } from '@smartloket/core';
import { INSZ, ORGANISATIONS } from '@smartloket/dev-population';
import { importPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officialEboxSwagger, officialErrors } from '../../../../tests/support/ebox-swagger.js';
import { EBOX_DEFINITIONS } from './contract.js';
import {
  EBOX_DEV_AUDIENCE,
  type EboxSimulator,
  generateEboxSenderCredentials,
  startEboxSimulator,
} from './index.js';

const KBO = makeKbo('02073561');
const APP = 'smartloket:gemeente-smartegem';
const creds = generateEboxSenderCredentials({
  organizationName: 'Gemeente Smartegem',
  organizationId: KBO,
  applicationId: APP,
});
const PDF = new TextEncoder().encode('%PDF-1.7\n% simulated\n%%EOF\n');

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
        messageTypes: { SmartLoketAttest: { validityDays: 90 } },
      },
    ],
    noDigitalUser: [INSZ.koen],
  });
});
afterAll(async () => {
  await sim?.stop();
});

async function assertion(
  o: { key?: string; aud?: string; exp?: number; jti?: string; iss?: string } = {},
): Promise<string> {
  const key = await importPKCS8(o.key ?? creds.key, 'RS256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer(o.iss ?? 'smartegem')
    .setSubject(o.iss ?? 'smartegem')
    .setAudience(o.aud ?? EBOX_DEV_AUDIENCE)
    .setIssuedAt(now - 5)
    .setExpirationTime(o.exp ?? now + 60)
    .setJti(o.jti ?? randomUUID())
    .sign(key);
}

async function token(jwt?: string): Promise<Response> {
  return fetch(sim.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'smartegem',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: jwt ?? (await assertion()),
      scope: 'scope:document:management:consult:ws-eboxrestentreprise:publish',
    }),
  });
}

async function accessToken(): Promise<string> {
  const res = await token();
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

function message(over: Record<string, unknown> = {}) {
  return {
    recipient: { eboxType: 'citizen', eboxIdValue: INSZ.jan },
    subject: { nl: 'Uw attest van woonst' },
    messageTypeId: 'SmartLoketAttest',
    senderOrganizationId: KBO,
    senderApplicationId: APP,
    attachments: [{ httpPartName: 'upfile1', mainContent: true, attachmentSigned: true }],
    bodyMainContent: false,
    replyAuthorized: false,
    ...over,
  };
}

async function publish(msg: unknown, o: { token?: string | null; parts?: Record<string, Uint8Array> } = {}) {
  const form = new FormData();
  for (const [name, bytes] of Object.entries(o.parts ?? { upfile1: PDF }))
    form.append(
      name,
      new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }),
      `${name}.pdf`,
    );
  form.append('messageToPublish', JSON.stringify(msg));
  const t = o.token === undefined ? await accessToken() : o.token;
  const res = await fetch(`${sim.apiUrl}/publishMessage`, {
    method: 'POST',
    headers: t ? { authorization: `Bearer ${t}` } : {},
    body: form,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('e-Box simulator: token endpoint', () => {
  it('gives a token for a client assertion signed with the registered certificate', async () => {
    const res = await token();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
  });

  it('refuses another key, another audience, an expired assertion and a replayed jti with 401 invalid_client', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const cases = [
      await assertion({ key: other }),
      await assertion({ aud: 'https://oauth.socialsecurity.be' }),
      await assertion({ exp: Math.floor(Date.now() / 1000) - 120 }),
    ];
    for (const jwt of cases) {
      const res = await token(jwt);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: string }).error).toBe('invalid_client');
    }
    const once = await assertion({ jti: 'same-jti' });
    expect((await token(once)).status).toBe(200);
    const replay = await token(once);
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error_description: string }).error_description).toMatch(/jti/);
  });
});

describe('e-Box simulator: publishMessage', () => {
  it('keeps a valid publication in the citizen e-Box and answers 201 with the documented shape', async () => {
    const { status, body } = await publish(message());
    expect(status).toBe(201);
    expect(body.code).toBeUndefined();
    const inBox = sim.messages('citizen', INSZ.jan);
    expect(inBox).toHaveLength(1);
    expect(inBox[0]!.documents[0]!.fileName).toBe('upfile1.pdf');
    expect(Buffer.from(inBox[0]!.documents[0]!.bytes).toString()).toContain('%PDF');
    if (swagger) {
      expect(officialErrors(swagger, 'PublicationStatusMessage', body)).toEqual([]);
      for (const c of sim.calls.filter((x) => x.route === 'publishMessage' && x.status === 201))
        expect(officialErrors(swagger, 'MessageToPublish', c.messageToPublish)).toEqual([]);
    }
  });

  it('answers 201 with NO_DIGITAL_USER for a person who never opened the e-Box', async () => {
    const { status, body } = await publish(
      message({ recipient: { eboxType: 'citizen', eboxIdValue: INSZ.koen } }),
    );
    expect(status).toBe(201);
    expect(body.code).toBe('NO_DIGITAL_USER');
  });

  it('keeps an enterprise publication for the attention of an employee', async () => {
    const { status } = await publish(
      message({
        recipient: { eboxType: 'enterprise', eboxIdValue: ORGANISATIONS.notaris.kbo },
        forTheAttentionOf: { type: 'person', id: INSZ.jan, name: 'Jan Peeters' },
      }),
    );
    expect(status).toBe(201);
    expect(sim.messages('enterprise', ORGANISATIONS.notaris.kbo)[0]?.forTheAttentionOf?.id).toBe(INSZ.jan);
  });

  it('refuses what the e-Box refuses with 400 and a StatusMessage', async () => {
    const bad: [unknown, RegExp, Record<string, Uint8Array>?][] = [
      [message({ subject: { nl: 'Attest', fr: 'Attestation' } }), /exactly one language/],
      [message({ recipient: { eboxType: 'citizen', eboxIdValue: '12345678901' } }), /SSIN/],
      [message({ senderOrganizationId: '0123' }), /senderOrganizationId/],
      [message({ messageTypeId: 'Other' }), /not authorised/],
      [message({ registeredMail: null }), /null/],
      [message({ bodyMainContent: undefined }), /bodyMainContent/],
      [message(), /upfile2 is not described/, { upfile1: PDF, upfile2: PDF }],
      [message({ attachments: [{ httpPartName: 'upfile3', mainContent: true }] }), /names no part/],
    ];
    for (const [msg, why, parts] of bad) {
      const { status, body } = await publish(msg, parts ? { parts } : {});
      expect(status, JSON.stringify(msg)).toBe(400);
      expect(body.message).toMatch(why);
      if (swagger) expect(officialErrors(swagger, 'StatusMessage', body)).toEqual([]);
    }
  });

  it('answers 401 without a valid access token', async () => {
    expect((await publish(message(), { token: null })).status).toBe(401);
    const { status, body } = await publish(message(), { token: 'forged' });
    expect(status).toBe(401);
    if (swagger) expect(officialErrors(swagger, 'StatusMessage', body)).toEqual([]);
  });

  it('has outages, errors and time-outs on demand', async () => {
    const t = await accessToken();
    sim.faults.outage();
    expect((await publish(message(), { token: t })).status).toBe(503);
    expect((await token()).status).toBe(503);
    sim.faults.clear();
    sim.faults.error(500);
    expect((await publish(message(), { token: t })).status).toBe(500);
    expect((await publish(message(), { token: t })).status).toBe(201);
    sim.faults.timeout();
    const pending = publish(message(), { token: t }).catch((e: Error) => e.name);
    const raced = await Promise.race([pending, new Promise((r) => setTimeout(() => r('no answer'), 300))]);
    expect(raced).toBe('no answer');
  });

  it('shows each e-Box on its page with the documents', async () => {
    const list = await (await fetch(sim.pageUrl)).text();
    expect(list).toContain('Gesimuleerde e-Box');
    expect(list).toContain('Notariskantoor Claes &amp; Partners');
    const box = await (await fetch(`${sim.url}/ebox/citizen/${INSZ.jan}?lang=fr`)).text();
    expect(box).toContain('Uw attest van woonst');
    const href = /href="(\/ebox\/citizen\/[0-9]+\/[^"]+\/0)"/.exec(box)?.[1];
    const pdf = await fetch(`${sim.url}${href}`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).toString()).toContain('%PDF');
  });
});

describe('e-Box simulator: the shipped definitions', () => {
  it('equal the definitions of the official Swagger file', async (ctx) => {
    if (!swagger) return ctx.skip('../shared/reference/ebox is missing (outside CI)');
    for (const [name, def] of Object.entries(EBOX_DEFINITIONS))
      expect(def, name).toEqual(swagger.definitions[name]);
  });
});
