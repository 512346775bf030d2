import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  formatInsz,
  formatKbo,
  isValidInsz,
  isValidKbo,
  type LocalizedText,
  localize,
  UI_LOCALES,
  type UiLocale,
} from '@smartloket/core';
import { ENTERPRISES, personByInsz } from '@smartloket/dev-population';
import { html, SafeHtml } from '@smartloket/notifier-mail';
import { brusselsTime } from '../mailbox/page.js';
import type { EboxMessage } from './index.js';

const T = {
  title: { nl: 'Gesimuleerde e-Box', fr: 'e-Box simulée', en: 'Simulated e-Box' },
  boxes: { nl: 'e-Boxen met berichten', fr: 'e-Box avec des messages', en: 'e-Boxes with messages' },
  none: {
    nl: 'Nog geen berichten gepubliceerd.',
    fr: 'Aucun message publié.',
    en: 'No messages published yet.',
  },
  refresh: { nl: 'Vernieuwen', fr: 'Actualiser', en: 'Refresh' },
  citizen: { nl: 'Burger (My e-Box)', fr: 'Citoyen (My e-Box)', en: 'Citizen (My e-Box)' },
  enterprise: {
    nl: 'Onderneming (e-Box Enterprise)',
    fr: 'Entreprise (e-Box Enterprise)',
    en: 'Enterprise (e-Box Enterprise)',
  },
  owner: { nl: 'Eigenaar', fr: 'Titulaire', en: 'Owner' },
  kind: { nl: 'Soort', fr: 'Type', en: 'Kind' },
  count: { nl: 'Berichten', fr: 'Messages', en: 'Messages' },
  back: { nl: 'Terug naar het overzicht', fr: 'Retour à la liste', en: 'Back to the list' },
  received: { nl: 'Ontvangen', fr: 'Reçu', en: 'Received' },
  subject: { nl: 'Onderwerp', fr: 'Objet', en: 'Subject' },
  sender: { nl: 'Afzender (KBO)', fr: 'Expéditeur (BCE)', en: 'Sender (KBO)' },
  type: { nl: 'Berichttype', fr: 'Type de message', en: 'Message type' },
  expires: { nl: 'Vervalt', fr: 'Expire', en: 'Expires' },
  documents: { nl: 'Documenten', fr: 'Documents', en: 'Documents' },
  attention: { nl: 'Ter attentie van', fr: 'À l’attention de', en: 'For the attention of' },
  noDigital: {
    nl: 'Deze persoon opende de e-Box nog nooit (NO_DIGITAL_USER): de afzender rekent op de e-mail.',
    fr: 'Cette personne n’a jamais ouvert son e-Box (NO_DIGITAL_USER) : l’expéditeur compte sur le courriel.',
    en: 'This person never opened the e-Box (NO_DIGITAL_USER): the sender relies on the e-mail.',
  },
  notFound: { nl: 'Niet gevonden', fr: 'Introuvable', en: 'Not found' },
  languages: { nl: 'Taal', fr: 'Langue', en: 'Language' },
  devOnly: {
    nl: 'Alleen voor ontwikkeling: deze e-Box bewaart alles in het geheugen; niets gaat naar de echte e-Box.',
    fr: 'Réservé au développement : cette e-Box garde tout en mémoire ; rien ne part vers la vraie e-Box.',
    en: 'For development only: this e-Box keeps everything in memory; nothing reaches the real e-Box.',
  },
} satisfies Record<string, LocalizedText>;

const LANGUAGE_NAMES: Record<UiLocale, string> = { nl: 'Nederlands', fr: 'Français', en: 'English' };
const HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};
const STYLE =
  new SafeHtml(`body{font-family:system-ui,Arial,sans-serif;margin:0;color:#111827;background:#f9fafb;line-height:1.5}
header,main{max-width:70rem;margin:0 auto;padding:1rem}
header{display:flex;flex-wrap:wrap;gap:1rem;align-items:baseline;justify-content:space-between}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.5rem;border-bottom:1px solid #d1d5db;vertical-align:top}
a{color:#1d4ed8}a:focus{outline:3px solid #f59e0b;outline-offset:2px}
dt{font-weight:bold}dd{margin:0 0 .5rem 0}.note{color:#4b5563}.warn{background:#fef3c7;border:1px solid #b45309;padding:.5rem}`);

type Box = { type: 'citizen' | 'enterprise'; id: string };

const kbo = (id: string) => (isValidKbo(id) ? formatKbo(id) : id);
const insz = (id: string) => (isValidInsz(id) ? formatInsz(id) : id);

function ownerName(box: Box): string {
  if (box.type === 'citizen') {
    const p = personByInsz(box.id);
    return p ? `${p.givenNames[0]} ${p.familyName} (${insz(box.id)})` : insz(box.id);
  }
  const e = ENTERPRISES.find((x) => x.kbo === box.id);
  return e ? `${e.name} (${kbo(box.id)})` : kbo(box.id);
}

function subjectOf(m: EboxMessage): string {
  return Object.values(m.subject)[0] ?? '';
}

function layout(locale: UiLocale, title: string, body: SafeHtml, path: string): string {
  const t = (k: keyof typeof T) => localize(T[k], locale);
  return html`<!DOCTYPE html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – ${t('title')}</title><style>${STYLE}</style></head>
<body>
<header><p><strong>${t('title')}</strong></p>
<nav aria-label="${t('languages')}"><ul style="list-style:none;display:flex;gap:1rem;margin:0;padding:0">${UI_LOCALES.map(
    (l) =>
      html`<li><a href="${path}?lang=${l}" lang="${l}" hreflang="${l}"${l === locale ? html` aria-current="page"` : ''}>${LANGUAGE_NAMES[l]}</a></li>`,
  )}</ul></nav></header>
<main>${body}</main>
</body></html>
`.toString();
}

function boxPath(b: Box): string {
  return `/ebox/${b.type}/${encodeURIComponent(b.id)}`;
}

/** The simulator's pages: `/` lists the e-Boxes, `/ebox/:type/:id` one e-Box, then its documents. */
export function eboxPages(all: () => EboxMessage[]) {
  function list(locale: UiLocale): string {
    const t = (k: keyof typeof T) => localize(T[k], locale);
    const boxes = new Map<string, { box: Box; n: number; last: Date }>();
    for (const m of all()) {
      const key = `${m.recipient.eboxType}:${m.recipient.eboxIdValue}`;
      const e = boxes.get(key) ?? {
        box: { type: m.recipient.eboxType, id: m.recipient.eboxIdValue },
        n: 0,
        last: m.publishedAt,
      };
      e.n++;
      e.last = m.publishedAt;
      boxes.set(key, e);
    }
    const rows = [...boxes.values()].map(
      (e) => html`<tr><td><a href="${boxPath(e.box)}?lang=${locale}">${ownerName(e.box)}</a></td>
<td>${t(e.box.type)}</td><td>${String(e.n)}</td>
<td><time datetime="${e.last.toISOString()}">${brusselsTime(e.last, locale)}</time></td></tr>`,
    );
    const body = html`<h1>${t('boxes')} (${String(boxes.size)})</h1>
<p class="note">${t('devOnly')} <a href="/?lang=${locale}">${t('refresh')}</a></p>
${
  boxes.size === 0
    ? html`<p>${t('none')}</p>`
    : html`<table><caption class="note" style="text-align:left">${t('boxes')}</caption>
<thead><tr><th scope="col">${t('owner')}</th><th scope="col">${t('kind')}</th><th scope="col">${t('count')}</th><th scope="col">${t('received')}</th></tr></thead>
<tbody>${rows}</tbody></table>`
}`;
    return layout(locale, t('boxes'), body, '/');
  }

  function box(b: Box, locale: UiLocale): string | undefined {
    const t = (k: keyof typeof T) => localize(T[k], locale);
    const ms = all().filter((m) => m.recipient.eboxType === b.type && m.recipient.eboxIdValue === b.id);
    if (ms.length === 0) return undefined;
    const items = [...ms].reverse().map(
      (m) => html`<article style="background:#fff;border:1px solid #d1d5db;padding:1rem;margin-bottom:1rem">
<h2 style="margin-top:0">${subjectOf(m)}</h2>
${m.code === 'NO_DIGITAL_USER' ? html`<p class="warn">${t('noDigital')}</p>` : ''}
<dl>
<dt>${t('received')}</dt><dd><time datetime="${m.publishedAt.toISOString()}">${brusselsTime(m.publishedAt, locale)}</time></dd>
${m.forTheAttentionOf ? html`<dt>${t('attention')}</dt><dd>${m.forTheAttentionOf.name ?? ''} (${insz(m.forTheAttentionOf.id)})</dd>` : ''}
<dt>${t('sender')}</dt><dd>${kbo(m.senderOrganizationId)}</dd>
<dt>${t('type')}</dt><dd>${m.messageTypeId}</dd>
<dt>${t('expires')}</dt><dd><time datetime="${m.expirationDate.toISOString()}">${brusselsTime(m.expirationDate, locale)}</time></dd>
<dt>${t('documents')}</dt><dd><ul>${m.documents.map(
        (d, i) =>
          html`<li><a href="${boxPath(b)}/${encodeURIComponent(m.messageId)}/${String(i)}">${d.fileName}</a> (${d.mediaType}, ${String(Math.ceil(d.bytes.length / 1024))} kB)</li>`,
      )}</ul></dd>
</dl></article>`,
    );
    const body = html`<p><a href="/?lang=${locale}">${t('back')}</a></p>
<h1>${ownerName(b)}</h1><p class="note">${t(b.type)}</p>${items}`;
    return layout(locale, ownerName(b), body, boxPath(b));
  }

  return {
    /** Answers a GET for a page; false when the path is not one of them. */
    handle(req: IncomingMessage, res: ServerResponse): boolean {
      const url = new URL(req.url ?? '/', 'http://x');
      const lang = url.searchParams.get('lang');
      const locale: UiLocale = (UI_LOCALES as readonly string[]).includes(lang ?? '')
        ? (lang as UiLocale)
        : 'nl';
      const htmlAnswer = (status: number, text: string) => {
        res.writeHead(status, { ...HEADERS, 'Content-Type': 'text/html; charset=utf-8' });
        res.end(text);
      };
      if (url.pathname === '/') {
        htmlAnswer(200, list(locale));
        return true;
      }
      const m = /^\/ebox\/(citizen|enterprise)\/([0-9]+)(?:\/([^/]+)\/([0-9]+))?$/.exec(url.pathname);
      if (!m) return false;
      const b: Box = { type: m[1] as Box['type'], id: m[2]! };
      if (m[3] === undefined) {
        const page = box(b, locale);
        htmlAnswer(
          page ? 200 : 404,
          page ??
            layout(
              locale,
              localize(T.notFound, locale),
              html`<h1>${localize(T.notFound, locale)}</h1>`,
              url.pathname,
            ),
        );
        return true;
      }
      const msg = all().find(
        (x) => x.messageId === decodeURIComponent(m[3]!) && x.recipient.eboxIdValue === b.id,
      );
      const doc = msg?.documents[Number(m[4])];
      if (!doc) {
        htmlAnswer(
          404,
          layout(
            locale,
            localize(T.notFound, locale),
            html`<h1>${localize(T.notFound, locale)}</h1>`,
            url.pathname,
          ),
        );
        return true;
      }
      res.writeHead(200, {
        ...HEADERS,
        'Content-Type': doc.mediaType || 'application/octet-stream',
        'Content-Disposition': `inline; filename="${doc.fileName.replace(/[^\w.-]/g, '_')}"`,
      });
      res.end(Buffer.from(doc.bytes));
      return true;
    },
  };
}
