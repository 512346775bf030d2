import type { Locale, RequestState, RequestTypeDefinition } from '@smartloket/core';
import type { EmailConfirmationRecord } from '@smartloket/db';
import type { Request, Response, Router } from 'express';
import { h } from 'preact';
import type { ServerContext } from './context.js';
import { limiter, sendConfirmation } from './email-routes.js';
import type { Draft, Session } from './session.js';
import { FollowPage } from './views/anonymous.js';
import { EmailSentPage, et } from './views/email.js';
import { MessagePage } from './views/request.js';

/** What waits in a confirmation row until the anonymous requester confirms the address. */
interface AnonymousPayload {
  typeId: string;
  input: Record<string, unknown>;
  locale: Locale;
  /** The draft id: the idempotency key, from which the runtime derives a stable requester id. */
  draftKey: string;
  uploads: string[];
}

type WaitingDraft = Draft & { confirmationExpiresAt?: string };

const perIp = new WeakMap<ServerContext, ReturnType<typeof limiter>>();
const perIpConfirm = new WeakMap<ServerContext, ReturnType<typeof limiter>>();

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
  let confirmations = perIpConfirm.get(ctx);
  if (!confirmations) {
    confirmations = limiter(
      ctx,
      'anonymous-confirmation',
      ctx.options.rateLimits?.confirmation ?? { windowMs: 3600_000, limit: 10 },
    );
    perIpConfirm.set(ctx, confirmations);
  }
  const uploads = Object.values(p.input)
    .map((v) => (v as { uploadId?: unknown } | null)?.uploadId)
    .filter((v): v is string => typeof v === 'string');
  const payload: AnonymousPayload = {
    typeId: p.def.id,
    input: p.input,
    locale: res.locals.locale,
    draftKey: p.draftId,
    uploads,
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
  const p = record.payload as AnonymousPayload;
  const result = await deployment.requests.submit({
    typeId: p.typeId,
    input: p.input,
    locale: p.locale,
    anonymousEmail: record.email,
    idempotencyKey: p.draftKey,
  });
  if (result.created) {
    for (const id of p.uploads) await deployment.db.uploads.attach(id, result.request.id);
    ctx.options.worker?.nudge();
  }
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

/** `/follow/<token>`: the status of one anonymous request; any wrong or expired token is 404. */
export function mountAnonymousRoutes(router: Router, ctx: ServerContext): void {
  const { deployment } = ctx;
  router.get('/follow/:token', async (req, res, next) => {
    try {
      res.set('Cache-Control', 'no-store');
      res.set('X-Robots-Tag', 'noindex');
      const requestId = await deployment.db.capabilityLinks.resolve(
        String(req.params.token),
        deployment.config.retention.anonymousLinkDays,
      );
      const request = requestId ? await deployment.db.requests.get(requestId) : undefined;
      if (!request) return next();
      const events = await deployment.db.events.list(request.id);
      const steps = events
        .filter((e) => e.toState && e.toState !== e.fromState)
        .map((e) => ({ at: e.at, state: e.toState as RequestState }));
      ctx.send(
        res,
        h(FollowPage, {
          ctx: ctx.page(req, res),
          reference: request.reference,
          title: deployment.kernel.requestType(request.typeId)?.definition.title ?? { nl: request.typeId },
          state: request.state,
          createdAt: request.createdAt,
          steps,
          justFiled: req.query.filed === '1',
        }),
      );
    } catch (error) {
      next(error);
    }
  });
}
