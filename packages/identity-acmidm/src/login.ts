import { timingSafeEqual } from 'node:crypto';
import type { AssuranceLevel, AuthMeans, Clock, Identity, UiLocale } from '@smartloket/core';
import { MEANS_LEVEL, meetsLevel, systemClock } from '@smartloket/core';
import { decodeProtectedHeader, importJWK, importPKCS8, type JWK } from 'jose';
import * as client from 'openid-client';
import type { ClaimMapping, ClaimPreset } from './claims.js';
import { CLAIM_PRESETS, ClaimMappingError, mapClaims } from './claims.js';
import { LoginError, type LoginErrorCode } from './errors.js';

/** Signature algorithms an ID token may use. Symmetric algorithms and `none` are never accepted. */
export type IdTokenAlgorithm = 'RS256' | 'ES256' | 'PS256';
const ASYMMETRIC: readonly IdTokenAlgorithm[] = ['RS256', 'ES256', 'PS256'];

/** How the client authenticates at the token endpoint. */
export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

/** Scopes asked by default for each claim preset. */
export const DEFAULT_SCOPES: Record<ClaimPreset, readonly string[]> = {
  acmidm: ['openid', 'profile', 'rrn', 'vo', 'wettelijkvertegenwoordiger', 'smartloket'],
  fas: ['openid', 'profile', 'egovNRN'],
};

/** Configuration of {@link createOidcLogin}. */
export interface OidcLoginConfig {
  /** The issuer (`https://authenticatie.vlaanderen.be/op`); its discovery document is fetched once. */
  issuer: string | URL;
  clientId: string;
  /** For `client_secret_basic` (the default when set) and `client_secret_post`. */
  clientSecret?: string;
  /** For `private_key_jwt`: a PKCS#8 PEM string or a private JWK. */
  privateKey?: string | JWK;
  /** `kid` of {@link OidcLoginConfig.privateKey} as registered with the provider. */
  privateKeyId?: string;
  /** Algorithm of {@link OidcLoginConfig.privateKey}; default RS256 (ES256 for an EC JWK). */
  privateKeyAlgorithm?: 'RS256' | 'ES256' | 'PS256';
  /** Default: `private_key_jwt` when a private key is given, else `client_secret_basic`. */
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  /** The exact redirect URI registered with the provider; the callback is always checked against it. */
  redirectUri: string;
  /** Claim mapping: a preset name or a full mapping. Default `acmidm`. */
  claims?: ClaimPreset | ClaimMapping;
  /** Scopes to ask. Default: {@link DEFAULT_SCOPES} of the preset (ACM/IDM for a custom mapping). */
  scopes?: readonly string[];
  /** ID token algorithms accepted. Default `['RS256', 'ES256']`. */
  idTokenAlgorithms?: readonly IdTokenAlgorithm[];
  /** Minimum level when `begin` names none. Default `low` (every known means). */
  defaultMinimumLevel?: AssuranceLevel;
  /** How long a transaction may wait for its callback. Default 10 minutes. */
  transactionTtlMs?: number;
  /** Tolerated clock difference with the provider, in seconds. Default 30. */
  clockToleranceSeconds?: number;
  /** The clock for expiry checks and transaction age. Default the system clock. */
  clock?: Clock;
  /** Seconds before an HTTP call to the provider is aborted. Default 30. */
  timeoutSeconds?: number;
  /**
   * Allows `http:` provider URLs. Only for the dev identity provider on loopback; never in
   * production.
   */
  allowInsecureRequests?: boolean;
}

/** The capacity to pre-select at the provider (ACM/IDM `login_hint`). */
export type CapacityHint = { cap: 'BUR' } | { cap: 'EA' | 'LB' | 'GID' | 'OV' | 'VER'; kbo: string };

/** Options of {@link OidcLogin.begin}. */
export interface BeginOptions {
  /** Local path to return to after login (`/aanvragen/123`); anything else becomes `/`. */
  returnTo?: string;
  /** Capacity to pre-select; sent as `login_hint`. */
  capacity?: CapacityHint;
  /**
   * `acr_values` to send. Default: the means of the configured mapping that reach `minimumLevel`
   * (ACM/IDM returns `acr` only when `acr_values` were sent).
   */
  acrValues?: readonly string[];
  /** The level the login must reach; checked on the returned `acr`. */
  minimumLevel?: AssuranceLevel;
  /** Language of the provider's pages (`ui_locales`). */
  locale?: UiLocale;
  /**
   * `prompt=login`: the provider asks again even with a single sign-on session, so the person can
   * pick another capacity (the header's "wisselen van account").
   */
  prompt?: 'login';
}

/**
 * What the caller keeps server-side between {@link OidcLogin.begin} and
 * {@link OidcLogin.complete} (in the session store, never in a URL or a readable cookie).
 * Plain JSON.
 */
export interface LoginTransaction {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  minimumLevel: AssuranceLevel;
  capacity?: CapacityHint | undefined;
  /** ISO instant of `begin`. */
  createdAt: string;
}

/** A completed login. */
export interface LoginResult {
  identity: Identity;
  /** The raw ID token: keep it server-side for {@link OidcLogin.logoutUrl} (`id_token_hint`). */
  idToken: string;
  /** The local path saved by `begin`. */
  returnTo: string;
}

/** An OpenID Connect login against one provider. */
export interface OidcLogin {
  /** Fetches the discovery document now (otherwise on first use). Rejects when unreachable. */
  ready(): Promise<void>;
  /** Starts a login: where to send the browser, and the transaction to keep server-side. */
  begin(options?: BeginOptions): Promise<{ url: string; transaction: LoginTransaction }>;
  /**
   * Completes a login from the callback (`URL`, absolute URL, path with query as express's
   * `req.originalUrl`, query string or `URLSearchParams`) and the transaction of `begin`. Exchanges the code once. Throws
   * {@link LoginError} on every refusal; never returns a partial identity.
   */
  complete(callback: URL | string | URLSearchParams, transaction: LoginTransaction): Promise<LoginResult>;
  /**
   * The provider's end-session URL for `idTokenHint`, returning to `postLogoutRedirect`
   * (registered with the provider). Undefined when the provider has no end-session endpoint.
   */
  logoutUrl(idTokenHint: string, postLogoutRedirect: string, state?: string): Promise<string | undefined>;
}

/**
 * Encodes the ACM/IDM `login_hint` choosing a capacity: base64 of `{"cap_hint":"EA","code_hint":"<KBO>"}`
 * or `{"cap_hint":"BUR"}`.
 */
export function encodeLoginHint(hint: CapacityHint): string {
  const json = hint.cap === 'BUR' ? { cap_hint: 'BUR' } : { cap_hint: hint.cap, code_hint: hint.kbo };
  return Buffer.from(JSON.stringify(json), 'utf8').toString('base64');
}

/** Decodes an ACM/IDM `login_hint`; undefined when it is not one. */
export function decodeLoginHint(value: string | undefined): CapacityHint | undefined {
  if (!value) return undefined;
  try {
    const json = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as Record<string, unknown>;
    const cap = json.cap_hint;
    if (cap === 'BUR') return { cap: 'BUR' };
    if (
      (cap === 'EA' || cap === 'LB' || cap === 'GID' || cap === 'OV' || cap === 'VER') &&
      typeof json.code_hint === 'string'
    ) {
      return { cap, kbo: json.code_hint };
    }
  } catch {
    // not a hint
  }
  return undefined;
}

/**
 * A local path safe to redirect to after login: starts with one `/`, no scheme, no host, no
 * backslash, no control characters. Anything else gives `fallback`.
 */
export function safeReturnTo(value: string | undefined | null, fallback = '/'): string {
  if (typeof value !== 'string' || value.length > 2000) return fallback;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (!value.startsWith('/') || value.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(value))
    return fallback;
  try {
    const u = new URL(value, 'http://local.invalid');
    if (u.origin !== 'http://local.invalid') return fallback;
  } catch {
    return fallback;
  }
  return value;
}

/** The query parameters of a callback given as a URL, a path with query, a query or parameters. */
function callbackParams(callback: URL | string | URLSearchParams): URLSearchParams {
  if (callback instanceof URLSearchParams) return callback;
  if (callback instanceof URL) return callback.searchParams;
  if (/^https?:/i.test(callback)) return new URL(callback).searchParams;
  if (callback.startsWith('/')) return new URL(callback, 'http://path.invalid').searchParams;
  return new URLSearchParams(callback.startsWith('?') ? callback.slice(1) : callback);
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const LEVELS: readonly AssuranceLevel[] = ['none', 'low', 'substantial', 'high'];

function isTransaction(t: unknown): t is LoginTransaction {
  if (typeof t !== 'object' || t === null) return false;
  const x = t as Record<string, unknown>;
  return (
    typeof x.state === 'string' &&
    x.state.length > 0 &&
    typeof x.nonce === 'string' &&
    x.nonce.length > 0 &&
    typeof x.codeVerifier === 'string' &&
    x.codeVerifier.length >= 43 &&
    typeof x.returnTo === 'string' &&
    typeof x.createdAt === 'string' &&
    LEVELS.includes(x.minimumLevel as AssuranceLevel)
  );
}

/** Walks an error's `cause` chain. */
function chain(err: unknown): unknown[] {
  const out: unknown[] = [];
  let e: unknown = err;
  for (let i = 0; i < 6 && e !== undefined && e !== null; i++) {
    out.push(e);
    e = typeof e === 'object' ? (e as { cause?: unknown }).cause : undefined;
  }
  return out;
}

/**
 * A summary of a library error chain: names, codes and messages only. The library errors carry
 * the token claims (INSZ, names) in their `cause`; those must never reach a log.
 */
function scrub(err: unknown): Error {
  const parts = chain(err)
    .filter((e): e is Error => e instanceof Error)
    .map((e) => {
      const code = (e as { code?: unknown }).code;
      return `${e.name}${typeof code === 'string' ? `[${code}]` : ''}: ${e.message}`;
    });
  return new Error(parts.join(' <- ') || 'unknown error');
}

/**
 * Translates an openid-client / oauth4webapi refusal into a {@link LoginError}. The library error
 * is kept as `cause` only in a scrubbed form (no claim values).
 */
export function toLoginError(error: unknown): LoginError {
  if (error instanceof LoginError) return error;
  const err = error;
  const scrubbed = scrub(error);
  if (err instanceof client.ResponseBodyError) {
    if (err.error === 'invalid_grant') {
      return new LoginError(
        'code_reused',
        'the provider refused the authorization code (used, expired or PKCE mismatch)',
        {
          cause: scrubbed,
          details: { error: err.error },
        },
      );
    }
    return new LoginError('provider_error', `token endpoint error ${err.error}`, {
      cause: scrubbed,
      details: { error: err.error },
    });
  }
  if (err instanceof client.AuthorizationResponseError) {
    return new LoginError('provider_error', `authorization error ${err.error}`, {
      cause: scrubbed,
      details: { error: err.error },
    });
  }
  const refuse = (code: LoginErrorCode, why: string) => new LoginError(code, why, { cause: scrubbed });
  for (const e of chain(err)) {
    if (typeof e !== 'object' || e === null) continue;
    const code = (e as { code?: unknown }).code;
    const message = e instanceof Error ? e.message : '';
    const detail = (e as { cause?: unknown }).cause;
    const claim =
      typeof detail === 'object' && detail !== null ? (detail as { claim?: unknown }).claim : undefined;
    if (code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED')
      return refuse('expired', `ID token ${String(claim)} check failed`);
    if (code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED') {
      if (claim === 'iss') return refuse('issuer_mismatch', 'ID token issuer is not the configured issuer');
      if (claim === 'aud' || claim === 'azp')
        return refuse('audience_mismatch', 'ID token is not for this client');
      if (claim === 'nonce') return refuse('nonce_mismatch', 'ID token nonce differs from the transaction');
    }
    if (code === 'OAUTH_KEY_SELECTION_FAILED')
      return refuse('invalid_signature', 'no provider key matches the ID token');
    if (/signature verification failed/i.test(message))
      return refuse('invalid_signature', 'ID token signature is invalid');
    if (/"alg"|JWS algorithm/.test(message))
      return refuse('alg_not_allowed', 'ID token algorithm not allowed');
    if (/"nonce".*missing/.test(message)) return refuse('nonce_mismatch', 'ID token has no nonce');
    if (/"state"/.test(message)) return refuse('state_mismatch', 'state differs from the transaction');
  }
  return new LoginError('provider_error', err instanceof Error ? err.message : 'login failed', {
    cause: scrubbed,
  });
}

async function importPrivateKey(config: OidcLoginConfig): Promise<client.PrivateKey> {
  const key = config.privateKey;
  if (key === undefined) throw new TypeError('createOidcLogin: private_key_jwt needs privateKey');
  const jwk = typeof key === 'string' ? undefined : key;
  const alg = config.privateKeyAlgorithm ?? (jwk?.kty === 'EC' ? 'ES256' : 'RS256');
  const cryptoKey = typeof key === 'string' ? await importPKCS8(key, alg) : await importJWK(key, alg);
  if (cryptoKey instanceof Uint8Array) throw new TypeError('createOidcLogin: privateKey must be asymmetric');
  const kid = config.privateKeyId ?? jwk?.kid;
  return kid === undefined ? { key: cryptoKey } : { key: cryptoKey, kid };
}

/**
 * Creates the OpenID Connect login (authorization code + PKCE S256, state and nonce) for one
 * provider, ACM/IDM by default. Framework-agnostic: the server stores the transaction in its
 * session and calls `complete` on the callback route. Discovery happens on first use.
 */
export function createOidcLogin(config: OidcLoginConfig): OidcLogin {
  const issuer = new URL(config.issuer);
  const mapping: ClaimMapping =
    typeof config.claims === 'object' ? config.claims : CLAIM_PRESETS[config.claims ?? 'acmidm'];
  const scopes =
    config.scopes ?? DEFAULT_SCOPES[typeof config.claims === 'string' ? config.claims : 'acmidm'];
  const algorithms = config.idTokenAlgorithms ?? ['RS256', 'ES256'];
  for (const alg of algorithms) {
    if (!ASYMMETRIC.includes(alg))
      throw new TypeError(`createOidcLogin: ID token algorithm ${alg} is not allowed`);
  }
  if (algorithms.length === 0) throw new TypeError('createOidcLogin: idTokenAlgorithms is empty');
  const redirectUri = new URL(config.redirectUri);
  if (redirectUri.search || redirectUri.hash) {
    throw new TypeError('createOidcLogin: redirectUri must not have a query or fragment');
  }
  const method: TokenEndpointAuthMethod =
    config.tokenEndpointAuthMethod ?? (config.privateKey ? 'private_key_jwt' : 'client_secret_basic');
  if (method !== 'private_key_jwt' && !config.clientSecret) {
    throw new TypeError(`createOidcLogin: ${method} needs clientSecret`);
  }
  const clock = config.clock ?? systemClock;
  const ttl = config.transactionTtlMs ?? 10 * 60_000;
  const tolerance = config.clockToleranceSeconds ?? 30;
  const timeout = config.timeoutSeconds ?? 30;

  let server: Promise<{ metadata: client.ServerMetadata; auth: client.ClientAuth }> | undefined;
  let jwksCache: client.ExportedJWKSCache | undefined;

  function discover() {
    server ??= (async () => {
      const auth =
        method === 'private_key_jwt'
          ? client.PrivateKeyJwt(await importPrivateKey(config))
          : method === 'client_secret_post'
            ? client.ClientSecretPost(config.clientSecret)
            : client.ClientSecretBasic(config.clientSecret);
      const discovered = await client.discovery(issuer, config.clientId, undefined, auth, {
        execute: config.allowInsecureRequests ? [client.allowInsecureRequests] : [],
        timeout,
      });
      return { metadata: discovered.serverMetadata(), auth };
    })().catch((err: unknown) => {
      server = undefined; // try again next time
      throw err;
    });
    return server;
  }

  /** A Configuration for one operation, with the clock skew of this instant. */
  async function configuration(): Promise<client.Configuration> {
    const { metadata, auth } = await discover();
    const skew = Math.round((clock.now().getTime() - Date.now()) / 1000);
    const c = new client.Configuration(
      metadata,
      config.clientId,
      {
        redirect_uris: [redirectUri.href],
        // oauth4webapi accepts a list here and refuses any other `alg` in the ID token header.
        id_token_signed_response_alg: algorithms as unknown as string,
        [client.clockSkew]: skew,
        [client.clockTolerance]: tolerance,
      },
      auth,
    );
    c.timeout = timeout;
    if (config.allowInsecureRequests) client.allowInsecureRequests(c);
    // Verify the ID token signature against the provider's JWKS (not only TLS).
    client.enableNonRepudiationChecks(c);
    if (jwksCache) client.setJwksCache(c, jwksCache);
    return c;
  }

  /**
   * The means reaching `minimum`. Always sent, even when that is every means: ACM/IDM states the
   * chosen means in the `acr` claim only when the request carried `acr_values`, and without `acr`
   * the level cannot be established.
   */
  function defaultAcrValues(minimum: AssuranceLevel): string[] {
    return Object.entries(mapping.acrMeans)
      .filter(([, means]) => meetsLevel(MEANS_LEVEL[means as AuthMeans], minimum))
      .map(([acr]) => acr);
  }

  /** The configuration, or a `provider_error` when the provider cannot be discovered. */
  async function reachable(): Promise<client.Configuration> {
    try {
      return await configuration();
    } catch (err) {
      throw new LoginError('provider_error', 'the identity provider could not be discovered', {
        cause: scrub(err),
      });
    }
  }

  return {
    async ready() {
      await discover();
    },

    async begin(options = {}) {
      const c = await reachable();
      const minimumLevel = options.minimumLevel ?? config.defaultMinimumLevel ?? 'low';
      const codeVerifier = client.randomPKCECodeVerifier();
      const transaction: LoginTransaction = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        codeVerifier,
        returnTo: safeReturnTo(options.returnTo),
        minimumLevel,
        capacity: options.capacity,
        createdAt: clock.now().toISOString(),
      };
      const params: Record<string, string> = {
        redirect_uri: redirectUri.href,
        response_type: 'code',
        scope: scopes.join(' '),
        state: transaction.state,
        nonce: transaction.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      };
      const acr = options.acrValues ?? defaultAcrValues(minimumLevel);
      if (acr.length > 0) params.acr_values = acr.join(' ');
      if (options.capacity) params.login_hint = encodeLoginHint(options.capacity);
      if (options.locale) params.ui_locales = options.locale;
      if (options.prompt) params.prompt = options.prompt;
      return { url: client.buildAuthorizationUrl(c, params).href, transaction };
    },

    async complete(callback, transaction) {
      if (!isTransaction(transaction)) {
        throw new LoginError('state_mismatch', 'no valid login transaction (session lost or tampered)');
      }
      const age = clock.now().getTime() - Date.parse(transaction.createdAt);
      if (!(age >= -tolerance * 1000 && age <= ttl)) {
        throw new LoginError('transaction_expired', 'the login transaction is too old');
      }

      // Rebuild the callback on the configured redirect URI, so a proxy or a Host header can
      // never change the `redirect_uri` sent to the token endpoint.
      const params = callbackParams(callback);
      const state = params.get('state');
      if (state === null || params.getAll('state').length !== 1 || !sameSecret(state, transaction.state)) {
        throw new LoginError('state_mismatch', 'state differs from the transaction');
      }
      const error = params.get('error');
      if (error !== null) {
        throw new LoginError('provider_error', `authorization error ${error}`, { details: { error } });
      }
      const url = new URL(redirectUri.href);
      for (const [k, v] of params) url.searchParams.append(k, v);

      const c = await reachable();
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(c, url, {
          pkceCodeVerifier: transaction.codeVerifier,
          expectedState: transaction.state,
          expectedNonce: transaction.nonce,
          idTokenExpected: true,
        });
      } catch (err) {
        throw toLoginError(err);
      } finally {
        jwksCache = client.getJwksCache(c) ?? jwksCache;
      }

      const idToken = tokens.id_token;
      const claims = tokens.claims();
      if (!idToken || !claims) throw new LoginError('claims_invalid', 'no ID token in the token response');
      // Belt and braces: the allow-list was enforced by the library; check the header again.
      const { alg } = decodeProtectedHeader(idToken);
      if (!algorithms.includes(alg as IdTokenAlgorithm)) {
        throw new LoginError('alg_not_allowed', 'ID token algorithm not allowed');
      }

      let identity: Identity;
      try {
        identity = mapClaims(claims as Record<string, unknown>, mapping, issuer.href);
      } catch (err) {
        if (err instanceof ClaimMappingError) {
          if (err.reason === 'unknown_acr') {
            throw new LoginError('acr_too_low', 'the acr claim names no known means', { cause: err });
          }
          throw new LoginError('claims_invalid', err.message, { cause: err });
        }
        throw err;
      }
      if (!meetsLevel(identity.level, transaction.minimumLevel)) {
        throw new LoginError(
          'acr_too_low',
          `means ${identity.means} (${identity.level}) is below ${transaction.minimumLevel}`,
          { details: { means: identity.means, level: identity.level, minimum: transaction.minimumLevel } },
        );
      }
      return { identity, idToken, returnTo: safeReturnTo(transaction.returnTo) };
    },

    async logoutUrl(idTokenHint, postLogoutRedirect, state) {
      const c = await reachable();
      if (!c.serverMetadata().end_session_endpoint) return undefined;
      const params: Record<string, string> = {
        id_token_hint: idTokenHint,
        post_logout_redirect_uri: postLogoutRedirect,
      };
      if (state) params.state = state;
      return client.buildEndSessionUrl(c, params).href;
    },
  };
}
