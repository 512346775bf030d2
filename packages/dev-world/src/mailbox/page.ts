import type { IncomingMessage, ServerResponse } from 'node:http';
import { type LocalizedText, localize, UI_LOCALES, type UiLocale } from '@smartloket/core';
import { html, SafeHtml } from '@smartloket/notifier-mail';
import type { MailStore, ReceivedMail } from './store.js';

const T = {
  title: { nl: 'Dev-mailbox', fr: 'Boîte mail de développement', en: 'Dev mailbox' },
  received: { nl: 'Ontvangen e-mails', fr: 'Courriels reçus', en: 'Received e-mails' },
  none: { nl: 'Nog geen e-mails ontvangen.', fr: 'Aucun courriel reçu.', en: 'No e-mails received yet.' },
  refresh: { nl: 'Vernieuwen', fr: 'Actualiser', en: 'Refresh' },
  receivedAt: { nl: 'Ontvangen', fr: 'Reçu', en: 'Received' },
  from: { nl: 'Van', fr: 'De', en: 'From' },
  to: { nl: 'Aan', fr: 'À', en: 'To' },
  subject: { nl: 'Onderwerp', fr: 'Objet', en: 'Subject' },
  links: { nl: 'Links', fr: 'Liens', en: 'Links' },
  noLinks: { nl: 'Geen links.', fr: 'Aucun lien.', en: 'No links.' },
  noSubject: { nl: '(geen onderwerp)', fr: '(sans objet)', en: '(no subject)' },
  back: { nl: 'Terug naar het overzicht', fr: 'Retour à la liste', en: 'Back to the list' },
  textPart: { nl: 'Tekstversie', fr: 'Version texte', en: 'Text version' },
  htmlPart: { nl: 'HTML-versie', fr: 'Version HTML', en: 'HTML version' },
  htmlFrame: {
    nl: 'HTML-versie van de e-mail (scripts uitgeschakeld)',
    fr: 'Version HTML du courriel (scripts désactivés)',
    en: 'HTML version of the e-mail (scripts disabled)',
  },
  noHtml: {
    nl: 'Deze e-mail heeft geen HTML-versie.',
    fr: 'Ce courriel n’a pas de version HTML.',
    en: 'This e-mail has no HTML version.',
  },
  notFound: { nl: 'Niet gevonden', fr: 'Introuvable', en: 'Not found' },
  languages: { nl: 'Taal', fr: 'Langue', en: 'Language' },
  devOnly: {
    nl: 'Alleen voor ontwikkeling: deze mailbox bewaart alles in het geheugen en verstuurt niets.',
    fr: 'Réservé au développement : cette boîte garde tout en mémoire et n’envoie rien.',
    en: 'For development only: this mailbox keeps everything in memory and sends nothing.',
  },
} satisfies Record<string, LocalizedText>;

const LANGUAGE_NAMES: Record<UiLocale, string> = { nl: 'Nederlands', fr: 'Français', en: 'English' };

const SECURITY_HEADERS = {
  // No scripts at all; the srcdoc frame inherits this policy on top of its sandbox (so
  // frame-ancestors must allow this page itself).
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

// A constant, so it may be inserted unescaped.
const STYLE =
  new SafeHtml(`body{font-family:system-ui,Arial,sans-serif;margin:0;color:#111827;background:#f9fafb;line-height:1.5}
header,main{max-width:70rem;margin:0 auto;padding:1rem}
header{display:flex;flex-wrap:wrap;gap:1rem;align-items:baseline;justify-content:space-between}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.5rem;border-bottom:1px solid #d1d5db;vertical-align:top}
a{color:#1d4ed8}a:focus{outline:3px solid #f59e0b;outline-offset:2px}
pre{white-space:pre-wrap;background:#fff;border:1px solid #d1d5db;padding:1rem}
iframe{width:100%;height:40rem;border:1px solid #d1d5db;background:#fff}
dt{font-weight:bold}dd{margin:0 0 .5rem 0}.note{color:#4b5563}`);

function page(locale: UiLocale, title: string, body: SafeHtml, path: string): string {
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

/** A time as a person in Belgium reads it: Europe/Brussels, with seconds (mails arrive in bursts). */
export function brusselsTime(at: Date, locale: UiLocale): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : `${locale}-BE`, {
    dateStyle: 'short',
    timeStyle: 'medium',
    timeZone: 'Europe/Brussels',
  }).format(at);
}

function listPage(mails: ReceivedMail[], locale: UiLocale): string {
  const t = (k: keyof typeof T) => localize(T[k], locale);
  const q = `?lang=${locale}`;
  const rows = [...mails].reverse().map(
    (m) => html`<tr>
<td><time datetime="${m.receivedAt.toISOString()}">${brusselsTime(m.receivedAt, locale)}</time></td>
<td>${m.from}</td><td>${m.to.join(', ')}</td>
<td><a href="/messages/${encodeURIComponent(m.id)}${q}">${m.subject || t('noSubject')}</a></td>
<td>${m.links.length === 0 ? t('noLinks') : html`<ul>${m.links.map((l) => html`<li><a href="${l}" rel="noopener noreferrer">${l}</a></li>`)}</ul>`}</td>
</tr>`,
  );
  const body = html`<h1>${t('received')} (${mails.length})</h1>
<p class="note">${t('devOnly')} <a href="/${q}">${t('refresh')}</a></p>
${
  mails.length === 0
    ? html`<p>${t('none')}</p>`
    : html`<table><caption class="note" style="text-align:left">${t('received')}</caption>
<thead><tr><th scope="col">${t('receivedAt')}</th><th scope="col">${t('from')}</th><th scope="col">${t('to')}</th><th scope="col">${t('subject')}</th><th scope="col">${t('links')}</th></tr></thead>
<tbody>${rows}</tbody></table>`
}`;
  return page(locale, t('received'), body, '/');
}

function mailPage(m: ReceivedMail, locale: UiLocale): string {
  const t = (k: keyof typeof T) => localize(T[k], locale);
  const subject = m.subject || t('noSubject');
  const body = html`<p><a href="/?lang=${locale}">${t('back')}</a></p>
<h1>${subject}</h1>
<dl>
<dt>${t('receivedAt')}</dt><dd><time datetime="${m.receivedAt.toISOString()}">${brusselsTime(m.receivedAt, locale)}</time></dd>
<dt>${t('from')}</dt><dd>${m.from}</dd>
<dt>${t('to')}</dt><dd>${m.to.join(', ')}</dd>
<dt>Message-ID</dt><dd><code>${m.messageId ?? ''}</code></dd>
</dl>
<h2>${t('links')}</h2>
${m.links.length === 0 ? html`<p>${t('noLinks')}</p>` : html`<ul>${m.links.map((l) => html`<li><a href="${l}" rel="noopener noreferrer">${l}</a></li>`)}</ul>`}
<h2>${t('htmlPart')}</h2>
${
  m.html
    ? // sandbox="" (no allow-scripts, no allow-same-origin): the mail's scripts never run.
      html`<iframe sandbox="" referrerpolicy="no-referrer" title="${t('htmlFrame')}" srcdoc="${m.html}"></iframe>`
    : html`<p>${t('noHtml')}</p>`
}
<h2>${t('textPart')}</h2>
<pre>${m.text}</pre>`;
  return page(locale, subject, body, `/messages/${encodeURIComponent(m.id)}`);
}

function toJson(m: ReceivedMail) {
  return { ...m, receivedAt: m.receivedAt.toISOString() };
}

/** The HTTP handler of the dev mailbox: `/`, `/messages/:id`, `/api/messages[/:id]`. */
export function mailboxHandler(store: MailStore) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://mailbox.invalid');
    const lang = url.searchParams.get('lang');
    // Dutch unless ?lang= asks otherwise (the page is a developer tool; links keep the choice).
    const locale = (UI_LOCALES as readonly string[]).includes(lang ?? '') ? (lang as UiLocale) : 'nl';
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'Content-Type': type, ...SECURITY_HEADERS });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const json = (status: number, value: unknown) =>
      send(status, 'application/json; charset=utf-8', JSON.stringify(value));
    const notFound = () =>
      url.pathname.startsWith('/api/')
        ? json(404, { error: 'not_found' })
        : send(
            404,
            'text/html; charset=utf-8',
            page(
              locale,
              localize(T.notFound, locale),
              html`<h1>${localize(T.notFound, locale)}</h1><p><a href="/?lang=${locale}">${localize(T.back, locale)}</a></p>`,
              '/',
            ),
          );

    const one = /^\/(api\/)?messages\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'DELETE' && url.pathname === '/api/messages') {
      store.clear();
      res.writeHead(204, SECURITY_HEADERS);
      res.end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', ...SECURITY_HEADERS });
      res.end();
      return;
    }
    if (url.pathname === '/') return send(200, 'text/html; charset=utf-8', listPage(store.list(), locale));
    if (url.pathname === '/api/messages') return json(200, store.list().map(toJson));
    if (one) {
      const mail = store.get(decodeURIComponent(one[2] ?? ''));
      if (!mail) return notFound();
      return one[1] ? json(200, toJson(mail)) : send(200, 'text/html; charset=utf-8', mailPage(mail, locale));
    }
    return notFound();
  };
}
