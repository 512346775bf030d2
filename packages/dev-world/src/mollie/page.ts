import { type LocalizedText, localize, UI_LOCALES, type UiLocale } from '@smartloket/core';
import { html, SafeHtml } from '@smartloket/notifier-mail';
import type { SimulatedPayment } from './index.js';
import { centsToValue } from './money.js';

/** What the tester picks on the checkout page (`open`: leave without finishing). */
export type CheckoutOutcome = 'paid' | 'failed' | 'canceled' | 'expired' | 'open';

const T = {
  title: {
    nl: 'Betaalsimulator (test)',
    fr: 'Simulateur de paiement (test)',
    en: 'Payment simulator (test)',
  },
  devOnly: {
    nl: 'Testmodus: er wordt niets betaald. Kies hoe deze betaling afloopt, zoals in de testmodus van Mollie.',
    fr: 'Mode test : rien n’est payé. Choisissez l’issue de ce paiement, comme dans le mode test de Mollie.',
    en: 'Test mode: nothing is paid. Choose how this payment ends, as in Mollie’s test mode.',
  },
  amount: { nl: 'Bedrag', fr: 'Montant', en: 'Amount' },
  description: { nl: 'Omschrijving', fr: 'Description', en: 'Description' },
  method: { nl: 'Betaalmethode', fr: 'Moyen de paiement', en: 'Payment method' },
  outcome: { nl: 'Resultaat van de betaling', fr: 'Résultat du paiement', en: 'Payment outcome' },
  continue: { nl: 'Doorgaan', fr: 'Continuer', en: 'Continue' },
  invalid: {
    nl: 'Kies een betaalmethode en een resultaat.',
    fr: 'Choisissez un moyen de paiement et un résultat.',
    en: 'Choose a payment method and an outcome.',
  },
  notFound: {
    nl: 'Deze betaling bestaat niet.',
    fr: 'Ce paiement n’existe pas.',
    en: 'This payment does not exist.',
  },
  finished: {
    nl: 'Deze betaling is afgerond.',
    fr: 'Ce paiement est terminé.',
    en: 'This payment is finished.',
  },
  status: { nl: 'Status', fr: 'Statut', en: 'Status' },
  back: { nl: 'Terug naar de website', fr: 'Retour au site', en: 'Back to the website' },
  languages: { nl: 'Taal', fr: 'Langue', en: 'Language' },
} satisfies Record<string, LocalizedText>;

const OUTCOMES: Record<CheckoutOutcome, LocalizedText> = {
  paid: { nl: 'Betaald', fr: 'Payé', en: 'Paid' },
  failed: { nl: 'Mislukt', fr: 'Échoué', en: 'Failed' },
  canceled: { nl: 'Geannuleerd', fr: 'Annulé', en: 'Cancelled' },
  expired: { nl: 'Verlopen', fr: 'Expiré', en: 'Expired' },
  open: {
    nl: 'Open laten (later betalen)',
    fr: 'Laisser ouvert (payer plus tard)',
    en: 'Leave open (pay later)',
  },
};

const STATUS: Record<string, LocalizedText> = {
  ...OUTCOMES,
  open: { nl: 'Open', fr: 'Ouvert', en: 'Open' },
  pending: { nl: 'In behandeling', fr: 'En cours', en: 'Pending' },
  authorized: { nl: 'Geautoriseerd', fr: 'Autorisé', en: 'Authorised' },
};

/** Labels of Mollie's methods (the ones a Belgian profile commonly enables; others show their id). */
export const METHOD_LABELS: Record<string, LocalizedText> = {
  bancontact: { nl: 'Bancontact', fr: 'Bancontact', en: 'Bancontact' },
  creditcard: { nl: 'Kredietkaart', fr: 'Carte de crédit', en: 'Credit card' },
  kbc: { nl: 'KBC/CBC-betaalknop', fr: 'Bouton de paiement KBC/CBC', en: 'KBC/CBC Payment Button' },
  belfius: { nl: 'Belfius Pay Button', fr: 'Belfius Pay Button', en: 'Belfius Pay Button' },
  ideal: { nl: 'iDEAL', fr: 'iDEAL', en: 'iDEAL' },
  paypal: { nl: 'PayPal', fr: 'PayPal', en: 'PayPal' },
  banktransfer: { nl: 'Overschrijving', fr: 'Virement bancaire', en: 'Bank transfer' },
  applepay: { nl: 'Apple Pay', fr: 'Apple Pay', en: 'Apple Pay' },
};

const LANGUAGE_NAMES: Record<UiLocale, string> = { nl: 'Nederlands', fr: 'Français', en: 'English' };

/** The page's language: `?lang=`, else the payment's Mollie locale (`fr_BE` -> fr), else Dutch. */
export function pageLocale(lang: string | null, paymentLocale: string | undefined): UiLocale {
  if (lang && (UI_LOCALES as readonly string[]).includes(lang)) return lang as UiLocale;
  const prefix = paymentLocale?.slice(0, 2);
  if (prefix === 'fr') return 'fr';
  if (prefix === 'en' || prefix === 'de') return 'en';
  return 'nl';
}

const STYLE =
  new SafeHtml(`body{font-family:system-ui,Arial,sans-serif;margin:0;color:#111827;background:#f3f4f6;line-height:1.5}
header,main{max-width:36rem;margin:0 auto;padding:1rem}
header{display:flex;flex-wrap:wrap;gap:1rem;align-items:baseline;justify-content:space-between}
main{background:#fff;border:1px solid #d1d5db;border-radius:.5rem}
fieldset{border:1px solid #d1d5db;margin:0 0 1rem 0}label{display:block;padding:.25rem 0}
button{font:inherit;padding:.5rem 1.25rem;background:#1d4ed8;color:#fff;border:0;border-radius:.25rem}
button:focus,a:focus,input:focus{outline:3px solid #f59e0b;outline-offset:2px}
.note{color:#4b5563}.error{color:#b91c1c;font-weight:bold}dt{font-weight:bold}dd{margin:0 0 .5rem 0}`);

const money = (cents: number, locale: UiLocale) =>
  `€ ${locale === 'en' ? centsToValue(cents) : centsToValue(cents).replace('.', ',')}`;

function layout(locale: UiLocale, path: string, body: SafeHtml): string {
  const t = (k: keyof typeof T) => localize(T[k], locale);
  return html`<!DOCTYPE html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t('title')}</title><style>${STYLE}</style></head>
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

/** The checkout page: amount, description, the method (when not fixed) and the outcome to pick. */
export function checkoutPage(
  locale: UiLocale,
  p: SimulatedPayment,
  _enabled: string[],
  invalid: boolean,
): string {
  const t = (k: keyof typeof T) => localize(T[k], locale);
  const path = `/checkout/${p.id}`;
  const methodLabel = (m: string) => (METHOD_LABELS[m] ? localize(METHOD_LABELS[m], locale) : m);
  const methods = p.method ? [p.method] : p.methods;
  const body = html`<h1>${t('title')}</h1>
<p class="note">${t('devOnly')}</p>
${invalid ? html`<p class="error" role="alert">${t('invalid')}</p>` : ''}
<dl><dt>${t('description')}</dt><dd>${p.description}</dd><dt>${t('amount')}</dt><dd>${money(p.amountCents, locale)}</dd></dl>
<form method="post" action="${path}?lang=${locale}">
<fieldset><legend>${t('method')}</legend>
${methods.map(
  (m, i) =>
    html`<label><input type="radio" name="method" value="${m}"${i === 0 ? html` checked` : ''}> ${methodLabel(m)}</label>`,
)}
</fieldset>
<fieldset><legend>${t('outcome')}</legend>
${(['paid', 'failed', 'canceled', 'expired', 'open'] as const).map(
  (o, i) =>
    html`<label><input type="radio" name="status" value="${o}"${i === 0 ? html` checked` : ''}> ${localize(OUTCOMES[o], locale)}</label>`,
)}
</fieldset>
<button type="submit">${t('continue')}</button>
</form>`;
  return layout(locale, path, body);
}

/** The page of a payment that is no longer open (or unknown): its status and the way back. */
export function finishedPage(locale: UiLocale, p: SimulatedPayment | undefined): string {
  const t = (k: keyof typeof T) => localize(T[k], locale);
  if (!p) return layout(locale, '/checkout', html`<h1>${t('title')}</h1><p>${t('notFound')}</p>`);
  const status = STATUS[p.status] ? localize(STATUS[p.status]!, locale) : p.status;
  return layout(
    locale,
    `/checkout/${p.id}`,
    html`<h1>${t('title')}</h1><p>${t('finished')}</p>
<dl><dt>${t('description')}</dt><dd>${p.description}</dd><dt>${t('status')}</dt><dd>${status}</dd></dl>
<p><a href="${p.redirectUrl}">${t('back')}</a></p>`,
  );
}
