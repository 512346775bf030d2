import {
  type AssuranceLevel,
  displayName,
  isValidKbo,
  localize,
  normalizeKbo,
  type UiLocale,
} from '@smartloket/core';
import { type CapacityHint, isLoginError, LoginError, safeReturnTo } from '@smartloket/identity-acmidm';
import type { Request, RequestHandler, Response, Router } from 'express';
import { h } from 'preact';
import { higherLevel, minimumLevel } from './assurance.js';
import type { ServerContext } from './context.js';
import { t } from './messages.js';
import { LogoutPage, MessagePage } from './views/request.js';

const ORG_CAPACITIES = ['EA', 'LB', 'GID', 'OV', 'VER'] as const;

/** The capacity asked in `?capacity=BUR` or `?capacity=EA&kbo=...`; anything else lets the provider ask. */
function capacityHint(capacity: unknown, kbo: unknown): CapacityHint | undefined {
  if (capacity === 'BUR') return { cap: 'BUR' };
  if (
    typeof capacity === 'string' &&
    (ORG_CAPACITIES as readonly string[]).includes(capacity) &&
    typeof kbo === 'string' &&
    isValidKbo(kbo)
  ) {
    return { cap: capacity as (typeof ORG_CAPACITIES)[number], kbo: normalizeKbo(kbo) };
  }
  return undefined;
}

const LEVELS: readonly AssuranceLevel[] = ['low', 'substantial', 'high'];

/** The level asked in `?level=` (a step-up), never below the configured minimum. */
function askedLevel(ctx: ServerContext, level: unknown): AssuranceLevel {
  const min = minimumLevel(ctx);
  return LEVELS.includes(level as AssuranceLevel) ? higherLevel(level as AssuranceLevel, min) : min;
}

/**
 * Login and logout: `GET /login?returnTo=&capacity=&level=` starts the OpenID Connect login (the
 * transaction stays in the database session), `GET /auth/callback` completes it and regenerates
 * the session, `GET /logout` asks whether to log out, `POST /logout` ends the session and the
 * provider's (RP-initiated logout). `GET /login?switch=1` makes the provider ask again (another
 * capacity).
 */
export function mountAuthRoutes(router: Router, ctx: ServerContext, limiter: RequestHandler): void {
  const { deployment, sessions } = ctx;
  const login = ctx.options.identity;

  const unavailable = (req: Request, res: Response) =>
    ctx.send(
      res,
      h(MessagePage, {
        ctx: ctx.page(req, res),
        title: t(res.locals.locale, 'loginFailed'),
        message: t(res.locals.locale, 'loginUnavailable'),
      }),
      503,
    );

  router.get('/login', limiter, async (req, res, next) => {
    try {
      res.set('Cache-Control', 'no-store');
      if (!login) return unavailable(req, res);
      const returnTo = safeReturnTo(typeof req.query.returnTo === 'string' ? req.query.returnTo : undefined);
      let session = res.locals.session;
      session ??= await sessions.create(res);
      res.locals.session = session;
      let begun: Awaited<ReturnType<typeof login.begin>>;
      try {
        // Only the means at or above the configured minimum (or the step-up's level) are asked
        // for, and `complete` refuses an ID token whose `acr` is below it.
        // `?switch=1` is the header's "wisselen van account": the provider asks again (also with
        // a single sign-on session), so the person picks another capacity.
        begun = await login.begin({
          returnTo,
          minimumLevel: askedLevel(ctx, req.query.level),
          capacity: capacityHint(req.query.capacity, req.query.kbo),
          locale: res.locals.locale as UiLocale,
          ...(req.query.switch === '1' ? { prompt: 'login' as const } : {}),
        });
      } catch (error) {
        deployment.logger.warn('login: provider unavailable', {
          code: isLoginError(error) ? error.code : 'unknown',
        });
        return unavailable(req, res);
      }
      session.data.login = begun.transaction;
      await sessions.save(session);
      res.redirect(303, begun.url);
    } catch (error) {
      next(error);
    }
  });

  router.get('/auth/callback', limiter, async (req, res, next) => {
    try {
      res.set('Cache-Control', 'no-store');
      if (!login) return unavailable(req, res);
      const session = res.locals.session;
      const transaction = session?.data.login;
      if (session && transaction) {
        // One attempt per transaction: drop it before anything else.
        session.data.login = undefined;
        await sessions.save(session);
      }
      const l = res.locals.locale;
      try {
        if (!transaction) throw new LoginError('state_mismatch', 'no login transaction in the session');
        const result = await login.complete(req.originalUrl, transaction);
        const fresh = await sessions.regenerate(res, session, result.identity, { idToken: result.idToken });
        res.locals.session = fresh;
        await deployment.db.audit.append({
          category: 'login',
          actor: { type: 'citizen', id: result.identity.subject },
          data: {
            means: result.identity.means,
            level: result.identity.level,
            capacity: result.identity.capacity,
          },
        });
        // Staff are recorded in the directory the back-office assigns from (by name).
        const who = result.identity;
        if (who.staffRoles.length > 0) {
          await deployment.db.teams.recordStaff({
            subject: who.subject,
            name: displayName(who) || who.subject,
            roles: who.staffRoles,
            scopes: who.staffScopes ?? [],
          });
        }
        res.redirect(303, safeReturnTo(result.returnTo));
      } catch (error) {
        if (!isLoginError(error)) throw error;
        deployment.logger.warn('login: refused', { code: error.code, reason: error.message });
        const retry = `/login?returnTo=${encodeURIComponent(safeReturnTo(transaction?.returnTo))}`;
        ctx.send(
          res,
          h(MessagePage, {
            ctx: ctx.page(req, res),
            title: t(l, 'loginFailed'),
            message: localize(error.userMessage, l),
            link: { href: retry, text: t(l, 'tryAgain') },
          }),
          401,
        );
      }
    } catch (error) {
      next(error);
    }
  });

  // The logout link of the Mijn Burgerprofiel header is a plain link: it gets a question with the
  // logout button, because logging out changes state and needs the session's CSRF token.
  router.get('/logout', (req, res) => {
    res.set('Cache-Control', 'no-store');
    if (!res.locals.session?.identity) return res.redirect(303, '/');
    const l = res.locals.locale;
    const page = ctx.page(req, res);
    ctx.send(res, h(LogoutPage, { ctx: page, title: t(l, 'logoutTitle'), question: t(l, 'logoutQuestion') }));
  });

  router.post('/logout', async (_req, res, next) => {
    try {
      res.set('Cache-Control', 'no-store');
      const session = res.locals.session;
      const idToken = session?.data.idToken;
      await sessions.destroy(res, session);
      res.locals.session = undefined;
      let target = '/';
      if (login && idToken) {
        try {
          target = (await login.logoutUrl(idToken, `${ctx.publicUrl}/`)) ?? '/';
        } catch {
          target = '/';
        }
      }
      res.redirect(303, target);
    } catch (error) {
      next(error);
    }
  });
}
