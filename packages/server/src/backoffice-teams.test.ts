import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fillRequest,
  hidden,
  type PortalClient,
  startTestPortal,
  type TestPortal,
} from '../../../tests/support/portal.js';
import { parseDay } from './backoffice-routes.js';

// On PostgreSQL when reachable, else SQLite (the repository tests cover both dialects).
let database: TestDatabase | undefined;
let portal: TestPortal;
let jan: PortalClient;
let karin: PortalClient;
let pieter: PortalClient;
let karinId: string;
let pieterId: string;

beforeAll(async () => {
  const unavailable = await postgresUnavailableReason();
  if (unavailable && process.env.CI) throw new Error(unavailable);
  if (!unavailable) database = await createTestDatabase('postgres');
  portal = await startTestPortal({ databaseUrl: database?.url, databaseOwnerUrl: database?.ownerUrl });
  [jan, karin, pieter] = await Promise.all([
    portal.login('jan', 'itsme'),
    portal.login('karin', 'itsme'),
    portal.login('pieter', 'itsme'),
  ]);
  const staff = await portal.d.db.teams.staff();
  karinId = staff.find((s) => s.name === 'Karin Goossens')!.subject;
  pieterId = staff.find((s) => s.name === 'Pieter Wouters')!.subject;
});
afterAll(async () => {
  await portal?.close();
  await database?.destroy();
});

async function file(typeId: string): Promise<string> {
  const { draft, csrf } = await fillRequest(jan, typeId, [{ forWhom: 'self' }]);
  const done = await jan.post(`/request/${typeId}`, { _csrf: csrf, _draft: draft, _action: 'submit' });
  return /\/my\/requests\/([0-9a-f-]{36})/.exec(done.location ?? '')![1]!;
}

/** Posts a form with repeated keys (checkbox lists), as a browser does. */
async function postPairs(client: PortalClient, path: string, pairs: [string, string][]) {
  const url = `${portal.url}${path}`;
  const response = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: client.jar.header(url) ?? '' },
    body: new URLSearchParams(pairs).toString(),
  });
  return {
    status: response.status,
    location: response.headers.get('location') ?? undefined,
    text: await response.text(),
  };
}

/** A request straight in the database (many of them, past the portal's submit rate limit). */
async function inReview(
  state: 'in_review' | 'failed' = 'in_review',
  outcome: 'auto' | 'review' = 'review',
): Promise<string> {
  const r = await portal.d.db.requests.insert({
    typeId: state === 'failed' ? 'test.attest' : 'test.reviewed',
    pluginId: 'test',
    kind: 'certificate',
    state,
    locale: 'nl',
    requester: { kind: 'citizen', id: 'jan', level: 'high', insz: '85673012367', name: 'Jan Peeters' },
    subject: { insz: '85673012367', relation: 'self' },
    form: { forWhom: 'self' },
    decision: { outcome, reasons: [], verdicts: [] },
  });
  return r.id;
}

const refOf = async (id: string) => (await portal.d.db.requests.get(id))!.reference;

describe('teams, views and bulk actions in the inbox', () => {
  it('records staff at login, and an administrator makes a team of request types and members', async () => {
    const page = await pieter.get('/backoffice/teams');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Karin Goossens');
    expect(page.text).not.toContain('Jan Peeters'); // citizens are not staff
    expect((await karin.get('/backoffice/teams')).status).toBe(404); // case handlers do not administer
    const csrf = hidden(page.text, '_csrf');
    const saved = await pieter.post('/backoffice/teams', {
      _csrf: csrf,
      name: 'Burgerzaken',
      types: 'test.reviewed',
      members: karinId,
    });
    expect(saved.status).toBe(303);
    // An unknown type and a member who is not staff are dropped.
    await postPairs(pieter, '/backoffice/teams', [
      ['_csrf', csrf],
      ['name', 'Openbaar domein'],
      ['types', 'test.*'],
      ['types', 'nope.x'],
      ['members', 'stranger'],
    ]);
    const teams = await portal.d.db.teams.teams();
    expect(teams.map((t) => [t.name, t.typePatterns, t.members])).toEqual([
      ['Burgerzaken', ['test.reviewed'], [karinId]],
      ['Openbaar domein', ['test.*'], []],
    ]);
    expect((await pieter.post('/backoffice/teams', { _csrf: csrf, name: ' ' })).status).toBe(422);
    const audit = await portal.d.db.audit.list({ categories: ['team_saved'] });
    expect(audit.length).toBe(2);
  });

  it('shows counts per state and team, and the views mine, my team and unassigned', async () => {
    const reviewed = [await file('test.reviewed'), await file('test.reviewed')];
    const refs = await Promise.all(reviewed.map(refOf));
    const page = await karin.get('/backoffice');
    expect(page.text).toMatch(/<span class="count">\d+<\/span> Burgerzaken/);
    expect(page.text).toContain('Mijn team');
    const csrf = hidden(page.text, '_csrf');
    await karin.post(`/backoffice/requests/${reviewed[0]}/assign`, { _csrf: csrf, assignee: karinId });

    const mine = await karin.get('/backoffice?view=mine');
    expect(mine.text).toContain(refs[0]);
    expect(mine.text).not.toContain(refs[1]);
    expect(mine.text).toMatch(/aria-current="page"[^>]*>Mijn taken|>Mijn taken</);
    // The old checkbox parameter is the same view.
    expect((await karin.get('/backoffice?mine=1')).text).toContain(refs[0]);
    const unassigned = await karin.get('/backoffice?view=unassigned');
    expect(unassigned.text).toContain(refs[1]);
    expect(unassigned.text).not.toContain(refs[0]);
    const team = await karin.get('/backoffice?view=team');
    expect(team.text).toContain(refs[0]);
    expect(team.text).toContain(refs[1]);
    // Pieter is in no team: no "my team" view, and the view shows nothing if asked anyway.
    expect((await pieter.get('/backoffice')).text).not.toContain('Mijn team');
    expect((await pieter.get('/backoffice?view=team')).text).not.toContain(refs[1]);
  });

  it('keeps the filter across pages, takes Belgian dates and refuses others clearly', async () => {
    for (let i = 0; i < 26; i++) await inReview();
    const first = await karin.get('/backoffice?type=test.reviewed&view=unassigned');
    const next = /<a href="(\/backoffice\?[^"]+)" rel="next">/
      .exec(first.text)?.[1]
      ?.replaceAll('&amp;', '&');
    expect(next).toContain('type=test.reviewed');
    expect(next).toContain('view=unassigned');
    const second = await karin.get(next!);
    expect(second.status).toBe(200);
    expect(second.text).toContain('Eerste pagina');
    expect(second.text).toContain('<details class="find" open>');
    const today = portal.d.clock.now();
    const be = `${String(today.getUTCDate()).padStart(2, '0')}/${String(today.getUTCMonth() + 1).padStart(2, '0')}/${today.getUTCFullYear()}`;
    const dated = await karin.get(`/backoffice?from=${encodeURIComponent(be)}&to=${encodeURIComponent(be)}`);
    expect(dated.status).toBe(200);
    expect(dated.text).toContain('SL-');
    const bad = await karin.get('/backoffice?from=31/02/2026');
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Geef een datum als dd/mm/jjjj.');
    // Without a filter the search and filters stay folded.
    expect((await karin.get('/backoffice')).text).toContain('<details class="find">');
  });

  it('assigns several requests at once and approves, after a confirmation, those the rules allowed that failed at the source', async () => {
    const ids = [await inReview(), await inReview()];
    const page = await karin.get('/backoffice?view=unassigned');
    const csrf = hidden(page.text, '_csrf');
    const done = await postPairs(karin, '/backoffice/bulk', [
      ['_csrf', csrf],
      ['id', ids[0]!],
      ['id', ids[1]!],
      ['bulkAction', 'assign'],
      ['assignee', pieterId],
      ['returnQuery', 'view=unassigned&evil=1'],
    ]);
    expect(done.status).toBe(303);
    expect(done.location).toBe('/backoffice?view=unassigned&bulk=2-0');
    for (const id of ids) expect((await portal.d.db.requests.get(id))!.assigneeId).toBe(pieterId);
    const shown = await karin.get(done.location!);
    expect(shown.text).toContain('2 aanvragen verwerkt, 0 overgeslagen');

    // Approve several: only requests the rules allowed automatically that failed at the source;
    // a confirmation page first, which changes nothing.
    const failed = await inReview('failed', 'auto');
    const failed2 = await inReview('failed', 'auto');
    const judged = await inReview('failed', 'review'); // a clerk approved it: not in a batch
    const asked = await postPairs(karin, '/backoffice/bulk', [
      ['_csrf', csrf],
      ['id', failed],
      ['id', failed2],
      ['id', judged],
      ['id', ids[0]!],
      ['bulkAction', 'approve'],
      ['returnQuery', 'view=unassigned'],
    ]);
    expect(asked.status).toBe(200);
    const confirm = asked.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(confirm).toContain('Meerdere aanvragen goedkeuren');
    expect(confirm).toContain('2 geselecteerde aanvragen horen hier niet bij');
    expect(confirm).toContain(await refOf(failed));
    expect(confirm).toContain(await refOf(failed2));
    expect(confirm).not.toContain(await refOf(judged));
    expect(confirm).toContain('Bevestigen: 2 aanvragen goedkeuren');
    expect((await portal.d.db.requests.get(failed))!.state).toBe('failed');
    const form = asked.text.slice(asked.text.indexOf('<form method="post" action="/backoffice/bulk"'));
    const pairs = [
      ...form
        .slice(0, form.indexOf('</form>'))
        .matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g),
    ].map((m) => [m[1]!, m[2]!.replaceAll('&amp;', '&')] as [string, string]);
    expect(pairs).toContainEqual(['id', `${failed}:1`]);

    // A colleague changes one meanwhile: it is skipped, the other is approved and audited.
    await portal.d.db.knex('requests').where({ id: failed2 }).increment('version', 1);
    const approved = await postPairs(karin, '/backoffice/bulk', pairs);
    // Skipped: the two left out on the confirmation page and the one changed meanwhile.
    expect(approved.location).toBe('/backoffice?view=unassigned&bulk=1-3');
    expect((await portal.d.db.requests.get(failed))!.state).not.toBe('failed');
    expect((await portal.d.db.requests.get(failed2))!.state).toBe('failed');
    expect((await portal.d.db.requests.get(judged))!.state).toBe('failed');
    expect((await portal.d.db.requests.get(ids[0]!))!.state).toBe('in_review');
    const audit = await portal.d.db.audit.list({ categories: ['bulk_approved'] });
    expect(audit.map((a) => [a.requestId, a.actor.type])).toEqual([[failed, 'staff']]);
    expect(audit[0]?.subjectId).toBe('85673012367');

    // Nothing to approve in the selection: straight back with the count.
    const none = await postPairs(karin, '/backoffice/bulk', [
      ['_csrf', csrf],
      ['id', judged],
      ['bulkAction', 'approve'],
    ]);
    expect(none.location).toBe('/backoffice?bulk=0-1');
  });

  it("follows the Flemish look by default; the municipality's accent, font and favicon reach the pages", async () => {
    const css = (await pieter.get('/assets/site.css')).text;
    expect(css).toContain('"Flanders Art Sans"');
    expect(css).toContain('--accent:#ffe615');
    const icon = await pieter.raw('/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toContain('image/svg+xml');
    expect((await pieter.get('/')).text).toContain('<link rel="icon" href="/favicon.svg"/>');

    const page = await pieter.get('/backoffice/settings');
    const csrf = hidden(page.text, '_csrf');
    const bad = await pieter.post('/backoffice/settings', {
      _csrf: csrf,
      fontFamily: 'x;}body{display:none',
    });
    expect(bad.status).toBe(422);
    await pieter.post('/backoffice/settings', {
      _csrf: csrf,
      accentColour: '#00aa55',
      fontFamily: '"Open Sans", Arial, sans-serif',
      favicon: '/static/proefstad.svg',
    });
    const after = (await pieter.get('/assets/site.css')).text;
    expect(after).toContain('--accent:#00aa55');
    expect(after).toContain('font-family:"Open Sans", Arial, sans-serif');
    expect((await pieter.get('/')).text).toContain('<link rel="icon" href="/static/proefstad.svg"/>');
    expect((await karin.get('/backoffice')).text).toContain(
      '<link rel="icon" href="/static/proefstad.svg"/>',
    );
    const redirect = await pieter.raw('/favicon.ico');
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/static/proefstad.svg');
    await pieter.post('/backoffice/settings', { _csrf: csrf });
  });

  it('reads Belgian and ISO days, and nothing else', () => {
    expect(parseDay('07/12/2026')?.toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(parseDay('7.12.2026')?.toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(parseDay('2026-12-07')?.toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(parseDay('31/02/2026')).toBeUndefined();
    expect(parseDay('12/2026')).toBeUndefined();
  });
});
