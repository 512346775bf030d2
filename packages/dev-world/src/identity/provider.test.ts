import { PERSONAS } from '@smartloket/dev-population';
import { encodeLoginHint } from '@smartloket/identity-acmidm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CookieJar,
  DEV_ONLY,
  type DevIdentityProvider,
  DevOnlyError,
  devPersonaClaims,
  loginAs,
  startDevIdentityProvider,
} from './index.js';

const REDIRECT = 'http://127.0.0.1:9/cb';
const client = {
  client_id: 'rp',
  client_secret: 'a-dev-secret',
  redirect_uris: [REDIRECT],
  client_name: 'Smartegem',
};

/** An authorization URL for the test client, with PKCE (the provider requires it). */
function authUrl(idp: DevIdentityProvider, extra: Record<string, string> = {}): string {
  const u = new URL('/auth', idp.issuer);
  u.search = new URLSearchParams({
    client_id: 'rp',
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: 'openid profile rrn vo',
    state: 'state-1',
    nonce: 'nonce-1',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    ...extra,
  }).toString();
  return u.href;
}

/** Follows redirects from `url` to the login page; returns its response and the cookie jar. */
async function openLoginPage(
  url: string,
  jar = new CookieJar(),
): Promise<{ page: Response; jar: CookieJar }> {
  let next = url;
  for (let i = 0; i < 5; i++) {
    const response = await fetch(next, { redirect: 'manual', headers: { cookie: jar.header(next) ?? '' } });
    jar.store(next, response);
    const location = response.headers.get('location');
    if (!location) return { page: response, jar };
    next = new URL(location, next).href;
  }
  throw new Error('too many redirects');
}

describe('dev identity provider', () => {
  let idp: DevIdentityProvider;
  beforeAll(async () => {
    idp = await startDevIdentityProvider({ port: 0, host: '127.0.0.1', clients: [client] });
  });
  afterAll(async () => {
    await idp.stop();
  });

  it('publishes ACM/IDM discovery: RS256, the means as acr values, the ACM/IDM scopes', async () => {
    expect(DEV_ONLY).toBe(true);
    expect(idp.devOnly).toBe(true);
    expect(idp.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const meta = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      string[]
    >;
    expect(meta.id_token_signing_alg_values_supported).toContain('RS256');
    expect(meta.acr_values_supported).toContain('urn:be:vlaanderen:authmech:itsme');
    expect(meta.scopes_supported).toEqual(
      expect.arrayContaining(['rrn', 'vo', 'wettelijkvertegenwoordiger', 'smartloket']),
    );
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
  });

  it('answers its root with what it is for and the personas (not a bare 404)', async () => {
    const res = await fetch(`${idp.url}/`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('U opent hem niet zelf');
    expect(page).toContain('Aanmelden');
    expect(page).toContain('<strong>Karin Goossens</strong> (LB, case_handler)');
    expect(page).toContain('<strong>Jan Peeters</strong>');
    expect(page).toContain('/.well-known/openid-configuration');
  });

  it('renders an accessible Dutch login page without script, every persona and means labelled', async () => {
    const { page } = await openLoginPage(authUrl(idp));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('x-smartloket-dev-login')).toMatch(/\/interaction\/[\w-]+\/login$/);
    const html = await page.text();
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('<h1>Aanmelden (ontwikkelomgeving)</h1>');
    expect(html).toContain('Smartegem');
    expect(html).not.toMatch(/<script|\son\w+=/i);
    expect(html.match(/<fieldset>/g)).toHaveLength(3);
    expect(html.match(/<legend>/g)).toHaveLength(3);
    for (const p of PERSONAS)
      expect(html).toContain(`<label for="persona-${p.key}"><input type="radio" id="persona-${p.key}"`);
    for (const m of ['eid', 'itsme', 'csamtotp', 'csamsms', 'csampassword'])
      expect(html).toContain(`id="means-${m}"`);
    // Every input has its label.
    const ids = [...html.matchAll(/<input [^>]*id="([^"]+)"/g)].map((m) => m[1]);
    for (const id of ids) expect(html).toContain(`<label for="${id}">`);
    expect(html).toContain('hreflang="fr"');
  });

  it('speaks French or English when asked, and pre-selects from login_hint and acr_values', async () => {
    const hint = encodeLoginHint({ cap: 'EA', kbo: '0417123457' });
    const { page } = await openLoginPage(
      authUrl(idp, { ui_locales: 'fr', login_hint: hint, acr_values: 'urn:be:vlaanderen:authmech:itsme' }),
    );
    const html = await page.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Qui êtes-vous ?');
    expect(html).toMatch(/id="persona-notaris" name="persona" value="notaris" checked/);
    expect(html).toMatch(/id="means-itsme" name="means" value="itsme" checked/);
    expect(html).toMatch(/id="capacity-persona" name="capacity" value="persona" checked/);
    const bur = await (
      await openLoginPage(authUrl(idp, { login_hint: encodeLoginHint({ cap: 'BUR' }) }))
    ).page.text();
    expect(bur).toMatch(/id="capacity-BUR" name="capacity" value="BUR" checked/);
  });

  it('refuses an incomplete form with the page again (400) and an unknown interaction with a Dutch page', async () => {
    const { page, jar } = await openLoginPage(authUrl(idp));
    const action = page.headers.get('x-smartloket-dev-login')!;
    const refused = await fetch(action, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: jar.header(action) ?? '', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=login&persona=nobody&means=eid',
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('role="alert"');
    const unknown = await fetch(`${idp.issuer}/interaction/does-not-exist`);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('Aanmelding verlopen');
  });

  it('loginAs follows a relying party login route to the end with a cookie jar', async () => {
    // A stand-in relying party: its login route redirects to the provider; the callback is a 404.
    const { callbackUrl, jar } = await loginAs('bart', 'eid', { startUrl: authUrl(idp), stopAt: REDIRECT });
    const cb = new URL(callbackUrl!);
    expect(cb.searchParams.get('state')).toBe('state-1');
    expect(cb.searchParams.get('code')).toBeTruthy();
    expect(jar.header(idp.issuer)).toContain('_session=');
    expect(jar.header(REDIRECT)).toBeUndefined();
  });

  it('shapes persona claims like ACM/IDM', () => {
    const bart = PERSONAS.find((p) => p.key === 'bart')!;
    expect(devPersonaClaims(bart, 'EA')).toMatchObject({
      rrn: bart.insz,
      vo_doelgroepcode: 'EA',
      vo_orgcode: '0876543270',
      wv_orgcode: '0876543270',
    });
    const karin = PERSONAS.find((p) => p.key === 'karin')!;
    expect(devPersonaClaims(karin, 'LB').smartloket_rol_3d).toEqual(['SmartLoketBehandelaar']);
    expect(devPersonaClaims(karin, 'BUR').smartloket_rol_3d).toBeUndefined();
  });
});

describe('dev identity provider in production', () => {
  it('refuses NODE_ENV=production unless forced', async () => {
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(startDevIdentityProvider({ clients: [client] })).rejects.toBeInstanceOf(DevOnlyError);
      const forced = await startDevIdentityProvider({ clients: [client], allowInProduction: true });
      await forced.stop();
    } finally {
      process.env.NODE_ENV = before;
    }
  });
});
