import { join } from 'node:path';
import {
  type Clock,
  coreServices,
  createServiceFactory,
  type Logger,
  type ServiceFactory,
} from '@smartloket/core';
import type { DeploymentConfig, MailSender } from '@smartloket/runtime';
import { createMagdaClientFactory } from '@smartloket/source-magda';

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
 * `smartloket start`, which refuses a configuration that asks for them.
 */
export async function startDevParts(
  config: DeploymentConfig,
  context: { baseDir: string; baseUrl: string; clock: Clock; logger: Logger },
): Promise<DevParts> {
  const stops: (() => Promise<void>)[] = [];
  const services: ServiceFactory<any, any>[] = [];
  const urls: { name: string; url: string }[] = [];
  const devDir = join(context.baseDir, config.dataDir, 'dev');
  try {
    if (config.magda.kind === 'simulator') {
      const { startMagdaDevSimulator } = await import('@smartloket/source-magda/simulator');
      const sim = await startMagdaDevSimulator({ certificatesDir: join(devDir, 'magda') });
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
    if (config.signer.kind === 'dev-keys') {
      // Until the PAdES signer is wired, dev documents are delivered unsealed.
      services.push(
        createServiceFactory({
          ref: coreServices.signer,
          factory: () => ({ id: 'dev.unsealed', sign: async (pdf: Uint8Array) => pdf }),
        }),
      );
    }
  } catch (error) {
    for (const s of stops.reverse()) await s().catch(() => {});
    throw error;
  }
  return {
    services,
    urls,
    async stop() {
      for (const s of stops.reverse()) await s().catch(() => {});
    },
  };
}
