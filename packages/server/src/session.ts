import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock, Identity, PrefilledField } from '@smartloket/core';
import type { SessionRepository } from '@smartloket/db';
import type { LoginTransaction } from '@smartloket/identity-acmidm';
import type { Request, Response } from 'express';

/** A form being filled in: its values stay server-side, never in hidden fields or URLs. */
export interface Draft {
  typeId: string;
  values: Record<string, unknown>;
  /** Index of the step shown last. */
  step: number;
  /** E-mail address of an anonymous requester. */
  anonymousEmail?: string | undefined;
  /** A certificate requested without login (decision 1401): the form asks who is asking. */
  withoutLogin?: boolean | undefined;
  /** Saved to the database (decision 0803): kept until this instant (ISO), as the form tells. */
  savedUntil?: string | undefined;
  /** Set once submitted: a replayed POST goes to this request. */
  requestId?: string | undefined;
  /**
   * Fields filled in from an authentic source when the form opened (values, origin, whether
   * they may change); the values are also in `values`.
   */
  prefilled?: Record<string, PrefilledField> | undefined;
  createdAt: string;
}

/** What the server keeps in a session (JSON in the database). */
export interface SessionData {
  /** Synchronizer token for every state-changing form and call. */
  csrf: string;
  /** The pending OpenID Connect login (one per session). */
  login?: LoginTransaction | undefined;
  /** ID token of the login, for the provider's end-session (`id_token_hint`). */
  idToken?: string | undefined;
  /** Forms in progress, by draft id (the idempotency key of their submission). */
  drafts?: Record<string, Draft> | undefined;
  /** Requests filed anonymously in this session (their receipts stay reachable). */
  anonymous?: string[] | undefined;
  /** Requests filed without login whose page this browser opened with the right address. */
  followed?: string[] | undefined;
  /** Saved drafts (ids) whose resume link this browser opened with the right address. */
  resumed?: string[] | undefined;
}

/** A loaded session. */
export interface Session {
  readonly id: string;
  data: SessionData;
  /**
   * Who logged in, with the level of the validated ID token. Read-only: only the login callback
   * sets it, through {@link SessionManager.regenerate}, after `OidcLogin.complete` validated it.
   */
  readonly identity: Identity | undefined;
  readonly createdAt: Date;
}

/** Options of {@link SessionManager}. */
export interface SessionOptions {
  /** Idle timeout in minutes (`retention.sessionIdleMinutes`). */
  idleMinutes: number;
  /** Absolute lifetime in hours (`retention.sessionAbsoluteHours`). */
  absoluteHours: number;
  /** Secure cookie (HTTPS). With it the cookie is named `__Host-smartloket`. */
  secure: boolean;
  /** Cookie name; default `__Host-smartloket` when secure, `smartloket` otherwise. */
  cookieName?: string | undefined;
}

/** Sessions are touched in the database at most this often (idle timeout granularity). */
const TOUCH_EVERY_MS = 30_000;

/**
 * Database-backed sessions: the cookie carries a random 256-bit id, the database only its SHA-256
 * (db's session repository), so any server process serves any request. Idle and absolute timeouts
 * are enforced with the deployment clock; the id is regenerated at login.
 */
export class SessionManager {
  readonly cookieName: string;
  readonly #repo: SessionRepository;
  readonly #clock: Clock;
  readonly #options: SessionOptions;

  constructor(repo: SessionRepository, clock: Clock, options: SessionOptions) {
    this.#repo = repo;
    this.#clock = clock;
    this.#options = options;
    this.cookieName = options.cookieName ?? (options.secure ? '__Host-smartloket' : 'smartloket');
  }

  /** The session of this request, or undefined (an unknown or expired cookie is cleared). */
  async load(req: Request, res: Response): Promise<Session | undefined> {
    const id = readCookie(req, this.cookieName);
    if (!id) return undefined;
    const record = await this.#repo.get<SessionData, Identity>(id);
    if (!record) {
      this.#clearCookie(res);
      return undefined;
    }
    const now = this.#clock.now().getTime();
    const absoluteEnd = record.createdAt.getTime() + this.#options.absoluteHours * 3600_000;
    if (now >= absoluteEnd || now - record.lastSeenAt.getTime() >= this.#options.idleMinutes * 60_000) {
      await this.#repo.delete(id);
      this.#clearCookie(res);
      return undefined;
    }
    if (now - record.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
      await this.#repo.update(id, { expiresAt: this.#expiry(record.createdAt) });
    }
    return { id, data: record.data, identity: record.identity ?? undefined, createdAt: record.createdAt };
  }

  /** Creates a session and sets its cookie. */
  async create(res: Response, data: Partial<SessionData> = {}, identity?: Identity): Promise<Session> {
    const id = newSecret();
    const now = this.#clock.now();
    const full: SessionData = { ...data, csrf: newSecret() };
    await this.#repo.create(id, {
      data: full as unknown as Record<string, unknown>,
      identity,
      expiresAt: this.#expiry(now),
    });
    this.#setCookie(res, id);
    return { id, data: full, identity, createdAt: now };
  }

  /** Writes the session's data and identity back. */
  async save(session: Session): Promise<void> {
    await this.#repo.update(session.id, {
      data: session.data as unknown as Record<string, unknown>,
      identity: session.identity ?? null,
      expiresAt: this.#expiry(session.createdAt),
    });
  }

  /**
   * Replaces the session by a new one with a new id and a new CSRF token (at login: session
   * fixation). The old id stops working at once.
   */
  async regenerate(
    res: Response,
    old: Session | undefined,
    identity: Identity | undefined,
    data: Partial<SessionData>,
  ): Promise<Session> {
    if (old) await this.#repo.delete(old.id);
    return this.create(res, data, identity);
  }

  /** Ends the session and clears its cookie. */
  async destroy(res: Response, session: Session | undefined): Promise<void> {
    if (session) await this.#repo.delete(session.id);
    this.#clearCookie(res);
  }

  #expiry(createdAt: Date): Date {
    const now = this.#clock.now().getTime();
    const idleEnd = now + this.#options.idleMinutes * 60_000;
    const absoluteEnd = createdAt.getTime() + this.#options.absoluteHours * 3600_000;
    return new Date(Math.min(idleEnd, absoluteEnd));
  }

  #setCookie(res: Response, id: string): void {
    res.cookie(this.cookieName, id, {
      httpOnly: true,
      secure: this.#options.secure,
      sameSite: 'lax',
      path: '/',
    });
  }

  #clearCookie(res: Response): void {
    res.clearCookie(this.cookieName, {
      httpOnly: true,
      secure: this.#options.secure,
      sameSite: 'lax',
      path: '/',
    });
  }
}

/** A random 256-bit secret, base64url. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison of a submitted CSRF token with the session's. */
export function csrfMatches(session: Session | undefined, submitted: unknown): boolean {
  if (!session || typeof submitted !== 'string' || submitted.length === 0) return false;
  const a = Buffer.from(session.data.csrf);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** One cookie of the request (no dependency on cookie-parser). */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
