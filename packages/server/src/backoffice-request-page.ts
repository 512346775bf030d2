import { type Identity, type Locale, type LocalizedText, localize } from '@smartloket/core';
import type { RequestRecord } from '@smartloket/db';
import type { Request, Router } from 'express';
import { bt } from './backoffice-messages.js';
import type { BackofficeTools } from './backoffice-routes.js';
import type { ServerContext } from './context.js';
import { safeFileName } from './forms.js';
import { formatCost } from './messages.js';
import { rp } from './request-page-messages.js';
import {
  consultationLines,
  decisionSentences,
  formRows,
  historyLines,
  inClerkLanguage,
  mailLines,
  PREVIEWABLE,
  requestedForSentence,
} from './request-story.js';
import type { RequestPageProps } from './views/backoffice/request-page.js';

/**
 * What the request page shows, gathered from the database and told in the clerk's language
 * (see request-story.ts). The caller adds the context, the title and the actions.
 */
export async function requestPageProps(
  ctx: ServerContext,
  request: RequestRecord,
  locale: Locale,
  me: string,
): Promise<
  Omit<RequestPageProps, 'ctx' | 'title' | 'actions' | 'notice' | 'request' | 'today' | 'answerByDefault'>
> {
  const { deployment } = ctx;
  const db = deployment.db;
  const [events, audit, documents, mails, uploads, colleagues] = await Promise.all([
    db.events.list(request.id),
    db.audit.list({ requestId: request.id, categories: ['consultation_started', 'consultation_outcome'] }),
    db.documents.listByRequest(request.id),
    db.outbox.listByRequest(request.id),
    db.uploads.listByRequest(request.id),
    db.teams.assignableFor(request.typeId),
  ]);
  const directory = await db.teams.staffBySubject([
    request.assigneeId ?? '',
    ...events.map((e) => (e.data as { assigneeId?: string } | null)?.assigneeId ?? ''),
  ]);
  const definition = deployment.kernel.requestType(request.typeId, request.typeVersion)?.definition;
  const manifests = new Map<string, LocalizedText | undefined>();
  for (const plugin of deployment.kernel.plugins()) {
    for (const [service, entry] of Object.entries(plugin.sources)) manifests.set(service, entry.description);
  }
  // Names of colleagues as the events recorded them (an assignee who acted on the request).
  const names = new Map<string, string>([...directory].map(([id, member]) => [id, member.name]));
  for (const e of events) if (e.actor.id && e.actor.name) names.set(e.actor.id, e.actor.name);
  const nameOfUser = (id: string) => (id === me ? bt(locale, 'me') : (names.get(id) ?? id));
  const statements: string[] = [];
  // Composed by the plugin in Dutch from the chosen options: told in the clerk's language.
  const told = (text: string) => inClerkLanguage(text, definition?.form, request.form, locale);
  if (request.subject.ground) statements.push(rp(locale, 'ground', { ground: told(request.subject.ground) }));
  if (request.purpose) statements.push(rp(locale, 'purposeSaid', { purpose: told(request.purpose) }));
  const provider = deployment.payments.provider?.definition;
  // The request's payments, with the attempts before it was filed (cancelled, failed, expired).
  const linked = await db.payments.listByRequest(request.id);
  const attempts = request.idempotencyKey
    ? (await db.payments.listBySubmission(request.idempotencyKey)).filter(
        (p) => !p.requestId && p.owner === request.requesterId,
      )
    : [];
  const all = [...attempts, ...linked].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  // The clerk's reference of a payment recorded at the counter (receipt, invoice number).
  const recorded = new Map<string, string>();
  if (linked.length > 0) {
    for (const e of await db.audit.list({ requestId: request.id, categories: ['payment_recorded'] })) {
      const d = e.data as { paymentId?: unknown; reference?: unknown } | null;
      if (typeof d?.paymentId === 'string' && typeof d.reference === 'string')
        recorded.set(d.paymentId, d.reference);
    }
  }
  const methodOf = (p: (typeof all)[number]) => {
    const label = p.method ? localize(provider?.methodLabels?.[p.method] ?? { nl: p.method }, locale) : '–';
    const reference = recorded.get(p.id);
    return reference ? `${label} (${bt(locale, 'recordReferenceShown', { reference })})` : label;
  };
  const owed = request.fee?.amountCents ?? 0;
  const recordPayment =
    provider?.kind === 'counter' && provider.record && owed > 0 && !linked.some((p) => p.status === 'paid')
      ? {
          amount: (owed / 100).toFixed(2).replace('.', locale === 'en' ? '.' : ','),
          methods: Object.entries(provider.methodLabels ?? {}).map(([id, label]) => ({
            id,
            label: localize(label, locale),
          })),
        }
      : undefined;
  const payments = all.map((p) => ({
    id: p.id,
    createdAt: p.createdAt,
    status: bt(locale, `paymentStatus.${p.status}`),
    amount: formatCost(locale, p.amountCents),
    method: methodOf(p),
    providerPaymentId: p.providerPaymentId ?? '–',
    refunded: p.refundedCents > 0 ? formatCost(locale, p.refundedCents) : '–',
    refundable: p.status === 'paid' && provider?.id === p.provider ? p.amountCents - p.refundedCents : 0,
  }));
  return {
    payments,
    recordPayment,
    events,
    form: request.form ? formRows(definition?.form, request.form, locale) : undefined,
    uploads,
    requestedFor: requestedForSentence(request, locale, deployment.clock.now()),
    requesterStatements: statements,
    decision: decisionSentences(request, locale),
    consultations: consultationLines(audit, (service) => manifests.get(service), locale),
    history: historyLines(events, locale, nameOfUser, request.requester, request.decision),
    documents,
    mails: mailLines(mails, locale),
    assignee: request.assigneeId ? nameOfUser(request.assigneeId) : bt(locale, 'nobody'),
    colleagues: colleagues.map((c) => ({ id: c.subject, name: c.name, inTeam: c.inTeam })),
    assigneeId: request.assigneeId,
  };
}

/**
 * The requester's uploaded files, for staff who may handle the request (the same scope check
 * and staff level as the request page): `/uploads/<id>` downloads (attachment), `/uploads/<id>/preview`
 * shows a PDF or an image inline. Both send the stored media type only when it is one a browser
 * shows without running anything (else `application/octet-stream`), `X-Content-Type-Options:
 * nosniff`, and a CSP `sandbox` that forbids scripts; each is audited (`staff_download`,
 * `staff_view`).
 */
export function mountUploadRoutes(
  router: Router,
  ctx: ServerContext,
  tools: BackofficeTools,
  visibleRequest: (req: Request, identity: Identity) => Promise<RequestRecord | undefined>,
): void {
  const db = ctx.deployment.db;
  for (const preview of [false, true]) {
    const path = `/backoffice/requests/:id/uploads/:uploadId${preview ? '/preview' : ''}`;
    router.get(path, async (req, res, next) => {
      try {
        const identity = tools.staff(req, res, next, 'case_handler');
        if (!identity) return;
        const request = await visibleRequest(req, identity);
        if (!request) return next();
        const uploadId = String(req.params.uploadId ?? '');
        if (!/^[0-9a-f-]{36}$/i.test(uploadId)) return next();
        const upload = await db.uploads.get(uploadId);
        if (!upload || upload.requestId !== request.id) return next();
        const safe = PREVIEWABLE.has(upload.mediaType);
        if (preview && !safe) return next();
        const bytes = await db.uploads.readBytes(upload.id);
        if (!bytes) return next();
        await db.audit.append({
          category: preview ? 'staff_view' : 'staff_download',
          actor: tools.actor(identity),
          requestId: request.id,
          subjectId: request.subjectInsz ?? request.organisationKbo ?? null,
          data: { uploadId: upload.id },
        });
        const name = safeFileName(upload.fileName, 'bijlage');
        if (preview) res.attachment(name).set('Content-Disposition', inlineDisposition(name));
        else res.attachment(name);
        res.set({
          'Content-Type': safe ? upload.mediaType : 'application/octet-stream',
          'X-Content-Type-Options': 'nosniff',
          'Content-Security-Policy':
            "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'self'",
          'Cross-Origin-Resource-Policy': 'same-origin',
        });
        res.send(bytes);
      } catch (error) {
        next(error);
      }
    });
  }
}

/** `inline` with the file name as RFC 6266 wants it (ASCII fallback and UTF-8). */
function inlineDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
