import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  type Clock,
  coreServices,
  createServiceFactory,
  type Logger,
  localize,
  type PluginEntry,
  type ServiceFactory,
} from '@smartloket/core';
import type {
  DevGlobalHeader,
  DevIdentityProvider,
  DevMailbox,
  DevTrustServices,
  EboxSimulator,
  MagdaDevSimulator,
  MollieSimulator,
} from '@smartloket/dev-world';
import type { GeoSimulator } from '@smartloket/dev-world/geo';
import type { OidcLogin } from '@smartloket/identity-acmidm';
import type { Mailer } from '@smartloket/notifier-mail';
import { createMollieClient, mollieClientRef } from '@smartloket/payment-mollie';
import {
  type DeploymentConfig,
  type EboxSender,
  type MailSender,
  observeSourceCall,
  sealLevel,
} from '@smartloket/runtime';
import { createPadesSigner, type DevPki, generateDevPki } from '@smartloket/signer-pades';
import { createMagdaClientFactory } from '@smartloket/source-magda';
import {
  type CertificateSource,
  certificateProviderService,
  createCertificateProvider,
} from './certificates.js';
import { createOutboxMailSender } from './compose/mail.js';
import { loadDevWorld } from './dev-world.js';

/** The development parts `smartloket dev` starts, and what the deployment needs from them. */
export interface DevParts {
  services: ServiceFactory<any, any>[];
  mailSender?: MailSender;
  /** Publishes to the dev world's e-Box simulator (`ebox.kind: 'simulator'`). */
  eboxSender?: EboxSender;
  identity?: OidcLogin;
  /** Origins the portal may post forms to (the dev provider's, for logout). */
  formActionOrigins: string[];
  /** The stand-in entry script of the Mijn Burgerprofiel header (`globalHeader.environment: dev`). */
  globalHeaderEntryUrl?: string;
  urls: { name: string; url: string }[];
  /**
   * The plugin list with the dev world's services put into the options of plugins that ask for
   * them (meldingen's `simulator: true`: the address-register simulator and tile stand-in).
   */
  plugins: PluginEntry[];
  stop(): Promise<void>;
}

/** The meldingen plugin entries that ask for the dev world's address register and tiles. */
function wantsGeoSimulator(entry: PluginEntry): boolean {
  if (!('plugin' in entry) || entry.enabled === false || entry.plugin.id !== 'meldingen') return false;
  return (entry.options as { simulator?: unknown } | undefined)?.simulator === true;
}

/**
 * The plugins with the geo simulator's URLs in meldingen's options (address search, reverse
 * lookup, tiles), so the demo needs no network (decision 1501).
 */
function withGeoSimulator(plugins: readonly PluginEntry[], geo: GeoSimulator | undefined): PluginEntry[] {
  return plugins.map((entry) => {
    if (!geo || !wantsGeoSimulator(entry) || !('plugin' in entry)) return entry;
    const options = (entry.options ?? {}) as { addressRegister?: object; map?: object };
    return {
      ...entry,
      options: {
        ...options,
        addressRegister: { ...options.addressRegister, url: geo.url, geolocationUrl: geo.url },
        map: { ...options.map, tileUrl: geo.tileUrl, attribution: 'Smartegem (dev world)' },
      },
    };
  });
}

/** What the dev parts need besides the configuration. */
export interface DevContext {
  baseDir: string;
  /** The portal's public URL (the dev identity provider redirects back to it). */
  baseUrl: string;
  clock: Clock;
  logger: Logger;
}

/** One running development server and the configuration it was started for. */
interface DevServer<T> {
  /** What of the configuration it depends on: a new key means a restart. */
  key: string;
  server: T;
}

/**
 * The development servers: the MAGDA simulator, the dev identity provider and the dev mailbox.
 * They outlive a configuration reload unless their part of the configuration changed, so dev
 * logins and the mailbox's messages survive a change of plugins or municipality.
 */
export interface DevServers {
  magda?: DevServer<MagdaDevSimulator>;
  idp?: DevServer<DevIdentityProvider>;
  mailbox?: DevServer<DevMailbox>;
  /** The test PKI's TSA, OCSP responder and CRL (test seal keys from B-T on). */
  trust?: DevServer<DevTrustServices>;
  /** The stand-in widget server of the Mijn Burgerprofiel header. */
  header?: DevServer<DevGlobalHeader>;
  /** The Mollie payment simulator (`payments.simulator`), its TLS CA beside it. */
  mollie?: DevServer<{ sim: MollieSimulator; ca: string; stop(): Promise<void> }>;
  /** The e-Box simulator, with the test sender key it trusts. */
  ebox?: DevServer<{ sim: EboxSimulator; key: string; stop(): Promise<void> }>;
  /** The address-register simulator and map tile stand-in (meldingen's `simulator: true`). */
  geo?: DevServer<GeoSimulator>;
}

const DEV_CLIENT_ID = 'smartloket-dev';
const DEV_CLIENT_SECRET = 'smartloket-dev-secret';
const DEV_EBOX_CLIENT_ID = 'smartloket-dev-ebox';

/** Makes a dev PKI once and reuses it on later starts (its NSS store stays valid). */
function devPki(dir: string, organisation: string): DevPki {
  const marker = join(dir, 'pki.json');
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8')) as DevPki;
  const pki = generateDevPki({ dir, organisation, validDays: 365 });
  writeFileSync(marker, JSON.stringify(pki, null, 2));
  return pki;
}

function devDir(config: DeploymentConfig, baseDir: string): string {
  return resolve(baseDir, config.dataDir, 'dev');
}

/** Test seal keys above B-B use the dev world's trust services (TSA, OCSP, CRL). */
function wantsTrustServices(config: DeploymentConfig): boolean {
  return config.signer.kind === 'dev-keys' && sealLevel(config) !== 'B-B';
}

/** The keys of the development servers a configuration asks for (no key: not wanted). */
function devServerKeys(config: DeploymentConfig, context: DevContext) {
  const dir = devDir(config, context.baseDir);
  return {
    magda: config.magda.kind === 'simulator' ? `simulator:${dir}` : undefined,
    idp: config.identity.kind === 'dev' ? `dev:${context.baseUrl}` : undefined,
    mailbox: config.mail.kind === 'dev-mailbox' ? 'dev-mailbox' : undefined,
    trust: wantsTrustServices(config)
      ? `trust:${join(dir, 'seal')}:${localize(config.municipality.name, 'nl')}`
      : undefined,
    header: config.globalHeader?.environment === 'dev' ? 'global-header' : undefined,
    mollie: config.payments?.simulator ? `mollie:${join(dir, 'mollie')}` : undefined,
    ebox: config.ebox.kind === 'simulator' ? `ebox:${dir}:${JSON.stringify(config.ebox)}` : undefined,
    geo: config.plugins.some(wantsGeoSimulator) ? 'geo' : undefined,
  };
}

const SERVER_NAMES: Record<keyof DevServers, string> = {
  magda: 'MAGDA simulator',
  idp: 'dev identity provider',
  mailbox: 'dev mailbox',
  trust: 'dev trust services',
  header: 'Mijn Burgerprofiel header stand-in',
  mollie: 'Mollie simulator',
  ebox: 'e-Box simulator',
  geo: 'address register simulator and map tiles',
};

/**
 * Starts the development servers the configuration asks for. With `previous` (a reload), it
 * keeps each server whose part of the configuration did not change and starts only the others;
 * `replaced` lists the previous servers to stop once nothing uses them any more, `restarted`
 * names the servers that were started, stopped or replaced. On an error it stops what it
 * started and leaves `previous` as it was.
 */
export async function startDevServers(
  config: DeploymentConfig,
  context: DevContext,
  previous: DevServers = {},
): Promise<{ servers: DevServers; replaced: { stop(): Promise<void> }[]; restarted: string[] }> {
  const keys = devServerKeys(config, context);
  const dir = devDir(config, context.baseDir);
  const servers: DevServers = {};
  const started: { stop(): Promise<void> }[] = [];
  const needed = (Object.keys(keys) as (keyof DevServers)[]).some(
    (name) => keys[name] && previous[name]?.key !== keys[name],
  );
  const world = needed ? await loadDevWorld() : undefined;
  try {
    if (keys.magda && previous.magda?.key === keys.magda) servers.magda = previous.magda;
    else if (keys.magda) {
      const { startMagdaDevSimulator, createSealedDocumentFactory } = world!;
      const sourcePki = devPki(join(dir, 'sources'), 'Authentieke bronnen (simulated)');
      const sim = await startMagdaDevSimulator({
        certificatesDir: join(dir, 'magda'),
        documents: createSealedDocumentFactory(sourcePki),
      });
      started.push(sim);
      servers.magda = { key: keys.magda, server: sim };
    }
    if (keys.idp && previous.idp?.key === keys.idp) servers.idp = previous.idp;
    else if (keys.idp) {
      const { startDevIdentityProvider } = world!;
      const idp = await startDevIdentityProvider({
        port: 0,
        host: '127.0.0.1',
        clients: [
          {
            client_id: DEV_CLIENT_ID,
            client_secret: DEV_CLIENT_SECRET,
            redirect_uris: [`${context.baseUrl}/auth/callback`],
            post_logout_redirect_uris: [`${context.baseUrl}/`],
            token_endpoint_auth_method: 'client_secret_basic',
          },
        ],
      });
      started.push(idp);
      servers.idp = { key: keys.idp, server: idp };
    }
    if (keys.mailbox && previous.mailbox?.key === keys.mailbox) servers.mailbox = previous.mailbox;
    else if (keys.mailbox) {
      const { startDevMailbox } = world!;
      const mailbox = await startDevMailbox({ smtpPort: 0, httpPort: 0, host: '127.0.0.1' });
      started.push(mailbox);
      servers.mailbox = { key: keys.mailbox, server: mailbox };
    }
    if (keys.trust && previous.trust?.key === keys.trust) servers.trust = previous.trust;
    else if (keys.trust) {
      const { startDevTrustServices } = world!;
      // The dev PKI marks its names "(TEST)" itself.
      const trust = await startDevTrustServices({
        dir: join(dir, 'seal'),
        organisation: localize(config.municipality.name, 'nl'),
      });
      started.push(trust);
      servers.trust = { key: keys.trust, server: trust };
    }
    if (keys.header && previous.header?.key === keys.header) servers.header = previous.header;
    else if (keys.header) {
      const header = await world!.startDevGlobalHeader({ port: 0, host: '127.0.0.1' });
      started.push(header);
      servers.header = { key: keys.header, server: header };
    }
    if (keys.mollie && previous.mollie?.key === keys.mollie) servers.mollie = previous.mollie;
    else if (keys.mollie) {
      // HTTPS with a certificate of the dev world's test PKI; the client trusts its CA only here.
      const tls = world!.generateMagdaDevCertificates(join(dir, 'mollie'));
      const sim = await world!.startMollieSimulator({ tls: tls.server });
      const mollie = { sim, ca: tls.ca.cert, stop: () => sim.stop() };
      started.push(mollie);
      servers.mollie = { key: keys.mollie, server: mollie };
    }
    if (keys.ebox && previous.ebox?.key === keys.ebox) servers.ebox = previous.ebox;
    else if (keys.ebox && config.ebox.kind === 'simulator') {
      const e = config.ebox;
      const applicationId = e.senderApplicationId ?? `smartloket:${config.municipality.nisCode}`;
      // A test sender certificate with the onboarding's subject, trusted by the simulator only.
      const creds = world!.generateEboxSenderCredentials({
        organizationName: localize(config.municipality.name, 'nl'),
        organizationId: e.senderOrganizationId,
        applicationId,
        city: config.municipality.address.city,
        dir: join(dir, 'ebox'),
      });
      const sim = await world!.startEboxSimulator({
        port: 0,
        host: '127.0.0.1',
        senders: [
          {
            clientId: DEV_EBOX_CLIENT_ID,
            certificate: creds.certificate,
            organizationId: e.senderOrganizationId,
            ...(e.senderApplicationId ? { applicationId: e.senderApplicationId } : {}),
            messageTypes: Object.fromEntries(e.messageTypes.map((m) => [m.messageTypeId, {}])),
          },
        ],
        noDigitalUser: e.noDigitalUser,
        clock: context.clock,
      });
      const server = { sim, key: creds.key, stop: () => sim.stop() };
      started.push(server);
      servers.ebox = { key: keys.ebox, server };
    }
    if (keys.geo && previous.geo?.key === keys.geo) servers.geo = previous.geo;
    else if (keys.geo) {
      const { startGeoSimulator } = await loadDevWorld(() => import('@smartloket/dev-world/geo'));
      const geo = await startGeoSimulator({ host: '127.0.0.1' });
      started.push(geo);
      servers.geo = { key: keys.geo, server: geo };
    }
  } catch (error) {
    for (const s of started.reverse()) await s.stop().catch(() => {});
    throw error;
  }
  const replaced: { stop(): Promise<void> }[] = [];
  const restarted: string[] = [];
  for (const name of ['magda', 'idp', 'mailbox', 'trust', 'header', 'mollie', 'ebox', 'geo'] as const) {
    const before = previous[name];
    const after = servers[name];
    if (before && before !== after) replaced.push(before.server);
    if (before !== after) restarted.push(SERVER_NAMES[name]);
  }
  return { servers, replaced, restarted };
}

/** Stops the development servers. */
export async function stopDevServers(servers: DevServers): Promise<void> {
  for (const s of [
    servers.geo,
    servers.ebox,
    servers.mollie,
    servers.header,
    servers.trust,
    servers.mailbox,
    servers.idp,
    servers.magda,
  ])
    await s?.server.stop().catch(() => {});
}

/**
 * The parts one deployment uses on the running development servers: the MAGDA client, the
 * login, the mail sender and the test seal keys, made for this configuration (municipality,
 * NIS code). `stop()` closes only these (the SMTP connection), not the servers.
 */
export async function wireDevParts(
  config: DeploymentConfig,
  servers: DevServers,
  context: DevContext,
): Promise<DevParts> {
  const services: ServiceFactory<any, any>[] = [];
  const urls: { name: string; url: string }[] = [];
  const formActionOrigins: string[] = [];
  const municipalityName = localize(config.municipality.name, 'nl');
  let mailSender: MailSender | undefined;
  let identity: OidcLogin | undefined;
  let mailer: Mailer | undefined;
  /** What the daily digest checks for expiry (the test seal and the simulator's client certificate). */
  const certificates: CertificateSource[] = [];
  if (config.signer.kind === 'dev-keys') {
    // The dev PKI marks its names "(TEST)" itself. From B-T on, the dev world's trust services
    // made it (their OCSP and CRL URLs in the certificates) and stamp it unless tsaUrl is set.
    const trust = servers.trust?.server;
    const pki = trust?.pki ?? devPki(join(devDir(config, context.baseDir), 'seal'), municipalityName);
    if (trust) urls.push({ name: 'TSA/OCSP/CRL (dev)', url: trust.url });
    const signer = createPadesSigner({
      key: readFileSync(pki.sealKey, 'utf8'),
      certificateChain: [readFileSync(pki.chain, 'utf8')],
      tsaUrl: config.signer.tsaUrl ?? trust?.tsaUrl,
      level: sealLevel(config),
    });
    services.push(createServiceFactory({ ref: coreServices.signer, factory: () => signer }));
    certificates.push({ key: 'signer (test seal keys)', file: pki.chain });
  }
  if (servers.magda) {
    const sim = servers.magda.server;
    certificates.push({ key: 'magda (simulator client certificate)', pem: sim.clientConfig.tls.cert });
    urls.push({ name: 'MAGDA', url: sim.url });
    services.push(
      createMagdaClientFactory({
        ...sim.clientConfig,
        afzender: { identificatie: `${config.municipality.nisCode}.smartloket.dev`, hoedanigheid: '1300' },
        clock: context.clock,
        logger: context.logger,
        onCall: observeSourceCall,
      }),
    );
  }
  if (servers.idp) {
    const { createOidcLogin } = await import('@smartloket/identity-acmidm');
    const idp = servers.idp.server;
    urls.push({ name: 'login (dev)', url: idp.issuer });
    formActionOrigins.push(new URL(idp.issuer).origin);
    identity = createOidcLogin({
      issuer: idp.issuer,
      clientId: DEV_CLIENT_ID,
      clientSecret: DEV_CLIENT_SECRET,
      redirectUri: `${context.baseUrl}/auth/callback`,
      allowInsecureRequests: true,
      defaultMinimumLevel: config.identity.minimumLevel,
      clock: context.clock,
    });
  }
  if (servers.mailbox) {
    const { createSmtpMailer } = await import('@smartloket/notifier-mail');
    const mailbox = servers.mailbox.server;
    urls.push({ name: 'mailbox (dev)', url: mailbox.url });
    mailer = createSmtpMailer({
      host: mailbox.smtp.host,
      port: mailbox.smtp.port,
      from: { name: municipalityName, address: config.municipality.email ?? 'noreply@smartloket.localhost' },
    });
    mailSender = createOutboxMailSender({
      mailer,
      municipality: { ...config.municipality, baseUrl: context.baseUrl },
    });
  }
  if (servers.mollie) {
    const { sim, ca } = servers.mollie.server;
    urls.push({ name: 'Mollie simulator (API)', url: sim.apiEndpoint });
    // The portal's form that starts a payment redirects to the simulator's checkout page.
    formActionOrigins.push(new URL(sim.checkoutUrl).origin);
    // Replaces the plugin's connection to Mollie (a deployment's services win over a plugin's).
    services.push(
      createServiceFactory({
        ref: mollieClientRef,
        factory: () => createMollieClient({ apiKey: sim.apiKey, apiEndpoint: sim.apiEndpoint, ca }),
        dispose: (client) => client.close(),
      }),
    );
  }
  let globalHeaderEntryUrl: string | undefined;
  if (servers.header && config.globalHeader) {
    const header = servers.header.server;
    urls.push({ name: 'header (dev)', url: header.url });
    globalHeaderEntryUrl = header.entryUrl(config.globalHeader.widgetId);
  }
  let eboxSender: EboxSender | undefined;
  if (servers.ebox && config.ebox.kind === 'simulator') {
    const { createEboxPublisher } = await import('@smartloket/notifier-ebox');
    const { sim, key } = servers.ebox.server;
    urls.push({ name: 'e-Box (dev)', url: sim.pageUrl });
    eboxSender = createEboxPublisher({
      tokenUrl: sim.tokenUrl,
      audience: sim.audience,
      apiUrl: sim.apiUrl,
      clientId: DEV_EBOX_CLIENT_ID,
      privateKey: key,
      senderOrganizationId: config.ebox.senderOrganizationId,
      senderApplicationId: config.ebox.senderApplicationId,
    });
  }
  if (servers.geo) urls.push({ name: 'address register and map tiles (dev)', url: servers.geo.server.url });
  services.push(certificateProviderService(createCertificateProvider(certificates)));
  return {
    plugins: withGeoSimulator(config.plugins, servers.geo?.server),
    services,
    mailSender,
    ...(eboxSender ? { eboxSender } : {}),
    identity,
    formActionOrigins,
    ...(globalHeaderEntryUrl ? { globalHeaderEntryUrl } : {}),
    urls,
    async stop() {
      await mailer?.close().catch(() => {});
    },
  };
}

/**
 * Starts the development parts the configuration asks for: the MAGDA simulator (documents sealed
 * with test keys marked "(simulated)"), the dev identity provider with personas, the dev mailbox,
 * and test seal keys. Each part lives in its own package; `smartloket start` refuses them all.
 * `stop()` stops the servers too.
 */
export async function startDevParts(config: DeploymentConfig, context: DevContext): Promise<DevParts> {
  const { servers } = await startDevServers(config, context);
  try {
    const parts = await wireDevParts(config, servers, context);
    return {
      ...parts,
      async stop() {
        await parts.stop();
        await stopDevServers(servers);
      },
    };
  } catch (error) {
    await stopDevServers(servers);
    throw error;
  }
}
