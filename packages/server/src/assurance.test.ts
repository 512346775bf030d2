import type { AuthMeans } from '@smartloket/core';
import { loginAs } from '@smartloket/dev-world/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fillRequest,
  hidden,
  type PortalClient,
  startTestPortal,
  type TestPortal,
} from '../../../tests/support/portal.js';

/**
 * The assurance level on every path (issue "Hardening", part A), over HTTP against the dev
 * identity provider: a session below what a request type requires gets a step-up login (a new
 * authorisation request with higher `acr_values`) instead of the request's data, and the
 * back-office needs the high level for every page and action.
 */

let portal: TestPortal;
let strict: TestPortal;
let attestId: string;
let meldingId: string;
let reviewedId: string;

const ACR = 'urn:be:vlaanderen:authmech:';

/** The `acr_values` of the authorisation request `/login…` redirects to. */
async function acrValuesOf(client: PortalClient, loginPath: string): Promise<string[]> {
  const started = await client.get(loginPath);
  expect(started.status).toBe(303);
  const to = new URL(started.location!);
  return (to.searchParams.get('acr_values') ?? '').split(' ').map((a) => a.replace(ACR, ''));
}

/** Files a request as `client`; returns its id. */
async function file(client: PortalClient, typeId: string, steps: Record<string, string>[]): Promise<string> {
  const { draft, csrf } = await fillRequest(client, typeId, steps);
  const done = await client.post(`/request/${typeId}`, { _csrf: csrf, _draft: draft, _action: 'submit' });
  expect(done.status).toBe(303);
  return /\/my\/requests\/([0-9a-f-]{36})/.exec(done.location ?? '')![1]!;
}

/** Logs in again from `path` with `means` in the same browser, following every redirect. */
function stepUp(client: PortalClient, persona: string, means: AuthMeans, path: string) {
  return loginAs(persona, means, { startUrl: `${portal.url}${path}`, jar: client.jar });
}

beforeAll(async () => {
  portal = await startTestPortal();
  const jan = await portal.login('jan', 'itsme');
  attestId = await file(jan, 'test.attest', [{ forWhom: 'self' }]); // substantial, delivered at once
  reviewedId = await file(jan, 'test.reviewed', [{ forWhom: 'self' }]);
  meldingId = await file(jan, 'test.melding', [{ description: 'Een put in de stoep' }]); // low
  for (let i = 0; i < 3000 && (await portal.d.db.requests.get(attestId))!.state !== 'delivered'; i++) {
    await portal.d.runJobs();
    await new Promise((r) => setTimeout(r, 50));
  }
  expect((await portal.d.db.requests.get(attestId))!.state).toBe('delivered');
  strict = await startTestPortal({ config: { identity: { kind: 'dev', minimumLevel: 'substantial' } } });
});
afterAll(async () => {
  await strict?.close();
  await portal?.close();
});

describe('citizen pages need the level of the request type', () => {
  it('sends a password session to a step-up login for the request page, the document and actions; after step-up the same URL serves', async () => {
    const low = await portal.login('jan', 'csampassword');
    const page = `/my/requests/${attestId}`;
    const docs = await portal.d.db.documents.listByRequest(attestId);
    expect(docs.length).toBeGreaterThan(0);
    const download = `${page}/documents/${docs[0]!.id}`;
    const reference = (await portal.d.db.requests.get(attestId))!.reference;

    for (const path of [page, download]) {
      const res = await low.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 303 });
      expect(res.location).toBe(`/login?returnTo=${encodeURIComponent(path)}&level=substantial`);
      expect(res.text).not.toContain(reference);
      expect(res.headers.get('content-type') ?? '').not.toContain('pdf');
    }
    // The step-up asks the provider for the means of that level only.
    expect(await acrValuesOf(low, `/login?returnTo=${encodeURIComponent(page)}&level=substantial`)).toEqual(
      expect.arrayContaining(['eid', 'itsme', 'csamtotp', 'csamsms']),
    );
    expect(
      await acrValuesOf(low, `/login?returnTo=${encodeURIComponent(page)}&level=substantial`),
    ).not.toContain('csampassword');
    // A POST action of the request: step-up, nothing changes.
    const csrf = hidden((await low.get('/my')).text, '_csrf');
    const cancel = await low.post(`/my/requests/${reviewedId}/cancel`, { _csrf: csrf });
    expect(cancel.status).toBe(303);
    expect(cancel.location).toBe(
      `/login?returnTo=${encodeURIComponent(`/my/requests/${reviewedId}`)}&level=substantial`,
    );
    expect((await portal.d.db.requests.get(reviewedId))!.state).toBe('in_review');

    // The low request type still opens with the password session.
    expect((await low.get(`/my/requests/${meldingId}`)).status).toBe(200);

    // The provider honours acr_values: the password means is refused for the step-up.
    await expect(stepUp(low, 'jan', 'csampassword', page)).rejects.toThrow(/refused/);
    const lowSession = low.sessionId!;
    expect((await portal.d.db.sessions.get<unknown, { level: string }>(lowSession))?.identity?.level).toBe(
      'low',
    );

    // Step-up with itsme returns to the same page, which now serves; the session is a new one.
    const up = await stepUp(low, 'jan', 'itsme', page);
    expect(up.url).toBe(`${portal.url}${page}`);
    expect(up.response?.status).toBe(200);
    expect(await up.response!.text()).toContain(reference);
    expect(low.sessionId).not.toBe(lowSession);
    expect(await portal.d.db.sessions.get(lowSession)).toBeUndefined();
    const pdf = await low.raw(download);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
  });

  it('lists a request of a higher type on /my without its data, with a step-up link, in nl and fr', async () => {
    const low = await portal.login('jan', 'csampassword');
    const melding = (await portal.d.db.requests.get(meldingId))!;
    const attest = (await portal.d.db.requests.get(attestId))!;
    const my = await low.get('/my');
    expect(my.status).toBe(200);
    expect(my.text).toContain(melding.reference);
    expect(my.text).not.toContain(attest.reference);
    expect(my.text).not.toContain('Testattest');
    expect(my.text).toContain(
      `/login?returnTo=${encodeURIComponent(`/my/requests/${attestId}`)}&amp;level=substantial`,
    );
    expect(my.text).toContain('Meld u aan met eID of itsme');
    const fr = await low.get('/my?lang=fr');
    expect(fr.text).toContain('Connectez-vous avec eID ou itsme');
    expect(fr.text).not.toContain(attest.reference);
  });

  it('hides the reference of a higher request among "who looked me up"', async () => {
    const attest = (await portal.d.db.requests.get(attestId))!;
    const high = await portal.login('jan', 'itsme');
    expect((await high.get('/my/consultations')).text).toContain(attest.reference);
    const low = await portal.login('jan', 'csampassword');
    const page = await low.get('/my/consultations');
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(attest.reference);
  });

  it('offers the form of a higher type with a step-up link instead of a bare refusal', async () => {
    const low = await portal.login('jan', 'csampassword');
    const form = await low.get('/request/test.attest');
    expect(form.status).toBe(403);
    expect(form.text).toContain(
      `/login?returnTo=${encodeURIComponent('/request/test.attest')}&amp;level=substantial`,
    );
  });
});

describe('the configured minimum level', () => {
  it('offers only the means at or above identity.minimumLevel at /login, and the provider refuses the others', async () => {
    const client = strict.client();
    const offered = await acrValuesOf(client, '/login');
    expect(offered).not.toContain('csampassword');
    expect(offered).toEqual(expect.arrayContaining(['eid', 'itsme']));
    await expect(strict.login('jan', 'csampassword')).rejects.toThrow(/refused/);
    // A `level` below the minimum cannot lower it.
    expect(await acrValuesOf(strict.client(), '/login?level=low')).not.toContain('csampassword');
    // With the dev default (low), the password means is offered.
    expect(await acrValuesOf(portal.client(), '/login')).toContain('csampassword');
  });

  it('sends a session made before the minimum was raised to a new login for the personal page', async () => {
    const client = await strict.login('jan', 'itsme');
    expect((await client.get('/my')).status).toBe(200);
    // As if made with a password while the minimum was still low.
    const record = await strict.d.db.sessions.get<unknown, Record<string, unknown>>(client.sessionId!);
    await strict.d.db.sessions.update(client.sessionId!, {
      identity: { ...record!.identity, means: 'csampassword', level: 'low' },
    });
    for (const path of ['/my', '/my/consultations']) {
      const res = await client.get(path);
      expect({ path, status: res.status, location: res.location }).toEqual({
        path,
        status: 303,
        location: `/login?returnTo=${encodeURIComponent(path)}&level=substantial`,
      });
    }
    // A form of a low type, too, offers the login at the new minimum.
    const form = await client.get('/request/test.melding');
    expect(form.status).toBe(403);
    expect(form.text).toContain(
      `/login?returnTo=${encodeURIComponent('/request/test.melding')}&amp;level=substantial`,
    );
  });
});

describe('the back-office needs the high level', () => {
  it('sends a visitor to a high-level login', async () => {
    const visitor = await portal.client().get('/backoffice');
    expect(visitor.location).toBe('/login?returnTo=%2Fbackoffice&level=high');
    expect(await acrValuesOf(portal.client(), '/login?returnTo=%2Fbackoffice&level=high')).toEqual([
      'eid',
      'itsme',
    ]);
  });

  it.each(['csampassword', 'csamtotp'] as const)(
    'gives a staff session with %s a step-up, never data, on every page and action',
    async (means) => {
      const pieter = await portal.login('pieter', means);
      const jan = (await portal.d.db.requests.get(reviewedId))!;
      const routes = [
        '/backoffice',
        `/backoffice/requests/${reviewedId}`,
        '/backoffice/counter',
        '/backoffice/modules',
        '/backoffice/grants',
        '/backoffice/settings',
        '/backoffice/jobs',
        '/backoffice/reports',
        '/backoffice/reports.csv',
        '/backoffice/audit',
        '/backoffice/api-clients',
        '/backoffice/nothing-here',
      ];
      for (const path of routes) {
        const res = await pieter.get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 303 });
        expect(res.location).toBe(`/login?returnTo=${encodeURIComponent(path)}&level=high`);
        expect(res.text).not.toContain(jan.reference);
        expect(res.text).not.toContain('85673012367');
      }
      const csrf = hidden((await pieter.get('/my')).text, '_csrf');
      const search = await pieter.post('/backoffice/search', { _csrf: csrf, q: '85673012367' });
      expect(search.status).toBe(303);
      expect(search.location).toMatch(/^\/login\?returnTo=%2Fbackoffice.*&level=high$/);
      expect(search.text).not.toContain('Peeters');
      const act = await pieter.post(`/backoffice/requests/${reviewedId}/act`, {
        _csrf: csrf,
        action: 'approve',
      });
      expect(act.status).toBe(303);
      expect(act.location).toMatch(/&level=high$/);
      expect((await portal.d.db.requests.get(reviewedId))!.state).toBe('in_review');

      // Step-up: the substantial means is refused, itsme returns to the page, which serves.
      await expect(stepUp(pieter, 'pieter', 'csamtotp', '/backoffice')).rejects.toThrow(/refused/);
      const up = await stepUp(pieter, 'pieter', 'itsme', `/backoffice/requests/${reviewedId}`);
      expect(up.url).toBe(`${portal.url}/backoffice/requests/${reviewedId}`);
      expect(up.response?.status).toBe(200);
      expect(await up.response!.text()).toContain(jan.reference);
    },
    60_000,
  );
});
