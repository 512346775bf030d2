import type { AuthMeans } from '@smartloket/core';

/**
 * A small cookie jar for driving logins over plain HTTP. Cookies are kept per origin (scheme,
 * host and port), which is stricter than a browser (browsers ignore the port) but keeps a relying
 * party and the provider on two loopback ports apart. Paths and attributes are ignored.
 */
export class CookieJar {
  readonly #byOrigin = new Map<string, Map<string, string>>();

  /** Stores the `Set-Cookie` headers of a response to `url`. */
  store(url: string | URL, response: Response): void {
    const origin = new URL(url).origin;
    const jar = this.#byOrigin.get(origin) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const attr = (n: string) =>
        attributes
          .map((a) => a.trim())
          .find((a) => a.toLowerCase().startsWith(`${n}=`))
          ?.slice(n.length + 1);
      const maxAge = attr('max-age');
      const expires = attr('expires');
      const gone =
        value === '' ||
        (maxAge !== undefined && Number(maxAge) <= 0) ||
        (maxAge === undefined && expires !== undefined && Date.parse(expires) <= Date.now());
      if (gone) jar.delete(name);
      else jar.set(name, value);
    }
    this.#byOrigin.set(origin, jar);
  }

  /** The `Cookie` header to send to `url`, or undefined when there is none. */
  header(url: string | URL): string | undefined {
    const jar = this.#byOrigin.get(new URL(url).origin);
    if (!jar || jar.size === 0) return undefined;
    return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** One cookie's value for `url`'s origin. */
  get(url: string | URL, name: string): string | undefined {
    return this.#byOrigin.get(new URL(url).origin)?.get(name);
  }
}

/** Options of {@link loginAs}. */
export interface LoginAsOptions {
  /**
   * Where the browser starts: the relying party's login route, or an authorization URL made by
   * `OidcLogin.begin`. Give this or `baseUrlOfRp`.
   */
  startUrl?: string | URL;
  /** The relying party's base URL; the login starts at `baseUrlOfRp + loginPath`. */
  baseUrlOfRp?: string | URL;
  /** Login route of the relying party. Default `/login`. */
  loginPath?: string;
  /**
   * Stop at the first redirect whose URL starts with this (typically the redirect URI) without
   * requesting it, and return it as `callbackUrl`. Without it, redirects are followed to the end.
   */
  stopAt?: string;
  /** `persona`: the persona's own capacity (organisation, staff); `BUR`: as a citizen. Default `persona`. */
  capacity?: 'persona' | 'BUR';
  /** Press "Annuleren" instead of logging in (the provider answers `error=access_denied`). */
  cancel?: boolean;
  /** The browser's cookies; a fresh jar by default. Pass one to keep the relying party's session. */
  jar?: CookieJar;
  /** Redirects to follow at most. Default 20. */
  maxRedirects?: number;
}

/** Where {@link loginAs} ended. */
export interface LoginAsResult {
  /** The last URL requested, or the `stopAt` URL. */
  url: string;
  /** The redirect URL that matched `stopAt` (the callback with `code` and `state`). */
  callbackUrl?: string;
  /** The last response, when the login ran to the end (not stopped). */
  response?: Response;
  jar: CookieJar;
}

/**
 * Logs a persona in through the dev identity provider over plain HTTP (no browser): follows the
 * redirects from the relying party to the provider, submits the provider's login form with the
 * persona, means and capacity, and follows the redirects back. For tests.
 *
 * @example
 * const { jar, response } = await loginAs('notaris', 'itsme', { baseUrlOfRp: app.url, loginPath: '/aanmelden' });
 */
export async function loginAs(
  personaKey: string,
  means: AuthMeans,
  options: LoginAsOptions,
): Promise<LoginAsResult> {
  const start =
    options.startUrl ??
    (options.baseUrlOfRp ? new URL(options.loginPath ?? '/login', options.baseUrlOfRp) : undefined);
  if (!start) throw new TypeError('loginAs: give startUrl or baseUrlOfRp');
  const jar = options.jar ?? new CookieJar();
  const max = options.maxRedirects ?? 20;
  let url = new URL(start).href;
  let init: { method: string; body?: string; contentType?: string } = { method: 'GET' };
  let submitted = false;

  for (let hop = 0; hop <= max; hop++) {
    if (options.stopAt && hop > 0 && url.startsWith(options.stopAt)) return { url, callbackUrl: url, jar };
    const headers: Record<string, string> = {};
    const cookie = jar.header(url);
    if (cookie) headers.cookie = cookie;
    if (init.contentType) headers['content-type'] = init.contentType;
    const response = await fetch(url, { method: init.method, body: init.body, headers, redirect: 'manual' });
    jar.store(url, response);

    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      url = new URL(location, url).href;
      init = { method: 'GET' };
      continue;
    }
    const loginAction = response.headers.get('x-smartloket-dev-login');
    if (loginAction) {
      await response.body?.cancel();
      if (submitted) {
        throw new Error(
          `loginAs: the dev login form refused persona "${personaKey}" (HTTP ${response.status})`,
        );
      }
      submitted = true;
      url = loginAction;
      init = {
        method: 'POST',
        contentType: 'application/x-www-form-urlencoded',
        body: new URLSearchParams({
          action: options.cancel ? 'cancel' : 'login',
          persona: personaKey,
          means,
          capacity: options.capacity ?? 'persona',
        }).toString(),
      };
      continue;
    }
    return { url, response, jar };
  }
  throw new Error(`loginAs: more than ${max} redirects`);
}
