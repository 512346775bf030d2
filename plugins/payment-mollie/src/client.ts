import https from 'node:https';
import tls from 'node:tls';
import { PaymentProviderRefusedError, PaymentProviderUnavailableError, z } from '@smartloket/core';
import { type MollieAmount, mollieValueToCents } from './money.js';

/**
 * A thin typed client over Mollie's documented v2 API (payments and refunds only), on Node's
 * https with an agent that trusts the system roots plus, where given, one more CA (the dev
 * world's simulator). Decision 1600 says why not the official `@mollie/api-client`.
 */

/** Mollie's production API root. */
export const MOLLIE_API_ENDPOINT = 'https://api.mollie.com/v2/';

/**
 * Where Mollie's hosted checkout lives: the portal's form that starts a payment redirects there,
 * so the portal's CSP `form-action` must allow it.
 */
export const MOLLIE_CHECKOUT_ORIGIN = 'https://www.mollie.com';

/** The form of a Mollie API key: `test_` or `live_` and the key's characters. */
export const MOLLIE_API_KEY_PATTERN = /^(test|live)_[A-Za-z0-9]{20,}$/;

/** What {@link createMollieClient} needs. */
export interface MollieClientOptions {
  /** The profile's API key, `test_...` or `live_...`. Never logged. */
  apiKey: string;
  /** The API root (default {@link MOLLIE_API_ENDPOINT}); https only. */
  apiEndpoint?: string | undefined;
  /** PEM CA certificate(s) trusted besides the system roots (the dev world's simulator). */
  ca?: string | undefined;
  /** Whole-call time limit in milliseconds (default 20 000). */
  timeoutMs?: number | undefined;
}

const amountSchema = z.object({ currency: z.string(), value: z.string() });
const linkSchema = z.object({ href: z.string() }).nullable().optional();

const paymentSchema = z.object({
  resource: z.literal('payment').optional(),
  id: z.string().regex(/^tr_\w+$/),
  mode: z.enum(['test', 'live']),
  status: z.enum(['open', 'pending', 'authorized', 'paid', 'failed', 'canceled', 'expired']),
  amount: amountSchema,
  amountRefunded: amountSchema.optional(),
  description: z.string().optional(),
  method: z.string().nullable().optional(),
  metadata: z.unknown().optional(),
  createdAt: z.string(),
  paidAt: z.string().optional(),
  _links: z.object({ checkout: linkSchema, refunds: linkSchema }).loose().optional(),
});

const refundSchema = z.object({
  resource: z.literal('refund').optional(),
  id: z.string().regex(/^re_\w+$/),
  paymentId: z.string().optional(),
  status: z.enum(['queued', 'pending', 'processing', 'refunded', 'failed', 'canceled']),
  amount: amountSchema,
  createdAt: z.string(),
});

const refundListSchema = z.object({
  count: z.number(),
  _embedded: z.object({ refunds: z.array(refundSchema) }).optional(),
  _links: z.object({ next: linkSchema }).loose().optional(),
});

const methodListSchema = z.object({
  count: z.number(),
  _embedded: z.object({
    methods: z.array(z.object({ id: z.string(), status: z.string().nullable().optional() }).loose()),
  }),
});

const errorSchema = z.object({
  status: z.number().optional(),
  title: z.string().optional(),
  detail: z.string().optional(),
  field: z.string().optional(),
});

/** A payment as Mollie answers it (the fields SmartLoket reads). */
export type MolliePayment = z.output<typeof paymentSchema>;
/** A refund as Mollie answers it (the fields SmartLoket reads). */
export type MollieRefund = z.output<typeof refundSchema>;

/** What {@link MollieClient.createPayment} sends (Mollie's create-payment body). */
export interface MollieCreatePayment {
  amount: MollieAmount;
  description: string;
  redirectUrl: string;
  webhookUrl?: string | undefined;
  locale?: string | undefined;
  /** One method, or the methods the checkout may offer. */
  method?: string | string[] | undefined;
  metadata?: Record<string, string> | undefined;
}

/** What {@link MollieClient.createRefund} sends. */
export interface MollieCreateRefund {
  amount: MollieAmount;
  description?: string | undefined;
}

/** The v2 calls the payment provider makes. */
export interface MollieClient {
  /** `test` or `live`, from the key. */
  readonly mode: 'test' | 'live';
  /** The API root it talks to. */
  readonly apiEndpoint: string;
  createPayment(body: MollieCreatePayment, idempotencyKey: string): Promise<MolliePayment>;
  getPayment(id: string): Promise<MolliePayment>;
  createRefund(paymentId: string, body: MollieCreateRefund, idempotencyKey: string): Promise<MollieRefund>;
  /** Every refund of a payment (all pages), oldest first. */
  listRefunds(paymentId: string): Promise<MollieRefund[]>;
  /** The ids of the methods the profile enables and Mollie has activated (`GET /v2/methods`). */
  listMethods(): Promise<string[]>;
  /** Closes kept-alive connections. */
  close(): void;
}

interface Reply {
  status: number;
  text: string;
}

/** Mollie ids in a path: letters and digits after the prefix, nothing that could leave the path. */
function idInPath(id: string, prefix: 'tr_' | 're_'): string {
  if (!new RegExp(`^${prefix}[A-Za-z0-9]+$`).test(id)) {
    throw new PaymentProviderRefusedError(`Mollie: "${id.slice(0, 40)}" is not a ${prefix} id`, {
      details: { provider: 'mollie' },
    });
  }
  return id;
}

/**
 * Makes the client. It refuses an http endpoint and a malformed key at once (a TypeError): the
 * API key travels in every request, so it goes over verified TLS only.
 */
export function createMollieClient(options: MollieClientOptions): MollieClient {
  const apiEndpoint = new URL(options.apiEndpoint ?? MOLLIE_API_ENDPOINT);
  if (apiEndpoint.protocol !== 'https:') {
    throw new TypeError(`Mollie: the API endpoint must be https (got ${apiEndpoint.protocol})`);
  }
  if (!apiEndpoint.pathname.endsWith('/')) apiEndpoint.pathname += '/';
  if (!MOLLIE_API_KEY_PATTERN.test(options.apiKey)) {
    throw new TypeError('Mollie: the API key must start with test_ or live_ followed by the key');
  }
  const mode = options.apiKey.startsWith('live_') ? 'live' : 'test';
  const timeoutMs = options.timeoutMs ?? 20_000;
  const agent = new https.Agent({
    keepAlive: true,
    ...(options.ca ? { ca: [...tls.rootCertificates, options.ca] } : {}),
  });
  const headers = {
    authorization: `Bearer ${options.apiKey}`,
    accept: 'application/hal+json',
    'user-agent': 'SmartLoket payment-mollie/0.1',
  };

  function send(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    idempotencyKey: string | undefined,
    retried = false,
  ): Promise<Reply> {
    const url = new URL(path, apiEndpoint);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<Reply>((resolve, reject) => {
      const req = https.request(
        url,
        {
          method,
          agent,
          headers: {
            ...headers,
            ...(payload !== undefined
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
              : {}),
            ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', (e) => {
            clearTimeout(timer);
            reject(e);
          });
        },
      );
      const timer = setTimeout(() => {
        req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }));
      }, timeoutMs);
      req.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        // A kept-alive connection the server closed while idle: once more on a new connection.
        if (!retried && e.code === 'ECONNRESET' && req.reusedSocket) {
          send(method, path, body, idempotencyKey, true).then(resolve, reject);
          return;
        }
        reject(e);
      });
      req.end(payload);
    });
  }

  async function call<S extends z.ZodType>(
    route: string,
    schema: S,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    idempotencyKey?: string,
  ): Promise<z.output<S>> {
    let reply: Reply;
    try {
      reply = await send(method, path, body, idempotencyKey);
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      throw new PaymentProviderUnavailableError(
        `Mollie ${route}: ${code === 'ETIMEDOUT' ? 'no answer in time' : `network error${code ? ` (${code})` : ''}`}`,
        { cause },
      );
    }
    let json: unknown;
    try {
      json = reply.text ? JSON.parse(reply.text) : undefined;
    } catch {
      json = undefined;
    }
    if (reply.status >= 200 && reply.status < 300) {
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        throw new PaymentProviderUnavailableError(`Mollie ${route}: an answer SmartLoket cannot read`);
      }
      return parsed.data;
    }
    const error = errorSchema.safeParse(json);
    const detail = error.success ? error.data.detail : undefined;
    const field = error.success ? error.data.field : undefined;
    const what = `Mollie ${route}: ${reply.status}${detail ? ` ${detail}` : ''}`;
    // Mollie down, overloaded or asking us to slow down: the request stays unpaid and retriable.
    if (reply.status >= 500 || reply.status === 429) {
      throw new PaymentProviderUnavailableError(what);
    }
    throw new PaymentProviderRefusedError(what, {
      details: { provider: 'mollie', status: reply.status, ...(field ? { field } : {}) },
    });
  }

  return {
    mode,
    apiEndpoint: apiEndpoint.href,
    createPayment: (body, key) => call('payments.create', paymentSchema, 'POST', 'payments', body, key),
    getPayment: async (id) => call('payments.get', paymentSchema, 'GET', `payments/${idInPath(id, 'tr_')}`),
    createRefund: async (paymentId, body, key) =>
      call(
        'refunds.create',
        refundSchema,
        'POST',
        `payments/${idInPath(paymentId, 'tr_')}/refunds`,
        body,
        key,
      ),
    async listRefunds(paymentId) {
      const base = `payments/${idInPath(paymentId, 'tr_')}/refunds`;
      const all: MollieRefund[] = [];
      let from: string | undefined;
      // Mollie lists newest first, at most 250 a page; a payment has a handful at most.
      for (let page = 0; page < 20; page++) {
        const list = await call(
          'refunds.list',
          refundListSchema,
          'GET',
          `${base}?limit=250${from ? `&from=${encodeURIComponent(from)}` : ''}`,
        );
        all.push(...(list._embedded?.refunds ?? []));
        const next = list._links?.next?.href;
        if (!next) break;
        from = new URL(next).searchParams.get('from') ?? undefined;
        if (!from) break;
      }
      return all.reverse();
    },
    async listMethods() {
      const list = await call('methods.list', methodListSchema, 'GET', 'methods');
      return list._embedded.methods
        .filter((m) => m.status === undefined || m.status === null || m.status === 'activated')
        .map((m) => m.id);
    },
    close: () => agent.destroy(),
  };
}

/** A Mollie amount in euro as whole cents; anything else is an answer SmartLoket cannot read. */
export function amountCents(amount: MollieAmount, route: string): number {
  const cents = mollieValueToCents(amount.value);
  if (amount.currency !== 'EUR' || cents === undefined) {
    throw new PaymentProviderUnavailableError(`Mollie ${route}: an amount that is not euro cents`);
  }
  return cents;
}
