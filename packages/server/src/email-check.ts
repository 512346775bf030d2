import { timingSafeEqual } from 'node:crypto';
import { hashAddress } from '@smartloket/db';
import type { Request, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import type { ServerContext } from './context.js';
import { readCookie } from './session.js';

/** Wrong answers per link (default of `rateLimits.followCheck`) and per client, per hour. */
export const CHECK_PER_LINK = { windowMs: 3600_000, limit: 5 };
export const CHECK_PER_CLIENT = { windowMs: 3600_000, limit: 20 };

/** What an e-mail check guards: the page of a request filed without login, or a saved draft. */
export interface EmailCheckScope {
  /** `follow` (decision 1401) or `resume` (decision 0803): names the counters and audit rows. */
  kind: 'follow' | 'resume';
  /** The link's token: wrong answers are counted per link (hashed by the rate-limit store). */
  token: string;
  /** The address the request was filed (or the draft saved) with. */
  expected: string;
  requestId?: string | undefined;
}

/**
 * Checks an address typed to open a link by mail (the way GOV.UK Notify protects file links):
 * wrong answers are counted in the database per link (`rateLimits.followCheck`, 5/hour) and
 * per client (20/hour, the same counter for every kind), and every answer is audited
 * (`<kind>_check_passed`/`<kind>_check_refused`, never the address). The comparison is of
 * hashes of the normalised addresses, in constant time. `limited`: no answer is looked at.
 */
export async function checkTypedEmail(
  ctx: ServerContext,
  req: Request,
  scope: EmailCheckScope,
  typed: string,
): Promise<'passed' | 'refused' | 'limited'> {
  const db = ctx.deployment.db;
  const client = ipKeyGenerator(req.ip ?? 'unknown');
  const perLink = ctx.options.rateLimits?.followCheck ?? CHECK_PER_LINK;
  const linkCounter = `${scope.kind}-check`;
  const [link, ip] = await Promise.all([
    db.rateLimits.get(linkCounter, scope.token, perLink.windowMs),
    db.rateLimits.get('follow-check-client', client, CHECK_PER_CLIENT.windowMs),
  ]);
  if ((link?.hits ?? 0) >= perLink.limit || (ip?.hits ?? 0) >= CHECK_PER_CLIENT.limit) {
    ctx.deployment.logger.warn(`${scope.kind}: e-mail check rate limit`);
    return 'limited';
  }
  const same =
    scope.expected !== '' &&
    timingSafeEqual(
      Buffer.from(hashAddress(typed.slice(0, 320)), 'hex'),
      Buffer.from(hashAddress(scope.expected), 'hex'),
    );
  await db.audit.append({
    category: `${scope.kind}_check_${same ? 'passed' : 'refused'}`,
    actor: { type: 'anonymous' },
    requestId: scope.requestId ?? null,
    outcome: same ? 'ok' : 'refused',
  });
  if (same) return 'passed';
  await Promise.all([
    db.rateLimits.hit(linkCounter, scope.token, perLink.windowMs),
    db.rateLimits.hit('follow-check-client', client, CHECK_PER_CLIENT.windowMs),
  ]);
  return 'refused';
}

/** The address typed in an e-mail check form. */
export function typedEmail(req: Request): string {
  const body = (req.body ?? {}) as Record<string, unknown>;
  return typeof body.email === 'string' ? body.email.slice(0, 320) : '';
}

/** How long a browser that passed the check of a link is not asked again. */
export const DEVICE_CHECK_DAYS = 90;

/** The device cookie's name (`__Secure-` over https; a `__Host-` cookie cannot have a path). */
function deviceCookie(ctx: ServerContext): string {
  return ctx.publicUrl.startsWith('https:') ? '__Secure-smartloket-check' : 'smartloket-check';
}

/**
 * After a passed check: a long-lived device cookie (decision 1401) for `path` only (the link's
 * page, its receipt and documents), HttpOnly, SameSite=Lax, Secure over https. Its value is a
 * random token the database knows only hashed, bound to `scope`; another browser has no cookie
 * and is asked again. Valid `DEVICE_CHECK_DAYS` or until the link stops working.
 */
export async function rememberDevice(
  ctx: ServerContext,
  res: Response,
  p: { path: string; scope: string },
): Promise<void> {
  const maxAge = DEVICE_CHECK_DAYS * 86_400_000;
  const token = await ctx.deployment.db.deviceChecks.create(
    p.scope,
    new Date(ctx.deployment.clock.now().getTime() + maxAge),
  );
  res.cookie(deviceCookie(ctx), token, {
    httpOnly: true,
    secure: ctx.publicUrl.startsWith('https:'),
    sameSite: 'lax',
    path: p.path,
    maxAge,
  });
}

/** True when this browser's device cookie is a valid check of `scope`. */
export async function deviceChecked(ctx: ServerContext, req: Request, scope: string): Promise<boolean> {
  const token = readCookie(req, deviceCookie(ctx));
  return token ? ctx.deployment.db.deviceChecks.valid(token, scope) : false;
}
