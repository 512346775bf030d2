import type { FormDefinition, RequestTypeDefinition } from '@smartloket/core';
import { type DraftRecord, hashAddress, hashToken } from '@smartloket/db';
import { enqueueDraftResumeMail } from '@smartloket/runtime';
import type { Request, Response } from 'express';
import { h } from 'preact';
import type { ServerContext } from './context.js';
import { limiter, tooMany } from './email-routes.js';
import { formatShortDate, t } from './messages.js';
import { saveDraft } from './saved-drafts.js';
import { type Draft, newSecret } from './session.js';
import { MessagePage } from './views/request.js';

const perClient = new WeakMap<ServerContext, ReturnType<typeof limiter>>();

/**
 * "Bewaar en ga later verder" without login (decision 0803): saves the draft anonymously with
 * the SHA-256 of a fresh resume token (an earlier link of the draft stops working) and mails the
 * link to the address typed on the form, in one transaction. The mails count against the
 * confirmation limits: per client (`rateLimits.confirmation`) and per address
 * (`rateLimits.confirmationPerAddress`, in the database). Answers the page itself.
 */
export async function mailResumeLink(
  ctx: ServerContext,
  req: Request,
  res: Response,
  p: { def: RequestTypeDefinition; draftId: string; draft: Draft; form: FormDefinition; email: string },
): Promise<void> {
  const { deployment } = ctx;
  const l = res.locals.locale;
  let client = perClient.get(ctx);
  if (!client) {
    client = limiter(
      ctx,
      'draft-resume',
      ctx.options.rateLimits?.confirmation ?? { windowMs: 3600_000, limit: 10 },
    );
    perClient.set(ctx, client);
  }
  if (!(await client(req, res))) return;
  const perAddress = ctx.options.rateLimits?.confirmationPerAddress ?? { windowMs: 3600_000, limit: 3 };
  const address = hashAddress(p.email);
  const sent = await deployment.db.rateLimits.get('draft-resume-address', address, perAddress.windowMs);
  if ((sent?.hits ?? 0) >= perAddress.limit) {
    deployment.logger.warn('drafts: resume mail rate limit per address');
    return tooMany(ctx, req, res);
  }
  const token = newSecret();
  let until: Date | undefined;
  await deployment.db.transaction(async (tx) => {
    until = await saveDraft(ctx, p.draftId, p.draft, p.form, null, { resumeHash: hashToken(token), db: tx });
    if (!until) return;
    await enqueueDraftResumeMail(tx, {
      email: p.email,
      token,
      expiresAt: until,
      locale: l,
      requestType: p.def.title,
    });
  });
  if (!until) {
    // The id belongs to a logged-in requester's draft: never overwritten.
    return ctx.send(
      res,
      h(MessagePage, { ctx: ctx.page(req, res), title: t(l, 'errorTitle'), message: t(l, 'draftGone') }),
      400,
    );
  }
  await deployment.db.rateLimits.hit('draft-resume-address', address, perAddress.windowMs);
  ctx.options.worker?.nudge();
  ctx.send(
    res,
    h(MessagePage, {
      ctx: ctx.page(req, res),
      title: t(l, 'draftMailedTitle'),
      message: t(l, 'draftMailedMessage', { email: p.email, date: formatShortDate(l, until) }),
    }),
  );
}

/** The anonymous saved draft a resume token opens (unexpired), or undefined. */
export async function draftOfResumeToken(
  ctx: ServerContext,
  token: string,
): Promise<DraftRecord | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const saved = await ctx.deployment.db.drafts.getByResumeHash(hashToken(token));
  return saved && saved.subject === null ? saved : undefined;
}

/** The page of a resume link that opens nothing (404). */
export function resumeGone(ctx: ServerContext, req: Request, res: Response): void {
  const l = res.locals.locale;
  ctx.send(
    res,
    h(MessagePage, {
      ctx: ctx.page(req, res),
      title: t(l, 'resumeCheckTitle'),
      message: t(l, 'resumeGone'),
      link: { href: '/', text: t(l, 'backHome') },
    }),
    404,
  );
}
