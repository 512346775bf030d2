import { forEachDatabase } from '@smartloket/db/testing';
import { createApiClient } from '@smartloket/server';
import { identityOf, minimalPdf } from '@smartloket/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parkeerkaartPlugin } from '../../../examples/plugin-parkeerkaart/src/index.js';
import {
  hidden,
  type PortalClient,
  startTestPortal,
  type TestPortal,
} from '../../../tests/support/portal.js';

const TYPE = 'parkeerkaart.bewoners';

/** The page's visible text: no head, no tags, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<head>[\s\S]*?<\/head>/, ' ')
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** The issued decision of a type that issues its own document, from the back-office and the API (issue 26). */
forEachDatabase('approve with a decision', (_url, db) => {
  let portal: TestPortal;
  let karin: PortalClient;
  let token: string;

  async function file(): Promise<string> {
    const d = portal.d;
    const upload = await d.db.uploads.insert({
      fileName: 'inschrijvingsbewijs.pdf',
      mediaType: 'application/pdf',
      bytes: minimalPdf('Inschrijvingsbewijs'),
    });
    const { request } = await d.requests.submit({
      typeId: TYPE,
      input: {
        plate: '1abc234',
        address: { street: 'Kerkstraat', number: '12', postcode: '9000', municipality: 'Gent' },
        registration: {
          uploadId: upload.id,
          fileName: upload.fileName,
          mediaType: upload.mediaType,
          size: upload.size,
        },
      },
      locale: 'nl',
      identity: identityOf('jan'),
    });
    await d.db.uploads.attach(upload.id, request.id);
    expect(request.state).toBe('in_review');
    return request.id;
  }

  async function settle(id: string) {
    for (let i = 0; i < 3000; i++) {
      await portal.d.runJobs();
      if ((await portal.d.db.requests.get(id))!.state === 'delivered') return;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await portal.d.db.requests.get(id))!.state).toBe('delivered');
  }

  async function approvedDecision(id: string) {
    const events = await portal.d.db.events.list(id);
    return (events.filter((e) => e.type === 'approve').at(-1)?.data as { decision?: unknown })?.decision;
  }

  async function api(path: string, body: unknown, lang = 'nl') {
    const res = await fetch(`${portal.url}/api/v1${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json',
        'accept-language': lang,
      },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      json: (await res.json()) as any,
    };
  }

  beforeAll(async () => {
    portal = await startTestPortal({
      databaseUrl: db.url,
      databaseOwnerUrl: db.ownerUrl,
      plugins: [parkeerkaartPlugin],
    });
    karin = await portal.login('karin', 'itsme');
    token = (await createApiClient(portal.d.db, { name: 'zaaksysteem', scopes: ['read', 'act'] })).secret;
  });
  afterAll(async () => {
    await portal?.close();
  });

  it("shows the decision form with the clerk's labels, the defaults and the date hint; refuses a bad date with the field's error and changes nothing; issues with the decision", async () => {
    const id = await file();
    const page = await karin.get(`/backoffice/requests/${id}`);
    expect(page.status).toBe(200);
    const text = visibleText(page.text);
    expect(text).toContain('Beslissing (wat op het document komt)');
    for (const label of ['Nummer van de vergunning', 'Geldig vanaf', 'Geldig tot en met'])
      expect(text).toContain(label);
    expect(text).toContain('dd/mm/jjjj');
    const request = (await portal.d.db.requests.get(id))!;
    // Left empty, the permit number is the reference.
    expect(text).toContain(`Leeg gelaten: ${request.reference}`);
    expect(page.text).toContain('name="decision[validUntil]"');

    const bad = await karin.post(`/backoffice/requests/${id}/act`, {
      _csrf: hidden(page.text, '_csrf'),
      version: hidden(page.text, 'version'),
      action: 'approve',
      'decision[permitNumber]': 'PK-2027-0042',
      'decision[validUntil]': '31/02/2027',
    });
    expect(bad.status).toBe(422);
    const badText = visibleText(bad.text);
    expect(badText).toContain('De beslissing is niet aanvaard');
    expect(bad.text).toContain('value="31/02/2027"');
    expect(bad.text).toContain('value="PK-2027-0042"');
    expect(bad.text).toMatch(/id="decision-validUntil-error"/);
    expect(badText).toContain('Geef een datum als dd/mm/jjjj.');
    expect((await portal.d.db.requests.get(id))!.state).toBe('in_review');
    expect((await portal.d.db.requests.get(id))!.version).toBe(request.version);

    const ok = await karin.post(`/backoffice/requests/${id}/act`, {
      _csrf: hidden(bad.text, '_csrf'),
      version: hidden(bad.text, 'version'),
      action: 'approve',
      'decision[permitNumber]': 'PK-2027-0042',
      'decision[validFrom]': '01/03/2027',
      'decision[validUntil]': '29/02/2028',
    });
    expect(ok.status).toBe(303);
    expect(await approvedDecision(id)).toEqual({
      permitNumber: 'PK-2027-0042',
      validFrom: '2027-03-01',
      validUntil: '2028-02-29',
    });
    await settle(id);
    const [doc] = await portal.d.db.documents.listByRequest(id);
    // Downloadable as long as it is valid: to the end of 29 February 2028 in Brussels.
    expect(doc!.expiresAt!.toISOString()).toBe('2028-02-29T22:59:59.999Z');
  });

  it('shows the French labels to a clerk reading French', async () => {
    const id = await file();
    const page = await karin.get(`/backoffice/requests/${id}?lang=fr`);
    const text = visibleText(page.text);
    for (const label of ['Numéro du permis', 'Valable à partir du', "Valable jusqu'au", 'jj/mm/aaaa'])
      expect(text).toContain(label);
  });

  it('takes the decision through the API, refuses a bad one with translated field errors (problem JSON 422), and documents it in OpenAPI', async () => {
    const id = await file();
    const before = (await portal.d.db.requests.get(id))!;
    const bad = await api(`/requests/${id}/actions`, {
      action: 'approve',
      decision: { validUntil: '2027-02-31', permitNumber: 'x'.repeat(41) },
    });
    expect(bad.status).toBe(422);
    expect(bad.type).toContain('application/problem+json');
    expect(bad.json.code ?? bad.json.type).toBeDefined();
    const fields = (bad.json.errors as { field: string; detail: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['decision.permitNumber', 'decision.validUntil']);
    for (const e of bad.json.errors) expect(e.detail).not.toMatch(/^[a-z_.]+$/);
    const fr = await api(
      `/requests/${id}/actions`,
      { action: 'approve', decision: { validUntil: 'morgen' } },
      'fr',
    );
    expect(fr.status).toBe(422);
    expect(fr.json.errors[0].detail).not.toBe(
      bad.json.errors.find((e: any) => e.field === 'decision.validUntil').detail,
    );
    expect((await portal.d.db.requests.get(id))!.version).toBe(before.version);

    const ok = await api(`/requests/${id}/actions`, {
      action: 'approve',
      decision: { permitNumber: 'PK-API-1', validUntil: '2027-12-31' },
    });
    expect(ok.status).toBe(200);
    expect(await approvedDecision(id)).toEqual({ permitNumber: 'PK-API-1', validUntil: '2027-12-31' });

    const doc = await (await fetch(`${portal.url}/api/v1/openapi.json`)).json();
    expect(JSON.stringify(doc)).toContain("The clerk's decision for a type that issues its own document");
  });

  it('says in the privacy statement that such documents stay as long as they are valid', async () => {
    const expected = {
      nl: 'Parkeerkaart bewoners: documenten blijven downloadbaar zolang ze geldig zijn',
      fr: 'Carte de stationnement riverains : les documents restent téléchargeables tant qu’ils sont valables',
      en: 'Residents’ parking permit: documents stay downloadable as long as they are valid',
    };
    for (const [lang, sentence] of Object.entries(expected)) {
      const res = await portal.client().get(`/privacy?lang=${lang}`);
      expect(visibleText(res.text)).toContain(sentence);
    }
  });
});
