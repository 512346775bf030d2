/**
 * The Mollie simulator: Mollie's v2 payments and refunds API over HTTPS (a certificate of the dev
 * world's test PKI), with a checkout page where the tester picks the outcome (paid, failed,
 * cancelled, expired) as in Mollie's test mode, the notification to the webhook URL (a form post
 * with `id=tr_...`, nothing else), and faults on demand. For dev and tests; never for production.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { type Clock, systemClock } from '@smartloket/core';
import { centsToValue, eur, type MollieAmount, valueToCents } from './money.js';
import { type CheckoutOutcome, checkoutPage, finishedPage, pageLocale } from './page.js';

export { centsToValue, eur, type MollieAmount, valueToCents } from './money.js';

/** The simulator's API key when none is given: a test key in Mollie's format (`test_` + 30 characters). */
export const MOLLIE_DEV_API_KEY = 'test_SmartLoketDevSimulatorKey0001';

/** Mollie's payment statuses. */
export type MolliePaymentStatus =
  | 'open'
  | 'pending'
  | 'authorized'
  | 'paid'
  | 'failed'
  | 'canceled'
  | 'expired';
/** Mollie's refund statuses. */
export type MollieRefundStatus = 'queued' | 'pending' | 'processing' | 'refunded' | 'failed' | 'canceled';

export interface MollieSimulatorOptions {
  /** TLS certificate and key of the API (PEM), e.g. the server certificate of `generateMagdaDevCertificates`. */
  tls: { cert: string; key: string };
  /** API keys accepted (default [{@link MOLLIE_DEV_API_KEY}]). A `live_` key sees live payments only. */
  apiKeys?: string[];
  /** The methods the (simulated) website profile enables (default bancontact, creditcard, kbc, belfius). */
  methods?: string[];
  /** The smallest amount accepted, in cents (default 100: 1.00 EUR). */
  minimumAmountCents?: number;
  /** Minutes an unpaid payment stays open before it expires (default 15). */
  expiresAfterMinutes?: number;
  /**
   * Milliseconds after which a new refund reads as `refunded` (default 0: at the next read).
   * `Infinity`: refunds stay `pending` until {@link MollieSimulator.settleRefunds}.
   */
  refundSettleMs?: number;
  /** Milliseconds the simulator waits for the webhook URL to answer (default 15 000, as Mollie). */
  notificationTimeoutMs?: number;
  clock?: Clock;
  /** Port of the API (HTTPS; default 0: a free port). */
  port?: number;
  /** Port of the checkout page (plain HTTP on loopback, so a browser opens it without a warning; default 0). */
  checkoutPort?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

/** One API request the simulator received. */
export interface MollieSimulatorCall {
  method: string;
  /** Path without the query, e.g. `/v2/payments/tr_abc/refunds`. */
  path: string;
  /** e.g. `payments.create`, `payments.get`, `payments.list`, `refunds.create`, `refunds.list`, `refunds.get`, `methods.list`. */
  route: string;
  status: number;
  idempotencyKey?: string;
  /** True when the answer was a replay of an earlier request with the same Idempotency-Key. */
  replayed?: boolean;
  at: Date;
}

/** One notification the simulator sent (or dropped) to a webhook URL. */
export interface MollieNotification {
  paymentId: string;
  url: string;
  /** Exactly what was posted (`id=tr_...`). */
  body: string;
  /** HTTP status of the answer; undefined when it failed (see `error`) or was dropped. */
  status?: number;
  error?: string;
  dropped?: boolean;
  at: Date;
}

/** A refund as the simulator keeps it. */
export interface SimulatedRefund {
  id: string;
  paymentId: string;
  amountCents: number;
  description: string;
  metadata: unknown;
  status: MollieRefundStatus;
  createdAt: Date;
}

/** A payment as the simulator keeps it. */
export interface SimulatedPayment {
  id: string;
  mode: 'test' | 'live';
  amountCents: number;
  currency: 'EUR';
  description: string;
  redirectUrl: string;
  cancelUrl?: string;
  webhookUrl?: string;
  locale?: string;
  /** The method chosen (or given as one string at creation); null until then. */
  method: string | null;
  /** The methods the checkout offers (given at creation, else every enabled method). */
  methods: string[];
  metadata: unknown;
  status: MolliePaymentStatus;
  createdAt: Date;
  expiresAt: Date;
  paidAt?: Date;
  failedAt?: Date;
  canceledAt?: Date;
  expiredAt?: Date;
  refunds: SimulatedRefund[];
}

/** Faults on demand. `route` is as in {@link MollieSimulatorCall.route}; without it every route. */
export interface MollieSimulatorFaults {
  /** Answers with this status and Mollie's error body (`count`: only the next n matching calls). */
  error(status: number, options?: { route?: string; count?: number; detail?: string }): void;
  /** Answers 503 to every API call (Mollie is down). The checkout page stays up. */
  outage(): void;
  /** Never answers matching calls (the client's timeout fires); `count`: only the next n. */
  timeout(options?: { route?: string; count?: number }): void;
  /** Drops the next n notifications (never sent). */
  dropNotifications(count: number): void;
  /** Sends each of the next n notifications twice. */
  duplicateNotifications(count: number): void;
  /** Sends notifications this many milliseconds late (0: at once). */
  delayNotifications(ms: number): void;
  /** Keeps notifications back until {@link releaseNotifications}. */
  holdNotifications(): void;
  /** Sends the notifications kept back, oldest first or (`reverse`) newest first; resolves when sent. */
  releaseNotifications(options?: { reverse?: boolean }): Promise<void>;
  /** Clears every fault (held notifications are released first, in order). */
  clear(): Promise<void>;
}

export interface MollieSimulator {
  /** Base URL of the API (HTTPS, without `/v2`). */
  url: string;
  /** The API root to give a client: `${url}/v2/`. */
  apiEndpoint: string;
  /** Base URL of the checkout pages (plain HTTP). */
  checkoutUrl: string;
  /** The first accepted API key. */
  apiKey: string;
  calls: MollieSimulatorCall[];
  notifications: MollieNotification[];
  faults: MollieSimulatorFaults;
  /** The payment as the simulator keeps it (undefined when unknown). */
  payment(id: string): SimulatedPayment | undefined;
  /** Every payment, oldest first. */
  payments(): SimulatedPayment[];
  /**
   * What the tester does on the checkout page, without a browser: sets the outcome (and the
   * method), sends the notification (subject to the faults) and returns where the browser would
   * be redirected.
   */
  complete(id: string, outcome: CheckoutOutcome, method?: string): Promise<{ redirectTo: string }>;
  /** Moves refunds still `pending`/`queued` to `status` (default `refunded`). */
  settleRefunds(status?: MollieRefundStatus): void;
  /** Sends the notification of a payment again, as Mollie's retries do. */
  notify(id: string): Promise<void>;
  stop(): Promise<void>;
}

export type { CheckoutOutcome } from './page.js';

const DOCS = 'https://docs.mollie.com/overview/handling-errors';
/** How Mollie describes its methods in "list payment methods". */
const METHOD_DESCRIPTIONS: Record<string, string> = {
  bancontact: 'Bancontact',
  creditcard: 'Card',
  kbc: 'KBC/CBC Payment Button',
  belfius: 'Belfius Pay Button',
  applepay: 'Apple Pay',
  paypal: 'PayPal',
  banktransfer: 'Bank transfer',
  ideal: 'iDEAL',
  trustly: 'Trustly',
};
const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** A Mollie error: `{ status, title, detail, field?, _links.documentation }`. */
class MollieError extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly field?: string,
  ) {
    super(detail);
  }
}

const errorBody = (status: number, detail: string, field?: string) => ({
  status,
  title: TITLES[status] ?? 'Error',
  detail,
  ...(field ? { field } : {}),
  _links: { documentation: { href: DOCS, type: 'text/html' } },
});

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function token(prefix: string): string {
  const bytes = randomBytes(10);
  let out = prefix;
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

/** Mollie writes times as ISO 8601 without milliseconds, with `+00:00`. */
const iso = (d: Date | undefined) => (d ? d.toISOString().replace(/\.\d{3}Z$/, '+00:00') : undefined);

const LOCALES = new Set([
  'en_US',
  'en_GB',
  'nl_NL',
  'nl_BE',
  'de_DE',
  'de_AT',
  'de_CH',
  'fr_FR',
  'fr_BE',
  'es_ES',
  'ca_ES',
  'pt_PT',
  'it_IT',
  'nb_NO',
  'sv_SE',
  'fi_FI',
  'da_DK',
  'is_IS',
  'hu_HU',
  'pl_PL',
  'lv_LV',
  'lt_LT',
]);

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

interface Stored {
  fingerprint: string;
  status: number;
  body: string;
}

/** Starts the Mollie simulator (API over HTTPS, checkout page over HTTP on loopback). */
export async function startMollieSimulator(options: MollieSimulatorOptions): Promise<MollieSimulator> {
  const clock = options.clock ?? systemClock;
  const apiKeys = options.apiKeys ?? [MOLLIE_DEV_API_KEY];
  const enabled = options.methods ?? ['bancontact', 'creditcard', 'kbc', 'belfius'];
  const minimum = options.minimumAmountCents ?? 100;
  const expiresMinutes = options.expiresAfterMinutes ?? 15;
  const refundSettleMs = options.refundSettleMs ?? 0;
  const notificationTimeoutMs = options.notificationTimeoutMs ?? 15_000;
  const host = options.host ?? '127.0.0.1';
  const profileId = 'pfl_SmartLoketDv';

  const payments = new Map<string, SimulatedPayment>();
  const idempotent = new Map<string, Stored | 'busy'>();
  const calls: MollieSimulatorCall[] = [];
  const notifications: MollieNotification[] = [];
  let errors: { status: number; route?: string; count?: number; detail?: string }[] = [];
  let timeouts: { route?: string; count?: number }[] = [];
  let down = false;
  let drop = 0;
  let duplicate = 0;
  let delayMs = 0;
  let hold = false;
  const held: string[] = [];
  const pendingTimers = new Set<NodeJS.Timeout>();
  const hanging = new Set<http.ServerResponse>();

  let apiUrl = '';
  let checkoutBase = '';

  // --- state ---------------------------------------------------------------------------------

  /** A payment whose checkout time ran out reads as expired (and is notified once). */
  function refresh(p: SimulatedPayment): void {
    if (p.status === 'open' && clock.now().getTime() >= p.expiresAt.getTime()) {
      p.status = 'expired';
      p.expiredAt = clock.now();
      void deliver(p);
    }
    for (const r of p.refunds) {
      if (
        (r.status === 'pending' || r.status === 'queued') &&
        Number.isFinite(refundSettleMs) &&
        clock.now().getTime() - r.createdAt.getTime() >= refundSettleMs
      ) {
        r.status = 'refunded';
      }
    }
  }

  const refunded = (p: SimulatedPayment) =>
    p.refunds
      .filter((r) => r.status !== 'failed' && r.status !== 'canceled')
      .reduce((s, r) => s + r.amountCents, 0);

  function refundJson(r: SimulatedRefund) {
    return {
      resource: 'refund',
      id: r.id,
      mode: payments.get(r.paymentId)?.mode ?? 'test',
      amount: eur(r.amountCents),
      status: r.status,
      createdAt: iso(r.createdAt),
      description: r.description,
      metadata: r.metadata,
      paymentId: r.paymentId,
      settlementAmount: eur(-r.amountCents),
      _links: {
        self: { href: `${apiUrl}/v2/payments/${r.paymentId}/refunds/${r.id}`, type: 'application/hal+json' },
        payment: { href: `${apiUrl}/v2/payments/${r.paymentId}`, type: 'application/hal+json' },
        documentation: { href: 'https://docs.mollie.com/reference/get-refund', type: 'text/html' },
      },
    };
  }

  function paymentJson(p: SimulatedPayment) {
    const done = refunded(p);
    return {
      resource: 'payment',
      id: p.id,
      mode: p.mode,
      createdAt: iso(p.createdAt),
      amount: eur(p.amountCents),
      description: p.description,
      method: p.method,
      metadata: p.metadata,
      status: p.status,
      isCancelable: false,
      ...(p.status === 'open' ? { expiresAt: iso(p.expiresAt) } : {}),
      ...(p.paidAt ? { paidAt: iso(p.paidAt) } : {}),
      ...(p.failedAt ? { failedAt: iso(p.failedAt) } : {}),
      ...(p.canceledAt ? { canceledAt: iso(p.canceledAt) } : {}),
      ...(p.expiredAt ? { expiredAt: iso(p.expiredAt) } : {}),
      ...(p.status === 'paid'
        ? {
            amountRefunded: eur(done),
            amountRemaining: eur(p.amountCents - done),
            settlementAmount: eur(p.amountCents),
          }
        : {}),
      locale: p.locale ?? 'nl_BE',
      profileId,
      sequenceType: 'oneoff',
      redirectUrl: p.redirectUrl,
      ...(p.cancelUrl ? { cancelUrl: p.cancelUrl } : {}),
      webhookUrl: p.webhookUrl ?? null,
      details: p.status === 'paid' ? methodDetails(p.method) : null,
      _links: {
        self: { href: `${apiUrl}/v2/payments/${p.id}`, type: 'application/hal+json' },
        ...(p.status === 'open'
          ? { checkout: { href: `${checkoutBase}/checkout/${p.id}`, type: 'text/html' } }
          : {}),
        dashboard: { href: `${checkoutBase}/dashboard/payments/${p.id}`, type: 'text/html' },
        ...(p.refunds.length > 0
          ? { refunds: { href: `${apiUrl}/v2/payments/${p.id}/refunds`, type: 'application/hal+json' } }
          : {}),
        documentation: { href: 'https://docs.mollie.com/reference/get-payment', type: 'text/html' },
      },
    };
  }

  // --- notifications -------------------------------------------------------------------------

  async function post(p: SimulatedPayment): Promise<void> {
    if (!p.webhookUrl) return;
    const body = new URLSearchParams({ id: p.id }).toString();
    const n: MollieNotification = { paymentId: p.id, url: p.webhookUrl, body, at: clock.now() };
    notifications.push(n);
    try {
      const res = await fetch(p.webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'user-agent': 'Mollie HTTP Webhook (simulated)',
        },
        body,
        signal: AbortSignal.timeout(notificationTimeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      n.status = res.status;
    } catch (e) {
      n.error = e instanceof Error ? e.message : String(e);
    }
  }

  /** Sends a payment's notification, subject to the faults. Resolves once sent (or scheduled). */
  async function deliver(p: SimulatedPayment): Promise<void> {
    if (!p.webhookUrl) return;
    if (drop > 0) {
      drop--;
      notifications.push({
        paymentId: p.id,
        url: p.webhookUrl,
        body: new URLSearchParams({ id: p.id }).toString(),
        dropped: true,
        at: clock.now(),
      });
      return;
    }
    const times = duplicate > 0 ? 2 : 1;
    if (duplicate > 0) duplicate--;
    for (let i = 0; i < times; i++) {
      if (hold) held.push(p.id);
      else if (delayMs > 0) {
        const timer = setTimeout(() => {
          pendingTimers.delete(timer);
          void post(p);
        }, delayMs);
        pendingTimers.add(timer);
      } else await post(p);
    }
  }

  // --- checkout ------------------------------------------------------------------------------

  async function complete(
    id: string,
    outcome: CheckoutOutcome,
    method?: string,
  ): Promise<{ redirectTo: string }> {
    const p = payments.get(id);
    if (!p) throw new Error(`unknown payment ${id}`);
    refresh(p);
    if (p.status !== 'open') return { redirectTo: p.redirectUrl };
    const chosen = method ?? p.method ?? p.methods[0] ?? 'bancontact';
    if (!p.methods.includes(chosen)) throw new Error(`method ${chosen} is not offered for ${id}`);
    const now = clock.now();
    p.method = chosen;
    if (outcome === 'paid') {
      p.status = 'paid';
      p.paidAt = now;
    } else if (outcome === 'failed') {
      p.status = 'failed';
      p.failedAt = now;
    } else if (outcome === 'canceled') {
      p.status = 'canceled';
      p.canceledAt = now;
    } else if (outcome === 'expired') {
      p.status = 'expired';
      p.expiredAt = now;
    } else {
      // 'open': the tester leaves without finishing; nothing changes, nothing is notified.
      return { redirectTo: p.redirectUrl };
    }
    await deliver(p);
    return { redirectTo: outcome === 'canceled' && p.cancelUrl ? p.cancelUrl : p.redirectUrl };
  }

  async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > 16_384) break;
      chunks.push(c as Buffer);
    }
    return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  }

  const PAGE_HEADERS = {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };

  async function handleCheckout(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', checkoutBase);
    const m = /^\/checkout\/(tr_[A-Za-z0-9]+)$/.exec(url.pathname);
    const p = m ? payments.get(m[1]!) : undefined;
    const lang = pageLocale(url.searchParams.get('lang'), p?.locale);
    if (!p) {
      res.writeHead(404, PAGE_HEADERS).end(finishedPage(lang, undefined));
      return;
    }
    refresh(p);
    if (req.method === 'POST') {
      const form = await readForm(req);
      const outcome = form.get('status') as CheckoutOutcome | null;
      const method = form.get('method') ?? undefined;
      if (
        !outcome ||
        !['paid', 'failed', 'canceled', 'expired', 'open'].includes(outcome) ||
        (method !== undefined && !p.methods.includes(method))
      ) {
        res.writeHead(400, PAGE_HEADERS).end(checkoutPage(lang, p, enabled, true));
        return;
      }
      if (p.status !== 'open') {
        res.writeHead(303, { location: p.redirectUrl, 'cache-control': 'no-store' }).end();
        return;
      }
      const { redirectTo } = await complete(p.id, outcome, method);
      res.writeHead(303, { location: redirectTo, 'cache-control': 'no-store' }).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, POST' }).end();
      return;
    }
    if (p.status !== 'open') {
      res.writeHead(200, PAGE_HEADERS).end(finishedPage(lang, p));
      return;
    }
    res.writeHead(200, PAGE_HEADERS).end(checkoutPage(lang, p, enabled, false));
  }

  // --- API -----------------------------------------------------------------------------------

  function mode(req: http.IncomingMessage): 'test' | 'live' {
    const auth = req.headers.authorization ?? '';
    const key = /^Bearer (.+)$/.exec(auth)?.[1];
    if (!key || !apiKeys.includes(key)) {
      throw new MollieError(401, 'Missing authentication, or failed to authenticate');
    }
    return key.startsWith('live_') ? 'live' : 'test';
  }

  function find(id: string, m: 'test' | 'live'): SimulatedPayment {
    const p = payments.get(id);
    if (!p || p.mode !== m) throw new MollieError(404, `No payment exists with token ${id}.`);
    refresh(p);
    return p;
  }

  function createPayment(body: Record<string, unknown>, m: 'test' | 'live'): SimulatedPayment {
    const amount = body.amount as Partial<MollieAmount> | undefined;
    if (!amount || typeof amount !== 'object')
      throw new MollieError(422, 'The amount is required for payments', 'amount');
    if (amount.currency !== 'EUR') {
      throw new MollieError(422, 'The amount currency is invalid or not supported', 'amount.currency');
    }
    const cents = valueToCents(amount.value);
    if (cents === undefined)
      throw new MollieError(422, 'The amount contains an invalid value', 'amount.value');
    if (cents < minimum) {
      throw new MollieError(
        422,
        `The amount is lower than the minimum of ${centsToValue(minimum)} EUR`,
        'amount',
      );
    }
    if (cents > 5_000_000) throw new MollieError(422, 'The amount is higher than the maximum', 'amount');
    if (typeof body.description !== 'string' || body.description.trim() === '') {
      throw new MollieError(422, 'The description is invalid', 'description');
    }
    if (body.description.length > 255)
      throw new MollieError(422, 'The description is too long', 'description');
    if (!isHttpUrl(body.redirectUrl))
      throw new MollieError(422, 'The redirect URL is invalid', 'redirectUrl');
    if (body.cancelUrl !== undefined && !isHttpUrl(body.cancelUrl)) {
      throw new MollieError(422, 'The cancel URL is invalid', 'cancelUrl');
    }
    if (body.webhookUrl !== undefined && body.webhookUrl !== null && !isHttpUrl(body.webhookUrl)) {
      throw new MollieError(422, 'The webhook URL is invalid', 'webhookUrl');
    }
    if (body.locale !== undefined && body.locale !== null && !LOCALES.has(String(body.locale))) {
      throw new MollieError(422, 'The locale is invalid', 'locale');
    }
    let methods = enabled;
    let method: string | null = null;
    if (body.method !== undefined && body.method !== null) {
      const asked = Array.isArray(body.method) ? body.method : [body.method];
      if (asked.length === 0 || asked.some((x) => typeof x !== 'string')) {
        throw new MollieError(422, 'The payment method is invalid', 'method');
      }
      const off = (asked as string[]).find((x) => !enabled.includes(x));
      if (off)
        throw new MollieError(
          422,
          `The payment method "${off}" is not enabled in your website profile`,
          'method',
        );
      methods = asked as string[];
      if (!Array.isArray(body.method)) method = body.method as string;
    }
    if (body.metadata !== undefined && JSON.stringify(body.metadata).length > 1024) {
      throw new MollieError(422, 'The metadata is too large (at most 1024 bytes)', 'metadata');
    }
    const now = clock.now();
    const p: SimulatedPayment = {
      id: token('tr_'),
      mode: m,
      amountCents: cents,
      currency: 'EUR',
      description: body.description,
      redirectUrl: body.redirectUrl,
      ...(typeof body.cancelUrl === 'string' ? { cancelUrl: body.cancelUrl } : {}),
      ...(typeof body.webhookUrl === 'string' ? { webhookUrl: body.webhookUrl } : {}),
      ...(typeof body.locale === 'string' ? { locale: body.locale } : {}),
      method,
      methods,
      metadata: body.metadata ?? null,
      status: 'open',
      createdAt: now,
      expiresAt: new Date(now.getTime() + expiresMinutes * 60_000),
      refunds: [],
    };
    payments.set(p.id, p);
    return p;
  }

  function createRefund(p: SimulatedPayment, body: Record<string, unknown>): SimulatedRefund {
    if (p.status !== 'paid')
      throw new MollieError(422, 'The payment cannot be refunded: it is not paid', 'amount');
    const amount = body.amount as Partial<MollieAmount> | undefined;
    if (!amount || typeof amount !== 'object')
      throw new MollieError(422, 'The amount is required for refunds', 'amount');
    if (amount.currency !== 'EUR') {
      throw new MollieError(422, 'The amount currency does not match the payment', 'amount.currency');
    }
    const cents = valueToCents(amount.value);
    if (cents === undefined || cents < 1) {
      throw new MollieError(422, 'The amount contains an invalid value', 'amount.value');
    }
    const remaining = p.amountCents - refunded(p);
    if (cents > remaining) {
      throw new MollieError(
        422,
        `The refund amount is higher than the remaining amount of ${centsToValue(remaining)} EUR`,
        'amount',
      );
    }
    if (
      body.description !== undefined &&
      (typeof body.description !== 'string' || body.description.length > 140)
    ) {
      throw new MollieError(422, 'The description is invalid', 'description');
    }
    const r: SimulatedRefund = {
      id: token('re_'),
      paymentId: p.id,
      amountCents: cents,
      description: typeof body.description === 'string' ? body.description : '',
      metadata: body.metadata ?? null,
      status: 'pending',
      createdAt: clock.now(),
    };
    p.refunds.push(r);
    return r;
  }

  function page<T>(
    all: T[],
    id: (t: T) => string,
    query: URLSearchParams,
    self: string,
    name: string,
    json: (t: T) => unknown,
  ) {
    const limitRaw = query.get('limit');
    const limit = limitRaw === null ? 50 : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 250) {
      throw new MollieError(400, 'The limit must be a number between 1 and 250', 'limit');
    }
    const from = query.get('from');
    let start = 0;
    if (from) {
      start = all.findIndex((t) => id(t) === from);
      if (start < 0) throw new MollieError(400, `The "from" value ${from} does not exist`, 'from');
    }
    const slice = all.slice(start, start + limit);
    const next = all[start + limit];
    const prevStart = Math.max(0, start - limit);
    return {
      count: slice.length,
      _embedded: { [name]: slice.map(json) },
      _links: {
        self: { href: `${self}?limit=${limit}${from ? `&from=${from}` : ''}`, type: 'application/hal+json' },
        previous:
          start > 0
            ? { href: `${self}?from=${id(all[prevStart]!)}&limit=${limit}`, type: 'application/hal+json' }
            : null,
        next: next ? { href: `${self}?from=${id(next)}&limit=${limit}`, type: 'application/hal+json' } : null,
        documentation: { href: `https://docs.mollie.com/reference/list-${name}`, type: 'text/html' },
      },
    };
  }

  function routeOf(
    method: string,
    path: string,
  ): { route: string; id?: string; refundId?: string } | undefined {
    if (path === '/v2/payments') return { route: method === 'POST' ? 'payments.create' : 'payments.list' };
    if (path === '/v2/methods') return { route: 'methods.list' };
    let m = /^\/v2\/payments\/([^/]+)$/.exec(path);
    if (m) return { route: 'payments.get', id: m[1]! };
    m = /^\/v2\/payments\/([^/]+)\/refunds$/.exec(path);
    if (m) return { route: method === 'POST' ? 'refunds.create' : 'refunds.list', id: m[1]! };
    m = /^\/v2\/payments\/([^/]+)\/refunds\/([^/]+)$/.exec(path);
    if (m) return { route: 'refunds.get', id: m[1]!, refundId: m[2]! };
    return undefined;
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', apiUrl);
    const method = req.method ?? 'GET';
    const found = routeOf(method, url.pathname);
    const key =
      typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
    const call: MollieSimulatorCall = {
      method,
      path: url.pathname,
      route: found?.route ?? 'unknown',
      status: 200,
      ...(key ? { idempotencyKey: key } : {}),
      at: clock.now(),
    };
    calls.push(call);
    const send = (status: number, body: unknown) => {
      call.status = status;
      res
        .writeHead(status, { 'content-type': 'application/hal+json; charset=utf-8' })
        .end(status === 204 ? undefined : JSON.stringify(body));
    };

    const matches = (f: { route?: string }) => !f.route || f.route === call.route;
    const t = timeouts.find(matches);
    if (t) {
      if (t.count !== undefined && --t.count <= 0) timeouts = timeouts.filter((x) => x !== t);
      call.status = 0;
      hanging.add(res);
      res.once('close', () => hanging.delete(res));
      return;
    }
    if (down) return send(503, errorBody(503, 'The Mollie API is temporarily unavailable'));
    const e = errors.find(matches);
    if (e) {
      if (e.count !== undefined && --e.count <= 0) errors = errors.filter((x) => x !== e);
      return send(e.status, errorBody(e.status, e.detail ?? 'Simulated failure'));
    }

    let fingerprint: string | undefined;
    let slot: string | undefined;
    try {
      const m = mode(req);
      if (!found) throw new MollieError(404, 'The resource does not exist');
      const allowed =
        found.route === 'payments.create' || found.route === 'payments.list'
          ? ['GET', 'POST']
          : found.route === 'refunds.create' || found.route === 'refunds.list'
            ? ['GET', 'POST']
            : ['GET'];
      if (!allowed.includes(method)) throw new MollieError(405, `The method ${method} is not allowed here`);

      if (method === 'POST' && key) {
        slot = `${req.headers.authorization}|${key}`;
        fingerprint = `${method} ${url.pathname} ${raw}`;
        const seen = idempotent.get(slot);
        if (seen === 'busy') {
          slot = undefined;
          throw new MollieError(409, 'A request with this Idempotency-Key is still being processed');
        }
        if (seen) {
          slot = undefined;
          if (seen.fingerprint !== fingerprint) {
            throw new MollieError(422, 'The Idempotency-Key was used before for a different request');
          }
          call.replayed = true;
          call.status = seen.status;
          res
            .writeHead(seen.status, {
              'content-type': 'application/hal+json; charset=utf-8',
              'idempotent-replayed': 'true',
            })
            .end(seen.body);
          return;
        }
        idempotent.set(slot, 'busy');
      }

      let body: Record<string, unknown> = {};
      if (method === 'POST') {
        const type = req.headers['content-type'] ?? '';
        if (type.startsWith('application/x-www-form-urlencoded')) {
          body = Object.fromEntries(new URLSearchParams(raw));
        } else {
          try {
            body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
          } catch {
            throw new MollieError(400, 'The JSON body could not be parsed');
          }
          if (!body || typeof body !== 'object' || Array.isArray(body)) {
            throw new MollieError(400, 'The JSON body must be an object');
          }
        }
      }

      let status = 200;
      let out: unknown;
      switch (found.route) {
        case 'payments.create':
          status = 201;
          out = paymentJson(createPayment(body, m));
          break;
        case 'payments.list': {
          const all = [...payments.values()].filter((p) => p.mode === m).reverse();
          for (const p of all) refresh(p);
          out = page(all, (p) => p.id, url.searchParams, `${apiUrl}/v2/payments`, 'payments', paymentJson);
          break;
        }
        case 'payments.get':
          out = paymentJson(find(found.id!, m));
          break;
        case 'methods.list':
          // The profile's enabled methods, as Mollie's "list payment methods" answers them.
          out = {
            count: enabled.length,
            _embedded: {
              methods: enabled.map((id) => ({
                resource: 'method',
                id,
                description: METHOD_DESCRIPTIONS[id] ?? id,
                minimumAmount: eur(minimum),
                maximumAmount: eur(5_000_000),
                status: 'activated',
                _links: { self: { href: `${apiUrl}/v2/methods/${id}`, type: 'application/hal+json' } },
              })),
            },
            _links: {
              self: { href: `${apiUrl}/v2/methods`, type: 'application/hal+json' },
              documentation: { href: 'https://docs.mollie.com/reference/list-methods', type: 'text/html' },
            },
          };
          break;
        case 'refunds.create':
          status = 201;
          out = refundJson(createRefund(find(found.id!, m), body));
          break;
        case 'refunds.list': {
          const p = find(found.id!, m);
          out = page(
            [...p.refunds].reverse(),
            (r) => r.id,
            url.searchParams,
            `${apiUrl}/v2/payments/${p.id}/refunds`,
            'refunds',
            refundJson,
          );
          break;
        }
        case 'refunds.get': {
          const p = find(found.id!, m);
          const r = p.refunds.find((x) => x.id === found.refundId);
          if (!r) throw new MollieError(404, `No refund exists with token ${found.refundId}.`);
          out = refundJson(r);
          break;
        }
      }
      const text = JSON.stringify(out);
      if (slot && fingerprint) idempotent.set(slot, { fingerprint, status, body: text });
      call.status = status;
      res.writeHead(status, { 'content-type': 'application/hal+json; charset=utf-8' }).end(text);
    } catch (err) {
      const me =
        err instanceof MollieError
          ? err
          : new MollieError(500, 'An internal error occurred while processing your request');
      const bodyText = JSON.stringify(errorBody(me.status, me.message, me.field));
      // Mollie keeps the answer to a key also when it was a client error; a server error may be retried.
      if (slot && fingerprint) {
        if (me.status < 500) idempotent.set(slot, { fingerprint, status: me.status, body: bodyText });
        else idempotent.delete(slot);
      }
      call.status = me.status;
      res.writeHead(me.status, { 'content-type': 'application/hal+json; charset=utf-8' }).end(bodyText);
    }
  }

  const api = https.createServer({ cert: options.tls.cert, key: options.tls.key }, (req, res) => {
    void handleApi(req, res);
  });
  const checkout = http.createServer((req, res) => {
    void handleCheckout(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => api.listen(options.port ?? 0, host, resolve));
  await new Promise<void>((resolve) => checkout.listen(options.checkoutPort ?? 0, host, resolve));
  const hostPart = host.includes(':') ? `[${host}]` : host;
  apiUrl = `https://${hostPart}:${(api.address() as AddressInfo).port}`;
  checkoutBase = `http://${hostPart}:${(checkout.address() as AddressInfo).port}`;

  async function release(reverse: boolean): Promise<void> {
    const ids = held.splice(0, held.length);
    if (reverse) ids.reverse();
    for (const id of ids) {
      const p = payments.get(id);
      if (p) await post(p);
    }
  }

  return {
    url: apiUrl,
    apiEndpoint: `${apiUrl}/v2/`,
    checkoutUrl: checkoutBase,
    apiKey: apiKeys[0]!,
    calls,
    notifications,
    payment: (id) => {
      const p = payments.get(id);
      if (p) refresh(p);
      return p;
    },
    payments: () => [...payments.values()],
    complete,
    settleRefunds(status = 'refunded') {
      for (const p of payments.values())
        for (const r of p.refunds) if (r.status === 'pending' || r.status === 'queued') r.status = status;
    },
    async notify(id) {
      const p = payments.get(id);
      if (!p) throw new Error(`unknown payment ${id}`);
      await post(p);
    },
    faults: {
      error(status, o = {}) {
        errors.push({ status, ...o });
      },
      outage() {
        down = true;
      },
      timeout(o = {}) {
        timeouts.push({ ...o });
      },
      dropNotifications(count) {
        drop = count;
      },
      duplicateNotifications(count) {
        duplicate = count;
      },
      delayNotifications(ms) {
        delayMs = ms;
      },
      holdNotifications() {
        hold = true;
      },
      async releaseNotifications(o = {}) {
        hold = false;
        await release(o.reverse ?? false);
      },
      async clear() {
        errors = [];
        timeouts = [];
        down = false;
        drop = 0;
        duplicate = 0;
        delayMs = 0;
        hold = false;
        await release(false);
      },
    },
    async stop() {
      for (const t of pendingTimers) clearTimeout(t);
      pendingTimers.clear();
      for (const r of hanging) r.destroy();
      await Promise.all(
        [api, checkout].map(
          (s) =>
            new Promise<void>((resolve) => {
              s.closeAllConnections();
              s.close(() => resolve());
            }),
        ),
      );
    },
  };
}

function methodDetails(method: string | null): Record<string, string> | null {
  if (method === 'bancontact')
    return { cardNumber: '6543', cardFingerprint: 'simulated', consumerName: 'T. TEST' };
  if (method === 'creditcard')
    return { cardHolder: 'T. TEST', cardNumber: '6787', cardLabel: 'Mastercard', cardCountryCode: 'BE' };
  if (method === 'kbc' || method === 'belfius')
    return { consumerName: 'T. TEST', consumerAccount: 'BE68539007547034', consumerBic: 'TESTBEBB' };
  return null;
}
