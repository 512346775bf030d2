import { inspect } from 'node:util';
import { HOUR, type Identity, ManualClock, MINUTE } from '@smartloket/core';
import { PERSONAS } from '@smartloket/dev-population';
import {
  type DevIdentityProvider,
  devSubject,
  loginAs,
  startDevIdentityProvider,
} from '@smartloket/dev-world/identity';
import {
  ACMIDM_ACR,
  createOidcLogin,
  decodeLoginHint,
  LoginError,
  type LoginErrorCode,
  type OidcLogin,
  type OidcLoginConfig,
} from '@smartloket/identity-acmidm';
import { base64url, exportJWK, exportPKCS8, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Forge, startForgingProvider } from './forging-provider.js';

const REDIRECT = 'http://127.0.0.1:9/oidc/callback';
const AFTER_LOGOUT = 'http://127.0.0.1:9/';
const SECRET = 'dev-secret-that-is-long-enough-for-hs256-0123456789';

/** Awaits a refusal: fails when an identity comes back or the error is not the expected one. */
async function refusal(promise: Promise<unknown>, code: LoginErrorCode): Promise<LoginError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  expect(outcome).not.toHaveProperty('value');
  const error = (outcome as { error: unknown }).error;
  expect(error).toBeInstanceOf(LoginError);
  expect((error as LoginError).code).toBe(code);
  return error as LoginError;
}

describe('login through the dev identity provider', () => {
  let idp: DevIdentityProvider;
  let pkjwt: { pem: string; jwk: JWK; kid: string };
  const rp = (extra: Partial<OidcLoginConfig> = {}): OidcLogin =>
    createOidcLogin({
      issuer: idp.issuer,
      clientId: 'smartloket',
      clientSecret: SECRET,
      redirectUri: REDIRECT,
      allowInsecureRequests: true,
      ...extra,
    });

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    pkjwt = {
      pem: await exportPKCS8(privateKey),
      jwk: { ...(await exportJWK(privateKey)), kid: 'rp-key-1' },
      kid: 'rp-key-1',
    };
    idp = await startDevIdentityProvider({
      port: 0,
      host: '127.0.0.1',
      clients: [
        {
          client_id: 'smartloket',
          client_secret: SECRET,
          redirect_uris: [REDIRECT],
          post_logout_redirect_uris: [AFTER_LOGOUT],
          token_endpoint_auth_method: 'client_secret_basic',
        },
        {
          client_id: 'smartloket-post',
          client_secret: SECRET,
          redirect_uris: [REDIRECT],
          token_endpoint_auth_method: 'client_secret_post',
        },
        {
          client_id: 'smartloket-jwt',
          redirect_uris: [REDIRECT],
          token_endpoint_auth_method: 'private_key_jwt',
          jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: pkjwt.kid, alg: 'RS256', use: 'sig' }] },
        },
      ],
    });
  });
  afterAll(async () => {
    await idp.stop();
  });

  it('logs a citizen in with eID: PKCE S256, state, nonce; identity field by field', async () => {
    const login = rp();
    const { url, transaction } = await login.begin({ returnTo: '/mijn-aanvragen', capacity: { cap: 'BUR' } });
    const auth = new URL(url);
    expect(auth.origin + auth.pathname).toBe(`${idp.issuer}/auth`);
    expect(auth.searchParams.get('redirect_uri')).toBe(REDIRECT);
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('state')).toBe(transaction.state);
    expect(auth.searchParams.get('nonce')).toBe(transaction.nonce);
    expect(url).not.toContain(transaction.codeVerifier);
    // ACM/IDM returns `acr` only for a request with acr_values: all five means reach the default level.
    expect(auth.searchParams.get('acr_values')?.split(' ')).toHaveLength(5);
    expect(decodeLoginHint(auth.searchParams.get('login_hint') ?? '')).toEqual({ cap: 'BUR' });
    expect(JSON.parse(Buffer.from(auth.searchParams.get('login_hint') ?? '', 'base64').toString())).toEqual({
      cap_hint: 'BUR',
    });

    const { callbackUrl, jar } = await loginAs('jan', 'eid', { startUrl: url, stopAt: REDIRECT });
    const result = await login.complete(callbackUrl!, transaction);
    expect(result.returnTo).toBe('/mijn-aanvragen');
    expect(result.identity).toStrictEqual({
      subject: devSubject('jan'),
      issuer: 'acmidm',
      insz: '85673012367',
      givenName: 'Jan',
      familyName: 'Peeters',
      email: 'jan.peeters@example.org',
      emailVerified: undefined,
      means: 'eid',
      level: 'high',
      capacity: 'BUR',
      organisation: undefined,
      legalRepresentativeOf: [],
      roles: [],
      staffRoles: [],
      staffScopes: undefined,
    } satisfies Identity);

    const logout = await login.logoutUrl(result.idToken, AFTER_LOGOUT, 'bye');
    const end = new URL(logout!);
    expect(end.pathname).toBe('/session/end');
    expect(end.searchParams.get('id_token_hint')).toBe(result.idToken);
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(AFTER_LOGOUT);
    // With the provider session cookie of the login, the provider asks to confirm (in Dutch first).
    const page = await fetch(end, { headers: { cookie: jar.header(end) ?? '' } });
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain('<html lang="nl">');
    expect(body).toContain('Afmelden');
  });

  it('logs the notary in for the office (EA, itsme) with client_secret_post; identity field by field', async () => {
    const login = rp({ clientId: 'smartloket-post', tokenEndpointAuthMethod: 'client_secret_post' });
    const { url, transaction } = await login.begin({ capacity: { cap: 'EA', kbo: '0417123457' } });
    expect(
      JSON.parse(Buffer.from(new URL(url).searchParams.get('login_hint')!, 'base64').toString()),
    ).toEqual({
      cap_hint: 'EA',
      code_hint: '0417123457',
    });
    const { callbackUrl } = await loginAs('notaris', 'itsme', { startUrl: url, stopAt: REDIRECT });
    // As express gives it: `req.originalUrl`, path and query only.
    const originalUrl = new URL(callbackUrl!).pathname + new URL(callbackUrl!).search;
    const { identity, returnTo } = await login.complete(originalUrl, transaction);
    expect(returnTo).toBe('/');
    expect(identity).toStrictEqual({
      subject: devSubject('notaris'),
      issuer: 'acmidm',
      insz: '70620301751',
      givenName: 'Koen',
      familyName: 'Claes',
      email: 'koen.claes@notaris.example',
      emailVerified: undefined,
      means: 'itsme',
      level: 'high',
      capacity: 'EA',
      organisation: { kbo: '0417123457', name: 'Notariskantoor Claes & Partners' },
      legalRepresentativeOf: [],
      roles: [{ role: 'SmartLoketGebruiker', kbo: '0417123457' }],
      staffRoles: [],
      staffScopes: undefined,
    } satisfies Identity);
  });

  it('the same notary as a citizen keeps the subject but has no organisation nor roles', async () => {
    const login = rp();
    const { url, transaction } = await login.begin();
    const { callbackUrl } = await loginAs('notaris', 'eid', {
      startUrl: url,
      stopAt: REDIRECT,
      capacity: 'BUR',
    });
    const { identity } = await login.complete(callbackUrl!, transaction);
    expect(identity.subject).toBe(devSubject('notaris'));
    expect(identity.capacity).toBe('BUR');
    expect(identity.organisation).toBeUndefined();
    expect(identity.roles).toEqual([]);
  });

  it('authenticates with private_key_jwt (PEM key) and maps every persona as the population states it', async () => {
    const login = rp({
      clientId: 'smartloket-jwt',
      clientSecret: undefined,
      privateKey: pkjwt.pem,
      privateKeyId: pkjwt.kid,
    });
    for (const p of PERSONAS) {
      const { url, transaction } = await login.begin();
      const { callbackUrl } = await loginAs(p.key, 'csamtotp', { startUrl: url, stopAt: REDIRECT });
      const { identity } = await login.complete(callbackUrl!, transaction);
      const persona: (typeof PERSONAS)[number] & Record<string, unknown> = p;
      expect({ key: p.key, ...identity }).toStrictEqual({
        key: p.key,
        subject: devSubject(p.key),
        issuer: 'acmidm',
        insz: p.insz,
        givenName: p.givenName,
        familyName: p.familyName,
        email: persona.email as string | undefined,
        emailVerified: undefined,
        means: 'csamtotp',
        level: 'substantial',
        capacity: p.capacity,
        organisation: persona.organisation as Identity['organisation'],
        legalRepresentativeOf: (persona.legalRepresentativeOf as string[] | undefined) ?? [],
        roles: (persona.roles as Identity['roles'] | undefined) ?? [],
        staffRoles: (persona.staffRoles as Identity['staffRoles'] | undefined) ?? [],
        staffScopes: persona.staffScopes as string[] | undefined,
      });
    }
  });

  it('authenticates with private_key_jwt from a private JWK (kid taken from the JWK)', async () => {
    const login = rp({ clientId: 'smartloket-jwt', clientSecret: undefined, privateKey: pkjwt.jwk });
    const { url, transaction } = await login.begin();
    const { callbackUrl } = await loginAs('marie', 'eid', { startUrl: url, stopAt: REDIRECT });
    const { identity } = await login.complete(callbackUrl!, transaction);
    expect(identity).toMatchObject({ subject: devSubject('marie'), insz: '90631224676', email: undefined });
    // The same client with a key the provider does not know is refused at the token endpoint.
    const stranger = rp({
      clientId: 'smartloket-jwt',
      clientSecret: undefined,
      privateKey: {
        ...(await exportJWK((await generateKeyPair('RS256', { extractable: true })).privateKey)),
        kid: 'rp-key-1',
      },
    });
    const second = await stranger.begin();
    const back = await loginAs('marie', 'eid', { startUrl: second.url, stopAt: REDIRECT });
    await refusal(stranger.complete(back.callbackUrl!, second.transaction), 'provider_error');
  });

  it('refuses a callback whose state is not the transaction state, before exchanging the code', async () => {
    const login = rp();
    const { url, transaction } = await login.begin();
    const { callbackUrl } = await loginAs('jan', 'eid', { startUrl: url, stopAt: REDIRECT });
    const forged = new URL(callbackUrl!);
    forged.searchParams.set('state', `${transaction.state}x`);
    await refusal(login.complete(forged, transaction), 'state_mismatch');
    const other = await login.begin();
    await refusal(login.complete(callbackUrl!, other.transaction), 'state_mismatch');
    await refusal(login.complete(callbackUrl!, undefined as never), 'state_mismatch');
    // The code was never sent: the genuine callback still completes.
    await expect(login.complete(callbackUrl!, transaction)).resolves.toHaveProperty('identity.subject');
  });

  it('refuses a means below the minimum level (acr too low)', async () => {
    const login = rp();
    const { url, transaction } = await login.begin({ minimumLevel: 'substantial' });
    const acr = new URL(url).searchParams.get('acr_values')!.split(' ');
    expect(acr).toContain('urn:be:vlaanderen:authmech:csamsms');
    expect(acr).not.toContain('urn:be:vlaanderen:authmech:csampassword');
    // The dev provider, like ACM/IDM, offers and accepts only the means in acr_values.
    await expect(loginAs('jan', 'csampassword', { startUrl: url, stopAt: REDIRECT })).rejects.toThrow(
      /refused/,
    );
    // A provider that ignored acr_values (here: asked for every means) is caught by the client.
    const wide = await login.begin({
      minimumLevel: 'substantial',
      acrValues: Object.keys(ACMIDM_ACR),
    });
    const { callbackUrl } = await loginAs('jan', 'csampassword', { startUrl: wide.url, stopAt: REDIRECT });
    const error = await refusal(login.complete(callbackUrl!, wide.transaction), 'acr_too_low');
    expect(error.userMessage.nl).toContain('eID');
    expect(transaction.minimumLevel).toBe('substantial');
  });

  it('refuses a replayed authorization code', async () => {
    const login = rp();
    const { url, transaction } = await login.begin();
    const { callbackUrl } = await loginAs('marie', 'itsme', { startUrl: url, stopAt: REDIRECT });
    await login.complete(callbackUrl!, transaction);
    await refusal(login.complete(callbackUrl!, transaction), 'code_reused');
  });

  it('refuses an ID token that has expired by the injected clock', async () => {
    const clock = new ManualClock(Date.now());
    const login = rp({ clock, transactionTtlMs: 24 * HOUR });
    const { url, transaction } = await login.begin();
    const { callbackUrl } = await loginAs('jan', 'eid', { startUrl: url, stopAt: REDIRECT });
    clock.advance(2 * HOUR); // the dev provider's ID tokens live one hour
    await refusal(login.complete(callbackUrl!, transaction), 'expired');
  });

  it('refuses a transaction older than its time to live', async () => {
    const clock = new ManualClock(Date.now());
    const login = rp({ clock });
    const { url, transaction } = await login.begin();
    const { callbackUrl } = await loginAs('jan', 'eid', { startUrl: url, stopAt: REDIRECT });
    clock.advance(11 * MINUTE);
    await refusal(login.complete(callbackUrl!, transaction), 'transaction_expired');
  });

  it('reports a login cancelled at the provider as provider_error', async () => {
    const login = rp();
    const { url, transaction } = await login.begin();
    const { callbackUrl } = await loginAs('jan', 'eid', { startUrl: url, stopAt: REDIRECT, cancel: true });
    expect(new URL(callbackUrl!).searchParams.get('error')).toBe('access_denied');
    const error = await refusal(login.complete(callbackUrl!, transaction), 'provider_error');
    expect(error.details).toEqual({ error: 'access_denied' });
  });

  it('reports an unreachable provider as provider_error', async () => {
    const down = createOidcLogin({
      issuer: 'http://127.0.0.1:1',
      clientId: 'x',
      clientSecret: SECRET,
      redirectUri: REDIRECT,
      allowInsecureRequests: true,
    });
    await refusal(down.begin(), 'provider_error');
  });

  it('sends only a local returnTo back', async () => {
    const login = rp();
    for (const bad of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
    ]) {
      const { transaction } = await login.begin({ returnTo: bad });
      expect(transaction.returnTo).toBe('/');
    }
  });
});

describe('forged ID tokens through the real client code path', () => {
  let op: Awaited<ReturnType<typeof startForgingProvider>>;
  let login: OidcLogin;
  const eid = 'urn:be:vlaanderen:authmech:eid';
  const claims = (c: Parameters<Forge>[0], extra: Record<string, unknown> = {}) => ({
    iss: c.issuer,
    aud: c.clientId,
    sub: 'forged-subject',
    iat: c.now,
    exp: c.now + 300,
    nonce: c.nonce,
    acr: eid,
    rrn: '85673012367',
    vo_doelgroepcode: 'BUR',
    ...extra,
  });
  const rs256 = (c: Parameters<Forge>[0], extra?: Record<string, unknown>) =>
    new SignJWT(claims(c, extra)).setProtectedHeader({ alg: 'RS256', kid: c.keys.rsaKid }).sign(c.keys.rsa);

  beforeAll(async () => {
    op = await startForgingProvider();
    login = createOidcLogin({
      issuer: op.issuer,
      clientId: 'smartloket',
      clientSecret: SECRET,
      redirectUri: REDIRECT,
      allowInsecureRequests: true,
    });
  });
  afterAll(async () => {
    await op.stop();
  });

  async function attempt(forge: Forge) {
    op.forge(forge);
    const { url, transaction } = await login.begin();
    const response = await fetch(url, { redirect: 'manual' });
    return login.complete(response.headers.get('location')!, transaction);
  }

  it('accepts a correctly signed RS256 or ES256 token (control)', async () => {
    await expect(attempt((c) => rs256(c))).resolves.toHaveProperty('identity.subject', 'forged-subject');
    const es = await attempt((c) =>
      new SignJWT(claims(c)).setProtectedHeader({ alg: 'ES256', kid: c.keys.ecKid }).sign(c.keys.ec),
    );
    expect(es.identity).toMatchObject({
      subject: 'forged-subject',
      insz: '85673012367',
      means: 'eid',
      capacity: 'BUR',
    });
  });

  const other = generateKeyPair('RS256');
  const cases: { name: string; code: LoginErrorCode; forge: Forge }[] = [
    {
      name: 'signed with another key under the provider kid',
      code: 'invalid_signature',
      forge: async (c) =>
        new SignJWT(claims(c))
          .setProtectedHeader({ alg: 'RS256', kid: c.keys.rsaKid })
          .sign((await other).privateKey),
    },
    {
      name: 'signed with another key under an unknown kid',
      code: 'invalid_signature',
      forge: async (c) =>
        new SignJWT(claims(c))
          .setProtectedHeader({ alg: 'RS256', kid: 'attacker' })
          .sign((await other).privateKey),
    },
    {
      name: 'alg none',
      code: 'alg_not_allowed',
      forge: (c) =>
        `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url.encode(JSON.stringify(claims(c)))}.`,
    },
    {
      name: 'HS256 signed with the client secret',
      code: 'alg_not_allowed',
      forge: (c) =>
        new SignJWT(claims(c)).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET)),
    },
    {
      name: 'PS256 (valid signature, not on the allow-list)',
      code: 'alg_not_allowed',
      forge: (c) =>
        new SignJWT(claims(c)).setProtectedHeader({ alg: 'PS256', kid: c.keys.psKid }).sign(c.keys.ps),
    },
    {
      name: 'another issuer',
      code: 'issuer_mismatch',
      forge: (c) => rs256(c, { iss: 'https://authenticatie.vlaanderen.be/op' }),
    },
    {
      name: 'another audience',
      code: 'audience_mismatch',
      forge: (c) => rs256(c, { aud: 'another-client' }),
    },
    {
      name: 'several audiences without azp',
      code: 'audience_mismatch',
      forge: (c) => rs256(c, { aud: [c.clientId, 'another-client'] }),
    },
    { name: 'no nonce', code: 'nonce_mismatch', forge: (c) => rs256(c, { nonce: undefined }) },
    { name: 'expired', code: 'expired', forge: (c) => rs256(c, { iat: c.now - 7200, exp: c.now - 3600 }) },
    { name: 'unknown acr', code: 'acr_too_low', forge: (c) => rs256(c, { acr: 'urn:example:password' }) },
  ];

  it.each(cases)(
    'refuses a token $name ($code), and the error holds no claim values',
    async ({ forge, code }) => {
      const error = await refusal(attempt(forge), code);
      const logged = inspect(error, { depth: 20 }) + JSON.stringify(error);
      expect(logged).not.toContain('85673012367');
      expect(logged).not.toContain('forged-subject');
    },
  );

  it('refuses a token carrying the nonce of an earlier login (replayed nonce)', async () => {
    let earlier: string | undefined;
    op.forge((c) => {
      earlier = c.nonce;
      return rs256(c);
    });
    const first = await login.begin();
    await login.complete(
      (await fetch(first.url, { redirect: 'manual' })).headers.get('location')!,
      first.transaction,
    );
    expect(earlier).toBe(first.transaction.nonce);
    await refusal(
      attempt((c) => rs256(c, { nonce: earlier })),
      'nonce_mismatch',
    );
  });
});
