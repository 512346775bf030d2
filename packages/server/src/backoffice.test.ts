import { WorkingCalendar } from '@smartloket/core';
import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fillRequest,
  hidden,
  type PortalClient,
  startTestPortal,
  type TestPortal,
} from '../../../tests/support/portal.js';
import { ALL_BACKOFFICE_MESSAGES } from './backoffice-messages.js';
import { computeReport } from './backoffice-reports.js';

// On PostgreSQL when reachable (the concurrency test matters most there), else SQLite.
let database: TestDatabase | undefined;
let portal: TestPortal;
let jan: PortalClient;
let karin: PortalClient;
let pieter: PortalClient;
let ann: PortalClient;
const JAN_INSZ = '85673012367';

beforeAll(async () => {
  const unavailable = await postgresUnavailableReason();
  if (unavailable && process.env.CI) throw new Error(unavailable);
  if (!unavailable) database = await createTestDatabase('postgres');
  portal = await startTestPortal({ databaseUrl: database?.url, databaseOwnerUrl: database?.ownerUrl });
  [jan, karin, pieter, ann] = await Promise.all([
    portal.login('jan', 'itsme'),
    portal.login('karin', 'itsme'),
    portal.login('pieter', 'itsme'),
    portal.login('ann', 'itsme'),
  ]);
});
afterAll(async () => {
  await portal?.close();
  await database?.destroy();
});

/** Jan files a request through the portal; returns its id. */
async function file(
  typeId: string,
  steps: Record<string, string>[] = [{ forWhom: 'self' }],
): Promise<string> {
  const { draft, csrf } = await fillRequest(jan, typeId, steps);
  const done = await jan.post(`/request/${typeId}`, { _csrf: csrf, _draft: draft, _action: 'submit' });
  expect(done.status).toBe(303);
  const id = /\/my\/requests\/([0-9a-f-]{36})/.exec(done.location ?? '')?.[1];
  expect(id).toBeDefined();
  return id!;
}

/** Runs jobs until the request is delivered (the portal's own worker may hold the job). */
async function delivered(id: string): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    await portal.d.runJobs();
    if ((await portal.d.db.requests.get(id))!.state === 'delivered') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  expect((await portal.d.db.requests.get(id))!.state).toBe('delivered');
}

/** Opens the request page and posts an action with the version shown on it. */
async function act(client: PortalClient, id: string, form: Record<string, string>) {
  const page = await client.get(`/backoffice/requests/${id}`);
  expect(page.status).toBe(200);
  return client.post(`/backoffice/requests/${id}/act`, {
    _csrf: hidden(page.text, '_csrf'),
    version: hidden(page.text, 'version'),
    ...form,
  });
}

/** A session for a staff member limited to some request types (scopes), made in the database. */
async function scopedStaff(scopes: string[]): Promise<{
  get(p: string): Promise<Response>;
  post(p: string, f: Record<string, string>): Promise<Response>;
}> {
  const id = `scoped-${crypto.randomUUID()}`;
  await portal.d.db.sessions.create(id, {
    data: { csrf: 'scoped-csrf' },
    identity: {
      subject: 'staff:scoped',
      issuer: 'test',
      means: 'itsme',
      level: 'high',
      capacity: 'LB',
      legalRepresentativeOf: [],
      roles: [],
      staffRoles: ['case_handler'],
      staffScopes: scopes,
    },
    expiresAt: new Date(portal.d.clock.now().getTime() + 3600_000),
  });
  const headers = { cookie: `smartloket=${id}` };
  return {
    get: (p) => fetch(`${portal.url}${p}`, { headers, redirect: 'manual' }),
    post: (p, f) =>
      fetch(`${portal.url}${p}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: 'scoped-csrf', ...f }).toString(),
        redirect: 'manual',
      }),
  };
}

describe('back-office guard: roles and per-type scopes (404, never 403)', () => {
  it('sends a visitor to the login, and answers 404 to citizens and to staff without the role', async () => {
    const id = await file('test.reviewed');
    const anonymous = await portal.client().get('/backoffice');
    expect(anonymous.status).toBe(303);
    expect(anonymous.location).toMatch(/^\/login\?returnTo=%2Fbackoffice/);
    const routes = [
      '/backoffice',
      `/backoffice/requests/${id}`,
      '/backoffice/counter',
      '/backoffice/modules',
      '/backoffice/grants',
      '/backoffice/settings',
      '/backoffice/jobs',
      '/backoffice/reports',
      '/backoffice/reports.csv',
      '/backoffice/audit',
    ];
    const expectations: [PortalClient, string, number[]][] = [
      [jan, 'citizen', routes.map(() => 404)],
      [karin, 'case handler', [200, 200, 200, 404, 404, 404, 404, 404, 404, 404]],
      [pieter, 'administrator + case handler', routes.map(() => 200)],
      [ann, 'reporter', [404, 404, 404, 404, 404, 404, 404, 200, 200, 200]],
    ];
    for (const [client, who, statuses] of expectations) {
      const got = [];
      for (const r of routes) got.push((await client.get(r)).status);
      expect({ who, got }).toEqual({ who, got: statuses });
    }
    // Posting actions without the role changes nothing.
    const page = await jan.get('/');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    expect(
      (await jan.post(`/backoffice/requests/${id}/act`, { _csrf: csrf, action: 'approve' })).status,
    ).toBe(404);
    expect(
      (await ann.post(`/backoffice/requests/${id}/act`, { _csrf: csrf, action: 'approve' })).status,
    ).not.toBe(303);
    expect((await portal.d.db.requests.get(id))!.state).toBe('in_review');
  });

  it('hides requests of other types from a staff member with limited scopes', async () => {
    const id = await file('test.reviewed');
    const reference = (await portal.d.db.requests.get(id))!.reference;
    const other = await scopedStaff(['strafregister.*']);
    expect((await other.get(`/backoffice/requests/${id}`)).status).toBe(404);
    expect(await (await other.get('/backoffice')).text()).not.toContain(reference);
    const search = await other.post('/backoffice/search', { q: reference });
    expect(await search.text()).not.toContain(reference);
    expect(
      (await other.post(`/backoffice/requests/${id}/act`, { action: 'approve', version: '2' })).status,
    ).toBe(404);
    expect((await portal.d.db.requests.get(id))!.state).toBe('in_review');

    const same = await scopedStaff(['test.*']);
    expect((await same.get(`/backoffice/requests/${id}`)).status).toBe(200);
    expect(await (await same.get('/backoffice')).text()).toContain(reference);
  });
});

describe('inbox', () => {
  it('lists requests waiting for review first, filters, searches by reference, name and INSZ (POST), pages by keyset', async () => {
    const reviewed = await file('test.reviewed');
    const auto = await file('test.attest');
    await delivered(auto);
    const [r1, r2] = await Promise.all([portal.d.db.requests.get(reviewed), portal.d.db.requests.get(auto)]);
    expect(r2!.state).toBe('delivered');

    const inbox = await karin.get('/backoffice');
    expect(inbox.text.indexOf(r1!.reference)).toBeGreaterThan(-1);
    expect(inbox.text.indexOf(r2!.reference)).toBeGreaterThan(inbox.text.indexOf(r1!.reference));

    const filtered = await karin.get('/backoffice?type=test.attest&capacity=citizen');
    expect(filtered.text).toContain(r2!.reference);
    expect(filtered.text).not.toContain(r1!.reference);
    expect((await karin.get('/backoffice?capacity=organisation')).text).not.toContain(r2!.reference);
    expect((await karin.get('/backoffice?status=delivered')).text).not.toContain(r1!.reference);
    expect((await karin.get('/backoffice?mine=1')).text).not.toContain(r1!.reference);

    const csrf = hidden(inbox.text, '_csrf');
    for (const q of [r1!.reference, 'peeters', '85.67.30-123.67']) {
      const found = await karin.post('/backoffice/search', { _csrf: csrf, q });
      expect(found.status).toBe(200);
      expect(found.text).toContain(r1!.reference);
    }
    expect(JAN_INSZ).toHaveLength(11);

    // Keyset paging over both segments: every request once, waiting-for-review ones first.
    const all = await portal.d.db.backoffice.inbox({ scopes: ['*'] }, { limit: 1000 });
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await portal.d.db.backoffice.inbox({ scopes: ['*'] }, { limit: 2, after });
      seen.push(...page.items.map((r) => r.id));
      after = page.next;
    } while (after);
    expect(seen).toEqual(all.items.map((r) => r.id));
    const firstOther = all.items.findIndex(
      (r) => !['in_review', 'failed', 'submitted', 'in_progress'].includes(r.state),
    );
    expect(
      all.items
        .slice(firstOther)
        .every((r) => !['in_review', 'failed', 'submitted', 'in_progress'].includes(r.state)),
    ).toBe(true);

    // Saved filters belong to their owner.
    await karin.post('/backoffice/filters', {
      _csrf: csrf,
      name: 'Testattesten',
      query: 'type=test.attest&insz=1',
    });
    const withSaved = await karin.get('/backoffice');
    expect(withSaved.text).toContain('href="/backoffice?type=test.attest"');
    expect((await pieter.get('/backoffice')).text).not.toContain('Testattesten');
  });
});

describe('request handling', () => {
  it('approves once when two handlers act at once: one delivery, one e-mail, a clear message for the second', async () => {
    const id = await file('test.reviewed');
    const [a, b] = await Promise.all([
      karin.get(`/backoffice/requests/${id}`),
      pieter.get(`/backoffice/requests/${id}`),
    ]);
    const post = (c: PortalClient, page: string) =>
      c.post(`/backoffice/requests/${id}/act`, {
        _csrf: hidden(page, '_csrf'),
        version: hidden(page, 'version'),
        action: 'approve',
      });
    const results = await Promise.all([post(karin, a.text), post(pieter, b.text)]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 409]);
    const loser = results.find((r) => r.status === 409)!;
    expect(loser.text).toContain('Een collega heeft deze aanvraag intussen behandeld');
    await delivered(id);
    expect(await portal.d.db.documents.listByRequest(id)).toHaveLength(1);
    const mails = (await portal.d.db.outbox.listByRequest(id)).map(
      (m) => (m.payload as { kind: string }).kind,
    );
    expect(mails.filter((k) => k === 'delivered')).toHaveLength(1);
    const events = (await portal.d.db.events.list(id)).filter((e) => e.type === 'approve');
    expect(events).toHaveLength(1);
    expect(events[0]!.actor.type).toBe('staff');
  });

  it('refuses with a reason, asks for information and receives the answer, notes, assigns; views and downloads are audited', async () => {
    const refused = await file('test.reviewed');
    expect((await act(karin, refused, { action: 'refuse', reason: '' })).status).toBe(422);
    expect((await act(karin, refused, { action: 'refuse', reason: 'Geen volmacht' })).status).toBe(303);
    const r = await portal.d.db.requests.get(refused);
    expect(r!.state).toBe('refused');
    const refusal = (await portal.d.db.outbox.listByRequest(refused)).find(
      (m) => (m.payload as { kind: string }).kind === 'refused',
    );
    expect((refusal!.payload as { data: { reason: string } }).data.reason).toBe('Geen volmacht');

    const asked = await file('test.reviewed');
    expect(
      (await act(karin, asked, { action: 'ask', reason: 'Welk doel?', deadline: '2026-03-20' })).status,
    ).toBe(303);
    expect((await portal.d.db.requests.get(asked))!.state).toBe('waiting_requester');
    const mine = await jan.get(`/my/requests/${asked}`);
    await jan.post(`/my/requests/${asked}/answer`, {
      _csrf: hidden(mine.text, '_csrf'),
      version: hidden(mine.text, 'version'),
      text: 'Voor de notaris',
    });
    expect((await portal.d.db.requests.get(asked))!.state).toBe('in_review');
    const page = await karin.get(`/backoffice/requests/${asked}`);
    expect(page.text).toContain('Voor de notaris');

    const csrf = hidden(page.text, '_csrf');
    await karin.post(`/backoffice/requests/${asked}/note`, { _csrf: csrf, text: 'Gebeld met de aanvrager' });
    // Assigning is picking a colleague by name (the staff who logged in and may handle the type);
    // a typed id of someone else is refused.
    const notAllowed = await karin.post(`/backoffice/requests/${asked}/assign`, {
      _csrf: csrf,
      assignee: 'collega-7',
    });
    expect(notAllowed.status).toBe(422);
    expect(notAllowed.text).toContain('Deze collega mag dit type aanvraag niet behandelen.');
    const pieterId = /<option value="([^"]+)">Pieter Wouters<\/option>/.exec(page.text)?.[1];
    expect(pieterId).toBeDefined();
    expect(page.text).not.toContain('>Ann Lambert<'); // a reporter handles no requests
    await karin.post(`/backoffice/requests/${asked}/assign`, { _csrf: csrf, assignee: pieterId! });
    const after = await karin.get(`/backoffice/requests/${asked}`);
    expect(after.text).toContain('Gebeld met de aanvrager');
    expect((await portal.d.db.requests.get(asked))!.assigneeId).toBe(pieterId);
    expect(after.text).toContain('Karin Goossens wees de aanvraag toe aan Pieter Wouters.');
    await karin.post(`/backoffice/requests/${asked}/assign`, { _csrf: csrf, assignee: '' });
    const cleared = await karin.get(`/backoffice/requests/${asked}`);
    expect(cleared.text).toContain('Karin Goossens haalde de toewijzing weg.');

    const done = await file('test.attest');
    await delivered(done);
    const doc = (await portal.d.db.documents.listByRequest(done))[0]!;
    const view = await karin.get(`/backoffice/requests/${done}`);
    expect(view.text).toContain(`/backoffice/requests/${done}/documents/${doc.id}`);
    const download = await karin.raw(`/backoffice/requests/${done}/documents/${doc.id}`);
    expect(download.status).toBe(200);
    expect(
      Buffer.from(await download.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const audit = await portal.d.db.audit.list({
      requestId: done,
      categories: ['staff_view', 'staff_download'],
    });
    expect(audit.map((a) => a.category).sort()).toEqual(['staff_download', 'staff_view']);
    expect(audit.every((a) => a.actor.type === 'staff' && a.subjectId === JAN_INSZ)).toBe(true);
  });

  it('files a request at the counter, recorded as such', async () => {
    const form = await karin.get('/backoffice/counter');
    const res = await karin.post('/backoffice/counter', {
      _csrf: hidden(form.text, '_csrf'),
      _key: hidden(form.text, '_key'),
      type: 'test.attest',
      insz: '85.67.30-123.67',
      givenName: 'Jan',
      familyName: 'Peeters',
      identityChecked: '1',
    });
    expect(res.status).toBe(303);
    const id = /requests\/([0-9a-f-]{36})/.exec(res.location ?? '')![1]!;
    const r = await portal.d.db.requests.get(id);
    expect(r!.requesterKind).toBe('counter');
    expect(r!.requester.means).toBe('counter');
    expect(r!.requester.filedBy?.name).toBe('Karin Goossens');
    const bad = await karin.post('/backoffice/counter', {
      _csrf: hidden(form.text, '_csrf'),
      type: 'test.attest',
      insz: '12345678901',
      identityChecked: '1',
    });
    expect(bad.status).toBe(422);
  });
});

describe('administration', () => {
  it('turns automatic delivery off for a type, adds and revokes grants (KBO validated, audited), retries dead jobs', async () => {
    const modules = await pieter.get('/backoffice/modules');
    expect(modules.text).toContain('test:Register-01.00');
    expect(modules.text).toContain('Test legal basis');
    const csrf = hidden(modules.text, '_csrf');
    await pieter.post('/backoffice/modules/test.attest', { _csrf: csrf, enabled: '1', documentMonths: '6' });
    expect(await portal.d.db.settings.get('requestType.test.attest.autoDelivery')).toBe(false);
    const id = await file('test.attest');
    const r = await portal.d.db.requests.get(id);
    expect(r!.state).toBe('in_review');
    expect(r!.decision!.reasons.map((x) => x.ruleId)).toContain('settings.auto-delivery-off');
    await pieter.post('/backoffice/modules/test.attest', {
      _csrf: csrf,
      enabled: '1',
      autoDelivery: '1',
      documentMonths: '6',
    });
    expect(await portal.d.db.settings.get('requestType.test.attest.autoDelivery')).toBe(true);

    expect(
      (await pieter.post('/backoffice/grants', { _csrf: csrf, kbo: '0123.456.789', types: 'test.attest' }))
        .status,
    ).toBe(422);
    expect(
      (await pieter.post('/backoffice/grants', { _csrf: csrf, kbo: '0417.123.457', types: 'test.attest' }))
        .status,
    ).toBe(303);
    const [grant] = await portal.d.db.grants.list({ kbo: '0417123457' });
    expect(grant!.requestTypeId).toBe('test.attest');
    // The list names the type by its title, never by its id.
    const listed = await pieter.get('/backoffice/grants');
    const row = /<tbody>([\s\S]*?)<\/tbody>/.exec(listed.text)![1]!;
    expect(row).toContain('0417.123.457');
    expect(row).toContain('Testattest');
    expect(listed.text).not.toContain('test.attest)');
    expect(row).not.toMatch(/>test\.attest</);
    await pieter.post(`/backoffice/grants/${grant!.id}/revoke`, { _csrf: csrf });
    expect((await portal.d.db.grants.get(grant!.id))!.revokedAt).not.toBeNull();
    const audit = await portal.d.db.audit.list({ subjectId: '0417123457' });
    // Same clock instant: the order of the two rows is not defined, the set is.
    expect(audit.map((a) => a.category).sort()).toEqual(['grant_added', 'grant_revoked']);

    const settings = await pieter.post('/backoffice/settings', { _csrf: csrf, nisCode: '1234' });
    expect(settings.status).toBe(422);
    await pieter.post('/backoffice/settings', { _csrf: csrf, nisCode: '44021', languages: 'nl,fr' });
    expect(await portal.d.db.settings.get('municipality.nisCode')).toBe('44021');
    // Name, address and colour reach the pages at once; the configuration stays the fallback.
    await pieter.post('/backoffice/settings', {
      _csrf: csrf,
      name: 'Gemeente Proefstad',
      address: 'Stationsstraat 5, 9000 Proefstad',
      primaryColour: '#aa0033',
    });
    const home = await pieter.get('/');
    expect(home.text).toContain('Gemeente Proefstad');
    expect(home.text).toContain('Stationsstraat 5, 9000');
    expect((await pieter.get('/assets/site.css')).text).toContain('--primary:#aa0033');
    await pieter.post('/backoffice/settings', { _csrf: csrf });
    expect((await pieter.get('/')).text).not.toContain('Gemeente Proefstad');

    const job = await portal.d.db.jobs.enqueue({ type: 'test.never', payload: {}, maxAttempts: 1 });
    await portal.d.db.knex('jobs').where({ id: job.id }).update({ state: 'dead', last_error: 'boom' });
    const dead = await pieter.get('/backoffice/jobs');
    expect(dead.text).toContain('boom');
    await pieter.post(`/backoffice/jobs/${job.id}/retry`, { _csrf: csrf });
    expect((await portal.d.db.jobs.get(job.id))!.state).not.toBe('dead');
    await portal.d.db.knex('jobs').where({ id: job.id }).delete();
  });
});

describe('reports', () => {
  it('computes known figures on a seeded data set', () => {
    const t0 = new Date('2026-03-01T08:00:00Z');
    const at = (min: number) => new Date(t0.getTime() + min * 60_000);
    const row = (typeId: string, state: string, lead: number | null, staff: boolean) => ({
      id: crypto.randomUUID(),
      typeId,
      kind: 'certificate' as const,
      state: state as never,
      createdAt: t0,
      handledAt: staff ? at(1) : null,
      deliveredAt: state === 'delivered' && lead !== null ? at(lead) : null,
      closedAt: lead !== null ? at(lead) : null,
      dueAt: null,
      waits: [],
    });
    const lines = computeReport(
      [
        row('a', 'delivered', 1, false),
        row('a', 'delivered', 2, false),
        row('a', 'delivered', 3, false),
        row('a', 'delivered', 60, true),
        row('a', 'refused', 10, true),
        row('b', 'in_review', null, false),
        row('b', 'denied', 0, false),
      ],
      new Map([['a', 2]]),
      { calendar: new WorkingCalendar(), today: '2026-03-01' },
    );
    const a = lines.find((x) => x.typeId === 'a')!;
    expect(a).toMatchObject({ requests: 5, automatic: 3, manual: 2, refusals: 1, sourceFailures: 2 });
    expect(a.automaticShare).toBeCloseTo(0.6);
    expect(a.medianLeadMs).toBe(3 * 60_000);
    expect(a.p90LeadMs).toBe(60 * 60_000);
    const total = lines.find((x) => x.typeId === '*')!;
    expect(total).toMatchObject({ requests: 7, automatic: 3, manual: 2, refusals: 2, sourceFailures: 2 });
    expect(total.medianLeadMs).toBe(2.5 * 60_000);
  });

  it('shows the same numbers on the page, in the CSV and in the workbook', async () => {
    const query = '?from=2026-03-01&to=2026-03-31';
    const page = await ann.get(`/backoffice/reports${query}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<svg');
    const csv = await ann.get(`/backoffice/reports.csv${query}`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const csvRows = csv.text
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    const xlsx = await ann.raw(`/backoffice/reports.xlsx${query}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheetRows: string[][] = [];
    wb.worksheets[0]!.eachRow((r) =>
      sheetRows.push(
        (r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))),
      ),
    );
    expect(sheetRows).toEqual(csvRows.map((r) => r.map((c) => c)));
    const total = csvRows.find((r) => r[0] === '*')!;
    const filed = await portal.d.db.requests.count({
      createdFrom: new Date('2026-03-01'),
      createdTo: new Date('2026-04-01'),
    });
    expect(Number(total[1])).toBe(filed);
    expect(filed).toBeGreaterThan(5);

    const audit = await ann.get(
      '/backoffice/audit?from=2026-03-01&to=2026-03-31&category=consultation_started',
    );
    expect(audit.text).toContain('test:Register-01.00');
    // Purposes are told in words, never as the codes the audit log keeps.
    const marked = await portal.d.db.consultations.started({
      pluginId: 'test',
      service: 'test:Register-01.00',
      legalBasis: 'test',
      purpose: 'prefill:test.attest',
      referte: 'ref-prefill',
      subjectId: '85073003328',
      actor: { type: 'citizen', id: 'jan' },
      at: new Date('2026-03-15T10:00:00Z'),
    });
    await portal.d.db.consultations.finished(marked, { outcome: 'ok', at: new Date('2026-03-15T10:00:01Z') });
    await portal.d.db.consultations.started({
      pluginId: 'test',
      service: 'test:Register-01.00',
      legalBasis: 'test',
      purpose: 'household-check',
      referte: 'ref-household',
      subjectId: '85073003328',
      actor: { type: 'system' },
      at: new Date('2026-03-15T10:00:02Z'),
    });
    const worded = await ann.get(
      '/backoffice/audit?from=2026-03-15&to=2026-03-15&category=consultation_started',
    );
    expect(worded.text).toContain('Het formulier &quot;Testattest&quot; vooraf invullen');
    expect(worded.text).toContain('Nagaan wie tot het gezin behoort');
    expect(worded.text).not.toContain('prefill:');
    expect(worded.text).not.toContain('household-check');
    const auditCsv = await ann.get(
      '/backoffice/audit.csv?from=2026-03-01&to=2026-03-31&category=consultation_started',
    );
    expect(auditCsv.text.split('\r\n')[0]).toContain('referte');
    const sar = await ann.post('/backoffice/audit/subject', {
      _csrf: hidden(audit.text, '_csrf'),
      insz: '85.67.30-123.67',
    });
    expect(sar.status).toBe(200);
    const body = JSON.parse(sar.text) as { requests: unknown[]; audit: unknown[] };
    expect(body.requests.length).toBeGreaterThan(3);
    expect(body.audit.length).toBeGreaterThan(3);
  });

  it('has every back-office message in three languages', () => {
    for (const [key, text] of Object.entries(ALL_BACKOFFICE_MESSAGES)) {
      expect({ key, nl: !!text.nl, fr: !!text.fr, en: !!text.en }).toEqual({
        key,
        nl: true,
        fr: true,
        en: true,
      });
    }
  });
});

describe('API connections', () => {
  /** Posts a form with repeated fields (checkboxes) as `client`. */
  async function postForm(client: PortalClient, path: string, fields: [string, string][]) {
    const url = new URL(path, portal.url).href;
    const res = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: client.jar.header(url) ?? '' },
    });
    return { status: res.status, text: await res.text(), location: res.headers.get('location') };
  }
  const token = async (id: string, secret: string) =>
    (
      await fetch(`${portal.url}/api/v1/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: id, client_secret: secret }),
      })
    ).status;

  it('lets an administrator create (secret once), rotate and revoke a connection; audited, CSRF-checked', async () => {
    const page = await pieter.get('/backoffice/api-clients');
    expect(page.status).toBe(200);
    expect(page.text).toContain('API-koppelingen');
    expect(page.text).toContain('aanvragen behandelen (goedkeuren, weigeren, afleveren)');
    const csrf = hidden(page.text, '_csrf');
    expect((await jan.get('/backoffice/api-clients')).status).toBe(404);
    for (const [who, home] of [
      [karin, '/backoffice'],
      [ann, '/backoffice/reports'],
    ] as const) {
      expect((await who.get('/backoffice/api-clients')).status).toBe(404);
      const own = hidden((await who.get(home)).text, '_csrf');
      expect(own).not.toBe('');
      expect(
        (await who.post('/backoffice/api-clients', { _csrf: own, name: 'x', scopes: 'read' })).status,
      ).toBe(404);
    }
    const before = (await portal.d.db.apiClients.list()).length;
    expect((await pieter.post('/backoffice/api-clients', { name: 'x', scopes: 'read' })).status).toBe(403);
    const noName = await postForm(pieter, '/backoffice/api-clients', [
      ['_csrf', csrf],
      ['name', '  '],
      ['scopes', 'read'],
    ]);
    expect(noName.status).toBe(422);
    expect(noName.text).toContain('Geef het systeem een naam');
    const noScope = await postForm(pieter, '/backoffice/api-clients', [
      ['_csrf', csrf],
      ['name', 'Zaaksysteem'],
    ]);
    expect(noScope.status).toBe(422);
    expect(noScope.text).toContain('Kies wat het systeem mag doen.');
    expect(noScope.text).toContain('value="Zaaksysteem"');
    expect((await portal.d.db.apiClients.list()).length).toBe(before);

    const created = await postForm(pieter, '/backoffice/api-clients', [
      ['_csrf', csrf],
      ['name', 'Zaaksysteem'],
      ['scopes', 'read'],
      ['scopes', 'act'],
      ['types', 'test.reviewed'],
      ['types', 'not.a-type'],
    ]);
    expect(created.status).toBe(200);
    expect(created.text).toContain('Het wordt alleen nu getoond');
    const secret = /<code class="credential secret">([^<]+)<\/code>/.exec(created.text)?.[1] ?? '';
    expect(secret).toMatch(/^slk_/);
    const client = (await portal.d.db.apiClients.list()).find((c) => c.name === 'Zaaksysteem')!;
    expect(client).toMatchObject({ scopes: ['read', 'act'], requestTypes: ['test.reviewed'] });
    expect(await token(client.id, secret)).toBe(200);

    const list = await pieter.get('/backoffice/api-clients');
    expect(list.text).toContain('Zaaksysteem');
    expect(list.text).toContain(`${client.tokenPrefix}…`);
    expect(list.text).not.toContain(secret);
    expect(list.text).not.toContain(`>${client.id}<`);

    expect(list.text).toContain(`href="/backoffice/api-clients/${client.id}/rotate"`);
    const ask = await pieter.get(`/backoffice/api-clients/${client.id}/rotate`);
    expect(ask.status).toBe(200);
    expect(ask.text).toContain('Nieuw geheim voor „Zaaksysteem”?');
    expect(ask.text).toContain('werken meteen niet meer');
    expect(await token(client.id, secret)).toBe(200); // asking changes nothing
    expect((await pieter.get(`/backoffice/api-clients/${client.id}/delete`)).status).toBe(404);
    expect((await karin.get(`/backoffice/api-clients/${client.id}/revoke`)).status).toBe(404);
    expect((await pieter.post(`/backoffice/api-clients/${client.id}/rotate`, {})).status).toBe(403);
    const rotated = await pieter.post(`/backoffice/api-clients/${client.id}/rotate`, { _csrf: csrf });
    expect(rotated.status).toBe(200);
    expect(rotated.text).toContain('Het vorige geheim werkt niet meer.');
    const newSecret = /<code class="credential secret">([^<]+)<\/code>/.exec(rotated.text)?.[1] ?? '';
    expect(newSecret).not.toBe(secret);
    expect(await token(client.id, secret)).toBe(401);
    expect(await token(client.id, newSecret)).toBe(200);

    expect((await pieter.get(`/backoffice/api-clients/${client.id}/revoke`)).text).toContain(
      'Koppeling „Zaaksysteem” intrekken?',
    );
    const revoked = await pieter.post(`/backoffice/api-clients/${client.id}/revoke`, { _csrf: csrf });
    expect(revoked.status).toBe(303);
    expect((await pieter.get(revoked.location!)).text).toContain('De koppeling is ingetrokken');
    expect(await token(client.id, newSecret)).toBe(401);
    expect((await pieter.post(`/backoffice/api-clients/${client.id}/revoke`, { _csrf: csrf })).status).toBe(
      404,
    );
    expect((await pieter.post('/backoffice/api-clients/nope/rotate', { _csrf: csrf })).status).toBe(404);
    expect((await pieter.get(`/backoffice/api-clients/${client.id}/revoke`)).status).toBe(404);

    const audit = (
      await portal.d.db.knex('audit_log').where('category', 'like', 'api_client_%').select()
    ).filter((r) => JSON.stringify(r.data).includes(client.id));
    expect(audit.map((r) => r.category).sort()).toEqual([
      'api_client_created',
      'api_client_revoked',
      'api_client_rotated',
    ]);
    for (const r of audit) {
      expect(JSON.stringify(r.actor)).toContain('staff');
      expect(JSON.stringify(r)).not.toContain(secret.slice(4));
      expect(JSON.stringify(r)).not.toContain(newSecret.slice(4));
    }
  });

  it('has every new text in Dutch, French and English', () => {
    for (const key of ['apiClients', 'apiSecretOnce', 'apiScope.act', 'apiRevoked']) {
      const m = (ALL_BACKOFFICE_MESSAGES as Record<string, { nl: string; fr: string; en: string }>)[key]!;
      expect(m.nl && m.fr && m.en && m.nl !== m.en).toBeTruthy();
    }
  });
});
