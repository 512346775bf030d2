import { type Locale, type LocalizedText, localize, type Municipality } from '@smartloket/core';
import { html, primaryColour, type SafeHtml, safeUrl, textColourOn } from './html.js';

/** One block of a mail body. Templates build blocks; the layout turns them into HTML and text. */
export type Block =
  | { type: 'p'; text: string }
  /** A quoted text written by someone else (a question, a reason), with a label. */
  | { type: 'quote'; label: string; text: string }
  /** Label/value rows (reference number, status, ...). */
  | { type: 'facts'; rows: readonly (readonly [string, string])[] }
  /** A titled list; `empty` is shown when there are no items. */
  | { type: 'list'; title: string; items: readonly string[]; empty: string }
  /** The call to action: a button in HTML, the bare URL in text. */
  | { type: 'action'; label: string; url: string };

/** A mail before layout. */
export interface MailModel {
  subject: string;
  heading: string;
  /** Omitted for mails to staff. */
  greeting?: string | undefined;
  blocks: readonly Block[];
}

const T = {
  fallbackLink: {
    nl: 'Werkt de knop niet? Kopieer dan deze link in uw browser:',
    fr: 'Le bouton ne fonctionne pas ? Copiez ce lien dans votre navigateur :',
    en: 'Button not working? Copy this link into your browser:',
  },
  automated: {
    nl: 'Dit is een automatisch bericht van het e-loket van {municipality}. Antwoorden op deze e-mail worden niet gelezen.',
    fr: 'Ceci est un message automatique du guichet électronique ({municipality}). Les réponses à ce courriel ne sont pas lues.',
    en: 'This is an automated message from the e-counter of {municipality}. Replies to this e-mail are not read.',
  },
  contact: {
    nl: 'Vragen? Neem contact op:',
    fr: 'Des questions ? Contactez-nous :',
    en: 'Questions? Contact us:',
  },
} satisfies Record<string, LocalizedText>;

/** What the layout needs to know about the sender. */
export interface LayoutContext {
  locale: Locale;
  municipality: Municipality;
}

function contactLine(m: Municipality): string[] {
  return [m.email, m.phone, m.website].filter((v): v is string => Boolean(v));
}

/** Renders a mail model as a complete, inline-styled, table-layout HTML document. */
export function layoutHtml(model: MailModel, ctx: LayoutContext): string {
  const { locale, municipality } = ctx;
  const name = localize(municipality.name, locale);
  const primary = primaryColour(municipality.colours?.primary);
  const onPrimary = textColourOn(primary);
  const p = 'margin:0 0 16px 0;';

  const block = (b: Block): SafeHtml => {
    switch (b.type) {
      case 'p':
        return html`<p style="${p}">${b.text}</p>`;
      case 'quote':
        return html`<p style="margin:0 0 4px 0;font-weight:bold;">${b.label}</p>
<blockquote style="margin:0 0 16px 0;padding:12px 16px;border-left:4px solid ${primary};background-color:#f3f4f6;white-space:pre-wrap;">${b.text}</blockquote>`;
      case 'facts':
        return html`<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px 0;border-collapse:collapse;">${b.rows.map(
          ([label, value]) =>
            html`<tr><td style="padding:4px 16px 4px 0;color:#4b5563;vertical-align:top;">${label}</td><td style="padding:4px 0;font-weight:bold;vertical-align:top;">${value}</td></tr>`,
        )}</table>`;
      case 'list':
        return html`<h2 style="margin:24px 0 8px 0;font-size:18px;">${b.title}</h2>${
          b.items.length === 0
            ? html`<p style="${p}">${b.empty}</p>`
            : html`<ul style="margin:0 0 16px 0;padding-left:24px;">${b.items.map((i) => html`<li style="margin:0 0 4px 0;">${i}</li>`)}</ul>`
        }`;
      case 'action': {
        const url = safeUrl(b.url);
        return html`<p style="margin:8px 0 24px 0;"><a href="${url}" style="display:inline-block;background-color:${primary};color:${onPrimary};padding:12px 20px;border-radius:4px;text-decoration:none;font-weight:bold;">${b.label}</a></p>
<p style="margin:0 0 16px 0;font-size:13px;color:#4b5563;">${localize(T.fallbackLink, locale)}<br><a href="${url}" style="color:#1d4ed8;word-break:break-all;">${url}</a></p>`;
      }
    }
  };

  const contact = contactLine(municipality);
  const a = municipality.address;
  return html`<!DOCTYPE html>
<html lang="${locale}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${model.subject}</title>
</head>
<body style="margin:0;padding:0;background-color:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f4f6;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background-color:#ffffff;border-collapse:collapse;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1f2937;">
<tr><td style="background-color:${primary};color:${onPrimary};padding:20px 24px;font-size:20px;font-weight:bold;">${name}</td></tr>
<tr><td style="padding:24px;">
<h1 style="margin:0 0 16px 0;font-size:22px;line-height:1.3;color:#111827;">${model.heading}</h1>
${model.greeting ? html`<p style="${p}">${model.greeting}</p>` : ''}
${model.blocks.map(block)}
</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #e5e7eb;font-size:13px;line-height:1.5;color:#4b5563;">
<p style="margin:0 0 8px 0;">${localize(T.automated, locale, { municipality: name })}</p>
${contact.length > 0 ? html`<p style="margin:0 0 8px 0;">${localize(T.contact, locale)} ${contact.join(' · ')}</p>` : ''}
<p style="margin:0;">${name} · ${a.street} · ${a.postcode} ${a.city}</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`.toString();
}

/** Renders a mail model as plain text (links on their own line). */
export function layoutText(model: MailModel, ctx: LayoutContext): string {
  const { locale, municipality } = ctx;
  const name = localize(municipality.name, locale);
  // French puts a (non-breaking) space before a colon.
  const colon = locale === 'fr' ? '\u00a0:' : ':';
  const out: string[] = [name, '', model.heading, ''];
  if (model.greeting) out.push(model.greeting, '');
  for (const b of model.blocks) {
    switch (b.type) {
      case 'p':
        out.push(b.text, '');
        break;
      case 'quote':
        out.push(`${b.label}${colon}`, ...b.text.split(/\r?\n/).map((l) => `> ${l}`), '');
        break;
      case 'facts':
        out.push(...b.rows.map(([label, value]) => `${label}${colon} ${value}`), '');
        break;
      case 'list':
        out.push(b.title, '-'.repeat(b.title.length));
        out.push(...(b.items.length === 0 ? [b.empty] : b.items.map((i) => `- ${i}`)), '');
        break;
      case 'action':
        out.push(`${b.label}${colon}`, safeUrl(b.url), '');
        break;
    }
  }
  const contact = contactLine(municipality);
  const a = municipality.address;
  out.push('-- ', localize(T.automated, locale, { municipality: name }));
  if (contact.length > 0) out.push(`${localize(T.contact, locale)} ${contact.join(' · ')}`);
  out.push(`${name} · ${a.street} · ${a.postcode} ${a.city}`);
  return `${out.join('\n')}\n`;
}
