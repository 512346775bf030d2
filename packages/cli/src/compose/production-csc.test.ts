import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ConfigError, coreServices, type Signer, silentLogger, systemClock } from '@smartloket/core';
import { type CscSimulator, startCscSimulator } from '@smartloket/dev-world/csc';
import { createPlainDocumentFactory, generateMagdaDevCertificates } from '@smartloket/dev-world/magda';
import { validateConfig } from '@smartloket/runtime';
import { CscSignerError, generateDevPki } from '@smartloket/signer-pades';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Check, doctor } from '../commands/doctor.js';
import { createOutput, type Output } from '../output.js';
import { productionParts } from './production.js';

const run = promisify(execFile);
const ENV = 'SMARTLOKET_TEST_CSC_SECRET';

describe('production composition: signer.kind = "csc"', () => {
  let dir: string;
  let nssDir: string;
  let sim: CscSimulator;
  let pdf: Uint8Array;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'csc-config-'));
    const pki = generateDevPki({ dir: join(dir, 'pki'), organisation: 'Gemeente Testdorp' });
    nssDir = pki.nssDir!;
    const tls = generateMagdaDevCertificates(join(dir, 'tls'));
    writeFileSync(join(dir, 'csc-ca.pem'), tls.ca.cert);
    sim = await startCscSimulator({
      tls: tls.server,
      seal: { key: readFileSync(pki.sealKey, 'utf8'), chain: readFileSync(pki.chain, 'utf8') },
      clientId: 'loket-testdorp',
      clientSecret: 'from-the-environment',
      credentialId: 'testdorp-seal',
    });
    pdf = await createPlainDocumentFactory().render({
      kind: 'attest',
      title: 'Attest van woonst',
      source: 'Gemeente Testdorp',
      language: 'nl',
      gemeenteVanAfgifte: '99999',
      issuedAt: new Date(),
      lines: ['Een testdocument.'],
    });
  });
  afterAll(async () => {
    delete process.env[ENV];
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function signerFromConfig(signer: Record<string, unknown>): Promise<Signer> {
    const config = validateConfig({
      municipality: {
        name: { nl: 'Gemeente Testdorp' },
        nisCode: '99999',
        address: { street: 'Marktplein 1', postcode: '9999', city: 'Testdorp' },
      },
      baseUrl: 'https://loket.testdorp.be',
      signer,
      plugins: [],
    });
    const parts = productionParts(config, {
      baseDir: dir,
      baseUrl: 'https://loket.testdorp.be',
      clock: systemClock,
      logger: silentLogger,
    });
    await parts.stop();
    const factory = parts.services.find((s) => s.ref.id === coreServices.signer.id)!;
    return (await factory.factory({})) as Signer;
  }
  const cscConfig = (o: Record<string, unknown> = {}) => ({
    kind: 'csc',
    url: sim.url,
    clientId: 'loket-testdorp',
    clientSecretEnv: ENV,
    credentialId: 'testdorp-seal',
    caFile: 'csc-ca.pem',
    ...o,
  });

  it('seals through the trust service from the configuration; pdfsig says valid and trusted', async () => {
    process.env[ENV] = 'from-the-environment';
    const signer = await signerFromConfig(cscConfig());
    const signed = await signer.sign(pdf, {
      reason: 'Attest',
      location: 'Testdorp',
      name: 'Gemeente Testdorp',
      signingTime: new Date(),
    });
    const file = join(dir, 'sealed.pdf');
    writeFileSync(file, signed);
    const out = (await run('pdfsig', ['-nssdir', `sql:${nssDir}`, file], { encoding: 'utf8' })).stdout;
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Certificate is Trusted.');
    expect(out).toContain('TEST seal Gemeente Testdorp');
    expect(sim.calls.map((c) => c.path)).toEqual([
      'oauth2/token',
      'credentials/info',
      'credentials/authorize',
      'signatures/signHash',
    ]);
  });

  it('every option reaches the service: secret from the environment, credential id, CA file', async () => {
    process.env[ENV] = 'not-the-secret';
    await expect(signerFromConfig(cscConfig())).rejects.toThrow(CscSignerError);
    process.env[ENV] = 'from-the-environment';
    await expect(signerFromConfig(cscConfig({ credentialId: 'other' }))).rejects.toThrow(
      /Invalid parameter credentialID/,
    );
    await expect(signerFromConfig(cscConfig({ caFile: undefined }))).rejects.toThrow(/unreachable/);
    await expect(signerFromConfig(cscConfig({ caFile: 'missing.pem' }))).rejects.toThrow(ConfigError);
    delete process.env[ENV];
    await expect(signerFromConfig(cscConfig())).rejects.toThrow(/SMARTLOKET_TEST_CSC_SECRET is not set/);
    process.env[ENV] = 'from-the-environment';
    await expect(signerFromConfig(cscConfig({ url: 'http://127.0.0.1:1' }))).rejects.toThrow();
  });

  it('smartloket doctor makes a test signature through the trust service and reports the chain', async () => {
    process.env[ENV] = 'from-the-environment';
    const config = {
      municipality: {
        name: { nl: 'Gemeente Testdorp' },
        nisCode: '99999',
        address: { street: 'Marktplein 1', postcode: '9999', city: 'Testdorp' },
      },
      database: { url: 'sqlite:.data/doctor.sqlite' },
      signer: cscConfig(),
    };
    writeFileSync(
      join(dir, 'csc.config.mjs'),
      `export default { ...${JSON.stringify(config)}, plugins: [] };\n`,
    );
    const runDoctor = async () => {
      let data: { checks: Check[] } | undefined;
      const out: Output = {
        ...createOutput({ json: true }),
        result(d) {
          data = d as typeof data;
        },
      };
      await doctor({ cwd: dir, config: 'csc.config.mjs', timeoutMs: 3000 }, out);
      return data!.checks;
    };
    const checks = await runDoctor();
    expect(checks.find((c) => c.name === 'signer')).toMatchObject({
      ok: true,
      detail: expect.stringContaining('CSC test signature verified with the seal certificate TEST seal'),
    });
    expect(checks.some((c) => c.name.startsWith('certificate') && c.name.includes('TEST seal'))).toBe(true);
    expect(JSON.stringify(checks)).not.toContain('from-the-environment');
    process.env[ENV] = 'wrong';
    expect((await runDoctor()).find((c) => c.name === 'signer')).toMatchObject({
      ok: false,
      detail: expect.stringContaining('refused the client credentials'),
    });
  });
});
