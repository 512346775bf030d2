import { DAY, definePlugin, defineRequestType, fields, form, z } from '@smartloket/core';
import { RETENTION_JOB } from '@smartloket/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hidden,
  type PortalClient,
  startTestPortal,
  type TestPortal,
} from '../../../tests/support/portal.js';
import { recheckDraft, type SavedDraftData, savedFields } from './saved-drafts.js';

/** A permit in two steps with a choice and an upload (the file stays with a saved draft). */
const permitForm = form(
  {
    kind: fields.choice({
      label: { nl: 'Soort inname', fr: "Type d'occupation", en: 'Kind of use' },
      step: 'what',
      options: [
        { value: 'container', label: { nl: 'Container', fr: 'Conteneur', en: 'Skip' } },
        { value: 'lift', label: { nl: 'Verhuislift', fr: 'Monte-meubles', en: 'Furniture lift' } },
      ],
    }),
    plan: fields.file({
      label: { nl: 'Plan van de inname', fr: "Plan de l'occupation", en: 'Plan' },
      step: 'what',
      accept: ['application/pdf'],
      maxBytes: 1_000_000,
    }),
    street: fields.text({ label: { nl: 'Straat', fr: 'Rue', en: 'Street' }, step: 'where' }),
  },
  {
    steps: [
      { id: 'what', title: { nl: 'Wat?', fr: 'Quoi ?', en: 'What?' } },
      { id: 'where', title: { nl: 'Waar?', fr: 'Où ?', en: 'Where?' } },
    ],
  },
);

const draftsPlugin = definePlugin({
  id: 'drafty',
  compat: { core: '^0.1.0' },
  options: z.object({}),
  register({ requestTypes }) {
    requestTypes.add(
      defineRequestType({
        id: 'drafty.inname',
        kind: 'report',
        title: {
          nl: 'Inname openbaar domein',
          fr: 'Occupation du domaine public',
          en: 'Use of public space',
        },
        theme: 'openbaar-domein',
        minimumLevel: 'low',
        form: permitForm,
        subject: () => ({ relation: 'none' }),
        rules: [],
      }),
    );
  },
});

const TYPE = 'drafty.inname';
let portal: TestPortal;

beforeAll(async () => {
  portal = await startTestPortal({
    plugins: [draftsPlugin],
    worker: false,
    config: { retention: { draftDays: 7 } },
  });
});
afterAll(async () => {
  await portal?.close();
});

/** Opens the form and saves the first step with a choice and an upload; returns the draft id. */
async function saveFirstStep(client: PortalClient): Promise<{ draft: string; page: string }> {
  const start = await client.get(`/request/${TYPE}`);
  expect(start.text).toContain('Bewaar en ga later verder');
  const body = new FormData();
  body.set('_csrf', hidden(start.text, '_csrf'));
  body.set('_draft', hidden(start.text, '_draft'));
  body.set('_step', '0');
  body.set('_action', 'save');
  body.set('kind', 'lift');
  body.set('plan', new Blob(['%PDF-1.4 plan'], { type: 'application/pdf' }), 'plan-inname.pdf');
  const saved = await client.postMultipart(`/request/${TYPE}`, body);
  expect(saved.status).toBe(200);
  return { draft: hidden(start.text, '_draft'), page: saved.text };
}

describe('saved drafts', () => {
  it('resumes a draft with its upload on another device, files it, and the draft is gone', async () => {
    const laptop = await portal.login('jan', 'itsme');
    const { draft, page } = await saveFirstStep(laptop);
    // Told until when (7 days in the config; the test clock starts on 2 March 2026).
    expect(page).toContain('Uw aanvraag is bewaard');
    expect(page).toContain('verloopt op 09/03/2026');
    const row = await portal.d.db.drafts.get(draft);
    expect(row?.subject).toBeTruthy();
    expect(JSON.stringify(row?.data)).not.toContain('%PDF');

    // Another device: its own cookies, its own login.
    const phone = await portal.login('jan', 'itsme', { client: portal.client() });
    expect(phone.sessionId).not.toBe(laptop.sessionId);
    const my = await phone.get('/my');
    expect(my.text).toContain('Niet afgewerkt');
    expect(my.text).toContain('Verloopt op');
    expect(my.text).toContain('09/03/2026');
    expect(my.text).toContain('Inname openbaar domein');
    expect(my.text).toContain(`/my/drafts/${draft}`);
    const resumed = await phone.get(`/my/drafts/${draft}`);
    expect(resumed.status).toBe(200);
    expect(resumed.text).toContain('plan-inname.pdf');
    expect(resumed.text).not.toContain('Controleer deze antwoorden');
    const csrf = hidden(resumed.text, '_csrf');
    expect(hidden(resumed.text, '_draft')).toBe(draft);
    // The upload is kept: next without a new file, then the street, then submit.
    const what = await phone.post(`/request/${TYPE}`, {
      _csrf: csrf,
      _draft: draft,
      _step: '0',
      _action: 'next',
      kind: 'lift',
    });
    expect(what.status).toBe(200);
    const summary = await phone.post(`/request/${TYPE}`, {
      _csrf: csrf,
      _draft: draft,
      _step: '1',
      _action: 'next',
      street: 'Kerkstraat 1',
    });
    expect(summary.text).toContain('Controleer uw aanvraag');
    expect(summary.text).toContain('plan-inname.pdf');
    const done = await phone.post(`/request/${TYPE}`, { _csrf: csrf, _draft: draft, _action: 'submit' });
    expect(done.status).toBe(303);
    const id = /\/my\/requests\/([0-9a-f-]{36})/.exec(done.location ?? '')?.[1] as string;
    const uploads = await portal.d.db.uploads.listByRequest(id);
    expect(uploads.map((u) => u.fileName)).toEqual(['plan-inname.pdf']);
    expect(await portal.d.db.drafts.get(draft)).toBeUndefined();
    expect((await phone.get('/my')).text).not.toContain('Niet afgewerkt');
  });

  it('is not found by someone else, and can be deleted with its upload', async () => {
    const jan = await portal.login('jan', 'itsme');
    const { draft } = await saveFirstStep(jan);
    const uploadId = ((await portal.d.db.drafts.get(draft))!.data as SavedDraftData).values.plan as {
      uploadId: string;
    };
    const marie = await portal.login('marie', 'itsme');
    expect((await marie.get(`/my/drafts/${draft}`)).status).toBe(404);
    expect((await marie.get('/my')).text).not.toContain(draft);
    const my = await jan.get('/my');
    const csrf = hidden(my.text, '_csrf');
    expect(
      (
        await marie.post(`/my/drafts/${draft}/delete`, {
          _csrf: hidden((await marie.get('/my')).text, '_csrf'),
        })
      ).status,
    ).toBe(404);
    const deleted = await jan.post(`/my/drafts/${draft}/delete`, { _csrf: csrf });
    expect(deleted.status).toBe(303);
    expect(await portal.d.db.drafts.get(draft)).toBeUndefined();
    expect(await portal.d.db.uploads.get(uploadId.uploadId)).toBeUndefined();
  });

  it('keeps a draft made for an organisation with the organisation, not the person', async () => {
    const office = await portal.login('notaris', 'itsme');
    const { draft } = await saveFirstStep(office);
    const row = await portal.d.db.drafts.get(draft);
    expect(row?.subject).toMatch(/^organisation:/);
    // The same person logged in as a citizen neither sees nor opens it.
    const citizen = await portal.login('notaris', 'itsme', { capacity: 'BUR', client: portal.client() });
    const own = await citizen.get('/my');
    expect(own.text).not.toContain(draft);
    expect(own.text).not.toContain('Niet afgewerkt');
    expect((await citizen.get(`/my/drafts/${draft}`)).status).toBe(404);
    expect(
      (await citizen.post(`/my/drafts/${draft}/delete`, { _csrf: hidden(own.text, '_csrf') })).status,
    ).toBe(404);
    // Logged in for the organisation on another device: listed and resumed with its upload.
    const other = await portal.login('notaris', 'itsme', { client: portal.client() });
    const my = await other.get('/my');
    expect(my.text).toContain('De aanvragen en meldingen van uw organisatie.');
    expect(my.text).toContain('Niet afgewerkt');
    expect(my.text).toContain(`/my/drafts/${draft}`);
    const resumed = await other.get(`/my/drafts/${draft}`);
    expect(resumed.status).toBe(200);
    expect(resumed.text).toContain('plan-inname.pdf');
    const deleted = await other.post(`/my/drafts/${draft}/delete`, { _csrf: hidden(my.text, '_csrf') });
    expect(deleted.status).toBe(303);
    expect(await portal.d.db.drafts.get(draft)).toBeUndefined();
  });

  it('names the answers that no longer fit a changed request type', async () => {
    const jan = await portal.login('jan', 'itsme');
    const { draft } = await saveFirstStep(jan);
    // The draft as saved under an older version of the type: a question since removed and an
    // option since withdrawn.
    const row = (await portal.d.db.drafts.get(draft))!;
    const data = row.data as SavedDraftData;
    const older: SavedDraftData = {
      ...data,
      values: { ...data.values, kind: 'hoogwerker', duration: '3 dagen' },
      fields: {
        ...data.fields,
        kind: {
          kind: 'choice',
          label: data.fields.kind!.label,
          options: ['container', 'lift', 'hoogwerker'],
        },
        duration: { kind: 'text', label: { nl: 'Duur van de inname', fr: "Durée de l'occupation" } },
      },
    };
    await portal.d.db.drafts.save({
      id: draft,
      subject: row.subject,
      typeId: TYPE,
      data: older,
      expiresAt: row.expiresAt,
    });
    const resumed = await jan.get(`/my/drafts/${draft}`);
    expect(resumed.status).toBe(200);
    expect(resumed.text).toContain('Het formulier is gewijzigd sinds u deze aanvraag bewaarde');
    expect(resumed.text).toMatch(/<li>Soort inname<\/li>/);
    expect(resumed.text).toMatch(/<li>Duur van de inname<\/li>/);
    // The answer that still fits is kept.
    expect(resumed.text).toContain('plan-inname.pdf');
  });

  it('purges an expired draft and its upload in the daily retention job (retention.draftDays)', async () => {
    const jan = await portal.login('jan', 'itsme');
    const { draft } = await saveFirstStep(jan);
    const uploadId = ((await portal.d.db.drafts.get(draft))!.data as SavedDraftData).values.plan as {
      uploadId: string;
    };
    const start = portal.d.clock.now().getTime();
    const purgeAt = async (days: number) => {
      portal.d.clock.set(new Date(start + days * DAY));
      await portal.d.db.jobs.enqueue({ type: RETENTION_JOB, payload: {}, key: `drafts-purge-${days}` });
      await portal.d.runJobs();
    };
    await purgeAt(6);
    expect(await portal.d.db.drafts.get(draft)).toBeDefined();
    expect(await portal.d.db.uploads.get(uploadId.uploadId)).toBeDefined();
    await purgeAt(7.1);
    expect(await portal.d.db.drafts.get(draft)).toBeUndefined();
    expect(await portal.d.db.uploads.get(uploadId.uploadId)).toBeUndefined();
    const left = await portal.d.db.knex('drafts').where({ id: draft }).first();
    expect(left).toBeUndefined();
  });
});

describe('recheckDraft', () => {
  it('keeps what fits and names the rest by label', () => {
    const data: SavedDraftData = {
      values: { kind: 'container', street: 'Kerkstraat', gone: 'x' },
      step: 1,
      fields: {
        ...savedFields(permitForm),
        gone: { kind: 'text', label: { nl: 'Weg' } },
        street: { kind: 'number', label: { nl: 'Straat' } },
      },
    };
    const { values, recheck } = recheckDraft(data, permitForm);
    expect(values).toEqual({ kind: 'container' });
    expect(recheck.map((l) => l.nl)).toEqual(['Straat', 'Weg']);
  });
});
