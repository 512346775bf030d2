import { createServer, type Server } from 'node:http';
import type { LookupFunction } from 'node:net';
import { verifyWebhookSignature } from '@smartloket/runtime';
import { createApiClient, listApiClients, revokeApiClient, rotateApiClient } from '@smartloket/server';
import { createTestPlugin, identityOf, minimalPdf } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/portal.js';
import { OpenApiChecker } from './support.js';

let portal: TestPortal;
let api: OpenApiChecker;
const secrets: Record<string, string> = {};
let reviewedId: string;
let deliveredId: string;
let meldingId: string;

async function call(
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<{ status: number; json: any; headers: Headers; bytes?: Buffer }> {
  const res = await fetch(`${portal.url}/api/v1${path}`, {
    method,
    headers: {
      ...extraHeaders,
      accept: 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const type = res.headers.get('content-type') ?? '';
  if (type.startsWith('application/json') || type.startsWith('application/problem+json'))
    return { status: res.status, json: await res.json(), headers: res.headers };
  return {
    status: res.status,
    json: undefined,
    headers: res.headers,
    bytes: Buffer.from(await res.arrayBuffer()),
  };
}

/**
 * Webhook host names for these tests (no traffic leaves loopback: the public-looking names
 * belong to subscriptions that are refused or disabled before any event).
 */
const FAKE_DNS = ((hostname: string, _options: unknown, callback: (...a: unknown[]) => void) => {
  const answers: Record<string, string> = {
    'zaak.example.be': '93.184.215.14',
    'x.example.be': '93.184.215.14',
    'intern.partner.be': '10.0.0.1',
    'meta.partner.be': '169.254.169.254',
    'v6meta.partner.be': 'fd00:ec2::254',
  };
  const address = answers[hostname];
  if (!address) return callback(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }));
  callback(null, [{ address, family: address.includes(':') ? 6 : 4 }]);
}) as unknown as LookupFunction;

beforeAll(async () => {
  portal = await startTestPortal({ plugins: [createTestPlugin()], webhookLookup: FAKE_DNS });
  const d = portal.d;
  const jan = identityOf('jan');
  const reviewed = await d.requests.submit({
    typeId: 'test.reviewed',
    input: { forWhom: 'self' },
    locale: 'nl',
    identity: jan,
  });
  reviewedId = reviewed.request.id;
  const auto = await d.requests.submit({
    typeId: 'test.attest',
    input: { forWhom: 'self' },
    locale: 'nl',
    identity: jan,
  });
  deliveredId = auto.request.id;
  const melding = await d.requests.submit({
    typeId: 'test.melding',
    input: { description: 'Een put in de weg' },
    locale: 'nl',
    identity: jan,
  });
  meldingId = melding.request.id;
  await d.runJobs();
  for (const [name, scopes, types] of [
    ['all', ['read', 'act', 'admin'], undefined],
    ['reader', ['read'], undefined],
    ['reports', ['read', 'act', 'admin'], ['test.melding']],
  ] as const) {
    secrets[name] = (
      await createApiClient(d.db, { name, scopes: [...scopes], requestTypes: types ? [...types] : undefined })
    ).secret;
  }
  const doc = await (await fetch(`${portal.url}/api/v1/openapi.json`)).json();
  api = new OpenApiChecker(doc);
});
afterAll(async () => {
  await portal?.close();
});

describe('integration API', () => {
  it('serves a valid OpenAPI 3.1 document and a readable reference page', async () => {
    expect(api.doc.openapi).toBe('3.1.0');
    expect(await OpenApiChecker.documentErrors(api.doc)).toBeUndefined();
    const page = await fetch(`${portal.url}/api/v1/reference`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('GET /api/v1/requests/{id}/events');
  });

  it('answers every operation as documented (real requests, validated against the document)', async () => {
    const t = secrets.all!;
    let r = await call(undefined, 'GET', '/catalogue');
    api.check('listCatalogue', r.status, r.json);

    r = await call(t, 'GET', '/requests?limit=2');
    api.check('listRequests', r.status, r.json);
    expect(r.json.items).toHaveLength(2);
    const second = await call(t, 'GET', `/requests?limit=2&after=${encodeURIComponent(r.json.next)}`);
    api.check('listRequests', second.status, second.json);
    expect(second.json.items).toHaveLength(1);
    expect(second.json.next).toBeUndefined();
    const filtered = await call(t, 'GET', '/requests?state=in_review');
    expect(filtered.json.items.map((i: { id: string }) => i.id)).toEqual([reviewedId]);
    r = await call(t, 'GET', '/requests?state=nonsense');
    api.check('listRequests', r.status, r.json);
    expect(r.status).toBe(400);

    r = await call(t, 'GET', `/requests/${reviewedId}`);
    api.check('getRequest', r.status, r.json);
    expect(r.json.state).toBe('in_review');
    r = await call(t, 'GET', `/requests/${crypto.randomUUID()}`);
    api.check('getRequest', r.status, r.json);
    expect(r.status).toBe(404);

    r = await call(t, 'GET', `/requests/${deliveredId}/events`);
    api.check('listRequestEvents', r.status, r.json);
    expect(r.json.items.map((e: { type: string }) => e.type)).toContain('deliver');
    r = await call(t, 'GET', `/requests/${deliveredId}/documents`);
    api.check('listRequestDocuments', r.status, r.json);
    const doc = r.json.items[0];
    const content = await call(t, 'GET', `/requests/${deliveredId}/documents/${doc.id}/content`);
    expect(content.status).toBe(200);
    expect(content.headers.get('content-type')).toContain('application/pdf');
    expect(content.bytes!.length).toBe(doc.size);
    api.checked.add('getDocumentContent');

    const version = (await call(t, 'GET', `/requests/${reviewedId}`)).json.version;
    r = await call(t, 'POST', `/requests/${reviewedId}/actions`, {
      action: 'ask',
      reason: 'Welk doel?',
      expectedVersion: version,
    });
    api.check('actOnRequest', r.status, r.json);
    expect(r.json.state).toBe('waiting_requester');
    r = await call(t, 'POST', `/requests/${reviewedId}/actions`, {
      action: 'ask',
      reason: 'Nog eens',
      expectedVersion: version,
    });
    api.check('actOnRequest', r.status, r.json);
    expect(r.status).toBe(409);
    r = await call(t, 'POST', `/requests/${reviewedId}/actions`, { action: 'refuse' });
    api.check('actOnRequest', r.status, r.json);
    expect(r.status).toBe(422);
    r = await call(t, 'POST', `/requests/${meldingId}/actions`, { action: 'start' });
    api.check('actOnRequest', r.status, r.json);
    r = await call(t, 'POST', `/requests/${meldingId}/actions`, { action: 'resolve', reason: 'Hersteld' });
    api.check('actOnRequest', r.status, r.json);
    expect(r.json.state).toBe('resolved');

    r = await call(t, 'POST', '/grants', {
      kbo: '0123456749',
      requestTypeId: 'test.attest',
      note: 'Notariskantoor',
    });
    api.check('addGrant', r.status, r.json);
    const grantId = r.json.id;
    r = await call(t, 'GET', '/grants');
    api.check('listGrants', r.status, r.json);
    expect(r.json.items.map((g: { id: string }) => g.id)).toContain(grantId);
    r = await call(t, 'DELETE', `/grants/${grantId}`);
    api.check('revokeGrant', r.status, r.json);
    expect(r.json.revokedAt).not.toBeNull();
    r = await call(t, 'POST', '/grants', { kbo: '0123456789', requestTypeId: 'test.attest' });
    api.check('addGrant', r.status, r.json);
    expect(r.status).toBe(422);

    r = await call(t, 'POST', '/webhooks', {
      name: 'Zaaksysteem',
      url: 'https://zaak.example.be/hook',
      events: ['request.delivered'],
    });
    api.check('createWebhook', r.status, r.json);
    const hookId = r.json.id;
    r = await call(t, 'GET', '/webhooks');
    api.check('listWebhooks', r.status, r.json);
    r = await call(t, 'GET', `/webhooks/${hookId}/deliveries`);
    api.check('listWebhookDeliveries', r.status, r.json);
    r = await call(t, 'POST', `/webhooks/deliveries/${crypto.randomUUID()}/replay`);
    api.check('replayWebhook', r.status, r.json);
    expect(r.status).toBe(404);
    r = await call(t, 'DELETE', `/webhooks/${hookId}`);
    api.check('disableWebhook', r.status, r.json);

    // OAuth client credentials, then the access token works like the secret.
    const client = (await listApiClients(portal.d.db)).find((c) => c.name === 'reader')!;
    const token = await fetch(`${portal.url}/api/v1/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${client.id}:${secrets.reader}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    const tokenJson = await token.json();
    api.check('issueToken', token.status, tokenJson);
    expect(tokenJson.scope).toBe('read');
    r = await call(tokenJson.access_token, 'GET', `/requests/${reviewedId}`);
    expect(r.status).toBe(200);
    const wrong = await fetch(`${portal.url}/api/v1/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=${client.id}&client_secret=${secrets.all}`,
    });
    api.check('issueToken', wrong.status, await wrong.json());
    expect(wrong.status).toBe(401);

    // Verification twins are in the document too (their behaviour is tested in packages/server).
    r = await call(undefined, 'GET', '/verifications/AAAA-BBBB-CCCC');
    api.check('verifyByCode', r.status, r.json);
    const form = new FormData();
    form.set(
      'file',
      new Blob([new Uint8Array(minimalPdf('not ours'))], { type: 'application/pdf' }),
      'x.pdf',
    );
    const up = await fetch(`${portal.url}/api/v1/verifications`, { method: 'POST', body: form });
    api.check('verifyUpload', up.status, await up.json());

    expect(api.operations().filter((o) => !api.checked.has(o))).toEqual([]);
  });

  it('refuses a missing token (401) and a missing scope (403), and nothing changes', async () => {
    expect((await call(undefined, 'GET', '/requests')).status).toBe(401);
    expect((await call('slk_wrong-token-of-sufficient-length', 'GET', '/requests')).status).toBe(401);
    const before = await portal.d.db.requests.get(deliveredId);
    const eventsBefore = (await portal.d.db.events.list(deliveredId)).length;
    for (const [op, method, path, body] of [
      ['actOnRequest', 'POST', `/requests/${meldingId}/actions`, { action: 'start' }],
      ['actOnRequest', 'POST', `/requests/${deliveredId}/actions`, { action: 'approve' }],
      ['addGrant', 'POST', '/grants', { kbo: '0123456749', requestTypeId: 'test.attest' }],
      ['createWebhook', 'POST', '/webhooks', { name: 'x', url: 'https://x.example.be/' }],
      ['listGrants', 'GET', '/grants', undefined],
    ] as const) {
      const r = await call(secrets.reader, method, path, body);
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.json.error).toBe('insufficient_scope');
      api.check(op, 403, r.json);
    }
    expect(await portal.d.db.requests.get(deliveredId)).toEqual(before);
    expect((await portal.d.db.events.list(deliveredId)).length).toBe(eventsBefore);
    expect(await portal.d.db.grants.list({})).toHaveLength(1); // the revoked one from the test above
    const audited = await portal.d.db.audit.list({ categories: ['api_call'] });
    expect(audited.filter((a) => a.outcome === '403').length).toBeGreaterThanOrEqual(5);
    expect(audited.some((a) => a.outcome === '401')).toBe(true);
  });

  it('shows a client restricted to one request type nothing of the others', async () => {
    const t = secrets.reports!;
    const list = await call(t, 'GET', '/requests');
    expect(list.json.items.map((i: { typeId: string }) => i.typeId)).toEqual(['test.melding']);
    expect((await call(t, 'GET', '/requests?type=test.attest')).json.items).toEqual([]);
    for (const id of [reviewedId, deliveredId]) {
      expect((await call(t, 'GET', `/requests/${id}`)).status).toBe(404);
      expect((await call(t, 'GET', `/requests/${id}/events`)).status).toBe(404);
      expect((await call(t, 'GET', `/requests/${id}/documents`)).status).toBe(404);
      expect((await call(t, 'POST', `/requests/${id}/actions`, { action: 'approve' })).status).toBe(404);
    }
    expect(
      (await call(t, 'POST', '/grants', { kbo: '0123456749', requestTypeId: 'test.attest' })).status,
    ).toBe(403);
    expect((await call(t, 'GET', '/grants')).json.items).toEqual([]);
    expect((await call(t, 'GET', `/requests/${meldingId}`)).status).toBe(200);
  });

  it('revokes a client: its secret stops working', async () => {
    const { client, secret } = await createApiClient(portal.d.db, { name: 'temp', scopes: ['read'] });
    expect((await call(secret, 'GET', '/requests')).status).toBe(200);
    expect(await revokeApiClient(portal.d.db, client.id)).toBe(true);
    expect((await call(secret, 'GET', '/requests')).status).toBe(401);
    await expect(createApiClient(portal.d.db, { name: 'x', scopes: ['root'] })).rejects.toThrow(TypeError);
  });

  it('lets an operator create, rotate and revoke a client: tokens follow, the audit log says who', async () => {
    const token = async (id: string, secret: string) => {
      const res = await fetch(`${portal.url}/api/v1/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: id, client_secret: secret }),
      });
      return { status: res.status, json: (await res.json()) as any };
    };
    const operator = { type: 'staff' as const, id: 'op-1', name: 'Operator' };
    const { client, secret } = await createApiClient(
      portal.d.db,
      { name: 'Zaaksysteem', scopes: ['read'], requestTypes: ['test.*'] },
      operator,
    );
    const issued = await token(client.id, secret);
    expect(issued.status).toBe(200);
    expect((await call(issued.json.access_token, 'GET', '/requests')).status).toBe(200);

    const rotated = await rotateApiClient(portal.d.db, client.id, operator);
    expect(rotated?.secret).toBeDefined();
    expect(rotated?.secret).not.toBe(secret);
    expect((await token(client.id, secret)).status).toBe(401);
    expect((await call(secret, 'GET', '/requests')).status).toBe(401);
    expect((await call(issued.json.access_token, 'GET', '/requests')).status).toBe(401);
    const fresh = await token(client.id, rotated!.secret);
    expect(fresh.status).toBe(200);
    expect((await call(fresh.json.access_token, 'GET', '/requests')).status).toBe(200);

    expect(await revokeApiClient(portal.d.db, client.id, operator)).toBe(true);
    expect((await token(client.id, rotated!.secret)).status).toBe(401);
    expect((await call(fresh.json.access_token, 'GET', '/requests')).status).toBe(401);
    expect(await rotateApiClient(portal.d.db, client.id, operator)).toBeUndefined();
    expect(await revokeApiClient(portal.d.db, client.id, operator)).toBe(false);

    const audit = await portal.d.db.knex('audit_log').where('category', 'like', 'api_client_%').select();
    const mine = audit.filter(
      (r) => String(r.data).includes(client.id) || JSON.stringify(r.data).includes(client.id),
    );
    expect(mine.map((r) => r.category).sort()).toEqual([
      'api_client_created',
      'api_client_revoked',
      'api_client_rotated',
    ]);
    expect(mine.every((r) => JSON.stringify(r.actor).includes('op-1'))).toBe(true);
    const text = JSON.stringify(audit);
    for (const s of [secret, rotated!.secret]) {
      expect(text).not.toContain(s);
      expect(text).not.toContain(s.slice(4));
    }
  });
});

describe('webhooks', () => {
  let receiver: Server;
  let receiverUrl: string;
  const received: { body: string; signature: string | undefined; eventId: string | undefined }[] = [];
  let failuresLeft = 2;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        if (failuresLeft > 0) {
          failuresLeft--;
          res.writeHead(503).end();
          return;
        }
        received.push({
          body,
          signature: req.headers['smartloket-signature'] as string | undefined,
          eventId: req.headers['smartloket-event-id'] as string | undefined,
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const a = receiver.address();
    receiverUrl = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/hook`;
  });
  afterAll(async () => {
    receiver.closeAllConnections();
    await new Promise<void>((r) => receiver.close(() => r()));
  });

  it('refuses a destination on a private, link-local or metadata address, with a translated reason, storing nothing', async () => {
    const before = (await call(secrets.all, 'GET', '/webhooks')).json.items.length;
    for (const [url, reason] of [
      ['https://intern.partner.be/hook', 'address'],
      ['https://meta.partner.be/latest/meta-data', 'address'],
      ['https://v6meta.partner.be/', 'address'],
      ['https://169.254.169.254/', 'address'],
      ['https://[::ffff:10.0.0.1]/', 'address'],
      ['https://nowhere.partner.be/', 'unresolvable'],
      ['http://zaak.example.be/hook', 'scheme'],
      ['https://user:pw@zaak.example.be/hook', 'scheme'],
    ] as const) {
      const r = await call(secrets.all, 'POST', '/webhooks', { name: 'x', url }, { 'accept-language': 'nl' });
      expect(r.status, url).toBe(422);
      expect(r.json, url).toMatchObject({ error: 'webhook_destination_refused', reason });
      expect(r.json.detail).toMatch(/^[A-Z]/);
    }
    const nl = await call(
      secrets.all,
      'POST',
      '/webhooks',
      { name: 'x', url: 'https://intern.partner.be/' },
      {
        'accept-language': 'nl-BE,nl;q=0.9',
      },
    );
    expect(nl.json.detail).toContain('privé');
    const fr = await call(
      secrets.all,
      'POST',
      '/webhooks',
      { name: 'x', url: 'https://intern.partner.be/' },
      {
        'accept-language': 'fr-BE',
      },
    );
    expect(fr.json.detail).toContain('privée');
    const en = await call(secrets.all, 'POST', '/webhooks', { name: 'x', url: 'https://intern.partner.be/' });
    expect(en.json.detail).toContain('private');
    expect((await call(secrets.all, 'GET', '/webhooks')).json.items).toHaveLength(before);
  });

  it('a receiver that fails twice gets the event on the third try, signed; a forged signature fails the check', async () => {
    await portal.d.worker.stop(1000);
    const created = await call(secrets.all, 'POST', '/webhooks', {
      name: 'Ontvanger',
      url: receiverUrl,
      events: ['request.in_review'],
      requestTypes: ['test.reviewed'],
    });
    expect(created.status).toBe(201);
    const secret: string = created.json.secret;
    const filed = await portal.d.requests.submit({
      typeId: 'test.reviewed',
      input: { forWhom: 'self' },
      locale: 'fr',
      identity: identityOf('jan'),
    });
    // Only the subscribed event of the subscribed type: not the attest below.
    await portal.d.requests.submit({
      typeId: 'test.attest',
      input: { forWhom: 'self' },
      locale: 'nl',
      identity: identityOf('jan'),
    });

    for (let round = 0; round < 3 && received.length === 0; round++) {
      await portal.d.runJobs();
      portal.d.clock.advance(60 * 60_000); // past any backoff
    }
    expect(received).toHaveLength(1);
    const deliveries = await call(secrets.all, 'GET', `/webhooks/${created.json.id}/deliveries`);
    expect(deliveries.json.items.map((d: { ok: boolean; attempt: number }) => [d.attempt, d.ok])).toEqual([
      [3, true],
      [2, false],
      [1, false],
    ]);

    const { body, signature } = received[0]!;
    const event = JSON.parse(body);
    expect(event.type).toBe('request.in_review');
    expect(event.data.request.id).toBe(filed.request.id);
    // No INSZ or other personal data in the payload.
    expect(body).not.toContain(identityOf('jan').insz!);
    expect(Object.keys(event.data.request).sort()).toEqual([
      'id',
      'kind',
      'reference',
      'state',
      'typeId',
      'version',
    ]);
    const at = portal.d.clock.now();
    expect(verifyWebhookSignature(body, signature, secret, { now: at, toleranceSeconds: 86_400 })).toBe(true);
    const forgedBody = body.replace('in_review', 'approved');
    expect(verifyWebhookSignature(forgedBody, signature, secret, { now: at, toleranceSeconds: 86_400 })).toBe(
      false,
    );
    expect(
      verifyWebhookSignature(body, signature, 'whsec_other', { now: at, toleranceSeconds: 86_400 }),
    ).toBe(false);
    expect(verifyWebhookSignature(body, signature, secret, { now: new Date(at.getTime() + 3_600_000) })).toBe(
      false,
    );

    // Replay: the same event again (same id), through a new delivery.
    const replay = await call(
      secrets.all,
      'POST',
      `/webhooks/deliveries/${deliveries.json.items[0].outboxId}/replay`,
    );
    expect(replay.status).toBe(202);
    await portal.d.runJobs();
    expect(received).toHaveLength(2);
    expect(received[1]!.eventId).toBe(event.id);
  });
});
