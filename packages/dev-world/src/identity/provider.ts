import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuthMeans, Capacity, StaffRole, UiLocale } from '@smartloket/core';
import { isLocale, localize } from '@smartloket/core';
import { PERSONAS, type Persona } from '@smartloket/dev-population';
import { ACMIDM_ACR, acmidmAcr, DEFAULT_STAFF_ROLES, decodeLoginHint } from '@smartloket/identity-acmidm';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { ClientMetadata, Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { memoryAdapterFactory } from './memory-adapter.js';
import { html, renderLoginPage, renderSimplePage } from './page.js';

/**
 * Marks this module as development-only. The CLI checks it (`smartloket start` refuses any part
 * that exports it) and {@link startDevIdentityProvider} refuses `NODE_ENV=production`.
 */
export const DEV_ONLY = true as const;

/** Thrown when the dev provider is started where it must not run. */
export class DevOnlyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DevOnlyError';
  }
}

/** A client (relying party) registered at the dev provider. */
export interface DevClient {
  client_id: string;
  client_secret?: string;
  redirect_uris: string[];
  post_logout_redirect_uris?: string[];
  token_endpoint_auth_method?: 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';
  /** Public keys of a `private_key_jwt` client. */
  jwks?: { keys: JWK[] };
  /** Shown on the login page. */
  client_name?: string;
}

/** Options of {@link startDevIdentityProvider}. */
export interface DevIdentityProviderOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Address to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Issuer URL; default `http://<host>:<port>`. Set it when the provider sits behind a proxy. */
  issuer?: string;
  clients: DevClient[];
  /** Who can log in. Default: the dev population's personas. */
  personas?: readonly Persona[];
  /** Name of the application scope; its role claim is `<application>_rol_3d`. Default `smartloket`. */
  application?: string;
  /** Lifetime of an authorization code in seconds. Default 30, as ACM/IDM. */
  codeTtlSeconds?: number;
  /** Starts even when NODE_ENV is production. Only for a demo that knows what it does. */
  allowInProduction?: boolean;
}

/** A running dev provider. */
export interface DevIdentityProvider {
  /** The issuer URL relying parties discover. */
  issuer: string;
  /** Where the server listens (equal to the issuer unless an issuer was given). */
  url: string;
  readonly devOnly: true;
  /** Stops listening and closes open connections. */
  stop(): Promise<void>;
}

/** The ACM/IDM doelgroep names, as the `vo_doelgroepnaam` claim gives them. */
const DOELGROEP_NAAM: Record<Capacity, string> = {
  BUR: 'Burger',
  EA: 'Economische actor',
  LB: 'Lokaal bestuur',
  GID: 'Gemeenschaps- en intergemeentelijke dienst',
  OV: 'Onderwijsverstrekker',
  VER: 'Vereniging',
};

const STAFF_ROLE_CLAIM: Record<StaffRole, string> = Object.fromEntries(
  Object.entries(DEFAULT_STAFF_ROLES).map(([name, grant]) => [grant.role, name]),
) as Record<StaffRole, string>;

/** The means the dev login page offers (ACM/IDM's, strongest first). */
export const DEV_MEANS: readonly AuthMeans[] = Object.values(ACMIDM_ACR);

/** The stable, non-personal subject the dev provider gives a persona (like ACM/IDM's `sub`). */
export function devSubject(personaKey: string): string {
  return createHash('sha256').update(`smartloket-dev-persona:${personaKey}`).digest('hex').slice(0, 40);
}

function devVoId(personaKey: string): string {
  const h = createHash('sha256').update(`smartloket-dev-vo-id:${personaKey}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The ACM/IDM-shaped claims of a persona logging in with `capacity`: `BUR` as a citizen, or the
 * persona's own capacity (organisation, local government). Scope filtering is the provider's job.
 */
export function devPersonaClaims(
  persona: Persona,
  capacity: Capacity,
  application = 'smartloket',
): Record<string, unknown> {
  const claims: Record<string, unknown> = {
    sub: devSubject(persona.key),
    vo_id: devVoId(persona.key),
    rrn: persona.insz,
    given_name: persona.givenName,
    family_name: persona.familyName,
    vo_doelgroepcode: capacity,
    vo_doelgroepnaam: DOELGROEP_NAAM[capacity],
  };
  if (persona.email) claims.vo_email = persona.email;
  const wv = persona.legalRepresentativeOf ?? [];
  if (wv.length > 0) claims.wv_orgcode = wv.length === 1 ? wv[0] : [...wv];
  if (capacity !== 'BUR') {
    if (persona.organisation) {
      claims.vo_orgcode = persona.organisation.kbo;
      claims.vo_orgnaam = persona.organisation.name;
    }
    const roles = [
      ...(persona.roles ?? []).map((r) => (r.kbo ? `${r.role}:${r.kbo}` : r.role)),
      ...(persona.staffRoles ?? []).map((s) => STAFF_ROLE_CLAIM[s]),
    ];
    if (roles.length > 0) claims[`${application}_rol_3d`] = roles;
  }
  return claims;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'; form-action 'self' http: https:",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/**
 * Loads oidc-provider on first use, so importing this module (the CLI checks {@link DEV_ONLY})
 * costs nothing. oidc-provider 9 warns on every Node release before 22 although it runs on the
 * Node 20.19+ this project supports (its whole test suite passes there); that one line is muted.
 */
async function loadProvider(): Promise<typeof import('oidc-provider')> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('Unsupported runtime')) return;
    warn(...args);
  };
  try {
    return await import('oidc-provider');
  } finally {
    console.warn = warn;
  }
}

/**
 * The default interaction policy, plus what ACM/IDM does with `acr_values`: an existing session
 * whose means is not among the requested ones asks for a new login (a step-up), instead of
 * answering silently with the weaker `acr`.
 */
function acrValuesPolicy(oidc: typeof import('oidc-provider')) {
  const { Check, base } = oidc.interactionPolicy;
  const policy = base();
  policy.get('login')?.checks.push(
    new Check('acr_values', 'the session was not made with a requested means', (ctx) => {
      const wanted = String(ctx.oidc.params?.acr_values ?? '')
        .split(' ')
        .filter(Boolean);
      if (wanted.length === 0 || !ctx.oidc.session?.accountId) return Check.NO_NEED_TO_PROMPT;
      return wanted.includes(String(ctx.oidc.acr)) ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
    }),
  );
  return policy;
}

/** The root page: what this server is for and who can log in (nl, with fr and en lines). */
function rootPage(personas: readonly Persona[], issuer: string): string {
  const rows = personas
    .map(
      (p) =>
        `<li><strong>${html(`${p.givenName} ${p.familyName}`)}</strong> (${html(p.capacity)}${
          p.staffRoles?.length ? `, ${html(p.staffRoles.join(', '))}` : ''
        }): ${html(localize(p.description, 'nl'))}</li>`,
    )
    .join('\n');
  return `<p>Dit is de ontwikkel-identiteitsprovider (OpenID Connect) van SmartLoket, in de plaats van ACM/IDM. U opent hem niet zelf: klik in het loket op <strong>Aanmelden</strong> (of ga naar <code>/backoffice</code>) en kies hier een persona, een middel en een hoedanigheid.</p>
<p lang="fr">Fournisseur d'identité de développement (à la place d'ACM/IDM) : connectez-vous depuis le guichet (« Se connecter »), puis choisissez une persona ici.</p>
<p lang="en">The development identity provider (instead of ACM/IDM): log in from the portal ("Aanmelden") or /backoffice, then pick a persona here.</p>
<p>Configuratie: <a href="${html(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`)}">.well-known/openid-configuration</a></p>
<h2>Persona's</h2>
<p>Burgers kiezen hoedanigheid BUR; medewerkers (LB) hun eigen hoedanigheid voor de back-office.</p>
<ul>
${rows}
</ul>`;
}

function sendHtml(res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...SECURITY_HEADERS, ...extra });
  res.end(body);
}

/**
 * Starts a real OpenID Connect provider (oidc-provider) on loopback that issues ACM/IDM-shaped
 * ID tokens (RS256) for the personas of the dev population. Its login page lets you pick a
 * persona, a means and a capacity. Refuses to start when NODE_ENV is `production` unless
 * `allowInProduction` is set.
 */
export async function startDevIdentityProvider(
  options: DevIdentityProviderOptions,
): Promise<DevIdentityProvider> {
  if (process.env.NODE_ENV === 'production' && options.allowInProduction !== true) {
    throw new DevOnlyError(
      'The dev identity provider does not run with NODE_ENV=production: it lets anyone log in as anyone.',
    );
  }
  const host = options.host ?? '127.0.0.1';
  const personas: readonly Persona[] = options.personas ?? PERSONAS;
  const application = options.application ?? 'smartloket';
  const codeTtl = options.codeTtlSeconds ?? 30;

  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => {
    if (handler) handler(req, res);
    else {
      res.statusCode = 503;
      res.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const issuer = options.issuer ?? url;

  try {
    const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
    const signingKey = {
      ...(await exportJWK(privateKey)),
      kid: `dev-${randomBytes(6).toString('hex')}`,
      alg: 'RS256',
      use: 'sig',
    };

    // The account id is the persona's stable subject; the capacity chosen at login travels in the
    // (provider-internal) `amr` of the session and code as `cap:XX`.
    const bySubject = new Map(personas.map((p) => [devSubject(p.key), p]));
    const capacityOf = (persona: Persona, amr: unknown): Capacity => {
      const hit = Array.isArray(amr)
        ? amr.find((a) => typeof a === 'string' && a.startsWith('cap:'))
        : undefined;
      return hit === 'cap:BUR' ? 'BUR' : persona.capacity;
    };

    const oidc = await loadProvider();
    const configuration: Configuration = {
      adapter: memoryAdapterFactory(),
      clients: options.clients.map(
        (c) =>
          ({
            client_id: c.client_id,
            client_secret: c.client_secret,
            client_name: c.client_name,
            redirect_uris: c.redirect_uris,
            post_logout_redirect_uris: c.post_logout_redirect_uris ?? [],
            token_endpoint_auth_method:
              c.token_endpoint_auth_method ?? (c.client_secret ? 'client_secret_basic' : 'private_key_jwt'),
            jwks: c.jwks,
            grant_types: ['authorization_code'],
            response_types: ['code'],
            id_token_signed_response_alg: 'RS256',
          }) as ClientMetadata,
      ),
      jwks: { keys: [signingKey] },
      cookies: { keys: [randomBytes(32).toString('base64url')] },
      acrValues: Object.keys(ACMIDM_ACR),
      claims: {
        acr: null,
        profile: ['given_name', 'family_name'],
        rrn: ['rrn'],
        vo: ['vo_id', 'vo_doelgroepcode', 'vo_doelgroepnaam', 'vo_orgcode', 'vo_orgnaam', 'vo_email'],
        wettelijkvertegenwoordiger: ['wv_orgcode'],
        [application]: [`${application}_rol_3d`],
      },
      scopes: ['openid', 'profile', 'rrn', 'vo', 'wettelijkvertegenwoordiger', application],
      // ACM/IDM puts the scope claims in the ID token itself.
      conformIdTokenClaims: false,
      responseTypes: ['code'],
      pkce: { required: () => true },
      features: {
        devInteractions: { enabled: false },
        rpInitiatedLogout: {
          enabled: true,
          async logoutSource(ctx, form) {
            ctx.type = 'html';
            ctx.body = renderSimplePage(
              'nl',
              'Afmelden',
              `${form}<p>Wilt u zich afmelden bij de ontwikkelomgeving? <span lang="fr">Voulez-vous vous déconnecter ?</span> <span lang="en">Do you want to log out?</span></p>
<button type="submit" form="op.logoutForm" name="logout" value="yes">Afmelden</button>
<button type="submit" form="op.logoutForm">Aangemeld blijven</button>`,
            );
          },
          async postLogoutSuccessSource(ctx) {
            ctx.type = 'html';
            ctx.body = renderSimplePage(
              'nl',
              'U bent afgemeld',
              '<p>U bent afgemeld. <span lang="fr">Vous êtes déconnecté.</span> <span lang="en">You are logged out.</span></p>',
            );
          },
        },
      },
      ttl: {
        AuthorizationCode: codeTtl,
        IdToken: 3600,
        AccessToken: 3600,
        Interaction: 3600,
        Session: 8 * 3600,
        Grant: 8 * 3600,
      },
      interactions: {
        url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
        policy: acrValuesPolicy(oidc),
      },
      async findAccount(_ctx, accountId, token) {
        const persona = bySubject.get(accountId);
        if (!persona) return undefined;
        const capacity = capacityOf(persona, (token as { amr?: unknown } | undefined)?.amr);
        return {
          accountId,
          async claims() {
            return devPersonaClaims(persona, capacity, application) as { sub: string };
          },
        };
      },
      // Dev clients are first-party: every requested scope is granted without a consent page.
      async loadExistingGrant(ctx: KoaContextWithOIDC) {
        const { oidc } = ctx;
        if (!oidc.client || !oidc.session?.accountId) return undefined;
        const grantId = oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(oidc.client.clientId);
        const grant =
          (grantId ? await oidc.provider.Grant.find(grantId) : undefined) ??
          new oidc.provider.Grant({ clientId: oidc.client.clientId, accountId: oidc.session.accountId });
        grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(' '));
        await grant.save();
        return grant;
      },
      async renderError(ctx, out) {
        ctx.type = 'html';
        ctx.body = renderSimplePage(
          'nl',
          'Er ging iets mis',
          `<p>De aanmelding kon niet verdergaan. <span lang="fr">La connexion n'a pas pu continuer.</span> <span lang="en">The login could not continue.</span></p><p><code>${html(out.error)}</code>: ${html(out.error_description ?? '')}</p>`,
        );
      },
    };

    const provider = new oidc.Provider(issuer, configuration);
    const callback = provider.callback();

    async function interaction(
      req: IncomingMessage,
      res: ServerResponse,
      uid: string,
      action: string | undefined,
    ) {
      const details = await provider.interactionDetails(req, res);
      if (details.uid !== uid) throw new Error('interaction mismatch');
      const params = details.params as Record<string, string | undefined>;
      const requestUrl = new URL(req.url ?? '/', url);
      const lang = requestUrl.searchParams.get('lang') ?? params.ui_locales?.split(' ')[0];
      const locale: UiLocale = isLocale(lang) && lang !== 'de' ? lang : 'nl';
      const client = params.client_id ? await provider.Client.find(params.client_id) : undefined;
      const hint = decodeLoginHint(params.login_hint);
      // Like ACM/IDM: only the means named in `acr_values` are offered and accepted (every means
      // when the request names none), so a step-up to a higher level can be tried end to end.
      const requested = (params.acr_values ?? '')
        .split(' ')
        .map((a) => ACMIDM_ACR[a])
        .filter((m): m is AuthMeans => m !== undefined);
      const offered = requested.length > 0 ? DEV_MEANS.filter((m) => requested.includes(m)) : DEV_MEANS;
      const selfPath = `/interaction/${uid}`;
      const model = {
        locale,
        action: `${selfPath}/login`,
        selfUrl: selfPath,
        clientName: client?.clientName ?? params.client_id ?? '',
        personas,
        means: offered,
        selected: {
          persona:
            hint && hint.cap !== 'BUR'
              ? personas.find((p) => p.organisation?.kbo === hint.kbo)?.key
              : undefined,
          means: offered[0],
          capacity: hint?.cap === 'BUR' ? ('BUR' as const) : ('persona' as const),
        },
      };
      const loginHeader = { 'x-smartloket-dev-login': new URL(model.action, issuer).href };

      if (action === undefined) {
        if (req.method !== 'GET') return sendHtml(res, 405, 'Method not allowed');
        return sendHtml(res, 200, renderLoginPage(model), loginHeader);
      }
      if (req.method !== 'POST') return sendHtml(res, 405, 'Method not allowed');
      const form = await readForm(req);
      if (form.get('action') === 'cancel') {
        return provider.interactionFinished(
          req,
          res,
          { error: 'access_denied', error_description: 'login cancelled by the user' },
          { mergeWithLastSubmission: false },
        );
      }
      const persona = personas.find((p) => p.key === form.get('persona'));
      const means = offered.find((m) => m === form.get('means'));
      const cap = form.get('capacity') ?? 'persona';
      if (!persona || !means || (cap !== 'BUR' && cap !== 'persona')) {
        return sendHtml(res, 400, renderLoginPage({ ...model, error: true }), loginHeader);
      }
      const capacity: Capacity = cap === 'BUR' ? 'BUR' : persona.capacity;
      return provider.interactionFinished(
        req,
        res,
        {
          login: {
            accountId: devSubject(persona.key),
            acr: acmidmAcr(means),
            amr: [means, `cap:${capacity}`],
          },
        },
        { mergeWithLastSubmission: false },
      );
    }

    const home = renderSimplePage('nl', 'Dev login (alleen voor ontwikkeling)', rootPage(personas, issuer));
    handler = (req, res) => {
      const path = new URL(req.url ?? '/', url).pathname;
      // The root is not part of OpenID Connect: say what this server is instead of a bare 404.
      if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) return sendHtml(res, 200, home);
      const m = /^\/interaction\/([\w-]+)(?:\/(login))?$/.exec(path);
      if (!m) {
        callback(req, res);
        return;
      }
      interaction(req, res, m[1]!, m[2]).catch(() => {
        if (res.headersSent) {
          res.end();
          return;
        }
        sendHtml(
          res,
          400,
          renderSimplePage(
            'nl',
            'Aanmelding verlopen',
            '<p>Deze aanmelding is verlopen of ongeldig. Begin opnieuw bij de toepassing. <span lang="fr">Cette connexion a expiré ; recommencez.</span> <span lang="en">This login has expired; start again.</span></p>',
          ),
        );
      });
    };
  } catch (err) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw err;
  }

  return {
    issuer,
    url,
    devOnly: true,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
