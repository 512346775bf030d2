/**
 * Shared setup of the strafregister end-to-end tests: the MAGDA simulator over HTTPS with mutual
 * TLS and WS-Security, its extracts sealed by a simulated "Centraal Strafregister" dev PKI, and
 * test deployments with the plugin on the injected ManualClock.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Identity, ManualClock, MEANS_LEVEL } from '@smartloket/core';
import { personByKey } from '@smartloket/dev-population';
import {
  createSealedDocumentFactory,
  type MagdaDevSimulator,
  startMagdaDevSimulator,
} from '@smartloket/dev-world/magda';
import { type DevPki, generateDevPki } from '@smartloket/signer-pades';
import { createMagdaClientFactory } from '@smartloket/source-magda';
import { createTestDeployment, type TestDeployment } from '@smartloket/testkit';
import { createStrafregisterPlugin } from '../../plugins/strafregister/src/index.js';

export function hasTool(tool: string): boolean {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A logged-in citizen of the synthetic population (itsme, high). */
export function citizen(key: string): Identity {
  const p = personByKey(key);
  return {
    subject: `dev:${p.key}`,
    issuer: 'testkit',
    insz: p.insz,
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
  clock: ManualClock;
  sim: MagdaDevSimulator;
  pki: DevPki;
  deploy(options?: Record<string, unknown>): Promise<TestDeployment>;
  pdftotext(bytes: Uint8Array): string;
  pdfsig(bytes: Uint8Array): string;
  close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'strafregister-e2e-'));
  const clock = new ManualClock(new Date());
  const pki = generateDevPki({ dir: join(dir, 'sr'), organisation: 'Centraal Strafregister (simulated)' });
  const sim = await startMagdaDevSimulator({
    certificatesDir: join(dir, 'magda'),
    clock,
    strafregisterDocuments: createSealedDocumentFactory(pki),
  });
  const deployments: TestDeployment[] = [];
  let n = 0;
  const write = (bytes: Uint8Array) => {
    const file = join(dir, `doc-${++n}.pdf`);
    writeFileSync(file, bytes);
    return file;
  };
  return {
    clock,
    sim,
    pki,
    async deploy(options = {}) {
      const d = await createTestDeployment({
        clock,
        plugins: [{ plugin: createStrafregisterPlugin(), options }],
        services: [
          createMagdaClientFactory({
            ...sim.clientConfig,
            afzender: { identificatie: 'smartegem.example/smartloket', hoedanigheid: '1300' },
            timeouts: { requestMs: 10_000 },
          }),
        ],
      });
      deployments.push(d);
      return d;
    },
    pdftotext: (bytes) => execFileSync('pdftotext', ['-layout', write(bytes), '-'], { encoding: 'utf8' }),
    pdfsig(bytes) {
      try {
        return execFileSync('pdfsig', ['-nssdir', `sql:${pki.nssDir}`, write(bytes)], { encoding: 'utf8' });
      } catch (error) {
        return String((error as { stdout?: string }).stdout ?? error);
      }
    },
    async close() {
      for (const d of deployments) await d.close();
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
