import {
  definePlugin,
  defineRequestType,
  FIELD_MESSAGES,
  fields,
  form,
  forWhomFields,
  type Identity,
  makeInsz,
  type RequestTypeDefinition,
  z,
} from '@smartloket/core';
import { createTestPlugin, identityOf } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fillRequest,
  hidden,
  type PortalClient,
  startTestPortal,
  type TestPortal,
} from '../../../tests/support/portal.js';
import { formFor, validateFields } from './forms.js';
import { ALL_MESSAGES } from './messages.js';

let portal: TestPortal;
let jan: PortalClient;
const JAN_INSZ = '85673012367';

/** A report with two steps (what, where), to exercise multi-step forms. */
const stepsPlugin = definePlugin({
  id: 'steps',
  compat: { core: '^0.1.0' },
  options: z.object({}),
  register({ requestTypes }) {
    requestTypes.add(
      defineRequestType({
        id: 'steps.melding',
        kind: 'report',
        title: { nl: 'Melding in stappen', fr: 'Signalement en étapes', en: 'Report in steps' },
        theme: 'openbaar-domein',
        minimumLevel: 'low',
        form: form(
          {
            what: fields.textarea({ label: { nl: 'Wat', fr: 'Quoi', en: 'What' }, step: 'what', max: 500 }),
            where: fields.address({ label: { nl: 'Waar', fr: 'Où', en: 'Where' }, step: 'where' }),
          },
          {
            steps: [
              {
                id: 'what',
                title: { nl: 'Wat is er aan de hand?', fr: 'Que se passe-t-il ?', en: 'What is wrong?' },
              },
              { id: 'where', title: { nl: 'Waar?', fr: 'Où ?', en: 'Where?' } },
            ],
          },
        ),
        subject: () => ({ relation: 'none' }),
        rules: [],
        retention: { formDataDays: 365 },
      }),
    );
  },
});

/** A report with the Belgian field kinds and a text pattern: the summary shows normalised values. */
const kindsPlugin = definePlugin({
  id: 'kinds',
  compat: { core: '^0.1.0' },
  options: z.object({}),
  register({ requestTypes }) {
    requestTypes.add(
      defineRequestType({
        id: 'kinds.parkeren',
        kind: 'report',
        title: { nl: 'Parkeermelding', fr: 'Signalement de stationnement', en: 'Parking report' },
        theme: 'parkeren',
        themeTitle: { nl: 'Parkeren', fr: 'Stationnement', en: 'Parking' },
        minimumLevel: 'low',
        form: form({
          plate: fields.licencePlate({ label: { nl: 'Nummerplaat', fr: 'Plaque', en: 'Licence plate' } }),
          phone: fields.phone({ label: { nl: 'Telefoon', fr: 'Téléphone', en: 'Phone' }, optional: true }),
          zone: fields.text({
            label: { nl: 'Zone', fr: 'Zone', en: 'Zone' },
            pattern: /^Z\d{2}$/,
            patternMessage: {
              nl: 'Een zone is een Z en 2 cijfers.',
              fr: 'Une zone est un Z suivi de 2 chiffres.',
              en: 'A zone is a Z and 2 digits.',
            },
          }),
        }),
        subject: () => ({ relation: 'none' }),
        rules: [],
      }),
    );
  },
});

beforeAll(async () => {
  portal = await startTestPortal({ plugins: [createTestPlugin(), stepsPlugin, kindsPlugin] });
  jan = await portal.login('jan', 'itsme');
});
afterAll(async () => {
  await portal?.close();
});

const SELF = [{ forWhom: 'self' }];

/** Fills and submits a request; returns the redirect after the submit. */
async function submit(client: PortalClient, typeId: string, steps: Record<string, string>[]) {
  const { draft, csrf, last } = await fillRequest(client, typeId, steps);
  expect(last.status).toBe(200);
  expect(last.text).toContain('Controleer uw aanvraag');
  const done = await client.post(`/request/${typeId}`, { _csrf: csrf, _draft: draft, _action: 'submit' });
  expect(done.status).toBe(303);
  return {
    done,
    draft,
    csrf,
    id: /\/my\/requests\/([0-9a-f-]{36})/.exec(done.location ?? '')?.[1] as string,
  };
}

describe('portal', () => {
  it('delivers an automatic certificate within the wait and offers the download as an attachment', async () => {
    const { id } = await submit(jan, 'test.attest', SELF);
    expect(id).toBeTruthy();
    const detail = await jan.get(`/my/requests/${id}?submitted=1`);
    expect(detail.status).toBe(200);
    expect(detail.headers.get('cache-control')).toBe('no-store');
    expect(detail.text).toContain('Uw document is klaar');
    const href = /href="(\/my\/requests\/[^"]+\/documents\/[^"]+)"/.exec(detail.text)?.[1];
    expect(href).toBeTruthy();
    expect(detail.text).toMatch(/beschikbaar tot \d+ juni 2026/);
    const pdf = await jan.raw(href!);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="?attest\.pdf"?$/);
    expect(pdf.headers.get('cache-control')).toBe('no-store');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    // The personal page lists it with its status.
    const my = await jan.get('/my');
    const request = await portal.d.db.requests.get(id);
    expect(my.text).toContain(request!.reference);
    expect(my.text).toContain('Afgeleverd');
    // And leads to the e-mail address used for notifications.
    expect(my.text).toContain('href="/my/email"');
  });

  it.each([
    ['nl', 'nl-BE,nl;q=0.9'],
    ['fr', 'fr-BE,fr;q=0.9'],
    ['en', 'en-GB,en;q=0.9'],
  ] as const)(
    'shows one translated message per field for a wrong INSZ and keeps the input (%s)',
    async (locale, accept) => {
      const client = await portal.login('jan');
      const before = await portal.d.db.requests.count();
      const { last } = await fillRequest(
        client,
        'test.attest',
        [{ forWhom: 'other', subjectInsz: '85.67.30-123.00', ground: 'volmacht' }],
        { 'accept-language': accept },
      );
      expect(last.status).toBe(422);
      expect(last.text).toContain(`<html lang="${locale}">`);
      const message = FIELD_MESSAGES['insz.invalid'][locale];
      // Once in the error summary (a link to the field), once beside the field.
      expect(last.text.split(message).length - 1).toBe(2);
      expect(last.text).toContain('id="f-subjectInsz-error"');
      expect(last.text).toContain('aria-invalid="true"');
      expect(last.text).toContain('value="85.67.30-123.00"');
      expect(last.text).toContain('value="volmacht"');
      expect(last.text.match(/class="error"/g)).toHaveLength(1);
      expect(await portal.d.db.requests.count()).toBe(before);
    },
  );

  it('walks a multi-step form: one step per page, back keeps the input, a summary of all steps', async () => {
    const first = await jan.get('/request/steps.melding');
    expect(first.text).toContain('Stap 1 van 2: Wat is er aan de hand?');
    expect(first.text).not.toContain('name="where[street]"');
    const draft = hidden(first.text, '_draft');
    const csrf = hidden(first.text, '_csrf');
    const post = (values: Record<string, string>) =>
      jan.post('/request/steps.melding', { _csrf: csrf, _draft: draft, ...values });
    const empty = await post({ _step: '0', _action: 'next', what: '' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Dit veld is verplicht.');
    const second = await post({ _step: '0', _action: 'next', what: 'Een kapotte lamp' });
    expect(second.text).toContain('Stap 2 van 2: Waar?');
    const badPostcode = await post({
      _step: '1',
      _action: 'next',
      'where[street]': 'Kerkstraat',
      'where[number]': '5',
      'where[postcode]': '99',
      'where[municipality]': 'Smartegem',
    });
    expect(badPostcode.status).toBe(422);
    expect(badPostcode.text).toContain('Een postcode heeft 4 cijfers.');
    expect(badPostcode.text).toContain('value="Kerkstraat"');
    const back = await post({ _step: '1', _action: 'back', 'where[street]': 'Kerkstraat' });
    expect(back.text).toContain('Stap 1 van 2');
    expect(back.text).toContain('Een kapotte lamp');
    await post({ _step: '0', _action: 'next', what: 'Een kapotte lamp' });
    const summary = await post({
      _step: '1',
      _action: 'next',
      'where[street]': 'Kerkstraat',
      'where[number]': '5',
      'where[postcode]': '9999',
      'where[municipality]': 'Smartegem',
    });
    expect(summary.text).toContain('Controleer uw aanvraag');
    expect(summary.text).toContain('Een kapotte lamp');
    expect(summary.text).toContain('Kerkstraat 5, 9999 Smartegem');
    const done = await post({ _action: 'submit' });
    expect(done.status).toBe(303);
    const id = /\/my\/requests\/([0-9a-f-]{36})/.exec(done.location!)![1]!;
    const request = await portal.d.db.requests.get(id);
    expect(request?.form).toEqual({
      what: 'Een kapotte lamp',
      where: { street: 'Kerkstraat', number: '5', postcode: '9999', municipality: 'Smartegem' },
    });
  });

  it('shows the normalised value in the summary (1abc234 as 1-ABC-234) and a pattern field its own message', async () => {
    const first = await jan.get('/request/kinds.parkeren');
    expect(first.text).toContain('placeholder="1-ABC-234"');
    expect(first.text).toContain('type="tel"');
    const draft = hidden(first.text, '_draft');
    const csrf = hidden(first.text, '_csrf');
    const post = (values: Record<string, string>) =>
      jan.post('/request/kinds.parkeren', { _csrf: csrf, _draft: draft, _step: '0', ...values });
    const bad = await post({ _action: 'next', plate: '1abc23', phone: '0470 12 34 56', zone: 'zone 7' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Dit is geen Belgische nummerplaat. Bijvoorbeeld: 1-ABC-234.');
    expect(bad.text).toContain('Een zone is een Z en 2 cijfers.');
    expect(bad.text).not.toContain('Deze waarde is ongeldig.');
    const summary = await post({ _action: 'next', plate: '1abc234', phone: '0470 12 34 56', zone: 'Z07' });
    expect(summary.text).toContain('Controleer uw aanvraag');
    expect(summary.text).toContain('1-ABC-234');
    expect(summary.text).not.toContain('1abc234');
    expect(summary.text).toContain('+32470123456');
    const done = await post({ _action: 'submit' });
    expect(done.status).toBe(303);
    const id = /\/my\/requests\/([0-9a-f-]{36})/.exec(done.location!)![1]!;
    expect((await portal.d.db.requests.get(id))?.form).toEqual({
      plate: '1-ABC-234',
      phone: '+32470123456',
      zone: 'Z07',
    });
  });

  it("shows a plugin's own theme by its title in each language, and core's themes translated", async () => {
    const heading = (html: string, theme: string) =>
      new RegExp(`<h2 id="theme-${theme}">([^<]*)</h2>`).exec(html)?.[1]?.trim();
    for (const [lang, parking, publicSpace] of [
      ['nl', 'Parkeren', 'Openbaar domein'],
      ['fr', 'Stationnement', 'Domaine public'],
      ['en', 'Parking', 'Public space'],
    ] as const) {
      const page = (await portal.client().get(`/?lang=${lang}`)).text;
      expect(heading(page, 'parkeren')).toBe(parking);
      expect(heading(page, 'openbaar-domein')).toBe(publicSpace);
    }
    expect((await portal.client().get('/?q=stationnement&lang=nl')).text).toContain('Parkeermelding');
    const api = JSON.parse((await portal.client().get('/api/v1/catalogue')).text) as {
      items: { id: string; themeTitle: unknown }[];
    };
    expect(api.items.find((i) => i.id === 'kinds.parkeren')?.themeTitle).toEqual({
      nl: 'Parkeren',
      fr: 'Stationnement',
      en: 'Parking',
    });
  });

  it('asks the INSZ when the request is for someone else', async () => {
    const { last } = await fillRequest(jan, 'test.attest', [{ forWhom: 'child' }]);
    expect(last.status).toBe(422);
    expect(last.text).toContain(FIELD_MESSAGES.required.nl);
  });

  it('creates one request for a double click and for a replayed POST', async () => {
    const filter = {
      requesterId: (await portal.d.db.requests.list({ subjectInsz: JAN_INSZ })).items[0]!.requesterId,
    };
    const before = await portal.d.db.requests.count(filter);
    const { draft, csrf } = await fillRequest(jan, 'test.reviewed', SELF);
    const body = { _csrf: csrf, _draft: draft, _action: 'submit' };
    const [a, b] = await Promise.all([
      jan.post('/request/test.reviewed', body),
      jan.post('/request/test.reviewed', body),
    ]);
    expect(a.status).toBe(303);
    expect(b.status).toBe(303);
    expect(b.location).toBe(a.location);
    const replay = await jan.post('/request/test.reviewed', body);
    expect(replay.location).toBe(a.location);
    expect(await portal.d.db.requests.count(filter)).toBe(before + 1);
    // A second form render is a new key: a new request.
    await submit(jan, 'test.reviewed', SELF);
    expect(await portal.d.db.requests.count(filter)).toBe(before + 2);
  });

  it('shows a receipt with the reference for a request under review, and lets the requester cancel it', async () => {
    const { id } = await submit(jan, 'test.reviewed', SELF);
    const receipt = await jan.get(`/my/requests/${id}?submitted=1`);
    const request = await portal.d.db.requests.get(id);
    expect(request?.state).toBe('in_review');
    expect(receipt.text).toContain('Uw aanvraag is ontvangen');
    expect(receipt.text).toContain(request!.reference);
    expect(receipt.text).toContain('Een medewerker van de gemeente bekijkt uw aanvraag');
    const csrf = hidden(receipt.text, '_csrf');
    // Without the token nothing changes.
    expect((await jan.post(`/my/requests/${id}/cancel`, {})).status).toBe(403);
    expect((await portal.d.db.requests.get(id))?.state).toBe('in_review');
    const cancelled = await jan.post(`/my/requests/${id}/cancel`, {
      _csrf: csrf,
      version: String(request!.version),
    });
    expect(cancelled.status).toBe(303);
    expect((await portal.d.db.requests.get(id))?.state).toBe('cancelled');
    const after = await jan.get(`/my/requests/${id}`);
    expect(after.text).toContain('Geannuleerd');
    expect(after.text).not.toContain(`/my/requests/${id}/cancel`);
    // Cancelling again is refused without a stack trace.
    const again = await jan.post(`/my/requests/${id}/cancel`, { _csrf: csrf });
    expect(again.status).toBe(409);
    expect(again.text).not.toMatch(/at \w+ \(|Error:/);
  });

  it('lets the requester answer a question of staff', async () => {
    const { id } = await submit(jan, 'test.reviewed', SELF);
    await portal.d.requests.act(
      id,
      { action: 'ask', reason: 'Bezorg een kopie van de volmacht.' },
      { type: 'staff', id: 'karin' },
    );
    const page = await jan.get(`/my/requests/${id}`);
    expect(page.text).toContain('Bezorg een kopie van de volmacht.');
    const form = new FormData();
    form.set('_csrf', hidden(page.text, '_csrf'));
    form.set('text', 'Hierbij de volmacht.');
    form.set('files', new Blob(['%PDF-1.4 test'], { type: 'application/pdf' }), 'volmacht.pdf');
    const answered = await jan.postMultipart(`/my/requests/${id}/answer`, form);
    expect(answered.status).toBe(303);
    expect((await portal.d.db.requests.get(id))?.state).toBe('in_review');
    const uploads = await portal.d.db.uploads.listByRequest(id);
    expect(uploads.map((u) => u.fileName)).toEqual(['volmacht.pdf']);
  });

  it('answers 404 for every request, document and action URL of other people', async () => {
    const ids: { request: string; document?: string }[] = [];
    for (let i = 0; i < 20; i++) {
      const person: Identity = {
        ...identityOf('marie'),
        subject: `person-${i}`,
        insz: makeInsz('1980-02-03', i + 1, { test: true }),
        email: undefined,
      };
      const typeId = i % 2 === 0 ? 'test.attest' : 'test.reviewed';
      const { request } = await portal.d.requests.submit({
        typeId,
        input: { forWhom: 'self' },
        locale: 'nl',
        identity: person,
      });
      ids.push({ request: request.id });
    }
    await portal.d.runJobs();
    for (const entry of ids)
      entry.document = (await portal.d.db.documents.listByRequest(entry.request))[0]?.id;
    expect(ids.filter((e) => e.document).length).toBe(10);

    const anonymous = portal.client();
    const csrf = hidden((await jan.get('/my')).text, '_csrf');
    for (const { request, document } of ids) {
      expect((await jan.get(`/my/requests/${request}`)).status).toBe(404);
      expect((await anonymous.get(`/my/requests/${request}`)).status).toBe(404);
      expect((await jan.post(`/my/requests/${request}/cancel`, { _csrf: csrf })).status).toBe(404);
      if (document) {
        expect((await jan.get(`/my/requests/${request}/documents/${document}`)).status).toBe(404);
        expect((await anonymous.get(`/my/requests/${request}/documents/${document}`)).status).toBe(404);
      }
    }
    // Nothing moved.
    for (const { request } of ids)
      expect((await portal.d.db.requests.get(request))?.state).not.toBe('cancelled');
    // Someone else's document id under one's own request is 404 too.
    const own = await submit(jan, 'test.attest', SELF);
    const foreign = ids.find((e) => e.document)!.document!;
    expect((await jan.get(`/my/requests/${own.id}/documents/${foreign}`)).status).toBe(404);
    const my = await jan.get('/my');
    for (const { request } of ids) {
      const r = await portal.d.db.requests.get(request);
      expect(my.text).not.toContain(r!.reference);
    }
  });

  it("lists the consultations about the logged-in person's INSZ, never other people's", async () => {
    // Marie asks a certificate about Jan (another person): staff approve, the source is consulted.
    const { request } = await portal.d.requests.submit({
      typeId: 'test.attest',
      input: { forWhom: 'other', subjectInsz: JAN_INSZ, ground: 'volmacht' },
      locale: 'nl',
      identity: identityOf('marie'),
    });
    await portal.d.requests.act(request.id, { action: 'approve' }, { type: 'staff', id: 'karin' });
    await portal.d.runJobs();
    const page = await jan.get('/my/consultations');
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    // The service in words (the test plugin's manifest has no description), never its key.
    expect(page.text).toContain('een authentieke bron');
    expect(page.text).toContain('Opgevraagde gegevens');
    expect(page.text).not.toContain('test:Register-01.00');
    expect(page.text).toContain(request.reference);
    expect(page.text).toContain('een burger');
    expect(page.text).toContain('uzelf');
    const others = await portal.d.db.audit.list({ categories: ['consultation_started'] });
    for (const entry of others.filter((e) => e.subjectId !== JAN_INSZ && e.requestId)) {
      const r = await portal.d.db.requests.get(entry.requestId!);
      expect(page.text).not.toContain(r!.reference);
    }
    const marie = await portal.login('marie');
    const hers = await marie.get('/my/consultations');
    expect(hers.text).not.toContain(request.reference);
  });

  it('takes an anonymous report with an e-mail address and shows its receipt only in that session', async () => {
    const visitor = portal.client();
    const { draft, csrf, last } = await fillRequest(visitor, 'test.melding', [
      { _email: 'buur@example.org', description: 'Een put in de stoep.' },
    ]);
    expect(last.text).toContain('buur@example.org');
    const waiting = await visitor.post('/request/test.melding', {
      _csrf: csrf,
      _draft: draft,
      _action: 'submit',
    });
    // Filed once the address is confirmed (decision 1400): the one-time link of the queued mail.
    expect(waiting.status).toBe(200);
    const mails = await portal.d.db.knex('outbox').whereNull('request_id').select('payload');
    const token = mails
      .map(
        (m) =>
          (typeof m.payload === 'string' ? JSON.parse(m.payload) : m.payload) as {
            kind: string;
            data: { token: string };
          },
      )
      .filter((m) => m.kind === 'email_confirmation')
      .pop()!.data.token;
    const confirmPage = await visitor.get(`/email/confirm/${token}`);
    const filed = await visitor.post(`/email/confirm/${token}`, { _csrf: hidden(confirmPage.text, '_csrf') });
    expect(filed.status).toBe(303);
    const anonymousIds = (await portal.d.db.requests.list({ requesterKind: 'anonymous' }, { limit: 1 }))
      .items;
    const done = { location: `/my/requests/${anonymousIds[0]!.id}` };
    const receipt = await visitor.get(done.location!);
    expect(receipt.status).toBe(200);
    const id = /\/my\/requests\/([0-9a-f-]{36})/.exec(done.location!)![1]!;
    const request = await portal.d.db.requests.get(id);
    expect(request?.requesterKind).toBe('anonymous');
    expect(request?.requester.email).toBe('buur@example.org');
    expect(receipt.text).toContain(request!.reference);
    expect((await portal.client().get(done.location!)).status).toBe(404);
    expect((await jan.get(done.location!)).status).toBe(404);
  });

  it('asks to log in for a certificate, and offers "my organisation" only to an organisation login', async () => {
    const visitor = portal.client();
    const page = await visitor.get('/request/test.attest');
    expect(page.text).toContain('/login?returnTo=%2Frequest%2Ftest.attest&amp;capacity=BUR');
    const form = await jan.get('/request/test.attest');
    expect(form.text).toContain('value="self"');
    expect(form.text).not.toContain('value="organisation"');
    const forged = await fillRequest(jan, 'test.attest', [{ forWhom: 'organisation' }]);
    expect(forged.last.status).toBe(422);
  });

  it('searches the catalogue and shows who may ask, cost and delivery time', async () => {
    const all = await portal.client().get('/');
    expect(all.text).toContain('Wie kan dit aanvragen');
    expect(all.text).toContain('Gratis');
    expect(all.text).toContain('Levertermijn');
    expect(all.text).toContain('iedereen, ook zonder aanmelden');
    const found = await portal.client().get('/?q=melding');
    expect(found.text).toContain('Testmelding');
    expect(found.text).not.toContain('Testattest');
    const fr = await portal.client().get('/?q=signalement&lang=fr');
    expect(fr.text).toContain('Signalement de test');
  });

  it('serves the privacy and accessibility statements in nl, fr and en', async () => {
    for (const [lang, privacy, a11y] of [
      ['nl', 'Privacyverklaring', 'Toegankelijkheidsverklaring'],
      ['fr', 'Déclaration de confidentialité', "Déclaration d'accessibilité"],
      ['en', 'Privacy statement', 'Accessibility statement'],
    ] as const) {
      expect((await portal.client().get(`/privacy?lang=${lang}`)).text).toContain(`<h1>${privacy}</h1>`);
      expect((await portal.client().get(`/accessibility?lang=${lang}`)).text).toContain(`<h1>${a11y}</h1>`);
    }
  });

  it('states the retention terms the purge applies, per request type where they differ', async () => {
    const admin = { type: 'staff' as const, id: 'admin' };
    await portal.d.db.settings.set('requestType.test.attest.documentMonths', 6, admin);
    try {
      const expected = {
        nl: [
          'Formuliergegevens en bijlagen wissen we 90 dagen na het afsluiten van uw aanvraag.',
          '<li>Melding in stappen: formuliergegevens en bijlagen wissen we 365 dagen na het afsluiten.</li>',
          '<li>Testattest: documenten blijven 6 maanden downloadbaar.</li>',
        ],
        fr: [
          '<li>Attestation de test : les documents restent téléchargeables pendant 6 mois.</li>',
          '<li>Signalement en étapes : les données du formulaire et les pièces jointes sont effacées 365 jours après la clôture.</li>',
        ],
        en: [
          '<li>Report in steps: form data and attachments are erased 365 days after closing.</li>',
          '<li>Test certificate: documents stay downloadable for 6 months.</li>',
        ],
      };
      for (const [lang, lines] of Object.entries(expected)) {
        const page = (await portal.client().get(`/privacy?lang=${lang}`)).text;
        for (const line of lines) expect(page).toContain(line);
        const section = page.match(/<section aria-labelledby="s-2">([\s\S]*?)<\/section>/)?.[1] ?? '';
        expect(section.match(/<li>/g)).toHaveLength(2); // types with the deployment's terms are not listed
      }
    } finally {
      await portal.d.db.settings.set('requestType.test.attest.documentMonths', null, admin);
    }
  });

  it('has every UI message in Dutch, French and English', () => {
    for (const [key, text] of Object.entries(ALL_MESSAGES)) {
      for (const l of ['nl', 'fr', 'en'] as const) expect(text[l], `${key}.${l}`).toMatch(/\S/);
    }
  });

  it('sends the security headers on every route, also redirects and errors', async () => {
    const { id } = await submit(jan, 'test.reviewed', SELF);
    const paths = [
      '/',
      '/?q=attest',
      '/privacy',
      '/accessibility',
      '/request/test.attest',
      '/request/test.melding',
      '/my',
      `/my/requests/${id}`,
      '/my/consultations',
      '/login',
      '/auth/callback?code=x&state=y',
      '/healthz',
      '/readyz',
      '/metrics',
      '/api/v1/catalogue',
      '/assets/site.css',
      '/no-such-page',
    ];
    for (const client of [jan, portal.client()]) {
      for (const path of paths) {
        const res = await client.raw(path);
        await res.body?.cancel();
        const csp = res.headers.get('content-security-policy') ?? '';
        expect(csp, path).toContain("default-src 'self'");
        expect(csp, path).toContain("script-src 'self'");
        expect(csp, path).not.toContain('unsafe-inline');
        expect(res.headers.get('strict-transport-security'), path).toContain('max-age=31536000');
        expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
        expect(res.headers.get('x-powered-by'), path).toBeNull();
        if (path.startsWith('/my') || path.startsWith('/request') || path.startsWith('/login')) {
          expect(res.headers.get('cache-control'), path).toBe('no-store');
        }
      }
    }
  });

  it('never puts an INSZ in a URL or a link', async () => {
    const pages = [await jan.get('/my'), await jan.get('/my/consultations'), await jan.get('/')];
    for (const page of pages) {
      for (const href of page.text.matchAll(/(?:href|action)="([^"]*)"/g)) {
        // A UUID's last group can hold 11 decimal digits in a row by chance (about 1 in 100
        // ids): take the ids out first, then look for an INSZ's 11 digits (with or without dots).
        const withoutIds = href[1]!.replace(
          /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi,
          '',
        );
        expect(withoutIds, href[1]).not.toMatch(/\d{11}|\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2}/);
      }
    }
  });
});

describe('organisation capacity', () => {
  it('offers "my organisation" and lists the organisation\'s requests, not the employee\'s own', async () => {
    const notary = await portal.login('notaris', 'itsme');
    const { id } = await submit(notary, 'test.reviewed', [{ forWhom: 'self' }]);
    const request = await portal.d.db.requests.get(id);
    expect(request?.requesterKind).toBe('organisation');
    const my = await notary.get('/my');
    expect(my.text).toContain('De aanvragen en meldingen van uw organisatie.');
    expect(my.text).toContain(request!.reference);
    expect(my.text).toContain('(voor ');
    // The same person logged in as a citizen does not see the organisation's request.
    const citizen = await portal.login('notaris', 'itsme', { capacity: 'BUR' });
    expect((await citizen.get(`/my/requests/${id}`)).status).toBe(404);
    expect((await citizen.get('/my')).text).not.toContain(request!.reference);
  });
});

describe('for whom', () => {
  it('offers "my organisation" only to someone logged in for an organisation', () => {
    const def = { form: form({ ...forWhomFields() }) } as unknown as RequestTypeDefinition;
    const options = (identity: Identity | undefined) =>
      formFor(def, identity).fields.forWhom?.options?.map((o) => o.value);
    expect(options(identityOf('jan'))).toEqual(['self', 'child', 'other']);
    expect(options(undefined)).toEqual(['self', 'child', 'other']);
    expect(options(identityOf('notaris'))).toEqual(['self', 'child', 'other', 'organisation']);
    const f = formFor(def, identityOf('jan'));
    expect(validateFields(f, { forWhom: 'organisation' }, ['forWhom']).map((i) => i.code)).toEqual([
      'choice.invalid',
    ]);
  });
});

describe('document expiry', () => {
  let own: TestPortal;
  beforeAll(async () => {
    own = await startTestPortal();
  });
  afterAll(async () => {
    await own?.close();
  });

  it('says a document is no longer available after its expiry, and its download answers 410', async () => {
    const client = await own.login('jan');
    const { id } = await submit(client, 'test.attest', SELF);
    const doc = (await own.d.db.documents.listByRequest(id))[0]!;
    expect(doc.expiresAt).toBeTruthy();
    own.d.clock.set(new Date(doc.expiresAt!.getTime() + 60_000));
    const later = await own.login('jan'); // the old session timed out meanwhile
    const page = await later.get(`/my/requests/${id}`);
    expect(page.text).toContain('Dit document is niet meer beschikbaar.');
    expect(page.text).not.toContain(`/documents/${doc.id}`);
    const gone = await later.get(`/my/requests/${id}/documents/${doc.id}`);
    expect(gone.status).toBe(410);
    expect(gone.text).toContain('Dit document is niet meer beschikbaar.');
  });
});

describe('rate limits', () => {
  let limited: TestPortal;
  let logins: TestPortal;
  beforeAll(async () => {
    limited = await startTestPortal({
      deployment: portal.d,
      app: { rateLimits: { submit: { windowMs: 60_000, limit: 1 } } },
    });
    logins = await startTestPortal({
      deployment: portal.d,
      app: { rateLimits: { login: { windowMs: 60_000, limit: 2 } } },
    });
  });
  afterAll(async () => {
    await limited?.close();
    await logins?.close();
  });

  it('limits login attempts', async () => {
    const client = logins.client();
    expect((await client.get('/login')).status).toBe(303);
    expect((await client.get('/login')).status).toBe(303);
    const third = await client.get('/login');
    expect(third.status).toBe(429);
    expect(third.text).toContain('Te veel pogingen');
  });

  it('limits submissions but not the steps before', async () => {
    const client = await limited.login('sofie');
    const first = await fillRequest(client, 'test.reviewed', SELF);
    expect(first.last.status).toBe(200);
    expect(
      (
        await client.post('/request/test.reviewed', {
          _csrf: first.csrf,
          _draft: first.draft,
          _action: 'submit',
        })
      ).status,
    ).toBe(303);
    const second = await fillRequest(client, 'test.reviewed', SELF);
    expect(second.last.status).toBe(200);
    const refused = await client.post('/request/test.reviewed', {
      _csrf: second.csrf,
      _draft: second.draft,
      _action: 'submit',
    });
    expect(refused.status).toBe(429);
  });
});
