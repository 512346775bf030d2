import { createHash } from 'node:crypto';
import { HOUR } from '@smartloket/core';
import { DEMO_MUNICIPALITY } from '@smartloket/dev-population';
import { type DevMailbox, startDevMailbox } from '@smartloket/dev-world/mailbox';
import { createSmtpMailer } from '@smartloket/notifier-mail';
import { createTestDeployment, createTestPlugin, type TestDeployment } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fillRequest,
  hidden,
  type PortalClient,
  startTestPortal,
  type TestPortal,
} from '../../../tests/support/portal.js';
import { createOutboxMailSender } from '../../cli/src/compose/mail.js';

/**
 * E-mail confirmation of logged-in people and anonymous requesters, and the capability link of
 * an anonymous request: real SQLite deployment, dev identity provider, dev mailbox over SMTP.
 */
describe('e-mail confirmation and anonymous follow links', () => {
  let mailbox: DevMailbox;
  let d: TestDeployment;
  let portal: TestPortal;

  beforeAll(async () => {
    mailbox = await startDevMailbox({ smtpPort: 0, httpPort: 0 });
    d = await createTestDeployment({
      plugins: [createTestPlugin()],
      config: { deliveryWaitMs: 0 },
      mailSender: createOutboxMailSender({
        mailer: createSmtpMailer({
          ...mailbox.smtp,
          from: { name: 'Smartegem', address: 'loket@smartegem.example' },
        }),
        municipality: { ...DEMO_MUNICIPALITY, baseUrl: 'http://localhost:3000' },
      }),
    });
    portal = await startTestPortal({
      deployment: d,
      app: { rateLimits: { confirmationPerAddress: { windowMs: HOUR, limit: 2 } } },
    });
  });
  afterAll(async () => {
    await portal?.close();
    await d?.close();
    await mailbox?.stop();
  });

  /** Sends due mails and returns the path of the link of the newest mail to `to` containing `part`. */
  const linkTo = async (to: string, part: string): Promise<string> => {
    await d.runJobs();
    const mail = [...mailbox.messages()].reverse().find((m) => m.envelope.to.includes(to));
    const link = mail?.links.find((l) => l.includes(part));
    if (!link) throw new Error(`no ${part} link mailed to ${to}`);
    return new URL(link).pathname;
  };

  /** Confirms by the link's page and its button. */
  const confirm = async (client: PortalClient, path: string) => {
    const page = await client.get(path);
    expect(page.status).toBe(200);
    return client.post(path, { _csrf: hidden(page.text, '_csrf') });
  };

  const setAddress = async (client: PortalClient, email: string) => {
    const page = await client.get('/my/email');
    return client.post('/my/email', { _csrf: hidden(page.text, '_csrf'), email });
  };

  const submitAttest = async (client: PortalClient) => {
    const { draft, csrf } = await fillRequest(client, 'test.attest', [{ forWhom: 'self' }]);
    const done = await client.post('/request/test.attest', { _csrf: csrf, _draft: draft, _action: 'submit' });
    expect(done.status).toBe(303);
    const id = /\/my\/requests\/([0-9a-f-]{36})/.exec(done.location!)![1]!;
    return (await d.db.requests.get(id))!;
  };

  it('asks a person without an address once; an unconfirmed or changed address gets no mail until confirmed, and the link works once', async () => {
    const marie = await portal.login('marie'); // her login carries no e-mail
    const asked = await marie.get('/my');
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('Uw aanmelding gaf ons geen bevestigd e-mailadres');
    expect((await marie.get('/my')).text).toContain('Mijn aanvragen'); // once per session

    expect((await setAddress(marie, 'geen-adres')).status).toBe(422);
    expect((await setAddress(marie, 'marie.one@example.org')).status).toBe(200);
    const first = await linkTo('marie.one@example.org', '/email/confirm/');
    // Not confirmed yet: the request stores no address and no mail is queued for it.
    const before = await submitAttest(marie);
    expect(before.requester.email).toBeUndefined();
    expect(await d.db.outbox.listByRequest(before.id)).toEqual([]);

    const ok = await confirm(marie, first);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('Uw e-mailadres is bevestigd');
    expect((await d.db.identityEmails.get(before.requesterId))?.email).toBe('marie.one@example.org');
    // Once only.
    expect((await marie.get(first)).status).toBe(404);
    expect(
      (await marie.post(first, { _csrf: hidden((await marie.get('/my/email')).text, '_csrf') })).status,
    ).toBe(404);

    const confirmed = await submitAttest(marie);
    expect(confirmed.requester.email).toBe('marie.one@example.org');
    expect((await d.db.outbox.listByRequest(confirmed.id)).map((r) => r.recipient)).toContain(
      'marie.one@example.org',
    );

    // A changed address needs its own confirmation; meanwhile the confirmed one stays in use.
    await setAddress(marie, 'marie.two@example.org');
    const second = await linkTo('marie.two@example.org', '/email/confirm/');
    expect((await submitAttest(marie)).requester.email).toBe('marie.one@example.org');
    // Asking again voids the earlier link; the newest one expires after 24 hours.
    await setAddress(marie, 'marie.two@example.org');
    const third = await linkTo('marie.two@example.org', '/email/confirm/');
    expect(third).not.toBe(second);
    expect((await marie.get(second)).status).toBe(404);
    d.clock.advance(25 * HOUR);
    const late = await marie.get(third);
    expect(late.status).toBe(404);
    expect(late.text).toContain('ongeldig, al gebruikt of verlopen');
    const again = await portal.login('marie'); // the session did not outlive the day
    expect((await submitAttest(again)).requester.email).toBe('marie.one@example.org');

    // Only hashes are stored; the mailed token is scrubbed from the outbox once sent.
    const token = third.split('/').pop()!;
    const rows = await d.db.knex('email_confirmations').select('*');
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows.map((r) => r.token_hash)).toContain(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(await d.db.knex('outbox').select('payload'))).not.toContain(token);
  });

  it('files an anonymous report only after confirmation, once, and follows it by a capability link that shows its status only', async () => {
    const visitor = portal.client();
    const { draft, csrf } = await fillRequest(visitor, 'test.melding', [
      { _email: 'buur@example.org', description: 'Een put in de stoep.' },
    ]);
    const waiting = await visitor.post('/request/test.melding', {
      _csrf: csrf,
      _draft: draft,
      _action: 'submit',
    });
    expect(waiting.status).toBe(200);
    expect(waiting.text).toContain('Kijk in uw mailbox');
    const countMelding = async () =>
      (await d.db.requests.list({ requesterKind: 'anonymous' }, { limit: 100 })).items.length;
    expect(await countMelding()).toBe(0);
    // A replayed submit sends no second mail.
    await visitor.post('/request/test.melding', { _csrf: csrf, _draft: draft, _action: 'submit' });
    await d.runJobs();
    expect(mailbox.messages().filter((m) => m.envelope.to.includes('buur@example.org'))).toHaveLength(1);

    const confirmPath = await linkTo('buur@example.org', '/email/confirm/');
    const other = portal.client(); // another browser: the mail client's
    const filed = await confirm(other, confirmPath);
    expect(filed.status).toBe(303);
    const followPath = new URL(filed.location!, portal.url).pathname;
    expect(followPath).toMatch(/^\/follow\/[\w-]{43}$/);
    expect(await countMelding()).toBe(1);

    // The anonymous_link mail carries the same capability link.
    expect(await linkTo('buur@example.org', '/follow/')).toBe(followPath);
    const page = await portal.client().get(followPath);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const [request] = (await d.db.requests.list({ requesterKind: 'anonymous' }, { limit: 1 })).items;
    expect(page.text).toContain(request!.reference);
    expect(page.text).toContain('Ingediend');
    expect(page.text).not.toContain('Een put in de stoep'); // no form data
    expect(page.text).not.toContain('buur@example.org');
    expect(request!.requesterId).toMatch(/^anon:[0-9a-f]{32}$/);

    // Nothing of other requests: another person's request is not reachable with it.
    const jan = await portal.login('jan');
    const jans = await submitAttest(jan);
    expect(page.text).not.toContain(jans.reference);

    // The token is stored hashed only.
    const token = followPath.split('/').pop()!;
    const links = await d.db.knex('capability_links').select('*');
    expect(JSON.stringify(links)).not.toContain(token);
    expect(links.map((l) => l.token_hash)).toContain(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(await d.db.knex('outbox').select('payload'))).not.toContain(token);

    // A wrong token and a token of a request closed beyond the retention term answer 404.
    expect((await portal.client().get(`/follow/${'A'.repeat(43)}`)).status).toBe(404);
    expect((await portal.client().get('/follow/short')).status).toBe(404);
    await d.requests.act(request!.id, { action: 'start' }, { type: 'staff', id: 'karin' });
    await d.requests.act(
      request!.id,
      { action: 'resolve', reason: 'Hersteld.' },
      { type: 'staff', id: 'karin' },
    );
    expect((await portal.client().get(followPath)).text).toContain('Opgelost');
    d.clock.advance(91 * 24 * HOUR);
    expect((await portal.client().get(followPath)).status).toBe(404);
    const purged = await d.db.retention.purge({ terms: d.config.retention });
    expect(purged.capabilityLinks).toBe(1);

    // The anonymous requester id derives from the draft key: a double submit makes one request.
    const twice = await Promise.all(
      [1, 2].map(() =>
        d.requests.submit({
          typeId: 'test.melding',
          input: { description: 'Dubbel.' },
          locale: 'nl',
          anonymousEmail: 'dubbel@example.org',
          idempotencyKey: 'same-draft',
        }),
      ),
    );
    expect(twice[0]!.request.id).toBe(twice[1]!.request.id);
    expect(twice.filter((r) => r.created)).toHaveLength(1);
  });

  it('answers 429 with a translated message when confirmation mails for one address exceed the limit', async () => {
    const visitor = portal.client();
    for (const expected of [200, 200, 429]) {
      const { draft, csrf } = await fillRequest(visitor, 'test.melding', [
        { _email: 'veel@example.org', description: 'Opnieuw.' },
      ]);
      const res = await visitor.post('/request/test.melding?lang=fr', {
        _csrf: csrf,
        _draft: draft,
        _action: 'submit',
      });
      expect(res.status).toBe(expected);
      if (expected === 429) expect(res.text).toContain('Trop de tentatives');
    }
  });
});
