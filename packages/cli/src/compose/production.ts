import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type Clock,
  ConfigError,
  coreServices,
  createServiceFactory,
  type Logger,
  type ServiceFactory,
} from '@smartloket/core';
import { createOidcLogin, type OidcLogin } from '@smartloket/identity-acmidm';
import { createEboxPublisher } from '@smartloket/notifier-ebox';
import { MOLLIE_CHECKOUT_ORIGIN } from '@smartloket/payment-mollie';
import {
  type DeploymentConfig,
  type EboxSender,
  globalHeaderEntryUrl,
  type MailSender,
  observeSourceCall,
  sealLevel,
} from '@smartloket/runtime';
import { createCscSigner, createPadesSigner, createRemoteSigner } from '@smartloket/signer-pades';
import { createPkcs11Signer, Pkcs11Token, readPin } from '@smartloket/signer-pkcs11';
import { createMagdaClientFactory } from '@smartloket/source-magda';
import { certificateFiles, certificateProviderService, createCertificateProvider } from '../certificates.js';
import { createSmtpOutbox } from './mail.js';

/** What the production parts give the deployment. */
export interface ProductionParts {
  services: ServiceFactory<any, any>[];
  mailSender?: MailSender;
  /** Publishes to the e-Box (`ebox.kind: 'ebox'`). */
  eboxSender?: EboxSender;
  identity?: OidcLogin;
  formActionOrigins: string[];
  /** The entry script of the Mijn Burgerprofiel header (`globalHeader`), if configured. */
  globalHeaderEntryUrl?: string;
  stop(): Promise<void>;
}

function file(baseDir: string, path: string, key: string): string {
  try {
    return readFileSync(resolve(baseDir, path), 'utf8');
  } catch {
    throw new ConfigError(key, `cannot read ${path}`);
  }
}

/**
 * Builds the production parts from the configuration: the ACM/IDM (or FAS) login, the MAGDA
 * client with the organisation's certificate, SMTP, and the seal (PKCS#12, PEM, a remote
 * signing service, a PKCS#11 token or a CSC v2 trust service). Errors name the configuration key.
 */
export function productionParts(
  config: DeploymentConfig,
  context: { baseDir: string; baseUrl: string; clock: Clock; logger: Logger },
): ProductionParts {
  const services: ServiceFactory<any, any>[] = [];
  const stops: (() => Promise<void>)[] = [];
  const formActionOrigins: string[] = [];
  let identity: OidcLogin | undefined;
  let mailSender: MailSender | undefined;
  const { baseDir } = context;
  // The daily digest checks the seal chain and the MAGDA client certificate, read afresh each day.
  services.push(
    certificateProviderService(createCertificateProvider(() => certificateFiles(config, baseDir))),
  );

  if (config.identity.kind === 'oidc') {
    const id = config.identity;
    if (!id.clientSecret && !id.privateKeyFile) {
      throw new ConfigError('identity.clientSecret', 'set clientSecret or privateKeyFile');
    }
    identity = createOidcLogin({
      issuer: id.issuer,
      clientId: id.clientId,
      clientSecret: id.clientSecret,
      privateKey: id.privateKeyFile ? file(baseDir, id.privateKeyFile, 'identity.privateKeyFile') : undefined,
      tokenEndpointAuthMethod: id.privateKeyFile ? 'private_key_jwt' : 'client_secret_basic',
      redirectUri: `${context.baseUrl}/auth/callback`,
      claims: id.preset,
      // The means offered and accepted by default (the portal's /login passes it too).
      defaultMinimumLevel: id.minimumLevel,
      clock: context.clock,
    });
    formActionOrigins.push(new URL(id.issuer).origin);
  }
  // The portal's form that starts a Mollie payment redirects to Mollie's hosted checkout.
  if (config.payments?.provider === 'mollie') formActionOrigins.push(MOLLIE_CHECKOUT_ORIGIN);
  if (config.magda.kind === 'magda') {
    const m = config.magda;
    const cert = file(baseDir, m.tls.cert, 'magda.tls.cert');
    const key = file(baseDir, m.tls.key, 'magda.tls.key');
    services.push(
      createMagdaClientFactory({
        endpoint: m.endpoint,
        tls: { cert, key, ca: m.tls.ca ? file(baseDir, m.tls.ca, 'magda.tls.ca') : undefined },
        signing: { certificateChainPem: cert, keyPem: key },
        afzender: { identificatie: m.identificatie, hoedanigheid: m.hoedanigheid },
        clock: context.clock,
        logger: context.logger,
        onCall: observeSourceCall,
      }),
    );
  }
  if (config.mail.kind === 'smtp') {
    const smtp = createSmtpOutbox({ ...config, mail: config.mail }, context.baseUrl);
    stops.push(async () => smtp.mailer.close());
    mailSender = smtp.mailSender;
  }
  let eboxSender: EboxSender | undefined;
  if (config.ebox.kind === 'ebox') {
    const e = config.ebox;
    eboxSender = createEboxPublisher({
      tokenUrl: e.tokenUrl,
      audience: e.audience,
      apiUrl: e.apiUrl,
      clientId: e.clientId,
      privateKey: file(baseDir, e.keyFile, 'ebox.keyFile'),
      senderOrganizationId: e.senderOrganizationId,
      senderApplicationId: e.senderApplicationId,
      scope: e.scope,
      timeoutSeconds: e.timeoutSeconds,
    });
  }
  const s = config.signer;
  if (s.kind === 'pkcs12') {
    const passphrase = process.env[s.passphraseEnv];
    if (passphrase === undefined)
      throw new ConfigError('signer.passphraseEnv', `environment variable ${s.passphraseEnv} is not set`);
    const signer = createPadesSigner({
      pkcs12: readFileSync(resolve(baseDir, s.file)),
      passphrase,
      tsaUrl: s.tsaUrl,
      level: sealLevel(config),
    });
    services.push(createServiceFactory({ ref: coreServices.signer, factory: () => signer }));
  } else if (s.kind === 'pem') {
    const signer = createPadesSigner({
      key: file(baseDir, s.keyFile, 'signer.keyFile'),
      certificateChain: [file(baseDir, s.chainFile, 'signer.chainFile')],
      tsaUrl: s.tsaUrl,
      level: sealLevel(config),
    });
    services.push(createServiceFactory({ ref: coreServices.signer, factory: () => signer }));
  } else if (s.kind === 'remote') {
    const signer = createRemoteSigner({
      url: s.url,
      certificateChain: [file(baseDir, s.chainFile, 'signer.chainFile')],
      tsaUrl: s.tsaUrl,
      level: sealLevel(config),
    });
    services.push(createServiceFactory({ ref: coreServices.signer, factory: () => signer }));
  } else if (s.kind === 'pkcs11') {
    const pinSource = s.pinEnv ? { pinEnv: s.pinEnv } : { pinFile: s.pinFile! };
    // The PIN is read now, so a missing one stops the start with the configuration key named.
    try {
      readPin(pinSource, baseDir);
    } catch (e) {
      throw new ConfigError(s.pinEnv ? 'signer.pinEnv' : 'signer.pinFile', (e as Error).message);
    }
    const token = new Pkcs11Token({
      module: s.module,
      tokenLabel: s.tokenLabel,
      pin: () => readPin(pinSource, baseDir),
      poolSize: s.sessions,
    });
    const signer = createPkcs11Signer({
      token,
      keyLabel: s.keyLabel,
      certificateChain: file(baseDir, s.chainFile, 'signer.chainFile'),
      tsaUrl: s.tsaUrl,
      level: sealLevel(config),
    });
    stops.push(async () => token.close());
    services.push(createServiceFactory({ ref: coreServices.signer, factory: () => signer }));
  } else if (s.kind === 'csc') {
    const clientSecret = process.env[s.clientSecretEnv];
    if (clientSecret === undefined)
      throw new ConfigError('signer.clientSecretEnv', `environment variable ${s.clientSecretEnv} is not set`);
    const ca = s.caFile ? file(baseDir, s.caFile, 'signer.caFile') : undefined;
    // The credential (chain, authMode, multisign) is read when the kernel creates the signer.
    services.push(
      createServiceFactory({
        ref: coreServices.signer,
        factory: () =>
          createCscSigner({
            url: s.url,
            clientId: s.clientId,
            clientSecret,
            credentialId: s.credentialId,
            ca,
            tsaUrl: s.tsaUrl,
            level: sealLevel(config),
          }),
      }),
    );
  }
  const globalHeaderEntry = globalHeaderEntryUrl(config);
  return {
    services,
    mailSender,
    ...(eboxSender ? { eboxSender } : {}),
    identity,
    formActionOrigins,
    ...(globalHeaderEntry ? { globalHeaderEntryUrl: globalHeaderEntry } : {}),
    async stop() {
      for (const stop of stops.reverse()) await stop().catch(() => {});
    },
  };
}
