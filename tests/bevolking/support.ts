/**
 * Shared setup of the bevolking end-to-end tests: the MAGDA simulator over HTTPS with mutual TLS
 * and WS-Security (its GeefAttest PDFs sealed by a simulated "FOD Binnenlandse Zaken" dev PKI), a
 * municipality seal (signer-pades dev PKI), and a test deployment with the plugin.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  coreServices,
  createServiceFactory,
  type Identity,
  ManualClock,
  MEANS_LEVEL,
  type PluginEntry,
} from '@smartloket/core';
import { type Person, personByKey } from '@smartloket/dev-population';
import {
  createSealedDocumentFactory,
  type MagdaDevSimulator,
  startMagdaDevSimulator,
} from '@smartloket/dev-world/magda';
import type { MailSender } from '@smartloket/runtime';
import { createPadesSigner, type DevPki, generateDevPki } from '@smartloket/signer-pades';
import { createMagdaClientFactory, type MagdaClientConfig } from '@smartloket/source-magda';
import { createTestDeployment, type TestDeployment } from '@smartloket/testkit';
import { createBevolkingPlugin } from '../../plugins/bevolking/src/index.js';

export function hasTool(tool: string): boolean {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A logged-in citizen for any person of the synthetic population (itsme, high). */
export function citizen(key: string, insz?: string): Identity {
  const p: Person = personByKey(key);
  return {
    subject: `dev:${p.key}`,
    issuer: 'testkit',
    insz: insz ?? p.insz,
    givenName: p.givenNames[0],
    familyName: p.familyName,
    email: `${p.key}@example.org`,
    emailVerified: true,
    means: 'itsme',
    level: MEANS_LEVEL.itsme,
    capacity: 'BUR',
    legalRepresentativeOf: [],
    roles: [],
    staffRoles: [],
  };
}

export interface World {
  dir: string;
  clock: ManualClock;
  sim: MagdaDevSimulator;
  /** The simulated FOD's PKI (GeefAttest PDFs) and the municipality's (rendered documents). */
  fodPki: DevPki;
  sealPki: DevPki;
  deploy(
    options?: unknown,
    extra?: {
      databaseUrl?: string;
      plugins?: PluginEntry[];
      /** Extra MAGDA client settings (e.g. a call observer). */
      magda?: Partial<MagdaClientConfig>;
      mailSender?: MailSender;
      /** Extra configuration keys, validated like the config file's (e.g. `municipality`). */
      config?: Record<string, unknown>;
    },
  ): Promise<TestDeployment>;
  /** pdfsig's report of a delivered PDF, against the right trust store. */
  pdfsig(bytes: Uint8Array, sealedByFod: boolean): string;
  pdftotext(bytes: Uint8Array): string;
  close(): Promise<void>;
}

/**
 * Starts the simulator and makes the PKIs. The clock starts at the wall time, so the dev
 * certificates (valid from an hour ago) are valid both for the seal and for pdfsig.
 */
export async function startWorld(options: { sealedAttests?: boolean } = {}): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'bevolking-e2e-'));
  const clock = new ManualClock(new Date());
  const fodPki = generateDevPki({
    dir: join(dir, 'fod'),
    organisation: 'FOD Binnenlandse Zaken (simulated)',
  });
  const sealPki = generateDevPki({ dir: join(dir, 'seal'), organisation: 'Gemeente Smartegem' });
  const sim = await startMagdaDevSimulator({
    certificatesDir: join(dir, 'magda'),
    clock,
    ...(options.sealedAttests === false ? {} : { documents: createSealedDocumentFactory(fodPki) }),
  });
  const deployments: TestDeployment[] = [];
  let n = 0;
  const write = (bytes: Uint8Array) => {
    const file = join(dir, `doc-${++n}.pdf`);
    writeFileSync(file, bytes);
    return file;
  };
  return {
    dir,
    clock,
    sim,
    fodPki,
    sealPki,
    async deploy(pluginOptions = {}, extra = {}) {
      const sealer = createPadesSigner({
        key: readFileSync(sealPki.sealKey, 'utf8'),
        certificateChain: [readFileSync(sealPki.chain, 'utf8')],
      });
      const d = await createTestDeployment({
        clock,
        ...(extra.databaseUrl ? { databaseUrl: extra.databaseUrl } : {}),
        plugins: extra.plugins ?? [{ plugin: createBevolkingPlugin(), options: pluginOptions }],
        ...(extra.mailSender ? { mailSender: extra.mailSender } : {}),
        ...(extra.config ? { config: extra.config } : {}),
        services: [
          createMagdaClientFactory({
            ...sim.clientConfig,
            afzender: { identificatie: 'smartegem.example/smartloket', hoedanigheid: '1300' },
            timeouts: { requestMs: 10_000 },
            ...extra.magda,
          }),
          createServiceFactory({ ref: coreServices.signer, factory: () => sealer }),
        ],
      });
      deployments.push(d);
      return d;
    },
    pdfsig(bytes, sealedByFod) {
      const pki = sealedByFod ? fodPki : sealPki;
      try {
        return execFileSync('pdfsig', ['-nssdir', `sql:${pki.nssDir}`, write(bytes)], { encoding: 'utf8' });
      } catch (error) {
        return String((error as { stdout?: string }).stdout ?? error);
      }
    },
    pdftotext(bytes) {
      return execFileSync('pdftotext', ['-layout', write(bytes), '-'], { encoding: 'utf8' });
    },
    async close() {
      for (const d of deployments) await d.close();
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The request's last event (its reason is the message the citizen reads). */
export async function lastEvent(d: TestDeployment, requestId: string) {
  const events = await d.db.events.list(requestId);
  return events.at(-1)!;
}
