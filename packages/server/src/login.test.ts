import { forEachDatabase } from '@smartloket/db/testing';
import { loginAs } from '@smartloket/dev-world/identity';
import { createTestDeployment, createTestPlugin, type TestDeployment } from '@smartloket/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hidden, PortalClient, startTestPortal, type TestPortal } from '../../../tests/support/portal.js';

forEachDatabase('login and database sessions', (_url, db) => {
  let portal: TestPortal;
  let second: TestPortal;
  let other: TestDeployment;

  beforeAll(async () => {
    portal = await startTestPortal({ databaseUrl: db.url, databaseOwnerUrl: db.ownerUrl, worker: false });
    // A second server "process": its own deployment (pool, kernel) on the same database.
    other = await createTestDeployment({
      plugins: [createTestPlugin()],
      databaseUrl: db.url,
      databaseOwnerUrl: db.ownerUrl,
      clock: portal.d.clock,
    });
    second = await startTestPortal({ deployment: other });
  });
  afterAll(async () => {
    await second?.close();
    await other?.close();
    await portal?.close();
  });

  it('logs in through the dev provider: the session id changes at login and lives in the database', async () => {
    const client = new PortalClient(portal.url);
    expect((await client.get('/my')).location).toBe('/login?returnTo=%2Fmy');
    const started = await loginAs('jan', 'itsme', {
      startUrl: `${portal.url}/login?returnTo=%2Fmy`,
      stopAt: `${portal.url}/auth/callback`,
      jar: client.jar,
    });
    const before = client.sessionId;
    expect(before).toBeDefined();
    const pending = await portal.d.db.sessions.get<{ login?: { returnTo: string } }>(before!);
    expect(pending?.data.login?.returnTo).toBe('/my');
    expect(pending?.identity).toBeNull();
    expect(started.callbackUrl).not.toContain('returnTo'); // the transaction is not in the URL

    const callback = await client.get(
      new URL(started.callbackUrl!).pathname + new URL(started.callbackUrl!).search,
    );
    expect(callback.status).toBe(303);
    expect(callback.location).toBe('/my');
    const after = client.sessionId;
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect(await portal.d.db.sessions.get(before!)).toBeUndefined();
    const stored = await portal.d.db.sessions.get<{ idToken?: string }, { insz?: string; means: string }>(
      after!,
    );
    expect(stored?.identity?.insz).toBe('85673012367');
    expect(stored?.identity?.means).toBe('itsme');
    expect(stored?.data.idToken).toBeTruthy();
    const cookie = callback.headers.getSetCookie().find((c) => c.startsWith('smartloket='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);

    const my = await client.get('/my');
    expect(my.status).toBe(200);
    expect(my.text).toContain('Mijn aanvragen');
    expect(my.headers.get('cache-control')).toBe('no-store');

    // The other process serves the same session.
    const elsewhere = new PortalClient(second.url);
    elsewhere.jar.store(second.url, new Response(null, { headers: { 'set-cookie': `smartloket=${after}` } }));
    const there = await elsewhere.get('/my');
    expect(there.status).toBe(200);
    expect(there.text).toContain('Jan Peeters');

    // Replaying the callback fails: the transaction was used.
    const replay = await client.get(
      new URL(started.callbackUrl!).pathname + new URL(started.callbackUrl!).search,
    );
    expect(replay.status).toBe(401);
    expect(replay.text).toContain('Aanmelden mislukt');
    expect(replay.text).not.toMatch(/code=|state=/);
  });

  it('refuses a POST without the CSRF token and changes nothing; logout ends the session at the provider too', async () => {
    const client = await portal.login('marie', 'eid');
    const sid = client.sessionId!;
    const home = await client.get('/my');
    const csrf = hidden(home.text, '_csrf');

    const forged = await client.post('/logout', {});
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('Uw formulier is verlopen');
    const wrong = await client.post('/logout', {
      _csrf: `${csrf.slice(0, -2)}${csrf.endsWith('xx') ? 'yy' : 'xx'}`,
    });
    expect(wrong.status).toBe(403);
    expect(await portal.d.db.sessions.get(sid)).toBeDefined();
    expect((await client.get('/my')).status).toBe(200);

    const out = await client.post('/logout', { _csrf: csrf });
    expect(out.status).toBe(303);
    expect(out.location).toMatch(new RegExp(`^${portal.idp.issuer.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(new URL(out.location!).searchParams.get('post_logout_redirect_uri')).toBe(`${portal.url}/`);
    expect(new URL(out.location!).searchParams.get('id_token_hint')).toBeTruthy();
    expect(await portal.d.db.sessions.get(sid)).toBeUndefined();
    // The old cookie is rejected.
    const stale = new PortalClient(portal.url);
    stale.jar.store(portal.url, new Response(null, { headers: { 'set-cookie': `smartloket=${sid}` } }));
    expect((await stale.get('/my')).location).toBe('/login?returnTo=%2Fmy');
  });

  it('ends a session after the idle timeout of the configuration', async () => {
    const client = await portal.login('jan');
    expect((await client.get('/my')).status).toBe(200);
    portal.d.clock.advance((portal.d.config.retention.sessionIdleMinutes - 1) * 60_000);
    expect((await client.get('/my')).status).toBe(200); // activity moves the idle deadline
    portal.d.clock.advance((portal.d.config.retention.sessionIdleMinutes - 1) * 60_000);
    expect((await client.get('/my')).status).toBe(200);
    portal.d.clock.advance((portal.d.config.retention.sessionIdleMinutes + 1) * 60_000);
    expect((await client.get('/my')).status).toBe(303);
  });

  it('ends a session after the absolute lifetime, however active', async () => {
    const client = await portal.login('jan');
    const step = (portal.d.config.retention.sessionIdleMinutes - 1) * 60_000;
    const steps = Math.ceil((portal.d.config.retention.sessionAbsoluteHours * 3600_000) / step);
    let last = 200;
    for (let i = 0; i < steps && last === 200; i++) {
      portal.d.clock.advance(step);
      last = (await client.get('/my')).status;
    }
    expect(last).toBe(303);
  });
});
