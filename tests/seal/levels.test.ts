/**
 * `signer.level` from the configuration file to the sealed document: the production composition
 * seals B-B, B-T, B-LT and B-LTA as configured; pdfsig validates each seal, and the PDF objects
 * show the DSS (certificates, OCSP responses, VRI) and the timestamps.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { coreServices, type Signer, silentLogger, systemClock } from '@smartloket/core';
import { startCscSimulator } from '@smartloket/dev-world/csc';
import { generateMagdaDevCertificates } from '@smartloket/dev-world/magda';
import {
  type LocalService,
  type OcspResponder,
  startOcspResponder,
  startTimestampAuthority,
} from '@smartloket/dev-world/trust';
import { renderCertificate } from '@smartloket/renderer-pdf';
import { type DevPki, generateDevPki, issueCertificate } from '@smartloket/signer-pades';
import { hasSoftHsm, initSoftHsmToken, Pkcs11Token } from '@smartloket/signer-pkcs11';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productionParts } from '../../packages/cli/src/compose/production.js';
import { loadConfig } from '../../packages/cli/src/load-config.js';

function has(tool: string, pkg: string): boolean {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI) throw new Error(`${tool} is missing (Debian package ${pkg})`);
    console.warn(`skipping seal level tests: ${tool} not installed (apt-get install ${pkg})`);
    return false;
  }
}
const tools = has('pdfsig', 'poppler-utils') && has('certutil', 'libnss3-tools') && has('openssl', 'openssl');
const run = promisify(execFile);

describe.runIf(tools)('signer.level: from the config file to the sealed document', () => {
  let dir: string;
  let pki: DevPki;
  let ocsp: OcspResponder;
  let tsa: LocalService;
  let pdf: Uint8Array;
  let n = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'seal-level-'));
    ocsp = await startOcspResponder({
      ca: join(dir, 'ca.pem'),
      cert: join(dir, 'ocsp.pem'),
      key: join(dir, 'ocsp.key'),
      dir,
    });
    pki = generateDevPki({ dir, organisation: 'Gemeente Testdorp', tsa: true, ocspUrl: ocsp.url });
    ocsp.set(readFileSync(pki.sealCertificate, 'utf8'), false);
    tsa = await startTimestampAuthority({
      cert: pki.tsaCertificate!,
      key: pki.tsaKey!,
      chain: pki.caCertificate,
    });
    pdf = await renderCertificate({
      municipality: {
        name: { nl: 'Gemeente Testdorp' },
        nisCode: '99999',
        address: { street: 'Markt 1', postcode: '9999', city: 'Testdorp' },
        baseUrl: 'https://loket.testdorp.be',
      },
      locale: 'nl',
      title: 'Attest van woonst',
      blocks: [{ type: 'paragraph', text: 'Łukasz Ødegaard-Çelik woont in Testdorp.' }],
      issuedAt: new Date(),
    });
  });
  afterAll(async () => {
    await ocsp?.close();
    await tsa?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Writes a config file with this signer section, loads it and seals through the production parts. */
  async function sealWith(signer: Record<string, unknown>): Promise<Buffer> {
    const file = join(dir, `level${++n}.config.mjs`);
    const config = {
      municipality: {
        name: { nl: 'Gemeente Testdorp' },
        nisCode: '99999',
        address: { street: 'Markt 1', postcode: '9999', city: 'Testdorp' },
      },
      baseUrl: 'https://loket.testdorp.be',
      signer: signer.kind ? signer : { kind: 'pem', keyFile: pki.sealKey, chainFile: pki.chain, ...signer },
    };
    writeFileSync(file, `export default { ...${JSON.stringify(config)}, plugins: [] };\n`);
    const loaded = await loadConfig(file);
    const parts = productionParts(loaded.config, {
      baseDir: loaded.baseDir,
      baseUrl: 'https://loket.testdorp.be',
      clock: systemClock,
      logger: silentLogger,
    });
    try {
      const factory = parts.services.find((s) => s.ref === coreServices.signer)!;
      const seal = (await factory.factory({})) as Signer;
      const meta = {
        reason: 'Attest van woonst',
        location: 'Testdorp',
        name: 'Gemeente Testdorp',
        signingTime: new Date(),
      };
      return Buffer.from(await seal.sign(pdf, meta));
    } finally {
      await parts.stop();
    }
  }

  const pdfsig = async (bytes: Uint8Array) => {
    const file = join(dir, `doc${++n}.pdf`);
    writeFileSync(file, bytes);
    return (await run('pdfsig', ['-nssdir', `sql:${pki.nssDir}`, file], { encoding: 'utf8' })).stdout;
  };
  /** The PDF's DSS dictionary (the last one written), or undefined. */
  const dssOf = (text: string) => [...text.matchAll(/<<\/Type \/DSS ([^\n]*)>>\nendobj/g)].pop()?.[1];
  /** The streams an array of references in `dict` under `key` points to. */
  const streamsOf = (text: string, dict: string, key: string): Buffer[] => {
    const refs = dict.match(new RegExp(`/${key} \\[([^\\]]*)\\]`))?.[1]?.match(/\d+(?= 0 R)/g) ?? [];
    return refs.map((num) => {
      const m = text.match(new RegExp(`\\n${num} 0 obj\\n<</Length (\\d+)>>\\nstream\\n`))!;
      const at = m.index! + m[0].length;
      return Buffer.from(text.slice(at, at + Number(m[1])), 'latin1');
    });
  };

  /** What pdfsig says about the seal (the first signature). */
  async function sealReport(bytes: Buffer): Promise<string> {
    const out = await pdfsig(bytes);
    const seal = out.split('Signature #2:')[0]!;
    expect(seal).toContain('Signature is Valid.');
    expect(seal).toContain('Certificate is Trusted.');
    expect(out).not.toContain('Digest Mismatch');
    return out;
  }

  it('B-B by default, B-T with signer.tsaUrl: no DSS, and a signature timestamp only with the TSA', async () => {
    const bb = await sealWith({});
    await sealReport(bb);
    expect(dssOf(bb.toString('latin1'))).toBeUndefined();
    const bt = await sealWith({ tsaUrl: tsa.url });
    await sealReport(bt);
    expect(dssOf(bt.toString('latin1'))).toBeUndefined();
    // The timestamp token (id-smime-aa-timeStampToken) sits in the CMS as an unsigned attribute.
    const tokenOid = Buffer.from('060b2a864886f70d010910020e', 'hex').toString('hex').toUpperCase();
    expect(bt.toString('latin1')).toContain(tokenOid);
    expect(bb.toString('latin1')).not.toContain(tokenOid);
  });

  it('B-LT: a DSS with the chain, OCSP responses and a VRI entry; the seal stays valid', async () => {
    const signed = await sealWith({ tsaUrl: tsa.url, level: 'B-LT' });
    const out = await sealReport(signed);
    expect(out).not.toContain('Signature #2');
    const text = signed.toString('latin1');
    const dss = dssOf(text)!;
    expect(dss).toBeDefined();
    const certs = streamsOf(text, dss, 'Certs');
    expect(certs.length).toBeGreaterThanOrEqual(3); // seal, CA, TSA
    expect(streamsOf(text, dss, 'OCSPs').length).toBeGreaterThanOrEqual(1);
    expect(dss).toMatch(/\/VRI <<\/[0-9A-F]{40} <<\/Cert \[[^\]]+\] \/OCSP \[[^\]]+\]>>/);
    // The OCSP response is openssl's, from our responder, and says "good" for the seal.
    const ocspFile = join(dir, 'resp.der');
    writeFileSync(ocspFile, streamsOf(text, dss, 'OCSPs')[0]!);
    const shown = await run('openssl', ['ocsp', '-respin', ocspFile, '-resp_text', '-noverify'], {
      encoding: 'utf8',
    });
    expect(shown.stdout).toContain('Cert Status: good');
    expect(text).not.toContain('/DocTimeStamp');
  });

  it('B-LTA: after the DSS a /DocTimeStamp over the whole document; the seal stays valid', async () => {
    const signed = await sealWith({ tsaUrl: tsa.url, level: 'B-LTA' });
    const out = await sealReport(signed);
    const text = signed.toString('latin1');
    const dssAt = text.search(/<<\/Type \/DSS /);
    const docTsAt = text.indexOf('<</Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161');
    expect(dssAt).toBeGreaterThan(0);
    expect(docTsAt).toBeGreaterThan(dssAt);
    const docTs = out.split('Signature #2:')[1]!;
    expect(docTs).toContain('timestamp authority');
    expect(docTs).toContain('Total document signed');
  });

  it('B-LT with the key in an HSM (signer.kind pkcs11, SoftHSM2): the same DSS and timestamp; pdfsig trusts it', async () => {
    if (!hasSoftHsm()) {
      if (process.env.CI) throw new Error('softhsm2-util is missing (Debian package softhsm2)');
      return;
    }
    // A token with a key generated inside it, and a seal certificate for that key from the test
    // CA, carrying the OCSP responder's URL like a qualified seal certificate does.
    const token = initSoftHsmToken(join(dir, 'hsm'), 'loket');
    const t = new Pkcs11Token({ module: token.module, tokenLabel: token.label, pin: () => token.pin });
    let chainFile: string;
    try {
      const key = await t.generateKey('e-zegel', 'rsa-2048');
      const caPem = readFileSync(pki.caCertificate, 'utf8');
      const notBefore = new Date(Date.now() - 3_600_000);
      const leaf = new X509Certificate(
        issueCertificate({
          subject: [
            ['C', 'BE'],
            ['O', 'Gemeente Testdorp (TEST)'],
            ['CN', 'TEST HSM seal Gemeente Testdorp'],
          ],
          publicKey: key.publicKey,
          issuerCertificate: new X509Certificate(caPem).raw,
          issuerKey: createPrivateKey(readFileSync(pki.caKey, 'utf8')),
          notBefore,
          notAfter: new Date(notBefore.getTime() + 365 * 86_400_000),
          profile: 'seal',
          ocspUrl: ocsp.url,
        }),
      ).toString();
      ocsp.set(leaf, false);
      chainFile = join(dir, 'hsm-chain.pem');
      writeFileSync(chainFile, `${leaf}${caPem}`);
      writeFileSync(join(dir, 'hsm.pin'), `${token.pin}\n`, { mode: 0o600 });
    } finally {
      t.close();
    }
    const signed = await sealWith({
      kind: 'pkcs11',
      module: token.module,
      tokenLabel: 'loket',
      keyLabel: 'e-zegel',
      pinFile: 'hsm.pin',
      chainFile,
      tsaUrl: tsa.url,
      level: 'B-LT',
    });
    const out = await sealReport(signed);
    expect(out).toContain('TEST HSM seal Gemeente Testdorp');
    const text = signed.toString('latin1');
    const dss = dssOf(text)!;
    expect(dss).toBeDefined();
    expect(streamsOf(text, dss, 'OCSPs').length).toBeGreaterThanOrEqual(1);
    expect(dss).toMatch(/\/VRI <<\/[0-9A-F]{40} <<\/Cert \[[^\]]+\] \/OCSP \[[^\]]+\]>>/);
    const tokenOid = '060B2A864886F70D010910020E'; // id-smime-aa-timeStampToken in the CMS
    expect(text).toContain(tokenOid);
  });

  it('B-LT through a remote trust service (signer.kind csc, the CSC API v2 simulator): DSS and timestamp; pdfsig trusts it', async () => {
    const tls = generateMagdaDevCertificates(join(dir, 'csc-tls'));
    writeFileSync(join(dir, 'csc-ca.pem'), tls.ca.cert);
    const sim = await startCscSimulator({
      tls: tls.server,
      seal: { key: readFileSync(pki.sealKey, 'utf8'), chain: readFileSync(pki.chain, 'utf8') },
      clientId: 'loket-testdorp',
      clientSecret: 'csc-secret',
      credentialId: 'testdorp-seal',
    });
    process.env.SMARTLOKET_TEST_LEVEL_CSC_SECRET = 'csc-secret';
    try {
      const signed = await sealWith({
        kind: 'csc',
        url: sim.url,
        clientId: 'loket-testdorp',
        clientSecretEnv: 'SMARTLOKET_TEST_LEVEL_CSC_SECRET',
        credentialId: 'testdorp-seal',
        caFile: 'csc-ca.pem',
        tsaUrl: tsa.url,
        level: 'B-LT',
      });
      await sealReport(signed);
      expect(sim.calls.map((c) => c.path)).toContain('signatures/signHash');
      const text = signed.toString('latin1');
      const dss = dssOf(text)!;
      expect(dss).toBeDefined();
      expect(streamsOf(text, dss, 'OCSPs').length).toBeGreaterThanOrEqual(1);
      expect(text).toContain('060B2A864886F70D010910020E'); // the signature timestamp token
    } finally {
      delete process.env.SMARTLOKET_TEST_LEVEL_CSC_SECRET;
      await sim.stop();
    }
  });

  it('a level above B-B without signer.tsaUrl is a configuration error naming the key', async () => {
    await expect(sealWith({ level: 'B-LT' })).rejects.toThrow(
      /signer\.tsaUrl.*B-LT needs a timestamp authority/,
    );
  });
});
