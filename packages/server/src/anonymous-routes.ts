import { createHash } from 'node:crypto';
import {
  type Actor,
  canTransition,
  FIELD_MESSAGES,
  type Locale,
  localize,
  type RequestState,
  type RequestTypeDefinition,
} from '@smartloket/core';
import type {
  EmailConfirmationRecord,
  RequestEventRecord,
  RequestRecord,
  UnidentifiedDetails,
} from '@smartloket/db';
import type { Request, Response, Router } from 'express';
import { h } from 'preact';
import type { ServerContext } from './context.js';
import { checkTypedEmail, deviceChecked, rememberDevice, typedEmail } from './email-check.js';
import { limiter, sendConfirmation, tooMany, withConfirmedEmail } from './email-routes.js';
import { safeFileName } from './forms.js';
import { t } from './messages.js';
import { paymentView, sendPayPage, startPayment } from './pay-approved.js';
import { reopenUntil, reopenWithReason } from './personal-routes.js';
import { sendReceipt } from './receipt.js';
import { answerPhotosOf, sendAnswerPhoto } from './report-answer-photos.js';
import type { Draft, Session } from './session.js';
import { splitUnidentified } from './unidentified.js';
import { FollowPage, SecureCheckPage } from './views/anonymous.js';
import { EmailSentPage, et } from './views/email.js';
import { documentAvailable, RequestDetailPage } from './views/personal.js';
import { MessagePage } from './views/request.js';

/** What waits in a confirmation row until the anonymous requester confirms the address. */
interface AnonymousPayload {
  typeId: string;
  input: Record<string, unknown>;
  locale: Locale;
  /** The draft id: the idempotency key, from which the runtime derives a stable requester id. */
  draftKey: string;
  uploads: string[];
  /** A certificate requested without login: who asks, for whom, why, and the evidence. */
  unidentified?: { details: UnidentifiedDetails; evidence: string[] } | undefined;
}

type WaitingDraft = Draft & { confirmationExpiresAt?: string };

const perIp = new WeakMap<ServerContext, ReturnType<typeof limiter>>();
const perIpConfirm = new WeakMap<ServerContext, ReturnType<typeof limiter>>();

/** The per-IP limit of confirmation mails without login (one limiter per server). */
function confirmationLimiter(ctx: ServerContext): ReturnType<typeof limiter> {
  let confirmations = perIpConfirm.get(ctx);
  if (!confirmations) {
    confirmations = limiter(
      ctx,
      'anonymous-confirmation',
      ctx.options.rateLimits?.confirmation ?? { windowMs: 3600_000, limit: 10 },
    );
    perIpConfirm.set(ctx, confirmations);
  }
  return confirmations;
}

/**
 * The submit of an anonymous request: nothing is filed yet. The form waits (in the database,
 * not the session) for the address to be confirmed by a one-time link; the session keeps only a
 * marker, so a replayed submit shows the same "check your mailbox" page without a second mail.
 */
export async function fileAnonymously(
  ctx: ServerContext,
  req: Request,
  res: Response,
  p: { def: RequestTypeDefinition; draftId: string; draft: Draft; input: Record<string, unknown> },
): Promise<void> {
  const session = res.locals.session as Session;
  const draft = p.draft as WaitingDraft;
  const page = (expiresAt: Date) =>
    ctx.send(res, h(EmailSentPage, { ctx: ctx.page(req, res), expiresAt, anonymous: true }));
  if (draft.confirmationExpiresAt) return page(new Date(draft.confirmationExpiresAt));
  let requests = perIp.get(ctx);
  if (!requests) {
    requests = limiter(
      ctx,
      'anonymous',
      ctx.options.rateLimits?.anonymous ?? { windowMs: 3600_000, limit: 5 },
    );
    perIp.set(ctx, requests);
  }
  if (!(await requests(req, res))) return;
  const confirmations = confirmationLimiter(ctx);
  const uploads = Object.values(p.input)
    .map((v) => (v as { uploadId?: unknown } | null)?.uploadId)
    .filter((v): v is string => typeof v === 'string');
  const split = draft.withoutLogin ? splitUnidentified(p.input) : undefined;
  const payload: AnonymousPayload = {
    typeId: p.def.id,
    input: split ? split.input : p.input,
    locale: res.locals.locale,
    draftKey: p.draftId,
    uploads,
    ...(split ? { unidentified: { details: split.details, evidence: split.evidence } } : {}),
  };
  const sent = await sendConfirmation(ctx, req, res, confirmations, {
    purpose: 'anonymous',
    email: draft.anonymousEmail ?? '',
    payload,
    locale: res.locals.locale,
  });
  if (!sent) return;
  // The values wait in the confirmation row; the session keeps none of them.
  draft.values = {};
  draft.anonymousEmail = undefined;
  draft.confirmationExpiresAt = sent.expiresAt.toISOString();
  await ctx.sessions.save(session);
  page(sent.expiresAt);
}

/** A follower's key: the identity subject, or a hash of an anonymous follower's address. */
function followerKeyOf(email: string): string {
  return `email:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}`;
}

/**
 * The reporter follows a nearby open report instead of filing (decision 1501): logged in, at
 * once with the confirmed address; without login, once the address is confirmed by mail. The
 * draft is done with either way.
 */
export async function followReport(
  ctx: ServerContext,
  req: Request,
  res: Response,
  p: { def: RequestTypeDefinition; draftId: string; draft: Draft; requestId: string; reference: string },
): Promise<void> {
  const session = res.locals.session as Session;
  const l: Locale = res.locals.locale;
  const done = async () => {
    if (session.data.drafts) delete session.data.drafts[p.draftId];
    await ctx.deployment.db.drafts.delete(p.draftId).catch(() => false);
    await ctx.sessions.save(session);
  };
  if (session.identity) {
    const identity = await withConfirmedEmail(ctx, session.identity);
    if (!identity.email) {
      return ctx.send(
        res,
        h(MessagePage, {
          ctx: ctx.page(req, res),
          title: t(l, 'followingTitle'),
          message: t(l, 'followNoEmail'),
          link: { href: '/my', text: t(l, 'myRequests') },
        }),
        409,
      );
    }
    await ctx.deployment.db.meldingen.follow({
      requestId: p.requestId,
      followerKey: identity.subject,
      email: identity.email,
      locale: l,
    });
    await done();
    return ctx.send(
      res,
      h(MessagePage, {
        ctx: ctx.page(req, res),
        title: t(l, 'followingTitle'),
        message: t(l, 'following', { reference: p.reference }),
        link: { href: '/my', text: t(l, 'myRequests') },
      }),
    );
  }
  const confirmations = confirmationLimiter(ctx);
  const email = p.draft.anonymousEmail ?? '';
  const sent = await sendConfirmation(ctx, req, res, confirmations, {
    purpose: 'anonymous',
    email,
    payload: { follow: { requestId: p.requestId, reference: p.reference }, locale: l },
    locale: l,
  });
  if (!sent) return;
  await done();
  ctx.send(
    res,
    h(MessagePage, {
      ctx: ctx.page(req, res),
      title: t(l, 'followingTitle'),
      message: t(l, 'followConfirmSent', { email }),
    }),
  );
}

/**
 * The address of an anonymous request is confirmed: file it (once: the draft key is the
 * idempotency key and the requester id derives from it), and show its capability link.
 */
export async function fileConfirmedAnonymous(
  ctx: ServerContext,
  req: Request,
  res: Response,
  record: EmailConfirmationRecord,
): Promise<void> {
  const { deployment } = ctx;
  // Following a nearby report (decision 1501): the confirmed address gets its status mails.
  const follow = (record.payload as { follow?: { requestId: string; reference: string }; locale?: Locale })
    .follow;
  if (follow) {
    const locale = (record.payload as { locale?: Locale }).locale ?? res.locals.locale;
    await deployment.db.meldingen.follow({
      requestId: follow.requestId,
      followerKey: followerKeyOf(record.email),
      email: record.email,
      locale,
    });
    return ctx.send(
      res,
      h(MessagePage, {
        ctx: ctx.page(req, res),
        title: t(res.locals.locale, 'followingTitle'),
        message: t(res.locals.locale, 'following', { reference: follow.reference }),
      }),
    );
  }
  const p = record.payload as AnonymousPayload;
  const result = await deployment.requests.submit({
    typeId: p.typeId,
    input: p.input,
    locale: p.locale,
    anonymousEmail: record.email,
    idempotencyKey: p.draftKey,
    unidentified: p.unidentified,
  });
  if (result.created) {
    for (const id of p.uploads) await deployment.db.uploads.attach(id, result.request.id);
    ctx.options.worker?.nudge();
  }
  // A draft saved on the way (decision 0803) is done with: its uploads are the request's now.
  await deployment.db.drafts.delete(p.draftKey, null);
  const session: Session = res.locals.session ?? (await ctx.sessions.create(res));
  res.locals.session = session;
  session.data.anonymous = [...(session.data.anonymous ?? []), result.request.id].slice(-20);
  await ctx.sessions.save(session);
  if (!result.followToken) {
    return ctx.send(
      res,
      h(MessagePage, {
        ctx: ctx.page(req, res),
        title: et(res.locals.locale, 'followTitle'),
        message: et(res.locals.locale, 'alreadyFiled'),
      }),
    );
  }
  res.redirect(303, `/follow/${result.followToken}?filed=1`);
}

/** A certificate filed without login: its page is guarded by the e-mail check (decision 1401). */
function filedWithoutLogin(request: RequestRecord): boolean {
  return request.kind === 'certificate' && request.requester.kind === 'anonymous';
}

/**
 * `/follow/<token>`: one anonymous request. A report shows its status to whoever holds the link
 * (decision 1400). A certificate filed without login shows, once the browser typed the address
 * the request was filed with, its state, the document, the clerk's questions and the answer
 * form; its link stops working when the document expires. Any wrong or expired token is 404.
 */
export function mountAnonymousRoutes(router: Router, ctx: ServerContext): void {
  const { deployment } = ctx;
  const db = deployment.db;

  /** The request of a valid link, or undefined. */
  const resolve = async (req: Request): Promise<RequestRecord | undefined> => {
    const requestId = await db.capabilityLinks.resolve(
      String(req.params.token),
      deployment.config.retention.anonymousLinkDays,
    );
    const request = requestId ? await db.requests.get(requestId) : undefined;
    if (!request) return undefined;
    if (filedWithoutLogin(request) && request.state === 'delivered') {
      // Valid as long as the document: an expired or purged document ends the link.
      const now = deployment.clock.now();
      const documents = await db.documents.listByRequest(request.id);
      if (!documents.some((d) => documentAvailable(d, now))) return undefined;
    }
    return request;
  };

  /** The device check's scope: this link (decision 1401). */
  const scope = (req: Request) => `follow:${String(req.params.token)}`;

  /**
   * True when this browser's session showed it already (or filed it), or its device cookie says
   * it passed the check of this link before.
   */
  const verified = async (req: Request, res: Response, request: RequestRecord): Promise<boolean> => {
    const data = (res.locals.session as Session | undefined)?.data;
    if (data?.anonymous?.includes(request.id) || data?.followed?.includes(request.id)) return true;
    return deviceChecked(ctx, req, scope(req));
  };

  const base = (req: Request) => `/follow/${encodeURIComponent(String(req.params.token))}`;

  router.use('/follow', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    res.set('X-Robots-Tag', 'noindex');
    res.set('Referrer-Policy', 'no-referrer');
    next();
  });

  router.get('/follow/:token', async (req, res, next) => {
    try {
      const request = await resolve(req);
      if (!request) return next();
      if (filedWithoutLogin(request)) {
        // A session for the forms of the page (the check, the answer), also for a browser that
        // comes back with its device cookie only.
        const session: Session = res.locals.session ?? (await ctx.sessions.create(res));
        res.locals.session = session;
        if (!(await verified(req, res, request))) {
          return ctx.send(
            res,
            h(SecureCheckPage, { ctx: ctx.page(req, res), action: base(req), wrong: false }),
          );
        }
        const [documents, events] = await Promise.all([
          db.documents.listByRequest(request.id),
          db.events.list(request.id),
        ]);
        const requester: Actor = { type: 'requester' };
        return ctx.send(
          res,
          h(RequestDetailPage, {
            ctx: ctx.page(req, res),
            request,
            title: deployment.kernel.requestType(request.typeId, request.typeVersion)?.definition.title ?? {
              nl: request.typeId,
            },
            documents,
            events,
            now: deployment.clock.now(),
            canCancel: false,
            canAnswer: canTransition(request.kind, request.state, 'answer', requester),
            justSubmitted: req.query.filed === '1',
            basePath: base(req),
            payment: await paymentView(ctx, request, res.locals.locale),
            answerPhotos: await answerPhotosOf(ctx, request),
          }),
        );
      }
      const events = await db.events.list(request.id);
      // A report's reopen form needs a session for its CSRF token.
      if (request.kind === 'report' && !res.locals.session)
        res.locals.session = await ctx.sessions.create(res);
      const steps = events
        .filter((e) => e.toState && e.toState !== e.fromState)
        .map((e) => ({ at: e.at, state: e.toState as RequestState }));
      ctx.send(
        res,
        h(FollowPage, {
          ctx: ctx.page(req, res),
          reference: request.reference,
          title: deployment.kernel.requestType(request.typeId, request.typeVersion)?.definition.title ?? {
            nl: request.typeId,
          },
          state: request.state,
          createdAt: request.createdAt,
          steps,
          justFiled: req.query.filed === '1',
          ...(request.kind === 'report' ? { report: await reportFeedback(req, request, events) } : {}),
        }),
      );
    } catch (error) {
      next(error);
    }
  });

  // Paying a fee due after approval by the capability link (issue 21), behind the e-mail check.
  router.get('/follow/:token/pay', async (req, res, next) => {
    try {
      const request = await resolve(req);
      if (!request || !filedWithoutLogin(request)) return next();
      const session: Session = res.locals.session ?? (await ctx.sessions.create(res));
      res.locals.session = session;
      if (!(await verified(req, res, request))) {
        return ctx.send(
          res,
          h(SecureCheckPage, { ctx: ctx.page(req, res), action: base(req), wrong: false }),
        );
      }
      sendPayPage(ctx, req, res, request, base(req));
    } catch (error) {
      next(error);
    }
  });

  router.post('/follow/:token/pay', async (req, res, next) => {
    try {
      const request = await resolve(req);
      if (!request || !filedWithoutLogin(request)) return next();
      if (!(await verified(req, res, request))) return res.redirect(303, base(req));
      await startPayment(ctx, req, res, request, base(req));
    } catch (error) {
      next(error);
    }
  });

  /** A report's answers and, while allowed, its reopen form (decision 1501). */
  const reportFeedback = async (req: Request, request: RequestRecord, events: RequestEventRecord[]) => {
    const until = await reopenUntil(deployment, request);
    return {
      events,
      reopen: until ? { action: `${base(req)}/reopen`, until, version: request.version } : undefined,
      photos: { base: base(req), list: await answerPhotosOf(ctx, request) },
    };
  };

  // The photos of a report's answers (issue 25), behind the same check as the link's page.
  for (const which of ['photo', 'thumbnail'] as const) {
    const path = which === 'photo' ? '' : '/thumbnail';
    router.get(`/follow/:token/photos/:photoId${path}`, async (req, res, next) => {
      try {
        const request = await resolve(req);
        if (!request || request.kind !== 'report') return next();
        if (filedWithoutLogin(request) && !(await verified(req, res, request))) return next();
        if (!(await sendAnswerPhoto(ctx, res, request, String(req.params.photoId), which))) return next();
      } catch (error) {
        next(error);
      }
    });
  }

  // "Niet opgelost" by the holder of an anonymous report's link (decision 1501).
  router.post('/follow/:token/reopen', async (req, res, next) => {
    try {
      const request = await resolve(req);
      if (!request || request.kind !== 'report') return next();
      const actor: Actor = { type: 'requester', id: request.requester.id };
      if (!(await reopenWithReason(ctx, req, res, request, actor))) return;
      res.redirect(303, base(req));
    } catch (error) {
      next(error);
    }
  });

  // The e-mail check: wrong answers are counted per link and per client in the database
  // (decision 0601) and audited without the address typed.
  router.post('/follow/:token', async (req, res, next) => {
    try {
      const request = await resolve(req);
      if (!request || !filedWithoutLogin(request)) return next();
      const session = res.locals.session as Session | undefined;
      if (!session) return next();
      const typed = typedEmail(req);
      const outcome = await checkTypedEmail(
        ctx,
        req,
        {
          kind: 'follow',
          token: String(req.params.token),
          expected: request.requester.email ?? '',
          requestId: request.id,
        },
        typed,
      );
      if (outcome === 'limited') return tooMany(ctx, req, res);
      if (outcome === 'refused') {
        return ctx.send(
          res,
          h(SecureCheckPage, { ctx: ctx.page(req, res), action: base(req), wrong: true, value: typed }),
          422,
        );
      }
      session.data.followed = [...(session.data.followed ?? []), request.id].slice(-20);
      await ctx.sessions.save(session);
      await rememberDevice(ctx, res, { path: base(req), scope: scope(req) });
      res.redirect(303, base(req));
    } catch (error) {
      next(error);
    }
  });

  // The PDF receipt (decision 0803) of a request filed without login, behind the e-mail check:
  // unchecked, the check is asked first and leads back to the page that links it.
  router.get('/follow/:token/receipt.pdf', async (req, res, next) => {
    try {
      const request = await resolve(req);
      if (!request || !filedWithoutLogin(request)) return next();
      if (!(await verified(req, res, request))) return res.redirect(303, base(req));
      await sendReceipt(ctx, req, res, request);
    } catch (error) {
      next(error);
    }
  });

  router.get('/follow/:token/documents/:documentId', async (req, res, next) => {
    try {
      const request = await resolve(req);
      if (!request || !filedWithoutLogin(request) || !(await verified(req, res, request))) return next();
      const doc = await db.documents.get(String(req.params.documentId));
      if (!doc || doc.requestId !== request.id) return next();
      const bytes = documentAvailable(doc, deployment.clock.now())
        ? await db.documents.readBytes(doc.id)
        : undefined;
      if (!bytes) return next();
      res.attachment(safeFileName(doc.fileName));
      res.type(doc.mediaType === 'application/pdf' ? 'application/pdf' : 'application/octet-stream');
      res.send(bytes);
    } catch (error) {
      next(error);
    }
  });

  router.post('/follow/:token/answer', async (req, res, next) => {
    try {
      const request = await resolve(req);
      if (!request || !filedWithoutLogin(request) || !(await verified(req, res, request))) return next();
      const body = (req.body ?? {}) as Record<string, unknown>;
      const text = typeof body.text === 'string' ? body.text.trim().slice(0, 4000) : '';
      const l = res.locals.locale;
      if (!text) {
        return ctx.send(
          res,
          h(MessagePage, {
            ctx: ctx.page(req, res),
            title: t(l, 'errorTitle'),
            message: `${t(l, 'answerTitle')}: ${localize(FIELD_MESSAGES.required, l)}`,
            link: { href: base(req), text: t(l, 'tryAgain') },
          }),
          422,
        );
      }
      const version = Number(body.version);
      await deployment.requests.act(
        request.id,
        { action: 'answer', reason: text },
        { type: 'requester', id: request.requester.id },
        Number.isInteger(version) && version > 0 ? version : undefined,
      );
      ctx.options.worker?.nudge();
      res.redirect(303, base(req));
    } catch (error) {
      next(error);
    }
  });
}
