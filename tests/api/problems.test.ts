import { STATUS_CODES } from 'node:http';
import { createApiClient, listApiClients } from '@smartloket/server';
import { createTestPlugin, identityOf } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/portal.js';
import { OpenApiChecker } from './support.js';

/** Every error answer of /api/v1 is one shape: RFC 9457 problem JSON (decision 0801, api.md). */
let portal: TestPortal;
let api: OpenApiChecker;
let all: string;
let reader: string;
let readerId: string;
let reviewedId: string;
const API_LIMIT = 20;

beforeAll(async () => {
  portal = await startTestPortal({
    plugins: [createTestPlugin()],
    worker: false,
    config: {
      api: { rateLimitPerMinute: API_LIMIT },
      server: { rateLimits: { verifyCode: { windowMinutes: 15, limit: 3 } } },
    },
  });
  const submitted = await portal.d.requests.submit({
    typeId: 'test.reviewed',
    input: { forWhom: 'self' },
    locale: 'nl',
    identity: identityOf('jan'),
  });
  reviewedId = submitted.request.id;
  await portal.d.runJobs();
  all = (await createApiClient(portal.d.db, { name: 'all', scopes: ['read', 'act', 'admin'] })).secret;
  reader = (await createApiClient(portal.d.db, { name: 'reader', scopes: ['read'] })).secret;
  readerId = (await listApiClients(portal.d.db)).find((c) => c.name === 'reader')!.id;
  api = new OpenApiChecker(await (await fetch(`${portal.url}/api/v1/openapi.json`)).json());
});
afterAll(async () => {
  await portal?.close();
});

async function send(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; language?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  return fetch(`${portal.url}/api/v1${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.language ? { 'accept-language': options.language } : {}),
      ...options.headers,
    },
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body),
  });
}

/** Asserts the problem shape of `res` (status, media type, members) and answers its body. */
async function problem(
  res: Response,
  status: number,
  error: string,
  operationId?: string,
  mediaType = /^application\/problem\+json/,
) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(mediaType);
  const body = await res.json();
  expect(body).toMatchObject({
    type: `https://smartloket.be/problems/${error}`,
    title: STATUS_CODES[status],
    status,
    detail: expect.stringMatching(/\S/),
    instance: new URL(res.url).pathname,
    error,
  });
  expect(JSON.stringify(body)).not.toMatch(/\bat \S+ \(|node_modules|SELECT /);
  if (operationId) api.check(operationId, status, body);
  return body;
}

describe('problem JSON on every /api/v1 error', () => {
  it('400: an invalid query names the field', async () => {
    const body = await problem(
      await send('GET', '/requests?limit=0', { token: all }),
      400,
      'invalid_query',
      'listRequests',
    );
    expect(body.errors).toEqual([{ field: 'limit', detail: expect.any(String) }]);
    const nl = await problem(
      await send('GET', '/requests?limit=0', { token: all, language: 'nl' }),
      400,
      'invalid_query',
    );
    expect(nl.detail).toBe('De queryparameters zijn ongeldig.');
    expect(nl.errors[0].detail).not.toBe(body.errors[0].detail); // zod's message in Dutch
    const state = await problem(
      await send('GET', '/requests?state=nonsense', { token: all, language: 'nl' }),
      400,
      'invalid_query',
      'listRequests',
    );
    expect(state.detail).toBe('Onbekende status nonsense.');
    expect(state.errors).toEqual([{ field: 'state', detail: expect.any(String) }]);
  });

  it('401 and 403: no token, a missing scope, translated, with WWW-Authenticate', async () => {
    const none = await send('GET', '/requests', { language: 'fr' });
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect(none.headers.get('content-language')).toBe('fr');
    expect((await problem(none, 401, 'unauthorized', 'listRequests')).detail).toBe(
      'Un jeton bearer valide est requis.',
    );
    const scope = await send('GET', '/grants', { token: reader, language: 'nl-BE,nl;q=0.9' });
    const body = await problem(scope, 403, 'insufficient_scope', 'listGrants');
    expect(body.detail).toBe('Deze bewerking vraagt de scope admin.');
    const en = await problem(await send('GET', '/grants', { token: reader }), 403, 'insufficient_scope');
    expect(en.detail).toBe('This operation needs the scope admin.');
  });

  it('404: an unknown request, an unknown path', async () => {
    await problem(
      await send('GET', `/requests/${crypto.randomUUID()}`, { token: all }),
      404,
      'not_found',
      'getRequest',
    );
    await problem(await send('GET', '/requests/not-a-uuid', { token: all }), 404, 'not_found', 'getRequest');
    const path = await problem(await send('GET', '/no/such/thing', { token: all }), 404, 'not_found');
    expect(path.instance).toBe('/api/v1/no/such/thing');
  });

  it('409: a stale version, an action the state does not allow', async () => {
    const body = await problem(
      await send('POST', `/requests/${reviewedId}/actions`, {
        token: all,
        body: { action: 'ask', reason: 'Nog eens', expectedVersion: 999 },
      }),
      409,
      'conflict',
      'actOnRequest',
    );
    expect(body.detail).toBe('The request changed; read it again.');
    const illegal = await problem(
      await send('POST', `/requests/${reviewedId}/actions`, {
        token: all,
        body: { action: 'resolve', reason: 'x' },
        language: 'nl',
      }),
      409,
      'illegal_transition',
      'actOnRequest',
    );
    expect(illegal.detail).toContain('in_review');
  });

  it('422: field validation lists the fields; a refused webhook keeps its reason', async () => {
    const body = await problem(
      await send('POST', '/grants', { token: all, body: { requestTypeId: 7 }, language: 'fr' }),
      422,
      'validation_failed',
      'addGrant',
    );
    expect(body.detail).toBe('Les données ne sont pas valides.');
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['kbo', 'requestTypeId']);
    const kbo = await problem(
      await send('POST', '/grants', {
        token: all,
        body: { kbo: '0123456789', requestTypeId: 'test.attest' },
      }),
      422,
      'validation_failed',
      'addGrant',
    );
    expect(kbo.errors).toEqual([{ field: 'kbo', detail: expect.any(String) }]);
    const hook = await problem(
      await send('POST', '/webhooks', {
        token: all,
        body: { name: 'x', url: 'http://zaak.example.be/hook' },
        language: 'nl',
      }),
      422,
      'webhook_destination_refused',
      'createWebhook',
    );
    expect(hook.reason).toBe('scheme');
    expect(hook.detail).toContain('https');
  });

  it('400: malformed input has the same shape (type per code)', async () => {
    await problem(await send('POST', '/grants', { token: all, body: '{' }), 400, 'invalid_body', 'addGrant');
  });

  it('OAuth token errors: error and error_description as application/json (RFC 6749 5.2), problem members too', async () => {
    const json = /^application\/json/;
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const grant = await problem(
      await send('POST', '/oauth/token', { headers: form, body: 'grant_type=password' }),
      400,
      'unsupported_grant_type',
      'issueToken',
      json,
    );
    expect(grant.error_description).toBe(grant.detail);
    const wrong = await send('POST', '/oauth/token', {
      headers: form,
      body: `grant_type=client_credentials&client_id=${readerId}&client_secret=${all}`,
      language: 'nl',
    });
    const body = await problem(wrong, 401, 'invalid_client', 'issueToken', json);
    expect(body.error_description).toBe('Onbekende API-client of verkeerd geheim.');
  });

  it('429: the API limit, per client', async () => {
    const { secret } = await createApiClient(portal.d.db, { name: 'busy', scopes: ['read'] });
    let res: Response | undefined;
    for (let i = 0; i <= API_LIMIT; i++) {
      res = await send('GET', '/catalogue', { token: secret, language: 'fr' });
      if (res.status === 429) break;
      await res.body?.cancel();
    }
    const body = await problem(res!, 429, 'too_many_requests', 'listCatalogue');
    expect(body.detail).toBe('Trop de requêtes ; réessayez plus tard.');
    expect(res!.headers.get('ratelimit')).toBeTruthy();
  });
});

describe('problem JSON on the verification twins', () => {
  it('404 unknown code, 422 no file, 429 after the lookup limit', async () => {
    const unknown = await problem(
      await send('GET', '/verifications/ZZZZ-ZZZZ-ZZZZ', { language: 'fr' }),
      404,
      'unknown_code',
      'verifyByCode',
    );
    expect(unknown.detail).toContain('Ce code de vérification est inconnu');
    const noFile = await problem(
      await fetch(`${portal.url}/api/v1/verifications`, { method: 'POST', body: new FormData() }),
      422,
      'no_file',
      'verifyUpload',
    );
    expect(noFile.detail).toBe('Choose a PDF file.');
    let res: Response | undefined;
    for (let i = 0; i < 10; i++) {
      res = await send('GET', '/verifications/AAAA-BBBB-CCCC', { language: 'nl' });
      if (res.status === 429) break;
      await res.body?.cancel();
    }
    const body = await problem(res!, 429, 'too_many_requests', 'verifyByCode');
    expect(body.detail).toContain('Te veel controles');
  });
});
