import type { ProfileConfig } from '@govflanders/vl-widget-global-header-types';
import type { Identity } from '@smartloket/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hidden, startTestPortal, type TestPortal } from '../../../tests/support/portal.js';
import { globalHeaderProfile } from './global-header.js';

const ENTRY =
  'https://prod.widgets.burgerprofiel.vlaanderen.be/api/v2/widget/9717ae3b-84e8-43b2-a814-e35a2547927f/entry';
const ORIGIN = 'https://prod.widgets.burgerprofiel.vlaanderen.be';

/** The JSON the page hands to /assets/global-header.js. */
function headerData(html: string): { profile: Partial<ProfileConfig>; applicationName: string } {
  const m = /<div id="global-header" data-config="([^"]*)"/.exec(html);
  if (!m) throw new Error('no #global-header in the page');
  return JSON.parse(m[1]!.replaceAll('&quot;', '"').replaceAll('&amp;', '&'));
}

function csp(headers: Headers, directive: string): string[] {
  const policy = headers.get('content-security-policy') ?? '';
  const part = policy.split(';').find((p) => p.trim().startsWith(`${directive} `)) ?? '';
  return part.trim().split(/\s+/).slice(1);
}

describe('the Mijn Burgerprofiel header profile', () => {
  const citizen: Identity = {
    subject: 's1',
    issuer: 'dev',
    givenName: 'Jan',
    familyName: 'Peeters',
    means: 'itsme',
    level: 'high',
    capacity: 'BUR',
    staffRoles: [],
  } as unknown as Identity;

  it('has the shape of the official ProfileConfig (checked by the compiler) and no one logged in', () => {
    const profile: Partial<ProfileConfig> = globalHeaderProfile('/request/x', undefined);
    expect(profile).toEqual({
      active: false,
      loginUrl: '/login?returnTo=%2Frequest%2Fx',
      logoutUrl: '/logout',
      switchCapacityUrl: '/login?switch=1&returnTo=%2Frequest%2Fx',
    });
  });

  it('names the citizen, or the organisation someone acts for with its KBO number', () => {
    const asCitizen: Partial<ProfileConfig> = globalHeaderProfile('/', citizen);
    expect(asCitizen.idpData).toEqual({
      user: { firstName: 'Jan', name: 'Peeters' },
      activeIdentity: { onBehalfOf: { code: 'BUR', name: 'Peeters', firstName: 'Jan' } },
    });
    const forCompany = globalHeaderProfile('/', {
      ...citizen,
      capacity: 'EA',
      organisation: { kbo: '0403170701', name: 'Willems Bouw NV' },
    });
    expect(forCompany.idpData?.activeIdentity.onBehalfOf).toEqual({
      code: 'EA',
      name: 'Willems Bouw NV',
      identifier: '0403170701',
    });
  });
});

describe('a portal without a header', () => {
  let portal: TestPortal;
  beforeAll(async () => {
    portal = await startTestPortal({ worker: false });
  });
  afterAll(async () => portal?.close());

  it('loads nothing of it and allows no other origin', async () => {
    const page = await portal.client().get('/');
    expect(page.text).not.toContain('global-header');
    expect(csp(page.headers, 'script-src')).toEqual(["'self'"]);
    expect(csp(page.headers, 'style-src')).toEqual(["'self'"]);
    expect((await portal.client().get('/assets/global-header.js')).status).toBe(404);
  });
});

describe('a portal with a header', () => {
  let portal: TestPortal;
  beforeAll(async () => {
    portal = await startTestPortal({ worker: false, app: { globalHeaderEntryUrl: ENTRY } });
  });
  afterAll(async () => portal?.close());

  it('loads the entry script, tells it nobody is logged in, and allows exactly its origin', async () => {
    const page = await portal.client().get('/?lang=fr');
    expect(page.text).toContain(`<script src="${ENTRY}"></script>`);
    expect(page.text).toContain('<script src="/assets/global-header.js" defer></script>');
    const data = headerData(page.text);
    expect(data.profile.active).toBe(false);
    expect(data.profile.loginUrl).toBe('/login?returnTo=%2F');
    expect(data.applicationName).toBe('Guichet électronique');
    for (const directive of ['script-src', 'style-src', 'img-src', 'connect-src', 'font-src', 'frame-src'])
      expect(csp(page.headers, directive)).toContain(ORIGIN);
    expect(csp(page.headers, 'script-src')).toEqual(["'self'", ORIGIN]);
    const script = await portal.client().get('/assets/global-header.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(script.text).toContain('accessMenu.setProfile');
  });

  it('tells it who is logged in and for whom, and its logout link asks before logging out', async () => {
    const client = await portal.login('bart', 'itsme', { capacity: 'persona' });
    const page = await client.get('/my');
    const data = headerData(page.text);
    expect(data.profile.active).toBe(true);
    expect(data.profile.idpData?.user).toEqual({ firstName: 'Bart', name: 'Willems' });
    expect(data.profile.idpData?.activeIdentity?.onBehalfOf).toMatchObject({
      code: 'EA',
      identifier: '0876543270',
    });

    const question = await client.get('/logout');
    expect(question.status).toBe(200);
    expect(question.text).toContain('Wilt u zich afmelden bij het e-loket?');
    const out = await client.post('/logout', { _csrf: hidden(question.text, '_csrf') });
    expect(out.status).toBe(303);
    expect((await client.get('/my')).status).toBe(303); // logged out: back to the login
    expect((await client.get('/logout')).location).toBe('/');
  });

  it('switching account asks the provider again (prompt=login); a plain login does not', async () => {
    const client = portal.client();
    const switched = await client.get('/login?switch=1&returnTo=%2Fmy');
    expect(switched.status).toBe(303);
    expect(new URL(switched.location!).searchParams.get('prompt')).toBe('login');
    const plain = await portal.client().get('/login?returnTo=%2Fmy');
    expect(new URL(plain.location!).searchParams.get('prompt')).toBeNull();
  });
});
