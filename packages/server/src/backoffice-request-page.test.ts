import { REQUEST_ACTIONS, REQUEST_STATES } from '@smartloket/core';
import { forEachDatabase } from '@smartloket/db/testing';
import { createTestPlugin } from '@smartloket/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { meldingPlugin } from '../../../examples/plugin-melding/src/index.js';
import { filePermit, PDF, PERMIT_TYPE, PNG, permitPlugin } from '../../../tests/support/permit-plugin.js';
import {
  fillRequest,
  hidden,
  type PortalClient,
  startTestPortal,
  type TestPortal,
} from '../../../tests/support/portal.js';

/** The page's visible text: no head, no tags, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<head>[\s\S]*?<\/head>/, ' ')
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** Codes that must never reach a clerk's screen, found in `text`. */
function codesIn(text: string, ruleIds: string[]): string[] {
  const found: string[] = [];
  for (const s of REQUEST_STATES) if (new RegExp(`\\b${s}\\b`).test(text)) found.push(`state ${s}`);
  for (const a of REQUEST_ACTIONS) if (new RegExp(`\\b${a}\\b`).test(text)) found.push(`action ${a}`);
  for (const id of ruleIds) if (text.includes(id)) found.push(`rule ${id}`);
  if (/[{[]\s*"[^"]*"\s*:/.test(text)) found.push('JSON');
  for (const s of ['(self)', 'requester:', 'staff:', 'system:', 'uploadId'])
    if (text.includes(s)) found.push(s);
  // Audit categories and other snake_case codes (staff_view, consultation_started, ...).
  for (const m of text.matchAll(/\b[a-z]+(?:_[a-z]+)+\b/g)) found.push(`code ${m[0]}`);
  return found;
}

forEachDatabase('back-office request page', (_url, db) => {
  let portal: TestPortal;
  let jan: PortalClient;
  let karin: PortalClient;
  let pieter: PortalClient;
  const ids = {} as Record<string, string> & {
    permit: string;
    report: string;
    other: string;
    child: string;
    asked: string;
  };

  async function file(typeId: string, values: Record<string, string>): Promise<string> {
    const { draft, csrf } = await fillRequest(jan, typeId, [values]);
    const done = await jan.post(`/request/${typeId}`, { _csrf: csrf, _draft: draft, _action: 'submit' });
    expect(done.status).toBe(303);
    return /\/my\/requests\/([0-9a-f-]{36})/.exec(done.location ?? '')![1]!;
  }

  async function act(client: PortalClient, id: string, form: Record<string, string>, path = 'act') {
    const page = await client.get(`/backoffice/requests/${id}`);
    expect(page.status).toBe(200);
    const res = await client.post(`/backoffice/requests/${id}/${path}`, {
      _csrf: hidden(page.text, '_csrf'),
      version: hidden(page.text, 'version'),
      ...form,
    });
    expect(res.status).toBe(303);
  }

  async function settle(id: string, states: string[]) {
    for (let i = 0; i < 3000; i++) {
      await portal.d.runJobs();
      if (states.includes((await portal.d.db.requests.get(id))!.state)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await portal.d.db.requests.get(id))!.state).toBeOneOf(states);
  }

  beforeAll(async () => {
    portal = await startTestPortal({
      databaseUrl: db.url,
      databaseOwnerUrl: db.ownerUrl,
      plugins: [createTestPlugin(), meldingPlugin, permitPlugin],
    });
    [jan, karin, pieter] = await Promise.all([
      portal.login('jan', 'itsme'),
      portal.login('karin', 'itsme'),
      portal.login('pieter', 'itsme'),
    ]);
    // The demo's requests in every kind of state, filed and handled through the screens.
    ids.delivered = await file('test.attest', { forWhom: 'self', purpose: 'Werkgever' });
    ids.child = await file('test.attest', { forWhom: 'child', subjectInsz: '14650206274' });
    ids.other = await file('test.reviewed', {
      forWhom: 'other',
      subjectInsz: '90631224676',
      ground: 'Volmacht van mijn buurvrouw',
    });
    ids.asked = await file('test.reviewed', { forWhom: 'self' });
    ids.refused = await file('test.reviewed', { forWhom: 'self' });
    ids.denied = await file('test.adults-only', { forWhom: 'self' });
    ids.report = await file('test.melding', { description: 'Lamp kapot in de Stationsstraat' });
    ids.permit = await filePermit(jan);
    await settle(ids.delivered, ['delivered']);
    await act(karin, ids.asked, { action: 'ask', reason: 'Voor welk doel?', deadline: '2027-01-15' });
    const mine = await jan.get(`/my/requests/${ids.asked}`);
    await jan.post(`/my/requests/${ids.asked}/answer`, {
      _csrf: hidden(mine.text, '_csrf'),
      version: hidden(mine.text, 'version'),
      text: 'Voor mijn nieuwe werkgever',
    });
    await act(karin, ids.refused, { action: 'refuse', reason: 'Geen volmacht bijgevoegd' });
    await act(karin, ids.other, { text: 'Volmacht nagekeken' }, 'note');
    const me = hidden((await karin.get(`/backoffice/requests/${ids.other}`)).text, 'assignee');
    await act(karin, ids.other, { assignee: me }, 'assign');
    await act(karin, ids.other, { action: 'approve' });
    await settle(ids.other, ['delivered']);
    await act(karin, ids.report, { action: 'start' });
    await act(karin, ids.report, { text: 'We komen dinsdag langs.' }, 'message');
    await act(karin, ids.report, { action: 'resolve', reason: 'Lamp vervangen' });
  });
  afterAll(async () => {
    await portal?.close();
  });

  it('shows no state code, rule id, action code or raw JSON on any back-office page of the demo requests', async () => {
    const ruleIds = ['core.none', 'settings.auto-delivery-off'];
    for (const rt of portal.d.kernel.requestTypes()) for (const r of rt.definition.rules) ruleIds.push(r.id);
    const pages = [
      '/backoffice',
      '/backoffice/counter',
      ...REQUEST_STATES.map((s) => `/backoffice?status=${s}`),
      // The audit trail of the demo: staff views, downloads, consultations, in words.
      '/backoffice/audit',
    ];
    for (const id of Object.values(ids)) pages.push(`/backoffice/requests/${id}`);
    const found: Record<string, string[]> = {};
    for (const path of pages) {
      const page = await pieter.get(path);
      expect({ path, status: page.status }).toEqual({ path, status: 200 });
      const codes = codesIn(visibleText(page.text), ruleIds);
      if (codes.length > 0) found[path] = codes;
    }
    const search = await pieter.get('/backoffice');
    const results = await pieter.post('/backoffice/search', {
      _csrf: hidden(search.text, '_csrf'),
      q: 'Peeters',
    });
    const codes = codesIn(visibleText(results.text), ruleIds);
    if (codes.length > 0) found.search = codes;
    expect(found).toEqual({});
    const audit = visibleText((await pieter.get('/backoffice/audit')).text);
    expect(audit).toContain('Medewerker bekeek een aanvraag of bestand');
    expect(audit).toContain('Medewerker: ');
  });

  it('asks for information with an answer-by date written dd/mm/jjjj, the hint visible; refuses an impossible date', async () => {
    const id = await file('test.reviewed', { forWhom: 'self' });
    const page = await karin.get(`/backoffice/requests/${id}`);
    expect(page.text).not.toContain('type="date"');
    expect(visibleText(page.text)).toContain('dd/mm/jjjj');
    expect(/id="ask-deadline"[^>]*value="(\d{2}\/\d{2}\/\d{4})"/.exec(page.text)?.[1]).toBeTruthy();
    const post = (deadline: string) =>
      karin.post(`/backoffice/requests/${id}/act`, {
        _csrf: hidden(page.text, '_csrf'),
        version: hidden(page.text, 'version'),
        action: 'ask',
        reason: 'Welk doel?',
        deadline,
      });
    const bad = await post('31/02/2027');
    expect(bad.status).toBe(422);
    expect(visibleText(bad.text)).toContain('Geef een datum als dd/mm/jjjj.');
    expect((await post('15/01/2027')).status).toBe(303);
    expect(visibleText((await karin.get(`/backoffice/requests/${id}`)).text)).toContain('15 januari 2027');
  });

  it('tells the clerk who asks for whom and what the rules said, in sentences', async () => {
    const child = visibleText((await karin.get(`/backoffice/requests/${ids.child}`)).text);
    expect(child).toContain('Jan Peeters vraagt dit aan voor zijn dochter van 11.');
    expect(child).toContain('Te beoordelen');
    const other = visibleText((await karin.get(`/backoffice/requests/${ids.other}`)).text);
    expect(other).toContain('Jan Peeters vraagt dit aan voor een andere persoon');
    expect(other).toContain('Opgegeven grond of volmacht: „Volmacht van mijn buurvrouw”.');
    expect(other).toContain('Altijd nazicht.');
    expect(other).toContain('Jan Peeters diende de aanvraag in.');
    expect(other).toContain('Karin Goossens schreef een interne notitie. „Volmacht nagekeken”');
    expect(other).toContain('Karin Goossens keurde de aanvraag goed. Nieuwe status: Goedgekeurd.');
    expect(other).toContain('Karin Goossens nam de aanvraag zelf op.');
    expect(other).toMatch(/geraadpleegd – antwoord ontvangen\. Wettelijke grond: Test legal basis/);
    const asked = visibleText((await karin.get(`/backoffice/requests/${ids.asked}`)).text);
    expect(asked).toContain(
      'vroeg de aanvrager om meer informatie. Nieuwe status: Wacht op de aanvrager. „Voor welk doel?”',
    );
    expect(asked).toContain(
      'Jan Peeters antwoordde. Nieuwe status: Te beoordelen. „Voor mijn nieuwe werkgever”',
    );
    const fr = visibleText((await karin.get(`/backoffice/requests/${ids.child}?lang=fr`)).text);
    expect(fr).toContain('Jan Peeters fait cette demande pour sa fille de 11 ans.');
    expect(fr).toContain('À examiner');
    await karin.get('/backoffice?lang=nl');
  });

  it('shows the permit form with its labels and formatted values, and lists both files', async () => {
    const page = await karin.get(`/backoffice/requests/${ids.permit}`);
    const text = visibleText(page.text);
    for (const s of [
      'Soort evenement Buurtfeest',
      'Datum van het evenement 14/06/2027',
      'Plaats Kerkstraat 12 bus 3, 9000 Gent',
      'Rijksregisternummer van de organisator 85.67.30-123.67',
      'Ondernemingsnummer van de vereniging 0417.123.457',
      'Versterkte muziek Ja',
      'Inschrijvingsbewijs van de vereniging inschrijving vzw.pdf',
      'Jan Peeters diende deze aanvraag in.',
    ]) {
      expect(text).toContain(s);
    }
    expect(text).toMatch(
      /inschrijving vzw\.pdf – PDF-document, \d kB – Downloaden inschrijving vzw\.pdf – Openen/,
    );
    expect(text).toMatch(/plan\.png – PNG-afbeelding, \d kB – Downloaden plan\.png – Openen/);
  });

  it('serves the uploads inline and as downloads with safe headers, audited, only to staff who may see the request', async () => {
    const uploads = await portal.d.db.uploads.listByRequest(ids.permit);
    const pdf = uploads.find((u) => u.mediaType === 'application/pdf')!;
    const png = uploads.find((u) => u.mediaType === 'image/png')!;
    const base = `/backoffice/requests/${ids.permit}/uploads`;
    const preview = await karin.raw(`${base}/${pdf.id}/preview`);
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-type')).toBe('application/pdf');
    expect(preview.headers.get('content-disposition')).toBe(
      `inline; filename="inschrijving vzw.pdf"; filename*=UTF-8''inschrijving%20vzw.pdf`,
    );
    expect(preview.headers.get('x-content-type-options')).toBe('nosniff');
    expect(preview.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none'/);
    expect(Buffer.from(await preview.arrayBuffer())).toEqual(PDF);
    const image = await karin.raw(`${base}/${png.id}/preview`);
    expect(image.headers.get('content-type')).toBe('image/png');
    const download = await karin.raw(`${base}/${png.id}`);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="?plan\.png"?$/);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(PNG);

    const audit = await portal.d.db.audit.list({
      requestId: ids.permit,
      categories: ['staff_view', 'staff_download'],
    });
    const uploadRows = audit.filter((a) => (a.data as { uploadId?: string } | null)?.uploadId);
    expect(uploadRows.map((a) => [a.category, (a.data as { uploadId: string }).uploadId]).sort()).toEqual(
      [
        ['staff_view', pdf.id],
        ['staff_view', png.id],
        ['staff_download', png.id],
      ].sort(),
    );

    // Not the requester, not another request's path, not an unknown upload: 404.
    expect((await jan.raw(`${base}/${pdf.id}/preview`)).status).toBe(404);
    expect((await karin.raw(`/backoffice/requests/${ids.report}/uploads/${pdf.id}`)).status).toBe(404);
    expect((await karin.raw(`${base}/${crypto.randomUUID()}`)).status).toBe(404);

    // Staff outside the permit's scope get 404; a staff session below the staff level is stepped up.
    for (const [scopes, level, status] of [
      [['test.*'], 'high', 404],
      [[PERMIT_TYPE], 'substantial', 303],
      [[PERMIT_TYPE], 'high', 200],
    ] as const) {
      const sid = `scoped-${crypto.randomUUID()}`;
      await portal.d.db.sessions.create(sid, {
        data: { csrf: 'x' },
        identity: {
          subject: 'staff:scoped',
          issuer: 'test',
          means: 'itsme',
          level,
          capacity: 'LB',
          legalRepresentativeOf: [],
          roles: [],
          staffRoles: ['case_handler'],
          staffScopes: [...scopes],
        },
        expiresAt: new Date(portal.d.clock.now().getTime() + 3600_000),
      });
      const res = await fetch(`${portal.url}${base}/${pdf.id}/preview`, {
        headers: { cookie: `smartloket=${sid}` },
        redirect: 'manual',
      });
      expect({ scopes, level, status: res.status }).toEqual({ scopes, level, status });
      if (status === 303) expect(res.headers.get('location')).toMatch(/level=high/);
    }
  });
});
