import { fields as coreFields, type Identity, type Locale } from '@smartloket/core';
import { enqueueConfirmationMail } from '@smartloket/runtime';
import type { Request, RequestHandler, Response, Router } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { h } from 'preact';
import { fileConfirmedAnonymous } from './anonymous-routes.js';
import type { ServerContext } from './context.js';
import { t } from './messages.js';
import { sharedRateLimit } from './rate-limit.js';
import type { Session, SessionData } from './session.js';
import { ConfirmPage, EmailPage, EmailSentPage, et } from './views/email.js';
import { MessagePage } from './views/request.js';

/** A confirmation link works this long. */
export const CONFIRMATION_HOURS = 24;

/** Session keys of this module (kept beside the portal's own data). */
type EmailSessionData = SessionData & { emailPrompted?: boolean };

const EMAIL_SCHEMA = coreFields.email({ label: { nl: 'E-mail' } }).schema;

/**
 * The confirmed e-mail address of a logged-in person: the one they confirmed here (per identity
 * subject, in the database), else the provider's address unless the provider marks it unverified.
 */
export async function confirmedEmailOf(ctx: ServerContext, identity: Identity): Promise<string | undefined> {
  const stored = await ctx.deployment.db.identityEmails.get(identity.subject);
  if (stored) return stored.email;
  return identity.email && identity.emailVerified !== false ? identity.email : undefined;
}

/** The identity with its confirmed address (or none): what the request service stores and mails. */
export async function withConfirmedEmail(ctx: ServerContext, identity: Identity): Promise<Identity> {
  const email = await confirmedEmailOf(ctx, identity);
  return email
    ? { ...identity, email, emailVerified: true }
    : { ...identity, email: undefined, emailVerified: false };
}

/** A 429 with the translated message. */
export function tooMany(ctx: ServerContext, req: Request, res: Response): void {
  res.set('Cache-Control', 'no-store');
  ctx.send(
    res,
    h(MessagePage, {
      ctx: ctx.page(req, res),
      title: t(res.locals.locale, 'errorTitle'),
      message: t(res.locals.locale, 'tooMany'),
    }),
    429,
  );
}

/**
 * A rate limiter (IP, or the logged-in subject) answering a translated 429, counted in the
 * database under `name` (shared by every process).
 */
export function limiter(
  ctx: ServerContext,
  name: string,
  o: { windowMs: number; limit: number },
): (req: Request, res: Response) => Promise<boolean> {
  const handler: RequestHandler = sharedRateLimit(ctx.deployment, name, o, {
    keyGenerator: (req, res) => res.locals.session?.identity?.subject ?? ipKeyGenerator(req.ip ?? 'unknown'),
    handler: (req, res) => tooMany(ctx, req, res),
  });
  return async (req, res) => {
    let passed = false;
    await handler(req, res, () => {
      passed = true;
    });
    return passed;
  };
}

/**
 * Creates a confirmation and queues its mail, after the rate limits: per IP (or subject) and per
 * address hash across processes (counted in the database). Answers 429 itself
 * and returns undefined when a limit is hit.
 */
export async function sendConfirmation(
  ctx: ServerContext,
  req: Request,
  res: Response,
  perClient: (req: Request, res: Response) => Promise<boolean>,
  input: {
    purpose: 'identity' | 'anonymous';
    subject?: string;
    email: string;
    payload?: unknown;
    locale: Locale;
  },
): Promise<{ expiresAt: Date } | undefined> {
  const { deployment } = ctx;
  if (!(await perClient(req, res))) return undefined;
  const perAddress = ctx.options.rateLimits?.confirmationPerAddress ?? { windowMs: 3600_000, limit: 3 };
  const now = deployment.clock.now();
  const since = new Date(now.getTime() - perAddress.windowMs);
  if ((await deployment.db.emailConfirmations.countForAddress(input.email, since)) >= perAddress.limit) {
    deployment.logger.warn('email: confirmation rate limit per address', { purpose: input.purpose });
    tooMany(ctx, req, res);
    return undefined;
  }
  const expiresAt = new Date(now.getTime() + CONFIRMATION_HOURS * 3600_000);
  await deployment.db.transaction(async (tx) => {
    const { token, record } = await tx.emailConfirmations.create({ ...input, expiresAt });
    await enqueueConfirmationMail(tx, {
      confirmationId: record.id,
      email: record.email,
      token,
      expiresAt,
      locale: input.locale,
    });
  });
  ctx.options.worker?.nudge();
  return { expiresAt };
}

/**
 * `/my/email` (see and change one's address), `/email/confirm/<token>` (the one-time link), and
 * the prompt for an address before the personal page or a form, once per session, for a
 * logged-in person without a confirmed address.
 */
export function mountEmailRoutes(router: Router, ctx: ServerContext): void {
  const { deployment, sessions } = ctx;
  const db = deployment.db;
  const perClient = limiter(
    ctx,
    'confirmation',
    ctx.options.rateLimits?.confirmation ?? { windowMs: 3600_000, limit: 10 },
  );

  const prompt: RequestHandler = async (req, res, next) => {
    try {
      const session = res.locals.session;
      const identity = session?.identity;
      if (!session || !identity || (session.data as EmailSessionData).emailPrompted) return next();
      if (req.params.typeId && !(await deployment.requests.requestType(String(req.params.typeId))))
        return next();
      if (await confirmedEmailOf(ctx, identity)) return next();
      if (await db.emailConfirmations.pendingFor(identity.subject)) return next();
      (session.data as EmailSessionData).emailPrompted = true;
      await sessions.save(session);
      res.set('Cache-Control', 'no-store');
      ctx.send(res, h(EmailPage, { ctx: ctx.page(req, res), returnTo: req.path }));
    } catch (error) {
      next(error);
    }
  };
  router.get('/my', prompt);
  router.get('/request/:typeId', prompt);

  const loginFirst = (res: Response): Identity | undefined => {
    const identity = res.locals.session?.identity;
    if (!identity) res.redirect(303, `/login?returnTo=${encodeURIComponent('/my/email')}`);
    return identity;
  };

  router.get('/my/email', async (req, res, next) => {
    try {
      const identity = loginFirst(res);
      if (!identity) return;
      const pending = await db.emailConfirmations.pendingFor(identity.subject);
      ctx.send(
        res,
        h(EmailPage, {
          ctx: ctx.page(req, res),
          confirmed: await confirmedEmailOf(ctx, identity),
          pending: pending?.email,
        }),
      );
    } catch (error) {
      next(error);
    }
  });

  router.post('/my/email', async (req, res, next) => {
    try {
      const identity = loginFirst(res);
      if (!identity) return;
      const body = (req.body ?? {}) as Record<string, unknown>;
      const email = typeof body.email === 'string' ? body.email.trim() : '';
      const returnTo =
        typeof body.returnTo === 'string' && /^\/(my|request\/[\w.-]+)$/.test(body.returnTo)
          ? body.returnTo
          : undefined;
      if (email.length > 320 || !EMAIL_SCHEMA.safeParse(email).success) {
        return ctx.send(
          res,
          h(EmailPage, {
            ctx: ctx.page(req, res),
            confirmed: await confirmedEmailOf(ctx, identity),
            value: email.slice(0, 320),
            invalid: true,
            returnTo,
          }),
          422,
        );
      }
      const sent = await sendConfirmation(ctx, req, res, perClient, {
        purpose: 'identity',
        subject: identity.subject,
        email,
        locale: res.locals.locale,
      });
      if (!sent) return;
      ctx.send(
        res,
        h(EmailSentPage, { ctx: ctx.page(req, res), expiresAt: sent.expiresAt, anonymous: false }),
      );
    } catch (error) {
      next(error);
    }
  });

  const invalidLink = (req: Request, res: Response) =>
    ctx.send(
      res,
      h(MessagePage, {
        ctx: ctx.page(req, res),
        title: et(res.locals.locale, 'confirmTitle'),
        message: et(res.locals.locale, 'invalidLink'),
      }),
      404,
    );

  router.use('/email/confirm', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  // GET only shows a button: mail scanners that open links must not use the one-time token.
  router.get('/email/confirm/:token', async (req, res, next) => {
    try {
      const record = await db.emailConfirmations.peek(String(req.params.token));
      if (!record) return invalidLink(req, res);
      const session: Session = res.locals.session ?? (await sessions.create(res));
      res.locals.session = session;
      ctx.send(
        res,
        h(ConfirmPage, {
          ctx: ctx.page(req, res),
          email: record.email,
          anonymous: record.purpose === 'anonymous',
          action: req.originalUrl.split('?')[0] ?? '/',
        }),
      );
    } catch (error) {
      next(error);
    }
  });

  router.post('/email/confirm/:token', async (req, res, next) => {
    try {
      const record = await db.emailConfirmations.consume(String(req.params.token));
      if (!record) return invalidLink(req, res);
      if (record.purpose === 'anonymous') return await fileConfirmedAnonymous(ctx, req, res, record);
      if (!record.subject) return invalidLink(req, res);
      await db.identityEmails.confirm(record.subject, record.email);
      ctx.send(
        res,
        h(MessagePage, {
          ctx: ctx.page(req, res),
          title: et(res.locals.locale, 'title'),
          message: et(res.locals.locale, 'confirmed'),
          link: { href: '/my', text: t(res.locals.locale, 'myRequests') },
        }),
      );
    } catch (error) {
      next(error);
    }
  });
}
