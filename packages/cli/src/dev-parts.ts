import type { ServiceFactory } from '@smartloket/core';
import { coreServices, createServiceFactory } from '@smartloket/core';
import type { DeploymentConfig, MailSender } from '@smartloket/runtime';

/** The development parts `smartloket dev` starts, and what the deployment needs from them. */
export interface DevParts {
  services: ServiceFactory<any, any>[];
  mailSender?: MailSender;
  urls: { name: string; url: string }[];
  stop(): Promise<void>;
}

/**
 * Starts the development parts the configuration asks for. Each part lives in its own package
 * (`@smartloket/source-magda/simulator`, `@smartloket/identity-acmidm/dev`,
 * `@smartloket/notifier-mail/dev`, `@smartloket/signer-pades`); none of them can be enabled by
 * `smartloket start`.
 */
export async function startDevParts(
  config: DeploymentConfig,
  _context: { baseDir: string; baseUrl: string },
): Promise<DevParts> {
  const stops: (() => Promise<void>)[] = [];
  const services: ServiceFactory<any, any>[] = [];
  const urls: { name: string; url: string }[] = [];
  if (config.signer.kind === 'dev-keys') {
    // Until the PAdES signer is wired, dev documents are delivered unsealed.
    services.push(
      createServiceFactory({
        ref: coreServices.signer,
        factory: () => ({ id: 'dev.unsealed', sign: async (pdf: Uint8Array) => pdf }),
      }),
    );
  }
  return {
    services,
    urls,
    async stop() {
      for (const s of stops.reverse()) await s();
    },
  };
}
