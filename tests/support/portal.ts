import { createServer, type Server } from 'node:http';
import type { AuthMeans, PluginEntry } from '@smartloket/core';
import {
  CookieJar,
  type DevIdentityProvider,
  loginAs,
  startDevIdentityProvider,
} from '@smartloket/dev-world/identity';
import { createOidcLogin, type OidcLogin } from '@smartloket/identity-acmidm';
import { type CreateAppOptions, createApp } from '@smartloket/server';
import {
  createTestDeployment,
  createTestPlugin,
  type TestDeployment,
  type TestDeploymentOptions,
} from '@smartloket/testkit';

/** A running portal: a test deployment served over loopback, with the dev identity provider. */
export interface TestPortal {
  d: TestDeployment;
  url: string;
  idp: DevIdentityProvider;
  identity: OidcLogin;
  server: Server;
  /** A new client with its own cookies. */
  client(): PortalClient;
  /** Logs `persona` in through /login and the dev provider; returns the client holding the session. */
  login(
    persona: string,
    means?: AuthMeans,
    options?: { capacity?: 'persona' | 'BUR'; client?: PortalClient },
  ): Promise<PortalClient>;
  close(): Promise<void>;
}

/** Options of {@link startTestPortal}. */
export interface TestPortalOptions {
  plugins?: PluginEntry[];
  databaseUrl?: string | undefined;
  databaseOwnerUrl?: string | undefined;
  /** An existing deployment to serve (another "process" on the same database). */
  deployment?: TestDeployment | undefined;
  app?: Partial<CreateAppOptions>;
  /** Start the in-process worker (automatic delivery). Default true. */
  worker?: boolean;
  config?: Record<string, unknown>;
  /** A fake DNS for webhook destinations (see createTestDeployment). */
  webhookLookup?: TestDeploymentOptions['webhookLookup'];
  /** Services the deployment adds (see createTestDeployment), e.g. a provider's connection. */
  services?: TestDeploymentOptions['services'];
  /** The port to listen on (default a free one); set it when `config.baseUrl` must name the portal. */
  port?: number;
}

/** Starts a portal on 127.0.0.1:0 with a dev identity provider whose client points at it. */
export async function startTestPortal(options: TestPortalOptions = {}): Promise<TestPortal> {
  const owned = !options.deployment;
  const d =
    options.deployment ??
    (await createTestDeployment({
      plugins: options.plugins ?? [createTestPlugin()],
      databaseUrl: options.databaseUrl,
      databaseOwnerUrl: options.databaseOwnerUrl,
      config: { deliveryWaitMs: 10_000, ...options.config },
      ...(options.webhookLookup ? { webhookLookup: options.webhookLookup } : {}),
      ...(options.services ? { services: options.services } : {}),
    }));
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const idp = await startDevIdentityProvider({
    port: 0,
    host: '127.0.0.1',
    clients: [
      {
        client_id: 'smartloket',
        client_secret: 'dev-secret',
        redirect_uris: [`${url}/auth/callback`],
        post_logout_redirect_uris: [`${url}/`],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
  });
  const identity = createOidcLogin({
    issuer: idp.issuer,
    clientId: 'smartloket',
    clientSecret: 'dev-secret',
    redirectUri: `${url}/auth/callback`,
    allowInsecureRequests: true,
  });
  const app = createApp(d, {
    identity,
    publicUrl: url,
    worker: d.worker,
    ...options.app,
    // The dev provider's (logout) and whatever the test adds (a payment checkout).
    formActionOrigins: [idp.issuer, ...(options.app?.formActionOrigins ?? [])],
  });
  server.on('request', app);
  if (owned && options.worker !== false) d.worker.start();
  return {
    d,
    url,
    idp,
    identity,
    server,
    client: () => new PortalClient(url),
    async login(persona, means = 'itsme', o = {}) {
      const client = o.client ?? new PortalClient(url);
      const result = await loginAs(persona, means, {
        baseUrlOfRp: url,
        loginPath: '/login',
        jar: client.jar,
        capacity: o.capacity ?? 'persona',
      });
      if (result.response?.status !== 200) {
        throw new Error(`login of ${persona} ended with HTTP ${result.response?.status}`);
      }
      await result.response.body?.cancel();
      return client;
    },
    async close() {
      if (owned) await d.worker.stop(1000);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await idp.stop();
      if (owned) await d.close();
    },
  };
}

/** A response with its body read. */
export interface Page {
  status: number;
  headers: Headers;
  text: string;
  location: string | null;
}

/** A cookie-keeping HTTP client for the portal (no redirects followed). */
export class PortalClient {
  readonly jar = new CookieJar();
  constructor(readonly base: string) {}

  /** The session cookie's value. */
  get sessionId(): string | undefined {
    return this.jar.get(this.base, 'smartloket');
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Page> {
    return this.#send('GET', path, undefined, headers);
  }

  /** Posts a urlencoded form. */
  async post(
    path: string,
    form: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<Page> {
    return this.#send('POST', path, new URLSearchParams(form).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
    });
  }

  /** Posts a multipart form. */
  async postMultipart(path: string, form: FormData, headers: Record<string, string> = {}): Promise<Page> {
    return this.#send('POST', path, form, headers);
  }

  async raw(path: string): Promise<Response> {
    const url = new URL(path, this.base).href;
    const cookie = this.jar.header(url);
    return fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  }

  async #send(
    method: string,
    path: string,
    body: string | FormData | undefined,
    headers: Record<string, string>,
  ): Promise<Page> {
    const url = new URL(path, this.base).href;
    const cookie = this.jar.header(url);
    const res = await fetch(url, {
      method,
      body,
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...headers },
    });
    this.jar.store(url, res);
    return {
      status: res.status,
      headers: res.headers,
      text: await res.text(),
      location: res.headers.get('location'),
    };
  }
}

/** A hidden input's value in an HTML page. */
export function hidden(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m) throw new Error(`no hidden ${name} in the page`);
  return m[1]!;
}

/**
 * Fills a request form to the summary: opens `/request/<typeId>`, posts each step's values, and
 * returns the draft and CSRF token for the submit. `steps` holds the fields of each page.
 */
export async function fillRequest(
  client: PortalClient,
  typeId: string,
  steps: Record<string, string>[],
  headers: Record<string, string> = {},
): Promise<{ draft: string; csrf: string; last: Page }> {
  const form = await client.get(`/request/${typeId}`, headers);
  if (form.status !== 200) throw new Error(`form of ${typeId}: HTTP ${form.status}`);
  const draft = hidden(form.text, '_draft');
  const csrf = hidden(form.text, '_csrf');
  let last = form;
  for (const [index, values] of steps.entries()) {
    last = await client.post(
      `/request/${typeId}`,
      { _csrf: csrf, _draft: draft, _step: String(index), _action: 'next', ...values },
      headers,
    );
  }
  return { draft, csrf, last };
}
