import { type AssuranceLevel, meetsLevel } from '@smartloket/core';
import type { Request, Response } from 'express';
import type { ServerContext } from './context.js';

/**
 * The assurance level on every path (decision 0802): what a session's login level lets it see,
 * and the step-up login (a new authorisation request with higher `acr_values`, returning to the
 * same page) when it is not enough. The level of a session is the one of its validated ID token
 * (`Identity.level`, set only by the login callback).
 */

/** The higher of two levels. */
export function higherLevel(a: AssuranceLevel, b: AssuranceLevel): AssuranceLevel {
  return meetsLevel(a, b) ? a : b;
}

/** The least level of any login (`identity.minimumLevel`). */
export function minimumLevel(ctx: ServerContext): AssuranceLevel {
  return ctx.deployment.config.identity.minimumLevel;
}

/** The level of every back-office page and action (`identity.staffLevel`, `high`). */
export function staffLevel(ctx: ServerContext): AssuranceLevel {
  return ctx.deployment.config.identity.staffLevel;
}

/**
 * The level a session needs to see a request of `typeId`: the type's `minimumLevel`, at least the
 * configured minimum. A type no longer installed needs `high`.
 */
export function levelForType(ctx: ServerContext, typeId: string): AssuranceLevel {
  const type = ctx.deployment.kernel.requestType(typeId)?.definition.minimumLevel ?? 'high';
  return higherLevel(type, minimumLevel(ctx));
}

/** The login route that asks for `level` and comes back to `returnTo` (a local path). */
export function stepUpUrl(returnTo: string, level: AssuranceLevel): string {
  return `/login?returnTo=${encodeURIComponent(returnTo)}&level=${level}`;
}

/** True when the logged-in session of this response reaches `level` (no login: false). */
export function sessionMeets(res: Response, level: AssuranceLevel): boolean {
  const identity = res.locals.session?.identity;
  return identity !== undefined && meetsLevel(identity.level, level);
}

/**
 * Sends a logged-in session below `level` to the step-up login and returns true; returns false
 * when the session reaches it. A GET comes back to the same path; a POST to `returnTo` (the page
 * the form was on), since a form cannot be replayed after a login.
 */
export function stepUpIfBelow(
  req: Request,
  res: Response,
  level: AssuranceLevel,
  returnTo = req.originalUrl.split('?')[0] ?? '/',
): boolean {
  if (sessionMeets(res, level)) return false;
  const back =
    req.method === 'GET' || req.method === 'HEAD' ? (req.originalUrl.split('?')[0] ?? '/') : returnTo;
  res.redirect(303, stepUpUrl(back, level));
  return true;
}
