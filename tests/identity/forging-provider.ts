import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

/** What a forge function gets to build the ID token the token endpoint returns. */
export interface ForgeContext {
  issuer: string;
  clientId: string;
  /** The nonce of the authorization request. */
  nonce: string | undefined;
  /** Seconds since the epoch (wall clock). */
  now: number;
  /** The provider's published keys (their private halves), to sign valid tokens. */
  keys: { rsa: CryptoKey; rsaKid: string; ec: CryptoKey; ecKid: string; ps: CryptoKey; psKid: string };
}

export type Forge = (ctx: ForgeContext) => Promise<string> | string;

/**
 * A tiny OpenID provider for tests only: discovery, JWKS, an authorization endpoint that answers
 * at once with a code, and a token endpoint that returns whatever ID token the current forge
 * function builds. It lets the real client code path meet forged tokens. Codes work once.
 */
export async function startForgingProvider(): Promise<{
  issuer: string;
  forge(f: Forge): void;
  stop(): Promise<void>;
}> {
  const rsa = await generateKeyPair('RS256', { modulusLength: 2048 });
  const ec = await generateKeyPair('ES256');
  const rsaKid = 'rsa-1';
  const ecKid = 'ec-1';
  const ps = await generateKeyPair('PS256');
  const psKid = 'ps-1';
  const jwks: JWK[] = [
    { ...(await exportJWK(rsa.publicKey)), kid: rsaKid, use: 'sig' },
    { ...(await exportJWK(ec.publicKey)), kid: ecKid, alg: 'ES256', use: 'sig' },
    { ...(await exportJWK(ps.publicKey)), kid: psKid, alg: 'PS256', use: 'sig' },
  ];
  const codes = new Map<string, { nonce: string | undefined; clientId: string }>();
  let current: Forge | undefined;
  let issuer = '';

  const body = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(value));
    };
    (async () => {
      if (url.pathname === '/.well-known/openid-configuration') {
        return json(200, {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256', 'ES256', 'PS256'],
          code_challenge_methods_supported: ['S256'],
          token_endpoint_auth_methods_supported: ['client_secret_basic'],
        });
      }
      if (url.pathname === '/jwks') return json(200, { keys: jwks });
      if (url.pathname === '/authorize') {
        const code = randomBytes(16).toString('base64url');
        codes.set(code, {
          nonce: url.searchParams.get('nonce') ?? undefined,
          clientId: url.searchParams.get('client_id') ?? '',
        });
        const back = new URL(url.searchParams.get('redirect_uri') ?? '');
        back.searchParams.set('code', code);
        back.searchParams.set('state', url.searchParams.get('state') ?? '');
        res.writeHead(302, { location: back.href });
        return res.end();
      }
      if (url.pathname === '/token' && req.method === 'POST') {
        const form = await body(req);
        const grant = codes.get(form.get('code') ?? '');
        if (!grant) return json(400, { error: 'invalid_grant' });
        codes.delete(form.get('code') ?? '');
        if (!current) return json(500, { error: 'server_error' });
        const idToken = await current({
          issuer,
          clientId: grant.clientId,
          nonce: grant.nonce,
          now: Math.floor(Date.now() / 1000),
          keys: { rsa: rsa.privateKey, rsaKid, ec: ec.privateKey, ecKid, ps: ps.privateKey, psKid },
        });
        return json(200, {
          access_token: randomBytes(16).toString('base64url'),
          token_type: 'Bearer',
          expires_in: 300,
          id_token: idToken,
        });
      }
      res.writeHead(404);
      res.end();
    })().catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    forge(f) {
      current = f;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
