import type { Identity, Locale, Municipality } from '@smartloket/core';
import { displayName } from '@smartloket/core';
import type { RequestRecord } from '@smartloket/db';
import type { OidcLogin } from '@smartloket/identity-acmidm';
import type { Deployment } from '@smartloket/runtime';
import type { Request, Response } from 'express';
import type { VNode } from 'preact';
import { globalHeaderProfile } from './global-header.js';
import { t } from './messages.js';
import type { MunicipalitySettings } from './municipality-settings.js';
import type { ReportMapConfig } from './report-map.js';
import type { Session, SessionManager } from './session.js';
import type { VerifyRouteOptions } from './verify-routes.js';
import { type PageContext, renderPage } from './views/layout.js';

declare global {
  namespace Express {
    interface Locals {
      locale: Locale;
      session: Session | undefined;
      /** The municipality with the back-office settings applied. */
      municipality: Municipality;
    }
  }
}

/** Options of {@link createApp}. */
export interface CreateAppOptions {
  /**
   * The OpenID Connect login (ACM/IDM, FAS, or the dev provider). Its redirect URI must be
   * `<publicUrl>/auth/callback` and its post-logout redirect `<publicUrl>/`. Without it the
   * login routes answer "logging in is not possible" and only anonymous requests work.
   */
  identity?: OidcLogin | undefined;
  /**
   * Origins the browser may be sent to after a form post (CSP `form-action`): the identity
   * provider's origin, because logout (a POST) redirects to its end-session endpoint and browsers
   * check `form-action` on redirects. E.g. `['https://authenticatie.vlaanderen.be']`.
   */
  formActionOrigins?: string[] | undefined;
  /** The in-process worker, nudged after a submit so auto-delivery starts at once. */
  worker?: { nudge(): void } | undefined;
  /**
   * The public URL of the counter (scheme, host, port). Default: the deployment's `baseUrl`.
   * Decides Secure cookies (https) and the post-logout redirect.
   */
  publicUrl?: string | undefined;
  /** Session cookie name. Default `__Host-smartloket` over https, `smartloket` over http. */
  cookieName?: string | undefined;
  /** How long a submit waits for an automatic delivery. Default: the config's `deliveryWaitMs`. */
  deliveryWaitMs?: number | undefined;
  /** Rate limits per client (IP, or the logged-in subject). */
  rateLimits?: {
    /** Login starts and callbacks. Default 30 per 15 minutes. */
    login?: { windowMs: number; limit: number } | undefined;
    /** Request submissions. Default 20 per 15 minutes. */
    submit?: { windowMs: number; limit: number } | undefined;
    /** Anonymous request submissions (each sends a confirmation mail). Default 5 per hour. */
    anonymous?: { windowMs: number; limit: number } | undefined;
    /** Confirmation mails per client. Default 10 per hour. */
    confirmation?: { windowMs: number; limit: number } | undefined;
    /** Confirmation mails per address (counted in the database, all processes). Default 3 per hour. */
    confirmationPerAddress?: { windowMs: number; limit: number } | undefined;
    /**
     * Wrong e-mail answers on the page of a request filed without login, per link (counted in
     * the database). Default 5 per hour.
     */
    followCheck?: { windowMs: number; limit: number } | undefined;
  };
  /** The public verification page: trusted certificates for uploaded PDFs, rate limits. */
  verification?: VerifyRouteOptions | undefined;
  /** Largest upload accepted by the server, in bytes (per-field limits are stricter). Default 20 MB. */
  maxUploadBytes?: number | undefined;
  /**
   * The entry script of the Mijn Burgerprofiel global header (decision 0301), e.g.
   * `https://prod.widgets.burgerprofiel.vlaanderen.be/api/v2/widget/<id>/entry` (see the runtime's
   * `globalHeaderEntryUrl`), or the dev world's stand-in. Absent: no header, nothing loaded, and
   * the CSP allows no other origin.
   */
  globalHeaderEntryUrl?: string | undefined;
}

/** What the route modules share. */
export interface ServerContext {
  deployment: Deployment;
  options: CreateAppOptions;
  sessions: SessionManager;
  publicUrl: string;
  languages: Locale[];
  /** The municipality with the back-office settings applied (cached per process). */
  municipality: MunicipalitySettings;
  page(req: Request, res: Response): PageContext;
  /** Sends an HTML page (with `status`, default 200). */
  send(res: Response, node: VNode<any>, status?: number): void;
  /** The meldingen form's map, when the plugin is enabled. */
  reportMap?: ReportMapConfig | undefined;
}

/** The page context of a request. */
export function pageContext(
  deployment: Deployment,
  languages: Locale[],
  req: Request,
  res: Response,
): PageContext {
  const session = res.locals.session;
  const identity = session?.identity;
  return {
    locale: res.locals.locale,
    municipality: res.locals.municipality ?? deployment.municipality,
    languages,
    path: req.path,
    csrf: session?.data.csrf,
    globalHeader: headerFor(req, identity, res.locals.locale),
    user: identity
      ? {
          name: displayName(identity) || identity.subject,
          organisation:
            identity.capacity !== 'BUR'
              ? (identity.organisation?.name ?? identity.organisation?.kbo)
              : undefined,
        }
      : undefined,
  };
}

/** The header for a portal page, when the app was created with a header entry script. */
function headerFor(
  req: Request,
  identity: Identity | undefined,
  locale: Locale,
): PageContext['globalHeader'] {
  const entryUrl: string | undefined = req.app.locals.globalHeaderEntryUrl;
  if (!entryUrl) return undefined;
  return {
    entryUrl,
    data: { profile: globalHeaderProfile(req.path, identity), applicationName: t(locale, 'eLoket') },
  };
}

/** Sends a rendered page. */
export function sendPage(res: Response, node: VNode<any>, status = 200): void {
  res.status(status).type('html').send(renderPage(node));
}

/** True when the person logged in for an organisation (capacity other than citizen, with a KBO). */
export function actsForOrganisation(
  identity: Identity,
): identity is Identity & { organisation: { kbo: string } } {
  return identity.capacity !== 'BUR' && identity.organisation !== undefined;
}

/**
 * Whether the session may see a request: a citizen sees what they filed as a citizen (or what was
 * filed for them at the counter); someone logged in for an organisation sees the organisation's
 * requests; an anonymous session sees the requests it filed. Everything else answers 404.
 */
export function owns(session: Session | undefined, request: RequestRecord): boolean {
  const identity = session?.identity;
  if (identity) {
    if (actsForOrganisation(identity)) {
      return (
        request.requesterKind === 'organisation' && request.organisationKbo === identity.organisation.kbo
      );
    }
    return (
      request.requesterId === identity.subject &&
      (request.requesterKind === 'citizen' || request.requesterKind === 'counter')
    );
  }
  return request.requesterKind === 'anonymous' && (session?.data.anonymous ?? []).includes(request.id);
}
