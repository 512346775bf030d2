import { ConfigError, isValidKbo, type PluginEntry, z } from '@smartloket/core';
import { EBOX_EVENTS } from './ebox.js';

/**
 * The deployment configuration: one typed object, validated at start. `smartloket init` writes a
 * `smartloket.config.ts` that default-exports `defineConfig({...})`.
 */

const localized = z
  .object({
    nl: z.string().min(1),
    fr: z.string().optional(),
    en: z.string().optional(),
    de: z.string().optional(),
  })
  .strict();

const municipalitySchema = z
  .object({
    name: localized,
    nisCode: z.string().regex(/^\d{5}$/, 'a NIS code has 5 digits'),
    address: z.object({
      street: z.string().min(1),
      postcode: z.string().regex(/^\d{4}$/),
      city: z.string().min(1),
    }),
    email: z.email().optional(),
    phone: z.string().optional(),
    website: z.url().optional(),
    logo: z.string().optional(),
    colours: z
      .object({ primary: z.string().regex(/^#[0-9a-fA-F]{6}$/), accent: z.string().optional() })
      .optional(),
    /** The official in whose name certificates are issued (printed under the place and date). */
    official: z
      .object({ name: z.string().min(1), function: localized })
      .strict()
      .optional(),
  })
  .strict();

/** A wall-clock time of day, `HH:MM` (24 h), in Europe/Brussels. */
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day HH:MM (Europe/Brussels)');

/** An administrator who receives the problem digest: an address, or an address and a language. */
const digestRecipient = z.union([
  z.email(),
  z.object({ address: z.email(), locale: z.enum(['nl', 'fr', 'en']).default('nl') }).strict(),
]);

/** RFC 3161 timestamp authority of the seal: with it, seals are PAdES B-T (`smartloket doctor` probes it). */
const tsaUrl = z.url().optional();

/**
 * The PAdES level of the seal: B-B (signature only), B-T (with a signature timestamp), B-LT
 * (plus chain and OCSP/CRL in a DSS), B-LTA (plus a document archive timestamp). B-T and above
 * need `tsaUrl` (with `dev-keys`, the dev world's test TSA when it is not set). Default: B-T
 * when `tsaUrl` is set, else B-B.
 */
const level = z.enum(['B-B', 'B-T', 'B-LT', 'B-LTA']).optional();

/** ACM/IDM levels of assurance that a login can have (core's `AssuranceLevel` less `none`). */
const assuranceLevel = z.enum(['low', 'substantial', 'high']);

/**
 * The level of the back-office: `high` (eID, itsme). Configurable upward only, and `high` is the
 * top, so any lower value is refused with the key named.
 */
const staffLevel = z
  .enum(['low', 'substantial', 'high'])
  .refine((l) => l === 'high', 'the back-office needs the high level (eID, itsme); it cannot be lowered')
  .default('high');

/** One rate limit: at most `limit` requests per client in a window of `windowMinutes`. */
const rateLimit = z
  .object({
    windowMinutes: z
      .number()
      .positive()
      .max(24 * 60),
    limit: z.number().int().min(1),
  })
  .strict()
  .optional();

/** One e-Box message type: the request types (ids or `family.*`) and the events it is used for. */
const eboxRoute = z
  .object({
    requestTypes: z.array(z.string().min(1)).min(1),
    messageTypeId: z.string().min(1),
    events: z.array(z.enum(EBOX_EVENTS)).min(1).default(['delivered']),
  })
  .strict();

/** What every e-Box sender has: the municipality's KBO number, the application id, the message types. */
const eboxSender = {
  senderOrganizationId: z.string().refine(isValidKbo, 'a valid KBO number (10 digits)'),
  senderApplicationId: z.string().min(1).optional(),
  messageTypes: z.array(eboxRoute).min(1),
};

const tlsFiles = z.object({ cert: z.string(), key: z.string(), ca: z.string().optional() }).strict();

export const configSchema = z
  .object({
    municipality: municipalitySchema,
    /** Public base URL of the counter; defaults to http://localhost:<port>. */
    baseUrl: z.url().optional(),
    dataDir: z.string().default('.data'),
    database: z
      .object({
        /** `sqlite:<path>` (relative to the config file) or `postgres://...`. */
        url: z.string().regex(/^(sqlite:|postgres(ql)?:\/\/)/, 'use sqlite:<file> or postgres://...'),
        /** PostgreSQL owner role for migrations (the runtime role has fewer rights). */
        ownerUrl: z.string().optional(),
      })
      .strict()
      .default({ url: 'sqlite:.data/smartloket.sqlite' }),
    server: z
      .object({
        port: z.number().int().min(0).max(65535).default(3000),
        host: z.string().default('127.0.0.1'),
        trustProxy: z.boolean().default(false),
        /**
         * Who may read the Prometheus metrics. Without this section `/metrics` is not served
         * (404). `token`/`tokenEnv`: a bearer token (`Authorization: Bearer <token>`), literal or
         * from an environment variable. `port` (with `host`, default 127.0.0.1): a separate
         * listener that serves only `/metrics`; the public listener then answers 404 there.
         */
        metrics: z
          .object({
            token: z.string().min(32, 'at least 32 characters').optional(),
            tokenEnv: z.string().min(1).optional(),
            port: z.number().int().min(0).max(65535).optional(),
            host: z.string().default('127.0.0.1'),
          })
          .strict()
          .refine((m) => !(m.token && m.tokenEnv), 'set token or tokenEnv, not both')
          .refine(
            (m) => m.token !== undefined || m.tokenEnv !== undefined || m.port !== undefined,
            'set token, tokenEnv or port (or leave metrics out: not served)',
          )
          .optional(),
        /**
         * Rate limits per client (the logged-in subject, else the IP), counted in the database so
         * every server process shares them: `{ windowMinutes, limit }` for `login` (default 30 per
         * 15 minutes), `submit` (20 per 15), `anonymous` (anonymous submissions, 5 per 60),
         * `confirmation` (confirmation mails per client, 10 per 60), `confirmationPerAddress`
         * (3 per 60), `followCheck` (wrong e-mail answers on the page of a request filed without
         * login, per link, 5 per 60), `verifyCode` (60 per 15) and `verifyUpload` (20 per 15). The API's limit is
         * `api.rateLimitPerMinute`.
         */
        rateLimits: z
          .object({
            login: rateLimit,
            submit: rateLimit,
            anonymous: rateLimit,
            confirmation: rateLimit,
            confirmationPerAddress: rateLimit,
            followCheck: rateLimit,
            verifyCode: rateLimit,
            verifyUpload: rateLimit,
          })
          .strict()
          .optional(),
      })
      .strict()
      .default({ port: 3000, host: '127.0.0.1', trustProxy: false }),
    worker: z
      .object({
        /** Run a worker inside the server process (the embedded default). */
        inProcess: z.boolean().default(true),
        concurrency: z.number().int().min(1).max(64).default(4),
        leaseMs: z.number().int().min(1000).default(60_000),
        maxAttempts: z.number().int().min(1).default(8),
        /**
         * Port where a `smartloket worker` process serves its /metrics (on `server.metrics.host`,
         * else `server.host`; behind the `server.metrics` token when one is set); without it a
         * worker process serves none. Server processes: see `server.metrics`.
         */
        metricsPort: z.number().int().min(0).max(65535).optional(),
      })
      .strict()
      .default({ inProcess: true, concurrency: 4, leaseMs: 60_000, maxAttempts: 8 }),
    identity: z
      .discriminatedUnion('kind', [
        z
          .object({
            kind: z.literal('dev'),
            /** Least level of a login (dev default `low`, so step-up can be tried). */
            minimumLevel: assuranceLevel.default('low'),
            staffLevel,
          })
          .strict(),
        z
          .object({
            kind: z.literal('oidc'),
            /** Least level of a login: the means offered at /login (production default `substantial`). */
            minimumLevel: assuranceLevel.default('substantial'),
            /** Level every back-office page and action needs; `high`, and cannot be lowered. */
            staffLevel,
            preset: z.enum(['acmidm', 'fas']).default('acmidm'),
            issuer: z.url(),
            clientId: z.string().min(1),
            clientSecret: z.string().optional(),
            privateKeyFile: z.string().optional(),
          })
          .strict(),
      ])
      .default({ kind: 'dev', minimumLevel: 'low', staffLevel: 'high' }),
    magda: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('simulator') }).strict(),
        z
          .object({
            kind: z.literal('magda'),
            endpoint: z.url(),
            tls: tlsFiles,
            identificatie: z.string().max(120),
            hoedanigheid: z.string().min(1),
          })
          .strict(),
      ])
      .default({ kind: 'simulator' }),
    /**
     * Delivery to the federal e-Box (decision 1600): `off`; `simulator` (the dev world's, for
     * `smartloket dev` and the demo; refused by `start`); `ebox` (the real service: token URL,
     * audience, API URL, the OAuth client id and the certificate's private key from onboarding).
     */
    ebox: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('off') }).strict(),
        z
          .object({
            kind: z.literal('simulator'),
            ...eboxSender,
            /** INSZ or KBO numbers that never opened their e-Box (NO_DIGITAL_USER). */
            noDigitalUser: z.array(z.string()).default([]),
          })
          .strict(),
        z
          .object({
            kind: z.literal('ebox'),
            ...eboxSender,
            tokenUrl: z.url(),
            audience: z.url(),
            apiUrl: z.url(),
            clientId: z.string().min(1),
            /** The certificate's private key (PEM), relative to the config file. */
            keyFile: z.string().min(1),
            scope: z.string().min(1).optional(),
            timeoutSeconds: z.number().int().min(1).max(300).default(30),
          })
          .strict(),
      ])
      .default({ kind: 'off' }),
    mail: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('dev-mailbox') }).strict(),
        z
          .object({
            kind: z.literal('smtp'),
            host: z.string(),
            port: z.number().int(),
            secure: z.boolean().default(false),
            user: z.string().optional(),
            password: z.string().optional(),
            from: z.object({ name: z.string(), address: z.email() }),
          })
          .strict(),
      ])
      .default({ kind: 'dev-mailbox' }),
    signer: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('dev-keys'), tsaUrl, level }).strict(),
        z
          .object({ kind: z.literal('pkcs12'), file: z.string(), passphraseEnv: z.string(), tsaUrl, level })
          .strict(),
        z
          .object({ kind: z.literal('pem'), keyFile: z.string(), chainFile: z.string(), tsaUrl, level })
          .strict(),
        z.object({ kind: z.literal('remote'), url: z.url(), chainFile: z.string(), tsaUrl, level }).strict(),
        /** The seal key in an HSM (PKCS#11). The PIN comes from pinEnv or pinFile, never from here. */
        z
          .object({
            kind: z.literal('pkcs11'),
            /** Path of the PKCS#11 module (.so) of the HSM. */
            module: z.string().min(1),
            tokenLabel: z.string().min(1),
            keyLabel: z.string().min(1),
            pinEnv: z.string().min(1).optional(),
            pinFile: z.string().min(1).optional(),
            /** Sessions kept open for signing in parallel. */
            sessions: z.number().int().min(1).max(64).default(4),
            chainFile: z.string(),
            tsaUrl,
            level,
          })
          .strict()
          .refine((s) => (s.pinEnv === undefined) !== (s.pinFile === undefined), {
            message: 'set exactly one of pinEnv and pinFile (the token PIN)',
            path: ['pinEnv'],
          }),
        z
          .object({
            /** A trust service speaking the Cloud Signature Consortium API v2. */
            kind: z.literal('csc'),
            /** Base URL of the service, without `/csc/v2` (https). */
            url: z.url({ protocol: /^https$/ }),
            clientId: z.string().min(1),
            /** Environment variable holding the OAuth2 client secret. */
            clientSecretEnv: z.string().min(1),
            credentialId: z.string().min(1),
            /** PEM CA certificate to trust for the service's TLS (added to the system roots). */
            caFile: z.string().optional(),
            tsaUrl,
            level,
          })
          .strict(),
      ])
      .superRefine((s, ctx) => {
        // Test seal keys get the dev world's timestamp authority (smartloket dev starts it).
        if (s.level && s.level !== 'B-B' && !s.tsaUrl && s.kind !== 'dev-keys') {
          ctx.addIssue({
            code: 'custom',
            path: ['tsaUrl'],
            message: `signer.level ${s.level} needs a timestamp authority: set signer.tsaUrl`,
          });
        }
      })
      .default({ kind: 'dev-keys' }),
    retention: z
      .object({
        documentMonths: z.number().int().min(1).default(3),
        formDataDays: z.number().int().min(1).default(90),
        uploadDays: z.number().int().min(1).default(90),
        emailDays: z.number().int().min(1).default(30),
        anonymousLinkDays: z.number().int().min(1).default(90),
        /** Days a saved draft (with its uploads) is kept after it was last saved. */
        draftDays: z.number().int().min(1).default(30),
        /**
         * Days an identity document or mandate uploaded with a request filed without login is
         * kept after the clerk's decision (0: removed by the next daily purge).
         */
        evidenceDays: z.number().int().min(0).default(7),
        sessionIdleMinutes: z.number().int().min(5).default(30),
        sessionAbsoluteHours: z.number().int().min(1).default(12),
        auditYears: z.number().int().min(1).default(10),
        /** Days the log of webhook delivery attempts (status, timing; no body) is kept. */
        webhookDeliveryDays: z.number().int().min(1).default(30),
        /** When the worker applies the terms each day (HH:MM, Europe/Brussels). */
        purgeAt: timeOfDay.default('03:30'),
      })
      .strict()
      .default({
        documentMonths: 3,
        formDataDays: 90,
        uploadDays: 90,
        emailDays: 30,
        anonymousLinkDays: 90,
        draftDays: 30,
        evidenceDays: 7,
        sessionIdleMinutes: 30,
        sessionAbsoluteHours: 12,
        auditYears: 10,
        webhookDeliveryDays: 30,
        purgeAt: '03:30',
      }),
    /** The daily problem digest e-mailed to administrators (sent by the worker). */
    digest: z
      .object({
        /** Send it (when there are recipients). */
        enabled: z.boolean().default(true),
        /** Addresses, Dutch by default, or `{ address, locale }`. No recipients: no digest mail. */
        recipients: z.array(digestRecipient).default([]),
        /** When the worker sends it each day (HH:MM, Europe/Brussels). */
        at: timeOfDay.default('07:00'),
        /** Also send it on days without problems ("no problems"). */
        sendWhenEmpty: z.boolean().default(false),
      })
      .strict()
      .default({ enabled: true, recipients: [], at: '07:00', sendWhenEmpty: false }),
    /** Embedding the counter in the municipality's website (decision 1000). */
    embed: z
      .object({
        /** Origins whose pages may frame the counter (CSP frame-ancestors), e.g. https://www.gemeente.be. */
        allowedOrigins: z
          .array(
            z
              .url()
              .refine((u) => new URL(u).origin === u.replace(/\/$/, ''), 'an origin: scheme://host[:port]'),
          )
          .default([]),
      })
      .strict()
      .default({ allowedOrigins: [] }),
    /**
     * The Mijn Burgerprofiel global header of Digitaal Vlaanderen on every portal page (decision
     * 0301). Absent: nothing is loaded. `environment` picks the widget server: `prod`, `tni` (the
     * test environment of Digitaal Vlaanderen) or `dev` (a stand-in served by the dev world).
     */
    globalHeader: z
      .object({
        /** The municipality's widget id (a UUID) from the Burgerprofiel widget administration. */
        widgetId: z.uuid('a UUID, as the widget administration shows it'),
        environment: z.enum(['prod', 'tni', 'dev']).default('prod'),
      })
      .strict()
      .optional(),
    /** Where webhooks may go (besides https to a public address; see docs/deploying). */
    webhooks: z
      .object({
        /** Host names (`hooks.partner.be`) or `*.vlaanderen.be` patterns; empty: any public host. */
        allow: z
          .array(
            z
              .string()
              .regex(
                /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i,
                'a host name or *.domain',
              ),
          )
          .default([]),
      })
      .strict()
      .default({ allow: [] }),
    /** The integration API for back-office systems (decision 1000). */
    api: z
      .object({
        /** Lifetime of access tokens from the client-credentials grant, in seconds. */
        accessTokenSeconds: z.number().int().min(60).max(86_400).default(3600),
        /** Requests per minute per API client. */
        rateLimitPerMinute: z.number().int().min(1).default(600),
        /** Delivery attempts of a webhook before it is given up. */
        webhookMaxAttempts: z.number().int().min(1).max(30).default(8),
      })
      .strict()
      .default({ accessTokenSeconds: 3600, rateLimitPerMinute: 600, webhookMaxAttempts: 8 }),
    /**
     * OpenTelemetry traces (decision 0008): off unless an OTLP endpoint is set here or in
     * OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_TRACES_ENDPOINT. Keys here win over the
     * OTEL_* environment variables.
     */
    telemetry: z
      .object({
        /** OTLP/HTTP base URL of the collector, e.g. http://otel-collector:4318 (spans go to /v1/traces). */
        otlpEndpoint: z.url().optional(),
        /** service.name of the spans [OTEL_SERVICE_NAME, else "smartloket"]. */
        serviceName: z.string().min(1).max(100).optional(),
        /** Share of new traces recorded, 0 to 1 [OTEL_TRACES_SAMPLER_ARG, else 1]; a sampled parent is followed. */
        sampleRatio: z.number().min(0).max(1).optional(),
      })
      .strict()
      .default({}),
    /**
     * Request types described as JSON (issue 23; docs/deploying/declarative-request-types.md):
     * files or `folder/*.json` patterns, relative to the config's folder, e.g. `['./types/*.json']`.
     * Each is validated at start (a problem names the file and the path in it) and versioned: a
     * changed file makes a new version, filed requests keep theirs.
     */
    requestTypes: z.array(z.string().min(1)).default([]),
    /**
     * Paying fees (issue 21): `provider` is the id of the payment provider an enabled plugin
     * registers (`mollie` from @smartloket/payment-mollie, `counter` from
     * @smartloket/payment-counter); it is resolved at start. `simulator: true` (development only,
     * with `mollie`): `smartloket dev` points the provider at the dev world's Mollie simulator;
     * `smartloket start` refuses it. `stuckAfterHours`: the daily digest names payments still
     * not final that long after their start. Without this section no fee is collected online.
     */
    payments: z
      .object({
        provider: z
          .string()
          .regex(/^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*$/, 'the id of a payment provider, e.g. mollie'),
        simulator: z.boolean().default(false),
        /** The daily digest names payments still not final this many hours after their start [24]. */
        stuckAfterHours: z.number().int().min(1).max(72).default(24),
      })
      .strict()
      .refine((p) => !p.simulator || p.provider === 'mollie', {
        message: 'the dev world simulates Mollie only: use provider "mollie" with simulator',
        path: ['simulator'],
      })
      .optional(),
    /** How long the portal waits for an automatic delivery before showing the receipt. */
    deliveryWaitMs: z.number().int().min(0).max(30_000).default(8_000),
    languages: z
      .array(z.enum(['nl', 'fr', 'en']))
      .min(1)
      .default(['nl', 'fr', 'en']),
  })
  .strict();

export type DeploymentConfigInput = z.input<typeof configSchema> & { plugins: PluginEntry[] };
export type DeploymentConfig = z.output<typeof configSchema> & { plugins: PluginEntry[] };

/** Declares a deployment configuration with type checking. Validation happens at start. */
export function defineConfig(config: DeploymentConfigInput): DeploymentConfigInput {
  return config;
}

/**
 * Validates a configuration. Throws a {@link ConfigError} naming the first wrong key, e.g.
 * `Configuration "municipality.nisCode": a NIS code has 5 digits`.
 */
export function validateConfig(raw: unknown): DeploymentConfig {
  if (typeof raw !== 'object' || raw === null)
    throw new ConfigError('(root)', 'the configuration must be an object');
  const { plugins, ...rest } = raw as { plugins?: unknown };
  if (!Array.isArray(plugins)) throw new ConfigError('plugins', 'must be a list of plugins');
  const result = configSchema.safeParse(rest);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path.length ? issue.path.join('.') : '(root)';
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`
        : issue.message;
    const fullPath = issue.code === 'unrecognized_keys' && issue.path.length === 0 ? issue.keys[0]! : path;
    throw new ConfigError(fullPath, message);
  }
  return { ...result.data, plugins: plugins as PluginEntry[] };
}

/** The parts of a configuration that are for development only, named for error messages. */
export function devOnlyParts(config: DeploymentConfig): string[] {
  const parts: string[] = [];
  if (config.identity.kind === 'dev')
    parts.push('identity: the dev identity provider (identity.kind = "dev")');
  if (config.magda.kind === 'simulator') parts.push('magda: the MAGDA simulator (magda.kind = "simulator")');
  if (config.mail.kind === 'dev-mailbox') parts.push('mail: the dev mailbox (mail.kind = "dev-mailbox")');
  if (config.signer.kind === 'dev-keys') parts.push('signer: test seal keys (signer.kind = "dev-keys")');
  if (config.ebox.kind === 'simulator') parts.push('ebox: the e-Box simulator (ebox.kind = "simulator")');
  if (config.payments?.simulator) parts.push('payments: the Mollie simulator (payments.simulator = true)');
  if (config.globalHeader?.environment === 'dev')
    parts.push('globalHeader: the stand-in header script (globalHeader.environment = "dev")');
  for (const entry of config.plugins) {
    if (!('plugin' in entry) || entry.enabled === false) continue;
    if ((entry.options as { simulator?: unknown } | undefined)?.simulator === true)
      parts.push(`plugins: ${entry.plugin.id} uses the dev world's simulators (options.simulator = true)`);
  }
  return parts;
}

/** The PAdES level the seal produces: `signer.level`, else B-T with `signer.tsaUrl`, else B-B. */
export function sealLevel(config: DeploymentConfig): 'B-B' | 'B-T' | 'B-LT' | 'B-LTA' {
  const s = config.signer;
  return s.level ?? (s.tsaUrl ? 'B-T' : 'B-B');
}

/** Origins of Digitaal Vlaanderen's widget servers for the global header, per environment. */
export const GLOBAL_HEADER_ORIGINS = {
  prod: 'https://prod.widgets.burgerprofiel.vlaanderen.be',
  tni: 'https://tni.widgets.burgerprofiel.vlaanderen.be',
} as const;

/**
 * The entry script of the Mijn Burgerprofiel global header for a production or TNI widget
 * (`<origin>/api/v2/widget/<id>/entry`), or undefined when none is configured or the dev world
 * serves a stand-in (`environment: 'dev'`, whose URL the dev world gives).
 */
export function globalHeaderEntryUrl(config: Pick<DeploymentConfig, 'globalHeader'>): string | undefined {
  const header = config.globalHeader;
  if (!header || header.environment === 'dev') return undefined;
  return `${GLOBAL_HEADER_ORIGINS[header.environment]}/api/v2/widget/${header.widgetId}/entry`;
}
