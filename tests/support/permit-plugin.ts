import { crc32, deflateSync } from 'node:zlib';
import { definePlugin, defineRequestType, fields, form } from '@smartloket/core';
import { minimalPdf } from '@smartloket/testkit';
import { expect } from 'vitest';
import { fillRequest, type PortalClient } from './portal.js';

/** The permit's request type id. */
export const PERMIT_TYPE = 'vergunning.evenement';

/**
 * A permit for the back-office tests: an event permit whose form has every kind of field a clerk
 * must read (a choice, a date, an address, an INSZ, a KBO number, a yes/no) and two uploads (the
 * organiser's registration as a PDF and a site plan as an image). Staff handle it like a report
 * (take it up, ask, resolve or refuse).
 */
export const permitPlugin = definePlugin({
  id: 'vergunning',
  version: '0.1.0',
  compat: { core: '^0.1.0' },
  register({ requestTypes }) {
    requestTypes.add(
      defineRequestType({
        id: PERMIT_TYPE,
        kind: 'report',
        title: { nl: 'Evenementenvergunning', fr: "Autorisation d'événement", en: 'Event permit' },
        theme: 'openbaar-domein',
        audience: ['citizen', 'organisation'],
        minimumLevel: 'substantial',
        form: form({
          eventKind: fields.choice({
            label: { nl: 'Soort evenement', fr: "Type d'événement", en: 'Kind of event' },
            options: [
              {
                value: 'buurtfeest',
                label: { nl: 'Buurtfeest', fr: 'Fête de quartier', en: 'Street party' },
              },
              { value: 'markt', label: { nl: 'Rommelmarkt', fr: 'Brocante', en: 'Flea market' } },
            ],
          }),
          eventDate: fields.date({
            label: { nl: 'Datum van het evenement', fr: "Date de l'événement", en: 'Date of the event' },
          }),
          location: fields.address({ label: { nl: 'Plaats', fr: 'Lieu', en: 'Place' } }),
          organiserInsz: fields.insz({
            label: {
              nl: 'Rijksregisternummer van de organisator',
              fr: "Numéro de registre national de l'organisateur",
              en: "Organiser's national number",
            },
          }),
          organiserKbo: fields.kbo({
            label: {
              nl: 'Ondernemingsnummer van de vereniging',
              fr: "Numéro d'entreprise de l'association",
              en: "Association's enterprise number",
            },
            optional: true,
          }),
          music: fields.boolean({
            label: { nl: 'Versterkte muziek', fr: 'Musique amplifiée', en: 'Amplified music' },
          }),
          registration: fields.file({
            label: {
              nl: 'Inschrijvingsbewijs van de vereniging',
              fr: "Preuve d'inscription de l'association",
              en: "Association's registration",
            },
            accept: ['application/pdf'],
            maxBytes: 5_000_000,
          }),
          sitePlan: fields.file({
            label: { nl: 'Inplantingsplan', fr: "Plan d'implantation", en: 'Site plan' },
            accept: ['image/png', 'image/jpeg'],
            maxBytes: 5_000_000,
          }),
        }),
        subject: () => ({ relation: 'none' }),
        rules: [],
      }),
    );
  },
});

/** A site plan: a 240×160 PNG (grey ground, a blue tent, a green strip), made without a library. */
export const PNG = (() => {
  const width = 240;
  const height = 160;
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    for (let x = 0; x < width; x++) {
      const tent = x > 60 && x < 150 && y > 40 && y < 110;
      const grass = y > 130;
      const [r, g, b] = tent ? [27, 79, 114] : grass ? [60, 150, 60] : [225, 225, 225];
      const o = y * (width * 3 + 1) + 1 + x * 3;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
})();

/** The association's registration: a one-page PDF with a line of text. */
export const PDF = Buffer.from(minimalPdf('Inschrijvingsbewijs vzw Buurtcomite Kerkwijk - KBO 0417.123.457'));

/** Files a permit through the portal with a PDF and an image; returns the request id. */
export async function filePermit(client: PortalClient): Promise<string> {
  const { draft, csrf } = await fillRequest(client, PERMIT_TYPE, []);
  const step = new FormData();
  for (const [k, v] of Object.entries({
    _csrf: csrf,
    _draft: draft,
    _step: '0',
    _action: 'next',
    eventKind: 'buurtfeest',
    eventDate: '2027-06-14',
    'location[street]': 'Kerkstraat',
    'location[number]': '12',
    'location[box]': '3',
    'location[postcode]': '9000',
    'location[municipality]': 'Gent',
    organiserInsz: '85673012367',
    organiserKbo: '0417123457',
    music: 'on',
  })) {
    step.append(k, v);
  }
  step.append('registration', new Blob([PDF], { type: 'application/pdf' }), 'inschrijving vzw.pdf');
  step.append('sitePlan', new Blob([PNG], { type: 'image/png' }), 'plan.png');
  const summary = await client.postMultipart(`/request/${PERMIT_TYPE}`, step);
  expect(summary.status, summary.text.slice(0, 2000)).toBe(200);
  const done = await client.post(`/request/${PERMIT_TYPE}`, {
    _csrf: csrf,
    _draft: draft,
    _action: 'submit',
  });
  expect(done.status).toBe(303);
  return /\/my\/requests\/([0-9a-f-]{36})/.exec(done.location ?? '')![1]!;
}
