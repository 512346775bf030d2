/**
 * Certificates requested without login (decision 1401), over HTTP against the MAGDA simulator
 * and the dev mailbox: nothing is filed and no source consulted before the e-mail address is
 * confirmed; the request goes to a clerk; the capability link of one request never opens
 * another; it stops working when the document expires; the identity document is purged after
 * the decision; the e-mail check is rate-limited and audited; a type the plugin forbids stays
 * closed whatever the setting.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DAY, HOUR } from '@smartloket/core';
import type { MagdaDevSimulator } from '@smartloket/dev-world/magda';
import type { DevMailbox } from '@smartloket/dev-world/mailbox';
import type { TestDeployment } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStrafregisterPlugin } from '../../plugins/strafregister/src/index.js';
import { hidden, type PortalClient, type TestPortal } from '../support/portal.js';
import {
  GRANDPARENT_ACT as ACT,
  EVIDENCE,
  sealToolsAvailable,
  startWithoutLoginWorld,
  BIRTH_EXTRACT as TYPE,
  WHO_ASKS as WHO,
  type WithoutLoginWorld,
} from '../support/without-login-world.js';

describe.runIf(sealToolsAvailable())('certificates without login (burgerlijke stand, DABS simulator)', () => {
  let world: WithoutLoginWorld;
  let dir: string;
  let sim: MagdaDevSimulator;
  let mailbox: DevMailbox;
  let d: TestDeployment;
  let portal: TestPortal;

  beforeAll(async () => {
    world = await startWithoutLoginWorld({
      plugins: [{ plugin: createStrafregisterPlugin(), options: {} }],
      config: { retention: { evidenceDays: 2, formDataDays: 10 } },
      app: { rateLimits: { followCheck: { windowMs: HOUR, limit: 3 } } },
    });
    ({ dir, sim, mailbox, d, portal } = world);
  });
  afterAll(async () => {
    await world?.close();
  });

  /** Sends due mails; the path of the newest link to `to` containing `part`. */
  const linkTo = (to: string, part: string): Promise<string> => world.mailedPath(to, part);

  const magdaCalls = () => sim.calls.length;

  /** Files a request without login up to the "check your mailbox" page; returns the address. */
  async function fileWithoutLogin(client: PortalClient, email: string, act = ACT) {
    const intro = await client.get(`/request/${TYPE}`);
    expect(intro.status).toBe(200);
    expect(intro.text).toContain('Aanvragen zonder aan te melden');
    const form = await client.get(`/request/${TYPE}?withoutLogin=1`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('Wie vraagt aan?');
    const draft = hidden(form.text, '_draft');
    const csrf = hidden(form.text, '_csrf');
    const first = new FormData();
    for (const [k, v] of Object.entries({
      _csrf: csrf,
      _draft: draft,
      _step: '0',
      _action: 'next',
      _email: email,
      ...WHO,
    }))
      first.set(k, v);
    first.set('evidence', new Blob([EVIDENCE.buffer], { type: EVIDENCE.mimeType }), EVIDENCE.name);
    const step1 = await client.postMultipart(`/request/${TYPE}`, first);
    expect(step1.status, step1.text.slice(0, 2000)).toBe(200);
    let last = step1;
    for (let step = 1; !last.text.includes('name="_action" value="submit"'); step++) {
      last = await client.post(`/request/${TYPE}`, {
        _csrf: csrf,
        _draft: draft,
        _step: String(step),
        _action: 'next',
        ...act,
      });
      expect(last.status, last.text.slice(0, 2000)).toBe(200);
      if (step > 6) throw new Error('no summary');
    }
    const sent = await client.post(`/request/${TYPE}`, { _csrf: csrf, _draft: draft, _action: 'submit' });
    expect(sent.status).toBe(200);
    return { draft, csrf };
  }

  /** Confirms the address by the mailed link; the follow path the portal redirects to. */
  async function confirm(client: PortalClient, email: string): Promise<string> {
    const path = await linkTo(email, '/email/confirm/');
    const page = await client.get(path);
    const done = await client.post(path, { _csrf: hidden(page.text, '_csrf') });
    expect(done.status).toBe(303);
    return done.location!.split('?')[0]!;
  }

  async function staffAct(action: string, requestId: string, reason = '') {
    const karin = await portal.login('karin', 'itsme');
    const page = await karin.get(`/backoffice/requests/${requestId}`);
    expect(page.status).toBe(200);
    const done = await karin.post(`/backoffice/requests/${requestId}/act`, {
      _csrf: hidden(page.text, '_csrf'),
      version: hidden(page.text, 'version'),
      action,
      reason,
    });
    expect(done.status).toBeLessThan(400);
    return { karin, page };
  }

  it('nothing is filed nor consulted before the address is confirmed; then a clerk approves, the source is consulted in their name, and the page shows the document', async () => {
    const visitor = portal.client();
    const calls = magdaCalls();
    const before = await d.db.knex('requests').count({ n: '*' }).first();
    await fileWithoutLogin(visitor, 'lies@example.org');
    await d.runJobs();
    expect(magdaCalls()).toBe(calls);
    expect((await d.db.knex('requests').count({ n: '*' }).first())?.n).toBe(before?.n);

    await confirm(visitor, 'lies@example.org');
    await d.runJobs();
    expect(magdaCalls()).toBe(calls);
    const request = (await d.db.knex('requests').orderBy('created_at', 'desc').first('id')) as { id: string };
    const filed = (await d.db.requests.get(request.id))!;
    expect(filed.state).toBe('in_review');
    expect(filed.requester.kind).toBe('anonymous');
    expect(filed.requester.name).toBe('Lies Peeters');
    const record = await d.db.unidentified.get(filed.id);
    expect(record?.details?.person.name).toBe('Petrus Peeters');
    expect(record?.evidence).toHaveLength(1);

    // The clerk sees the marker and the evidence; the requester's page never lists it.
    const { karin, page } = await staffAct('approve', filed.id);
    expect(page.text).toContain('niet aangemeld');
    expect(page.text).toContain('id-kaart.pdf');
    const evidence = await karin.raw(`/backoffice/requests/${filed.id}/uploads/${record!.evidence[0]}`);
    expect(evidence.status).toBe(200);
    await d.runJobs();
    const delivered = (await d.db.requests.get(filed.id))!;
    expect(delivered.state).toBe('delivered');
    const consultations = await d.db.audit.list({
      requestId: filed.id,
      categories: ['consultation_started'],
    });
    expect(consultations.length).toBeGreaterThan(0);
    const approval = (await d.db.events.list(filed.id)).find((e) => e.type === 'approve')!;
    expect(approval.actor.name).toContain('Karin');
    for (const c of consultations) {
      expect(c.actor.type).toBe('staff');
      expect(c.actor.id).toBe(approval.actor.id);
      expect(c.legalBasis).toBeTruthy();
    }

    // The second mail: a page for this request only, behind the e-mail check.
    const secure = await linkTo('lies@example.org', '/follow/');
    const other = portal.client();
    const check = await other.get(secure);
    expect(check.status).toBe(200);
    expect(check.text).toContain('Uw aanvraag bekijken');
    expect(check.text).not.toContain(delivered.reference);
    const wrong = await other.post(secure, {
      _csrf: hidden(check.text, '_csrf'),
      email: 'iemand@example.org',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('Dit is niet het e-mailadres');
    const right = await other.post(secure, {
      _csrf: hidden(check.text, '_csrf'),
      email: ' Lies@Example.org ',
    });
    expect(right.status).toBe(303);
    // The device cookie: this link's path only, HttpOnly, 90 days, a token the database has hashed.
    const setCookie = right.headers.get('set-cookie') ?? '';
    const device = /smartloket-check=([A-Za-z0-9_-]{43})/.exec(setCookie)?.[1];
    expect(device).toBeDefined();
    expect(setCookie).toContain(`Path=${secure}`);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toContain(`Max-Age=${90 * 24 * 3600}`);
    expect(JSON.stringify(await d.db.knex('device_checks').select('*'))).not.toContain(device);
    // A later visit without the session (it ends after 12 hours at most): the same browser, by
    // its device cookie, is not asked again ...
    const back = await fetch(`${portal.url}${secure}`, { headers: { cookie: `smartloket-check=${device}` } });
    expect(await back.text()).toContain(delivered.reference);
    // ... another browser is, and the cookie opens no other link, nor does a made-up one.
    expect((await portal.client().get(secure)).text).not.toContain(delivered.reference);
    const forged = await fetch(`${portal.url}${secure}`, {
      headers: { cookie: `smartloket-check=${device!.slice(0, -1)}${device!.endsWith('A') ? 'B' : 'A'}` },
    });
    expect(await forged.text()).not.toContain(delivered.reference);
    const shown = await other.get(secure);
    expect(shown.text).toContain(delivered.reference);
    expect(shown.text).not.toContain('id-kaart.pdf');
    const doc = /href="(\/follow\/[^"]+\/documents\/[^"]+)"/.exec(shown.text)?.[1];
    expect(doc).toBeDefined();
    const pdf = await other.raw(doc!);
    expect(pdf.status).toBe(200);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    // The confirmation mail links the PDF receipt, behind the same e-mail check.
    const receipt = await linkTo('lies@example.org', '/receipt.pdf');
    expect(receipt).toMatch(/^\/follow\/[^/]+\/receipt\.pdf$/);
    const stranger = await portal.client().raw(receipt);
    expect(stranger.status).toBe(303);
    expect(stranger.headers.get('content-type') ?? '').not.toContain('pdf');
    expect(shown.text).toMatch(/href="\/follow\/[^"]+\/receipt\.pdf"/);
    const receiptPdf = await other.raw(receipt);
    expect(receiptPdf.status).toBe(200);
    expect(receiptPdf.headers.get('content-type')).toBe('application/pdf');
    const receiptFile = join(dir, 'receipt.pdf');
    writeFileSync(receiptFile, Buffer.from(await receiptPdf.arrayBuffer()));
    const receiptText = execFileSync('pdftotext', ['-layout', receiptFile, '-'], { encoding: 'utf8' });
    expect(receiptText).toContain('Ontvangstbewijs');
    expect(receiptText).toContain(delivered.reference);
    expect(receiptText).not.toContain('id-kaart.pdf');
    const audited = await d.db.audit.list({
      requestId: filed.id,
      categories: ['follow_check_refused', 'follow_check_passed'],
    });
    expect(audited.map((a) => a.category).sort()).toEqual(['follow_check_passed', 'follow_check_refused']);
    expect(JSON.stringify(audited)).not.toContain('iemand@example.org');

    // The identity document is purged after its own term from the decision.
    const upload = record!.evidence[0]!;
    // retention.evidenceDays = 2 in this deployment's config, counted from the approval.
    const approvedAt = (await d.db.unidentified.get(filed.id))!.decidedAt!;
    expect((await d.db.uploads.get(upload))?.purgeAt?.getTime()).toBe(approvedAt.getTime() + 2 * DAY);
    d.clock.advance(1 * DAY);
    await d.db.retention.purge({ now: d.clock.now() });
    expect(await d.db.uploads.get(upload)).toBeDefined();
    d.clock.advance(2 * DAY);
    await d.db.retention.purge({ now: d.clock.now() });
    expect(await d.db.uploads.get(upload)).toBeUndefined();
    const later = await portal.login('karin', 'itsme');
    expect((await later.raw(`/backoffice/requests/${filed.id}/uploads/${upload}`)).status).toBe(404);
    expect((await later.get(`/backoffice/requests/${filed.id}`)).text).toContain('Het bestand is gewist');

    // The declared details go with the form data, retention.formDataDays (10 here) after closing.
    const closedAt = (await d.db.requests.get(filed.id))!.closedAt!;
    expect(closedAt).toBeDefined();
    await d.db.retention.purge({ now: d.clock.now(), terms: await d.retentionTerms() });
    expect((await d.db.unidentified.get(filed.id))?.details?.person.name).toBe('Petrus Peeters');
    d.clock.set(new Date(closedAt.getTime() + 10 * DAY + 1000));
    await d.db.retention.purge({ now: d.clock.now(), terms: await d.retentionTerms() });
    expect((await d.db.requests.get(filed.id))?.form ?? null).toBeNull();
    expect((await d.db.unidentified.get(filed.id))?.details).toBeNull();
    expect(
      (await (await portal.login('karin', 'itsme')).get(`/backoffice/requests/${filed.id}`)).status,
    ).toBe(200);

    // The link stops working when the document expires (3 months by default).
    d.clock.advance(100 * DAY);
    expect((await other.get(secure)).status).toBe(404);
    expect((await other.raw(doc!)).status).toBe(404);
  });

  it('the link of one request never opens another, wrong answers are rate-limited, and a refusal mail gives the reason', async () => {
    const a = portal.client();
    await fileWithoutLogin(a, 'a@example.org');
    const followA = await confirm(a, 'a@example.org');
    const b = portal.client();
    await fileWithoutLogin(b, 'b@example.org');
    const followB = await confirm(b, 'b@example.org');
    const idA = (await d.db.capabilityLinks.resolve(followA.split('/').pop()!, 90))!;
    expect(await d.db.capabilityLinks.resolve(followB.split('/').pop()!, 90)).not.toBe(idA);

    // A's browser filed A: it sees A, never B; B's link asks for B's address, and A's is wrong.
    expect((await a.get(followA)).status).toBe(200);
    const asked = await a.get(followB);
    expect(asked.text).toContain('Uw aanvraag bekijken');
    const csrf = hidden(asked.text, '_csrf');
    expect((await a.post(followB, { _csrf: csrf, email: 'a@example.org' })).status).toBe(422);
    // A browser that passed A's check keeps a device cookie for A only: B's link still asks
    // (the test client sends every cookie on every path; the server checks the cookie's link).
    const x = portal.client();
    const askedA = await x.get(followA);
    expect(
      (await x.post(followA, { _csrf: hidden(askedA.text, '_csrf'), email: 'a@example.org' })).status,
    ).toBe(303);
    expect(x.jar.header(`${portal.url}${followB}`)).toContain('smartloket-check=');
    const refB = (await d.db.requests.get(
      (await d.db.capabilityLinks.resolve(followB.split('/').pop()!, 90))!,
    ))!.reference;
    const xb = await x.get(followB);
    expect(xb.text).toContain('Uw aanvraag bekijken');
    expect(xb.text).not.toContain(refB);
    // Tokens that are not a valid link (a changed character, another request's id) are 404.
    const tampered = followA.slice(0, -1) + (followA.endsWith('A') ? 'B' : 'A');
    expect((await a.get(tampered)).status).toBe(404);
    expect((await a.get(`/follow/${idA}`)).status).toBe(404);
    for (const id of (await d.db.knex('requests').select('id')).map((r) => r.id as string)) {
      expect((await b.get(`/follow/${id}`)).status).toBe(404);
      expect((await b.get(`${followB}/documents/${id}`)).status).toBe(404);
    }
    // Three wrong answers per link per hour (configured): the fourth is refused unread.
    await a.post(followB, { _csrf: csrf, email: 'c@example.org' });
    await a.post(followB, { _csrf: csrf, email: 'd@example.org' });
    expect((await a.post(followB, { _csrf: csrf, email: 'b@example.org' })).status).toBe(429);

    await staffAct('refuse', idA, 'Het bewijsstuk is onleesbaar.');
    await d.runJobs();
    const refusal = [...mailbox.messages()].reverse().find((m) => m.envelope.to.includes('a@example.org'));
    expect(refusal?.text).toContain('Het bewijsstuk is onleesbaar.');
  });

  it('a type the plugin forbids (criminal-record extract) stays closed, even with the setting on; the setting turns a type off', async () => {
    expect(await d.requests.acceptsWithoutLogin('strafregister.model-595')).toBe(false);
    await d.db.settings.set('requestType.strafregister.model-595.withoutLogin', true, 'test');
    expect(await d.requests.acceptsWithoutLogin('strafregister.model-595')).toBe(false);
    const visitor = portal.client();
    const page = await visitor.get('/request/strafregister.model-595?withoutLogin=1');
    expect(page.text).not.toContain('Wie vraagt aan?');
    expect(page.text).not.toContain('Aanvragen zonder aan te melden');

    await d.db.settings.set(`requestType.${TYPE}.withoutLogin`, false, 'test');
    const off = await portal.client().get(`/request/${TYPE}?withoutLogin=1`);
    expect(off.text).not.toContain('Wie vraagt aan?');
    await d.db.settings.delete(`requestType.${TYPE}.withoutLogin`, 'test');
  });
});
