import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  type Clock,
  coreServices,
  createServiceFactory,
  type Logger,
  localize,
  type ServiceFactory,
} from '@smartloket/core';
import type { OidcLogin } from '@smartloket/identity-acmidm';
import type { DeploymentConfig, MailSender } from '@smartloket/runtime';
import { createPadesSigner, type DevPki, generateDevPki } from '@smartloket/signer-pades';
import { createMagdaClientFactory } from '@smartloket/source-magda';
import { createOutboxMailSender } from './compose/mail.js';

/** The development parts `smartloket dev` starts, and what the deployment needs from them. */
export interface DevParts {
  services: ServiceFactory<any, any>[];
  mailSender?: MailSender;
  identity?: OidcLogin;
  /** Origins the portal may post forms to (the dev provider's, for logout). */
  formActionOrigins: string[];
  urls: { name: string; url: string }[];
  stop(): Promise<void>;
}

/** Makes a dev PKI once and reuses it on later starts (its NSS store stays valid). */
function devPki(dir: string, organisation: string): DevPki {
  const marker = join(dir, 'pki.json');
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8')) as DevPki;
  const pki = generateDevPki({ dir, organisation, validDays: 365 });
  writeFileSync(marker, JSON.stringify(pki, null, 2));
  return pki;
}

/**
 * Starts the development parts the configuration asks for: the MAGDA simulator (documents sealed
 * with test keys marked "(simulated)"), the dev identity provider with personas, the dev mailbox,
 * and test seal keys. Each part lives in its own package; `smartloket start` refuses them all.
 */
export async function startDevParts(
  config: DeploymentConfig,
  context: { baseDir: string; baseUrl: string; clock: Clock; logger: Logger },
): Promise<DevParts> {
  const stops: (() => Promise<void>)[] = [];
  const services: ServiceFactory<any, any>[] = [];
  const urls: { name: string; url: string }[] = [];
  const formActionOrigins: string[] = [];
  const devDir = resolve(context.baseDir, config.dataDir, 'dev');
  const municipalityName = localize(config.municipality.name, 'nl');
  let mailSender: MailSender | undefined;
  let identity: OidcLogin | undefined;
  try {
    if (config.signer.kind === 'dev-keys') {
      const pki = devPki(join(devDir, 'seal'), `${municipalityName} (TEST)`);
      const signer = createPadesSigner({
        key: readFileSync(pki.sealKey, 'utf8'),
        certificateChain: [readFileSync(pki.chain, 'utf8')],
      });
      services.push(createServiceFactory({ ref: coreServices.signer, factory: () => signer }));
    }
    if (config.magda.kind === 'simulator') {
      const { startMagdaDevSimulator, createSealedDocumentFactory } = await import(
        '@smartloket/source-magda/simulator'
      );
      const sourcePki = devPki(join(devDir, 'sources'), 'Authentieke bronnen (simulated)');
      const sim = await startMagdaDevSimulator({
        certificatesDir: join(devDir, 'magda'),
        documents: createSealedDocumentFactory(sourcePki),
      });
      stops.push(() => sim.stop());
      urls.push({ name: 'MAGDA', url: sim.url });
      services.push(
        createMagdaClientFactory({
          ...sim.clientConfig,
          afzender: { identificatie: `${config.municipality.nisCode}.smartloket.dev`, hoedanigheid: '1300' },
          clock: context.clock,
          logger: context.logger,
        }),
      );
    }
    if (config.identity.kind === 'dev') {
      const { startDevIdentityProvider } = await import('@smartloket/identity-acmidm/dev');
      const { createOidcLogin } = await import('@smartloket/identity-acmidm');
      const clientSecret = 'smartloket-dev-secret';
      const idp = await startDevIdentityProvider({
        port: 0,
        host: '127.0.0.1',
        clients: [
          {
            client_id: 'smartloket-dev',
            client_secret: clientSecret,
            redirect_uris: [`${context.baseUrl}/auth/callback`],
            post_logout_redirect_uris: [`${context.baseUrl}/`],
            token_endpoint_auth_method: 'client_secret_basic',
          },
        ],
      });
      stops.push(() => idp.stop());
      urls.push({ name: 'login (dev)', url: idp.issuer });
      formActionOrigins.push(new URL(idp.issuer).origin);
      identity = createOidcLogin({
        issuer: idp.issuer,
        clientId: 'smartloket-dev',
        clientSecret,
        redirectUri: `${context.baseUrl}/auth/callback`,
        allowInsecureRequests: true,
        clock: context.clock,
      });
    }
    if (config.mail.kind === 'dev-mailbox') {
      const { startDevMailbox } = await import('@smartloket/notifier-mail/dev');
      const { createSmtpMailer } = await import('@smartloket/notifier-mail');
      const mailbox = await startDevMailbox({ smtpPort: 0, httpPort: 0, host: '127.0.0.1' });
      stops.push(() => mailbox.stop());
      urls.push({ name: 'mailbox (dev)', url: mailbox.url });
      const mailer = createSmtpMailer({
        host: mailbox.smtp.host,
        port: mailbox.smtp.port,
        from: {
          name: municipalityName,
          address: config.municipality.email ?? 'noreply@smartloket.localhost',
        },
      });
      stops.push(async () => mailer.close());
      mailSender = createOutboxMailSender({
        mailer,
        municipality: { ...config.municipality, baseUrl: context.baseUrl },
      });
    }
  } catch (error) {
    for (const s of stops.reverse()) await s().catch(() => {});
    throw error;
  }
  return {
    services,
    mailSender,
    identity,
    formActionOrigins,
    urls,
    async stop() {
      for (const s of stops.reverse()) await s().catch(() => {});
    },
  };
}
