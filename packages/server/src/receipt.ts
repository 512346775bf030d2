import {
  type FormDefinition,
  isLocale,
  type Locale,
  type LocalizedText,
  localize,
  type Municipality,
} from '@smartloket/core';
import type { RequestRecord, UploadRecord } from '@smartloket/db';
import { type Block, renderCertificate } from '@smartloket/renderer-pdf';
import type { Request, Response } from 'express';
import type { ServerContext } from './context.js';
import { formatCost, formatDate, t } from './messages.js';
import { nextKey } from './views/personal.js';
import { displayValue } from './views/request.js';

/** The receipt's own texts (the rest comes from the server's messages). */
const RECEIPT: Record<string, LocalizedText> = {
  title: { nl: 'Ontvangstbewijs', fr: 'Accusé de réception', en: 'Receipt', de: 'Empfangsbestätigung' },
  intro: {
    nl: 'De gemeente heeft uw aanvraag ontvangen. Dit is wat u indiende.',
    fr: 'La commune a reçu votre demande. Voici ce que vous avez introduit.',
    en: 'The municipality has received your request. This is what you filed.',
    de: 'Die Gemeinde hat Ihren Antrag erhalten. Dies haben Sie eingereicht.',
  },
  answers: { nl: 'Uw antwoorden', fr: 'Vos réponses', en: 'Your answers', de: 'Ihre Antworten' },
  files: { nl: 'Bestanden', fr: 'Fichiers', en: 'Files', de: 'Dateien' },
  filedOn: { nl: 'Ingediend op', fr: 'Introduite le', en: 'Filed on', de: 'Eingereicht am' },
  purged: {
    nl: 'De antwoorden zijn niet meer bewaard (bewaartermijn verstreken).',
    fr: 'Les réponses ne sont plus conservées (délai de conservation écoulé).',
    en: 'The answers are no longer kept (retention term passed).',
    de: 'Die Antworten werden nicht mehr aufbewahrt (Aufbewahrungsfrist abgelaufen).',
  },
};

/** Everything a receipt shows. */
export interface ReceiptInput {
  municipality: Municipality;
  request: RequestRecord;
  title: LocalizedText;
  /** The type's form (labels and kinds); undefined when the type is no longer installed. */
  form: FormDefinition | undefined;
  uploads: UploadRecord[];
  locale: Locale;
}

/**
 * The PDF receipt of a filed request (issue 20): reference, date, the answers with their labels,
 * the files by name and what happens next, in the requester's language.
 */
export async function renderReceipt(input: ReceiptInput): Promise<Uint8Array> {
  const { request, form, locale: l } = input;
  const r = (key: string) => localize(RECEIPT[key]!, l);
  const blocks: Block[] = [
    { type: 'paragraph', text: r('intro') },
    {
      type: 'keyValue',
      items: [
        { key: t(l, 'product'), value: localize(input.title, l) },
        { key: t(l, 'reference'), value: request.reference },
        { key: r('filedOn'), value: formatDate(l, request.createdAt, true) },
        ...feeItems(request, l),
      ],
    },
    { type: 'heading', text: r('answers') },
  ];
  const values = request.form;
  if (!values) blocks.push({ type: 'paragraph', text: r('purged') });
  else {
    const items: Array<{ key: string; value: string }> = [];
    for (const [name, meta] of Object.entries(form?.fields ?? {})) {
      if (meta.kind === 'file' || !(name in values)) continue;
      items.push({ key: localize(meta.label, l), value: displayValue(meta, values[name], l) });
    }
    // Answers of fields the type no longer has: by name, never left out.
    for (const [name, value] of Object.entries(values)) {
      if (form?.fields[name] || value === null || typeof value === 'object') continue;
      items.push({ key: name, value: String(value) });
    }
    blocks.push({ type: 'keyValue', items });
  }
  if (input.uploads.length > 0) {
    blocks.push({ type: 'heading', text: r('files') });
    blocks.push({ type: 'paragraph', text: input.uploads.map((u) => `• ${u.fileName}`).join('\n') });
  }
  blocks.push({ type: 'heading', text: t(l, 'whatNext') });
  blocks.push({ type: 'paragraph', text: t(l, nextKey(request)) });
  return renderCertificate({
    municipality: input.municipality,
    locale: l,
    title: r('title'),
    blocks,
    issuedAt: request.createdAt,
    sealed: false,
    metadata: { subject: `${r('title')} ${request.reference}` },
  });
}

/** The fee the request was filed under (issue 21): the amount, or that it was waived and why. */
function feeItems(request: RequestRecord, l: Locale): Array<{ key: string; value: string }> {
  const fee = request.fee;
  if (!fee) return [];
  if (!fee.waiver) return [{ key: t(l, 'feeTitle'), value: formatCost(l, fee.amountCents) }];
  return [
    {
      key: t(l, 'feeTitle'),
      value: `${formatCost(l, 0)} (${t(l, 'feeWaived')}, ${t(l, 'feeWaivedOf')} ${formatCost(l, fee.scheduledCents)})`,
    },
    { key: t(l, 'feeWaiverReason'), value: localize(fee.waiver.reason, l) },
  ];
}

/**
 * The receipt's language: `?in=` when it is a document language (nl, fr, en, de), else the
 * language the request was filed in. (Not `?lang=`, which switches the portal's language.)
 */
export function receiptLocale(req: Request, request: RequestRecord): Locale {
  const asked = req.query.in;
  return isLocale(asked) ? asked : request.locale;
}

/**
 * Sends the receipt of `request` as a PDF download, in the language it was filed in or the one
 * asked (`receiptLocale`). The caller checks access (the personal page's login, or the follow
 * page's e-mail check).
 */
export async function sendReceipt(
  ctx: ServerContext,
  req: Request,
  res: Response,
  request: RequestRecord,
): Promise<void> {
  const { deployment } = ctx;
  const def = deployment.kernel.requestType(request.typeId, request.typeVersion)?.definition;
  // Evidence of a request filed without login is for the staff handling it only (decision 1401).
  const [uploads, unidentified] = await Promise.all([
    deployment.db.uploads.listByRequest(request.id),
    deployment.db.unidentified.get(request.id),
  ]);
  const evidence = new Set(unidentified?.evidence ?? []);
  const bytes = await renderReceipt({
    municipality: res.locals.municipality,
    request,
    title: def?.title ?? { nl: request.typeId },
    form: def?.form,
    uploads: uploads.filter((u) => !evidence.has(u.id)),
    locale: receiptLocale(req, request),
  });
  res.set('Content-Type', 'application/pdf');
  res.set(
    'Content-Disposition',
    `attachment; filename="ontvangstbewijs-${request.reference.replace(/[^A-Za-z0-9-]/g, '-')}.pdf"`,
  );
  res.set('X-Content-Type-Options', 'nosniff');
  res.send(Buffer.from(bytes));
}
