import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Identity } from '@smartloket/core';
import { createOidcLogin, isLoginError, type LoginTransaction } from '@smartloket/identity-acmidm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type DevIdentityProvider, devSubject, loginAs, startDevIdentityProvider } from './index.js';

/**
 * A stand-in relying party following the README's recipe: the transaction lives in a server-side
 * session, is removed before `complete`, and the session id is regenerated at login.
 */
let idp: DevIdentityProvider;
let rp: Server;
let rpUrl: string;
const sessions = new Map<string, { transaction?: LoginTransaction; identity?: Identity }>();

beforeAll(async () => {
  rp = createServer();
  await new Promise<void>((resolve) => rp.listen(0, '127.0.0.1', resolve));
  rpUrl = `http://127.0.0.1:${(rp.address() as AddressInfo).port}`;
  idp = await startDevIdentityProvider({
    clients: [{ client_id: 'rp', client_secret: 'rp-secret', redirect_uris: [`${rpUrl}/aanmelden/terug`] }],
  });
  const login = createOidcLogin({
    issuer: idp.issuer,
    clientId: 'rp',
    clientSecret: 'rp-secret',
    redirectUri: `${rpUrl}/aanmelden/terug`,
    allowInsecureRequests: true,
  });
  rp.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', rpUrl);
    const sid = /(?:^|; )sid=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1];
    const session = sid ? sessions.get(sid) : undefined;
    const redirect = (to: string, cookie?: string) => {
      res.writeHead(303, { location: to, ...(cookie ? { 'set-cookie': cookie } : {}) });
      res.end();
    };
    (async () => {
      if (url.pathname === '/aanmelden') {
        const { url: to, transaction } = await login.begin({
          returnTo: url.searchParams.get('returnTo') ?? '/',
        });
        const id = randomBytes(16).toString('base64url');
        sessions.set(id, { transaction });
        return redirect(to, `sid=${id}; Path=/; HttpOnly; SameSite=Lax`);
      }
      if (url.pathname === '/aanmelden/terug') {
        const transaction = session?.transaction;
        if (sid) sessions.delete(sid); // one attempt per transaction; the old id dies
        try {
          const result = await login.complete(req.url ?? '', transaction as LoginTransaction);
          const fresh = randomBytes(16).toString('base64url');
          sessions.set(fresh, { identity: result.identity });
          return redirect(result.returnTo, `sid=${fresh}; Path=/; HttpOnly; SameSite=Lax`);
        } catch (error) {
          res.writeHead(401, { 'content-type': 'text/plain' });
          return res.end(isLoginError(error) ? error.code : 'error');
        }
      }
      if (url.pathname === '/mijn') {
        res.writeHead(session?.identity ? 200 : 401, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(session?.identity ?? null));
      }
      res.writeHead(404);
      res.end();
    })().catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
});

afterAll(async () => {
  await idp.stop();
  rp.closeAllConnections();
  await new Promise<void>((resolve) => rp.close(() => resolve()));
});

it('drives a relying party login from its own route to the page behind it, with a fresh session', async () => {
  const { response, url, jar } = await loginAs('notaris', 'itsme', {
    baseUrlOfRp: rpUrl,
    loginPath: '/aanmelden?returnTo=/mijn',
  });
  expect(url).toBe(`${rpUrl}/mijn`);
  expect(response?.status).toBe(200);
  const identity = (await response!.json()) as Identity;
  expect(identity).toMatchObject({
    subject: devSubject('notaris'),
    capacity: 'EA',
    organisation: { kbo: '0417123457' },
    means: 'itsme',
  });
  expect(jar.get(rpUrl, 'sid')).toBeDefined();
  expect(sessions.size).toBe(1); // the pre-login session is gone

  // Replaying the callback: the transaction was removed from the session, so it is refused.
  const again = await loginAs('notaris', 'itsme', {
    baseUrlOfRp: rpUrl,
    loginPath: '/aanmelden',
    stopAt: `${rpUrl}/aanmelden/terug`,
  });
  const first = await fetch(again.callbackUrl!, {
    headers: { cookie: again.jar.header(rpUrl) ?? '' },
    redirect: 'manual',
  });
  expect(first.status).toBe(303);
  const replay = await fetch(again.callbackUrl!, {
    headers: { cookie: again.jar.header(rpUrl) ?? '' },
    redirect: 'manual',
  });
  expect(replay.status).toBe(401);
  expect(await replay.text()).toBe('state_mismatch');
});
