import { type Actor, canTransition, FIELD_MESSAGES, type LocalizedText, localize } from '@smartloket/core';
import type { RequestRecord } from '@smartloket/db';
import type { NextFunction, Request, Response, Router } from 'express';
import { h } from 'preact';
import { levelForType, minimumLevel, sessionMeets, stepUpIfBelow, stepUpUrl } from './assurance.js';
import { consultingPlugin, purposeLabel, serviceLabel } from './consultation-labels.js';
import { actsForOrganisation, owns, type ServerContext } from './context.js';
import { confirmedEmailOf } from './email-routes.js';
import { checkUpload, safeFileName } from './forms.js';
import { ALL_MESSAGES, t } from './messages.js';
import { paymentView, sendPayPage, startPayment } from './pay-approved.js';
import { sendReceipt } from './receipt.js';
import { answerPhotosOf, sendAnswerPhoto } from './report-answer-photos.js';
import { draftOwner } from './saved-drafts.js';
import {
  type ConsultationRow,
  ConsultationsPage,
  documentAvailable,
  RequestDetailPage,
  RequestListPage,
} from './views/personal.js';
import { MessagePage } from './views/request.js';

const ANSWER_FILE = {
  kind: 'file' as const,
  label: { nl: 'Bijlage' },
  required: false,
  accept: ['application/pdf', 'image/png', 'image/jpeg'],
  maxBytes: 10 * 1024 * 1024,
};

/**
 * The personal page: `/my` (requests and reports), `/my/requests/:id` (status, timeline,
 * documents, cancel, answer), downloads, and `/my/consultations` ("who looked me up").
 * Everything answers `Cache-Control: no-store`; a request of someone else answers 404.
 */
export function mountPersonalRoutes(router: Router, ctx: ServerContext): void {
  const { deployment } = ctx;
  const db = deployment.db;

  router.use('/my', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  const titleOf = (typeId: string): LocalizedText =>
    deployment.kernel.requestType(typeId)?.definition.title ?? { nl: typeId };

  /** The request if this session may see it; otherwise the 404 handler runs. */
  const ownRequest = async (req: Request, res: Response): Promise<RequestRecord | undefined> => {
    const id = String(req.params.id ?? '');
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const request = await db.requests.get(id);
    return request && owns(res.locals.session, request) ? request : undefined;
  };

  /**
   * The request if this session may see it and its login reaches the level of the request's type;
   * a logged-in session below that level is sent to the step-up login and `'handled'` is
   * returned. Anonymous sessions see the requests they filed (types open to anonymous
   * requesters), as before.
   */
  const visibleRequest = async (
    req: Request,
    res: Response,
  ): Promise<RequestRecord | 'handled' | undefined> => {
    const request = await ownRequest(req, res);
    if (!request || !res.locals.session?.identity) return request;
    const level = levelForType(ctx, request.typeId);
    return stepUpIfBelow(req, res, level, `/my/requests/${request.id}`) ? 'handled' : request;
  };

  const actorOf = (res: Response, request: RequestRecord): Actor => ({
    type: 'requester',
    id: res.locals.session?.identity?.subject ?? request.requesterId,
  });

  const needLogin = (req: Request, res: Response): boolean => {
    if (res.locals.session?.identity) return false;
    res.redirect(303, `/login?returnTo=${encodeURIComponent(req.originalUrl.split('?')[0] ?? '/my')}`);
    return true;
  };

  router.get('/my', async (req, res, next) => {
    try {
      if (needLogin(req, res)) return;
      if (stepUpIfBelow(req, res, minimumLevel(ctx))) return;
      const identity = res.locals.session!.identity!;
      const organisation = actsForOrganisation(identity);
      const after = typeof req.query.after === 'string' ? req.query.after : undefined;
      let page: Awaited<ReturnType<typeof db.requests.list>>;
      try {
        page = await db.requests.list(
          organisation
            ? { organisationKbo: identity.organisation.kbo, requesterKind: 'organisation' }
            : { requesterId: identity.subject },
          { limit: 25, after },
        );
      } catch (error) {
        if (error instanceof TypeError) return next(); // a bad cursor
        throw error;
      }
      const rows = page.items
        .filter((r) => owns(res.locals.session, r))
        .map((r) => {
          const level = levelForType(ctx, r.typeId);
          // Above the session's level: the date only, and the step-up to see it.
          if (!sessionMeets(res, level))
            return { id: r.id, createdAt: r.createdAt, stepUp: stepUpUrl(`/my/requests/${r.id}`, level) };
          return {
            id: r.id,
            reference: r.reference,
            title: titleOf(r.typeId),
            createdAt: r.createdAt,
            state: r.state,
          };
        });
      const drafts = after
        ? []
        : (await db.drafts.listBySubject(draftOwner(identity))).map((d) => ({
            id: d.id,
            title: titleOf(d.typeId),
            savedAt: d.updatedAt,
            expiresAt: d.expiresAt,
          }));
      // Where documents go, when the deployment delivers to the e-Box (decision 1600).
      const delivery =
        deployment.config.ebox.kind === 'off'
          ? undefined
          : {
              email: await confirmedEmailOf(ctx, identity),
              eboxMailCopy: (await db.preferences.get(identity.subject)).eboxMailCopy,
              saved: req.query.saved === 'preferences',
            };
      ctx.send(
        res,
        h(RequestListPage, {
          ctx: ctx.page(req, res),
          rows,
          organisation,
          next: page.next,
          drafts,
          delivery,
        }),
      );
    } catch (error) {
      next(error);
    }
  });

  // The e-mail copy of e-Box deliveries, per person (the form on /my).
  router.post('/my/preferences', async (req, res, next) => {
    try {
      if (needLogin(req, res)) return;
      if (deployment.config.ebox.kind === 'off') return next();
      const body = (req.body ?? {}) as Record<string, unknown>;
      const identity = res.locals.session!.identity!;
      await db.preferences.set(identity.subject, { eboxMailCopy: body.eboxMailCopy === 'on' });
      res.redirect(303, '/my?saved=preferences#delivery');
    } catch (error) {
      next(error);
    }
  });

  router.get('/my/consultations', async (req, res, next) => {
    try {
      if (needLogin(req, res)) return;
      if (stepUpIfBelow(req, res, minimumLevel(ctx))) return;
      const identity = res.locals.session!.identity!;
      const rows: ConsultationRow[] = [];
      if (identity.insz) {
        const started = await db.audit.list(
          { subjectId: identity.insz, categories: ['consultation_started'] },
          { limit: 1000 },
        );
        const references = new Map<string, RequestRecord | undefined>();
        for (const entry of started.reverse()) {
          let request: RequestRecord | undefined;
          if (entry.requestId) {
            if (!references.has(entry.requestId))
              references.set(entry.requestId, await db.requests.get(entry.requestId));
            request = references.get(entry.requestId);
          }
          const kind = entry.actor.type;
          const self = entry.actor.id === identity.subject;
          rows.push({
            at: entry.at,
            service: serviceLabel(
              deployment.kernel,
              { service: entry.service, pluginId: consultingPlugin(entry) },
              res.locals.locale,
            ),
            // The reference of a request above the session's level stays hidden.
            reference:
              request && sessionMeets(res, levelForType(ctx, request.typeId)) ? request.reference : undefined,
            byKey: self
              ? 'by.self'
              : `by.${['citizen', 'organisation', 'anonymous', 'counter', 'staff'].includes(kind) ? kind : 'system'}`,
            byName: !self && kind === 'organisation' ? request?.requester.organisation?.name : undefined,
            purpose: purposeLabel(
              deployment.kernel,
              entry.purpose,
              res.locals.locale,
              ALL_MESSAGES['purpose.prefill'],
            ),
          });
        }
      }
      ctx.send(res, h(ConsultationsPage, { ctx: ctx.page(req, res), rows, hasInsz: Boolean(identity.insz) }));
    } catch (error) {
      next(error);
    }
  });

  router.get('/my/requests/:id', async (req, res, next) => {
    try {
      const request = await visibleRequest(req, res);
      if (request === 'handled') return;
      if (!request) return next();
      const [documents, events] = await Promise.all([
        db.documents.listByRequest(request.id),
        db.events.list(request.id),
      ]);
      const requester: Actor = { type: 'requester' };
      ctx.send(
        res,
        h(RequestDetailPage, {
          ctx: ctx.page(req, res),
          request,
          title: titleOf(request.typeId),
          documents,
          events,
          now: deployment.clock.now(),
          canCancel: canTransition(request.kind, request.state, 'cancel', requester),
          canAnswer: canTransition(request.kind, request.state, 'answer', requester),
          justSubmitted: req.query.submitted === '1',
          payment: await paymentView(ctx, request, res.locals.locale),
          reopenUntil: await reopenUntil(deployment, request),
          answerPhotos: await answerPhotosOf(ctx, request),
        }),
      );
    } catch (error) {
      next(error);
    }
  });

  // Paying a fee due after approval (issue 21): the e-mail's link, and the button that starts it.
  router.get('/my/requests/:id/pay', async (req, res, next) => {
    try {
      const request = await visibleRequest(req, res);
      if (request === 'handled') return;
      if (!request) return next();
      sendPayPage(ctx, req, res, request, `/my/requests/${request.id}`);
    } catch (error) {
      next(error);
    }
  });

  router.post('/my/requests/:id/pay', async (req, res, next) => {
    try {
      const request = await visibleRequest(req, res);
      if (request === 'handled') return;
      if (!request) return next();
      await startPayment(ctx, req, res, request, `/my/requests/${request.id}`);
    } catch (error) {
      next(error);
    }
  });

  // The PDF receipt of what was filed (issue 20), in the language the request was filed in.
  router.get('/my/requests/:id/receipt.pdf', async (req, res, next) => {
    try {
      const request = await visibleRequest(req, res);
      if (request === 'handled') return;
      if (!request) return next();
      await sendReceipt(ctx, req, res, request);
    } catch (error) {
      next(error);
    }
  });

  router.get('/my/requests/:id/documents/:documentId', async (req, res, next) => {
    try {
      const request = await visibleRequest(req, res);
      if (request === 'handled') return;
      if (!request) return next();
      const doc = await db.documents.get(String(req.params.documentId));
      if (!doc || doc.requestId !== request.id) return next();
      const bytes = documentAvailable(doc, deployment.clock.now())
        ? await db.documents.readBytes(doc.id)
        : undefined;
      const l = res.locals.locale;
      if (!bytes) {
        return ctx.send(
          res,
          h(MessagePage, {
            ctx: ctx.page(req, res),
            title: t(l, 'documents'),
            message: t(l, 'noLongerAvailable'),
            link: { href: `/my/requests/${request.id}`, text: request.reference },
          }),
          410,
        );
      }
      res.attachment(safeFileName(doc.fileName));
      res.type(doc.mediaType === 'application/pdf' ? 'application/pdf' : 'application/octet-stream');
      res.set('Cache-Control', 'no-store');
      res.send(bytes);
    } catch (error) {
      next(error);
    }
  });

  // The photos of a report's answers (issue 25), for whoever may see the report.
  for (const which of ['photo', 'thumbnail'] as const) {
    const path = which === 'photo' ? '' : '/thumbnail';
    router.get(`/my/requests/:id/photos/:photoId${path}`, async (req, res, next) => {
      try {
        const request = await visibleRequest(req, res);
        if (request === 'handled') return;
        if (!request) return next();
        if (!(await sendAnswerPhoto(ctx, res, request, String(req.params.photoId), which))) return next();
      } catch (error) {
        next(error);
      }
    });
  }

  // "Niet opgelost": the reporter reopens a resolved report once, with a reason (decision 1501).
  router.post('/my/requests/:id/reopen', async (req, res, next) => {
    try {
      const request = await visibleRequest(req, res);
      if (request === 'handled') return;
      if (!request) return next();
      if (!(await reopenWithReason(ctx, req, res, request, actorOf(res, request)))) return;
      res.redirect(303, `/my/requests/${request.id}`);
    } catch (error) {
      next(error);
    }
  });

  router.post('/my/requests/:id/cancel', async (req, res, next) => {
    try {
      const request = await visibleRequest(req, res);
      if (request === 'handled') return;
      if (!request) return next();
      await deployment.requests.act(request.id, { action: 'cancel' }, actorOf(res, request), versionOf(req));
      res.redirect(303, `/my/requests/${request.id}`);
    } catch (error) {
      next(error);
    }
  });

  router.post('/my/requests/:id/answer', async (req: Request, res: Response, next: NextFunction) => {
    try {
      const request = await visibleRequest(req, res);
      if (request === 'handled') return;
      if (!request) return next();
      const l = res.locals.locale;
      const body = (req.body ?? {}) as Record<string, unknown>;
      const text = typeof body.text === 'string' ? body.text.trim().slice(0, 4000) : '';
      const files = (
        (req.files as
          | { fieldname: string; originalname: string; mimetype: string; size: number; buffer: Buffer }[]
          | undefined) ?? []
      ).filter((f) => f.fieldname === 'files' && f.size > 0);
      const bad = files.find((f) => checkUpload(ANSWER_FILE, f));
      if (!text || bad) {
        return ctx.send(
          res,
          h(MessagePage, {
            ctx: ctx.page(req, res),
            title: t(l, 'errorTitle'),
            message: bad
              ? t(l, checkUpload(ANSWER_FILE, bad)!, { max: '10 MB' })
              : `${t(l, 'answerTitle')}: ${localize(FIELD_MESSAGES.required, l)}`,
            link: { href: `/my/requests/${request.id}`, text: t(l, 'tryAgain') },
          }),
          422,
        );
      }
      await deployment.requests.act(
        request.id,
        { action: 'answer', reason: text },
        actorOf(res, request),
        versionOf(req),
      );
      for (const f of files.slice(0, 5)) {
        await db.uploads.insert({
          requestId: request.id,
          fileName: safeFileName(f.originalname, 'upload'),
          mediaType: f.mimetype,
          bytes: f.buffer,
        });
      }
      res.redirect(303, `/my/requests/${request.id}`);
    } catch (error) {
      next(error);
    }
  });
}

/** The version of the request the person saw (optimistic concurrency), if the form sent it. */
function versionOf(req: Request): number | undefined {
  const v = Number((req.body as Record<string, unknown> | undefined)?.version);
  return Number.isInteger(v) && v > 0 ? v : undefined;
}

/** `ontvangstbewijs-<reference>.pdf`, with only safe characters. */

/** Until when the reporter may reopen this report now, or undefined (decision 1501). */
export async function reopenUntil(
  deployment: ServerContext['deployment'],
  request: RequestRecord,
): Promise<Date | undefined> {
  if (request.kind !== 'report' || request.state !== 'resolved') return undefined;
  const verdict = await deployment.requests.reopenVerdict(request);
  return verdict?.ok ? verdict.until : undefined;
}

/**
 * Reopens a report with the reporter's reason; false (and a page sent) when the reason is
 * missing. The runtime refuses what the rule does not allow (409, translated).
 */
export async function reopenWithReason(
  ctx: ServerContext,
  req: Request,
  res: Response,
  request: RequestRecord,
  actor: Actor,
): Promise<boolean> {
  const l = res.locals.locale;
  const body = (req.body ?? {}) as Record<string, unknown>;
  const reason = typeof body.reason === 'string' ? body.reason.trim().slice(0, 2000) : '';
  if (!reason) {
    ctx.send(
      res,
      h(MessagePage, {
        ctx: ctx.page(req, res),
        title: t(l, 'reopenTitle'),
        message: t(l, 'reopenReasonMissing'),
        link: { href: req.originalUrl.replace(/\/reopen$/, ''), text: t(l, 'tryAgain') },
      }),
      422,
    );
    return false;
  }
  await ctx.deployment.requests.act(request.id, { action: 'reopen', reason }, actor, versionOf(req));
  return true;
}
