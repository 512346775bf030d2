import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, coreServices, type Signer, silentLogger, systemClock } from '@smartloket/core';
import { renderCertificate } from '@smartloket/renderer-pdf';
import { verifyPdf } from '@smartloket/signer-pades';
import { hasSoftHsm, type SoftHsmDevSeal, softHsmDevSeal } from '@smartloket/signer-pkcs11';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../load-config.js';
import { productionParts } from './production.js';

function available(): boolean {
  if (hasSoftHsm()) return true;
  if (process.env.CI) throw new Error('softhsm2-util is missing (Debian package softhsm2)');
  console.warn('skipping the PKCS#11 composition test: softhsm2 not installed (apt-get install softhsm2)');
  return false;
}

describe.runIf(available())('signer.kind = "pkcs11": from the config file to a sealed document', () => {
  let dir: string;
  let seal: SoftHsmDevSeal;

  /** Writes a config file with this signer section and loads it as `smartloket` does. */
  async function configWith(signer: Record<string, unknown>, name: string) {
    const file = join(dir, `${name}.config.mjs`);
    const config = {
      municipality: {
        name: { nl: 'Gemeente Zottegem' },
        nisCode: '41081',
        address: { street: 'Markt 1', postcode: '9620', city: 'Zottegem' },
      },
      baseUrl: 'https://loket.zottegem.be',
      signer,
    };
    writeFileSync(file, `export default { ...${JSON.stringify(config)}, plugins: [] };\n`);
    return loadConfig(file);
  }

  function signerOf(parts: ReturnType<typeof productionParts>): Promise<Signer> {
    const f = parts.services.find((s) => s.ref.id === coreServices.signer.id)!;
    return Promise.resolve(f.factory({} as never) as Signer);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pkcs11-config-'));
    seal = await softHsmDevSeal({ dir, keyLabel: 'e-zegel', tokenLabel: 'loket' });
    writeFileSync(join(dir, 'chain.pem'), seal.chain);
    writeFileSync(join(dir, 'seal.pin'), `${seal.pin}\n`, { mode: 0o600 });
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('seals with the token key; pdfsig accepts the seal against the test CA', async () => {
    const { config, baseDir } = await configWith(
      {
        kind: 'pkcs11',
        module: seal.module,
        tokenLabel: 'loket',
        keyLabel: 'e-zegel',
        pinFile: 'seal.pin',
        chainFile: 'chain.pem',
        sessions: 2,
      },
      'file-pin',
    );
    const parts = productionParts(config, {
      baseDir,
      baseUrl: config.baseUrl!,
      clock: systemClock,
      logger: silentLogger,
    });
    try {
      const signer = await signerOf(parts);
      const pdf = await renderCertificate({
        municipality: { ...config.municipality, baseUrl: 'https://loket.zottegem.be' },
        locale: 'nl',
        title: 'Attest van woonst',
        blocks: [{ type: 'paragraph', text: 'Verzegeld met een sleutel in een HSM.' }],
        issuedAt: new Date(),
      });
      const signed = await signer.sign(pdf, {
        reason: 'Attest',
        location: 'Zottegem',
        name: 'Gemeente Zottegem',
        signingTime: new Date(),
      });
      expect((await verifyPdf(signed, { trustedCertificatesPem: seal.chain })).valid).toBe(true);
      const out = join(dir, 'sealed.pdf');
      writeFileSync(out, signed);
      const report = execFileSync('pdfsig', ['-nssdir', `sql:${seal.pki.nssDir}`, out], { encoding: 'utf8' });
      expect(report).toContain('Signature is Valid.');
      expect(report).toContain('Certificate is Trusted.');
      expect(report).toContain('TEST HSM seal Gemeente Zottegem');
    } finally {
      await parts.stop();
    }
  });

  it('the PIN from an environment variable; a missing one stops the start naming signer.pinEnv', async () => {
    const section = {
      kind: 'pkcs11',
      module: seal.module,
      tokenLabel: 'loket',
      keyLabel: 'e-zegel',
      pinEnv: 'SMARTLOKET_TEST_SEAL_PIN',
      chainFile: 'chain.pem',
    };
    const { config, baseDir } = await configWith(section, 'env-pin');
    const context = { baseDir, baseUrl: config.baseUrl!, clock: systemClock, logger: silentLogger };
    delete process.env.SMARTLOKET_TEST_SEAL_PIN;
    let error: unknown;
    try {
      productionParts(config, context);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(String((error as Error).message)).toMatch(/signer\.pinEnv.*SMARTLOKET_TEST_SEAL_PIN/s);
    process.env.SMARTLOKET_TEST_SEAL_PIN = seal.pin;
    try {
      const parts = productionParts(config, context);
      try {
        const signer = await signerOf(parts);
        const pdf = await renderCertificate({
          municipality: { ...config.municipality, baseUrl: 'https://loket.zottegem.be' },
          locale: 'nl',
          title: 'Attest',
          blocks: [],
          issuedAt: new Date(),
        });
        const signed = await signer.sign(pdf, {
          reason: 'Attest',
          location: 'Zottegem',
          name: 'Zottegem',
          signingTime: new Date(),
        });
        expect((await verifyPdf(signed, { trustedCertificatesPem: seal.chain })).valid).toBe(true);
      } finally {
        await parts.stop();
      }
    } finally {
      delete process.env.SMARTLOKET_TEST_SEAL_PIN;
    }
  });

  it('refuses a config with both or neither of pinEnv and pinFile', async () => {
    const base = {
      kind: 'pkcs11',
      module: seal.module,
      tokenLabel: 'loket',
      keyLabel: 'e-zegel',
      chainFile: 'chain.pem',
    };
    await expect(configWith(base, 'no-pin')).rejects.toThrow(/exactly one of pinEnv and pinFile/);
    await expect(configWith({ ...base, pinEnv: 'X', pinFile: 'seal.pin' }, 'two-pins')).rejects.toThrow(
      /exactly one of pinEnv and pinFile/,
    );
  });
});
