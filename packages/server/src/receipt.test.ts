import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { definePlugin, defineRequestType, fields, form, z } from '@smartloket/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hidden,
  type PortalClient,
  startTestPortal,
  type TestPortal,
} from '../../../tests/support/portal.js';

const plugin = definePlugin({
  id: 'receipt',
  compat: { core: '^0.1.0' },
  options: z.object({}),
  register({ requestTypes }) {
    requestTypes.add(
      defineRequestType({
        id: 'receipt.sluikstort',
        kind: 'report',
        title: {
          nl: 'Melding sluikstort',
          fr: 'Signalement de dépôt clandestin',
          en: 'Fly-tipping report',
          de: 'Meldung einer illegalen Müllablagerung',
        },
        theme: 'openbaar-domein',
        minimumLevel: 'low',
        form: form({
          what: fields.textarea({
            label: { nl: 'Wat ligt er', fr: 'Que trouve-t-on', en: 'What is there', de: 'Was liegt dort' },
            max: 500,
          }),
          size: fields.choice({
            label: { nl: 'Hoeveel', fr: 'Quelle quantité', en: 'How much', de: 'Wie viel' },
            options: [
              { value: 'small', label: { nl: 'Enkele zakken', fr: 'Quelques sacs', en: 'A few bags' } },
              {
                value: 'large',
                label: {
                  nl: 'Een aanhangwagen vol',
                  fr: 'Une remorque pleine',
                  en: 'A trailer load',
                  de: 'Eine Anhängerladung',
                },
              },
            ],
          }),
          photo: fields.file({
            label: { nl: 'Foto', fr: 'Photo', en: 'Photo' },
            accept: ['application/pdf'],
            maxBytes: 1_000_000,
          }),
        }),
        subject: () => ({ relation: 'none' }),
        rules: [],
      }),
    );
  },
});

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal({ plugins: [plugin], worker: false });
});
afterAll(async () => {
  await portal?.close();
});

/** Files the report in `lang` and returns the receipt's text (pdftotext) and the request page. */
async function fileAndRead(client: PortalClient, lang: string, what: string) {
  await client.get(`/?lang=${lang}`);
  const start = await client.get('/request/receipt.sluikstort');
  const draft = hidden(start.text, '_draft');
  const csrf = hidden(start.text, '_csrf');
  const body = new FormData();
  body.set('_csrf', csrf);
  body.set('_draft', draft);
  body.set('_step', '0');
  body.set('_action', 'next');
  body.set('what', what);
  body.set('size', 'large');
  body.set('photo', new Blob(['%PDF-1.4 foto'], { type: 'application/pdf' }), 'hoek-kerkstraat.pdf');
  const summary = await client.postMultipart('/request/receipt.sluikstort', body);
  expect(summary.status).toBe(200);
  const done = await client.post('/request/receipt.sluikstort', {
    _csrf: csrf,
    _draft: draft,
    _action: 'submit',
  });
  expect(done.status).toBe(303);
  const page = await client.get(done.location!);
  const href = /href="(\/my\/requests\/[0-9a-f-]{36}\/receipt\.pdf)"/.exec(page.text)?.[1];
  expect(href).toBeTruthy();
  const pdf = await client.raw(href!);
  expect(pdf.status).toBe(200);
  expect(pdf.headers.get('content-type')).toBe('application/pdf');
  expect(pdf.headers.get('content-disposition')).toMatch(
    /^attachment; filename="ontvangstbewijs-[A-Za-z0-9-]+\.pdf"$/,
  );
  const dir = mkdtempSync(join(tmpdir(), 'receipt-'));
  const file = join(dir, `receipt-${lang}.pdf`);
  writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const id = /\/my\/requests\/([0-9a-f-]{36})/.exec(href!)![1]!;
  const request = await portal.d.db.requests.get(id);
  return { text, reference: request!.reference, file, href: href!, page: page.text };
}

/** The text (pdftotext) of the PDF at `href`. */
async function pdfText(client: PortalClient, href: string): Promise<string> {
  const pdf = await client.raw(href);
  expect(pdf.status).toBe(200);
  expect(pdf.headers.get('content-type')).toBe('application/pdf');
  const dir = process.env.SMARTLOKET_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'receipt-'));
  const file = join(dir, `receipt-${new URL(href, 'http://x').searchParams.get('in') ?? 'filed'}.pdf`);
  writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('receipt PDF', () => {
  it('shows the reference, the answers with their labels, the files and what happens next in Dutch', async () => {
    const jan = await portal.login('jan', 'itsme');
    const { text, reference } = await fileAndRead(jan, 'nl', 'Matrassen en bouwafval');
    expect(text).toContain('Ontvangstbewijs');
    expect(text).toContain(reference);
    expect(text).toContain('Melding sluikstort');
    expect(text).toMatch(/Wat ligt er\s+Matrassen en bouwafval/);
    expect(text).toMatch(/Hoeveel\s+Een aanhangwagen vol/);
    expect(text).toContain('hoek-kerkstraat.pdf');
    expect(text).toContain('Wat gebeurt er nu');
    // Not sealed, so it does not say so.
    expect(text).not.toContain('verzegeld');
  });

  it('is in German (a document language) when asked from the request page, without Dutch or French left', async () => {
    const jan = await portal.login('jan', 'itsme');
    const { href, page, reference } = await fileAndRead(jan, 'nl', 'Alte Matratzen');
    expect(page).toContain('Het ontvangstbewijs in een andere taal:');
    expect(page).toContain(`href="${href}?in=de"`);
    expect(page).toContain('>Deutsch</a>');
    const text = await pdfText(jan, `${href}?in=de`);
    expect(text).toContain('Empfangsbestätigung');
    expect(text).toContain(reference);
    expect(text).toContain('Die Gemeinde hat Ihren Antrag erhalten');
    expect(text).toMatch(/Produkt\s+Meldung einer illegalen Müllablagerung/);
    expect(text).toMatch(/Eingereicht am\s+\d{1,2}\. [A-Za-zä]+ \d{4}/);
    expect(text).toMatch(/Was liegt dort\s+Alte Matratzen/);
    expect(text).toMatch(/Wie viel\s+Eine Anhängerladung/);
    expect(text).toContain('Dateien');
    expect(text).toContain('hoek-kerkstraat.pdf');
    expect(text).toContain('Wie geht es weiter?');
    for (const other of ['Ontvangstbewijs', 'Wat gebeurt', 'Accusé', 'Product', 'Referentie', 'Ingediend'])
      expect(text).not.toContain(other);
    // Another language than a document language is ignored: the request's own.
    expect(await pdfText(jan, `${href}?in=xx`)).toContain('Ontvangstbewijs');
  });

  it('is in French for a request filed in French, and nobody else can open it', async () => {
    const jan = await portal.login('jan', 'itsme');
    const { text, reference } = await fileAndRead(jan, 'fr', 'Des matelas');
    expect(text).toContain('Accusé de réception');
    expect(text).toContain(reference);
    expect(text).toMatch(/Que trouve-t-on\s+Des matelas/);
    expect(text).toMatch(/Quelle quantité\s+Une remorque pleine/);
    expect(text).toContain('hoek-kerkstraat.pdf');
    expect(text).not.toContain('Ontvangstbewijs');
    const other = await portal.login('marie', 'itsme');
    const own = await portal.d.db.requests
      .list({ requesterId: 'marie' }, { limit: 1 })
      .catch(() => undefined);
    void own;
    const ids = (
      await portal.d.db.knex('requests').where({ type_id: 'receipt.sluikstort' }).select('id', 'reference')
    )
      .filter((r: { reference: string }) => r.reference === reference)
      .map((r: { id: string }) => r.id);
    expect((await other.get(`/my/requests/${ids[0]}/receipt.pdf`)).status).toBe(404);
  });
});
