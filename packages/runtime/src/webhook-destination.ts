import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Why a webhook destination is refused (see {@link WebhookDestinationError}):
 * - `scheme`: not https (or http to loopback in a dev deployment), or user:password in the URL;
 * - `not_allowed`: the host is not on the deployment's `webhooks.allow` list;
 * - `address`: the host is, or resolves to, a loopback, private, link-local (cloud metadata),
 *   unspecified, multicast or otherwise reserved address;
 * - `unresolvable`: the host does not resolve.
 */
export type WebhookRefusal = 'scheme' | 'not_allowed' | 'address' | 'unresolvable';

/** A destination the deployment does not send webhooks to; `reason` names the rule. */
export class WebhookDestinationError extends Error {
  override name = 'WebhookDestinationError';
  constructor(
    readonly reason: WebhookRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** Where a deployment may send webhooks. */
export interface WebhookDestinationPolicy {
  /** A dev deployment: plain http to loopback (and only to loopback) is allowed. */
  dev: boolean;
  /** Host names (`hooks.partner.be`) or `*.suffix` patterns; empty: any public host. */
  allow: readonly string[];
  /** Resolves host names (tests inject one; default the system resolver). */
  lookup?: LookupFunction | undefined;
}

const LOOPBACK_NAMES = new Set(['localhost']);

/** The range name of an address (ipaddr.js), IPv4-mapped IPv6 taken as its IPv4 address. */
function rangeOf(address: string): string {
  return ipaddr.process(address).range();
}

/**
 * Why `address` may not receive webhooks, or undefined when it may: only public unicast
 * addresses (ipaddr.js range `unicast`); loopback too when `loopbackAllowed`.
 */
export function addressRefusal(address: string, loopbackAllowed: boolean): string | undefined {
  if (!ipaddr.isValid(address)) return 'invalid';
  const range = rangeOf(address);
  if (range === 'unicast') return undefined;
  if (range === 'loopback' && loopbackAllowed) return undefined;
  return range;
}

/** Whether a host name is on the allow-list (exact, or `*.suffix` for any name below suffix). */
export function hostAllowed(host: string, allow: readonly string[]): boolean {
  if (allow.length === 0) return true;
  const h = host.toLowerCase().replace(/\.$/, '');
  return allow.some((pattern) => {
    const p = pattern.toLowerCase();
    return p.startsWith('*.') ? h.endsWith(p.slice(1)) && h.length > p.length - 1 : h === p;
  });
}

/** The host of a URL without IPv6 brackets. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/**
 * The URL rules that need no resolving: https, or http to a loopback host in a dev deployment;
 * no credentials; the allow-list. Throws {@link WebhookDestinationError}.
 */
export function checkWebhookUrl(raw: string, policy: WebhookDestinationPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookDestinationError('scheme', 'not a URL');
  }
  if (url.username || url.password) throw new WebhookDestinationError('scheme', 'the URL has credentials');
  const host = bareHost(url);
  if (url.protocol === 'http:') {
    const loopback = LOOPBACK_NAMES.has(host) || (ipaddr.isValid(host) && rangeOf(host) === 'loopback');
    if (!policy.dev || !loopback)
      throw new WebhookDestinationError(
        'scheme',
        policy.dev ? 'plain http only to loopback' : 'the URL must use https',
      );
  } else if (url.protocol !== 'https:') throw new WebhookDestinationError('scheme', 'the URL must use https');
  if (!hostAllowed(host, policy.allow))
    throw new WebhookDestinationError('not_allowed', `${host} is not on webhooks.allow`);
  return url;
}

/** Every address of `host` (all families), through `lookup`. */
function resolveAll(host: string, lookup: LookupFunction): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    lookup(host, { all: true }, (error, addresses) => {
      if (error) reject(error);
      else resolve(Array.isArray(addresses) ? addresses : [{ address: addresses, family: 4 }]);
    });
  });
}

/**
 * Checks a destination as registration and every delivery do: the URL rules, then the host's
 * addresses (every one must be public unicast; loopback only in a dev deployment). Throws
 * {@link WebhookDestinationError}.
 */
export async function checkWebhookDestination(raw: string, policy: WebhookDestinationPolicy): Promise<URL> {
  const url = checkWebhookUrl(raw, policy);
  const host = bareHost(url);
  const loopback = policy.dev; // loopback receivers only in a dev deployment
  if (ipaddr.isValid(host)) {
    const refused = addressRefusal(host, loopback);
    if (refused) throw new WebhookDestinationError('address', `${host} is a ${refused} address`);
    return url;
  }
  let addresses: LookupAddress[];
  try {
    addresses = await resolveAll(host, policy.lookup ?? (dnsLookup as LookupFunction));
  } catch {
    throw new WebhookDestinationError('unresolvable', `${host} does not resolve`);
  }
  if (addresses.length === 0) throw new WebhookDestinationError('unresolvable', `${host} does not resolve`);
  for (const a of addresses) {
    const refused = addressRefusal(a.address, loopback);
    if (refused) throw new WebhookDestinationError('address', `${host} resolves to a ${refused} address`);
  }
  return url;
}

/**
 * A `lookup` for the HTTP agent of a delivery: resolves like `policy.lookup` and refuses, at
 * connect time, an address that may not receive webhooks. The connection goes to the address
 * checked here, so a name that answered a public address at registration and a private one now
 * (DNS rebinding) is refused.
 */
export function guardedLookup(policy: WebhookDestinationPolicy): LookupFunction {
  const lookup = policy.lookup ?? (dnsLookup as LookupFunction);
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = Array.isArray(addresses) ? addresses : [{ address: addresses as string, family: 4 }];
      const bad = list.find((a) => addressRefusal(a.address, policy.dev));
      if (bad || list.length === 0) {
        const refused = new WebhookDestinationError(
          'address',
          bad ? `${hostname} resolves to a ${addressRefusal(bad.address, policy.dev)} address` : 'no address',
        );
        return callback(refused as NodeJS.ErrnoException, '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as any)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/** What {@link postWebhook} answers: the status code (the body is not read). */
export interface WebhookResponse {
  status: number;
}

/**
 * POSTs a webhook body through node:http(s) with {@link guardedLookup}: no redirect is followed
 * (a 3xx is the answer), and the connection goes only to an address the policy accepts.
 */
export async function postWebhook(
  raw: string,
  init: { headers: Record<string, string>; body: string; timeoutMs: number },
  policy: WebhookDestinationPolicy,
): Promise<WebhookResponse> {
  const url = await checkWebhookDestination(raw, policy);
  const { request } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const signal = AbortSignal.timeout(init.timeoutMs);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) },
        lookup: guardedLookup(policy),
        agent: false,
        signal,
      },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0 });
      },
    );
    req.on('error', (error) =>
      reject(signal.aborted ? Object.assign(new Error('timeout'), { name: 'TimeoutError' }) : error),
    );
    req.end(init.body);
  });
}
