import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  coreServices,
  createServiceFactory,
  defineSigner,
  type ServiceFactory,
  type Signer,
  type SignerDefinition,
} from '@smartloket/core';
import { createPadesSigner, generateDevPki } from '@smartloket/signer-pades';

/** A real PAdES seal with a throw-away TEST CA, from {@link testSeal}. */
export interface TestSeal {
  /** The signer (PAdES B-B with node:crypto). */
  signer: Signer;
  /** The signer as the deployment's default signer: pass it in `services` of a test deployment. */
  service: ServiceFactory<any, any>;
  /** The signer as a signer definition (id `testkit.pades`), for `replace(plugin, 'signer', ...)`. */
  definition: SignerDefinition;
  /** The test CA's certificate (PEM), to check the seal with `signatureValid({ trustedCertificatesPem })`. */
  caCertificatePem: string;
  /** Removes the key files. */
  dispose(): void;
}

/**
 * A real PAdES seal for tests: a fresh TEST CA and seal key (signer-pades' dev PKI) in a temp
 * folder, so delivered documents carry a verifiable signature. The certificate is valid from
 * `validFrom` (default 2020-01-01) for `validDays` (default 20 years), so a moved test clock
 * still signs inside its validity. Never use it in production.
 */
export function testSeal(
  options: { organisation?: string; validFrom?: Date; validDays?: number } = {},
): TestSeal {
  const dir = mkdtempSync(join(tmpdir(), 'smartloket-seal-'));
  const pki = generateDevPki({
    dir,
    organisation: options.organisation ?? 'Testgemeente (TEST)',
    now: options.validFrom ?? new Date('2020-01-01T00:00:00.000Z'),
    validDays: options.validDays ?? 20 * 365,
    nss: false,
  });
  const signer = createPadesSigner({
    key: readFileSync(pki.sealKey, 'utf8'),
    certificateChain: [readFileSync(pki.chain, 'utf8')],
  });
  const caCertificatePem = readFileSync(pki.caCertificate, 'utf8');
  return {
    signer,
    service: createServiceFactory({ ref: coreServices.signer, factory: () => signer }),
    definition: defineSigner({ id: 'testkit.pades', create: () => signer }),
    caCertificatePem,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
