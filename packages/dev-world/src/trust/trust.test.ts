import { execFileSync, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crlUrlOf, ocspUrlOf, parseCrl, parseOcspResponse, timestampData } from '@smartloket/signer-pades';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevTrustServices, startDevTrustServices } from './index.js';

function has(tool: string, pkg: string): boolean {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI) throw new Error(`${tool} is missing (Debian package ${pkg})`);
    console.warn(`skipping the trust services tests: ${tool} not installed (apt-get install ${pkg})`);
    return false;
  }
}

/** An OCSP request for `certPem` by openssl, sent to the responder; the parsed answer. */
async function askOcsp(trust: DevTrustServices, certPem: string) {
  const dir = mkdtempSync(join(tmpdir(), 'ocsp-req-'));
  try {
    const req = join(dir, 'req.der');
    execFileSync('openssl', [
      'ocsp',
      '-issuer',
      trust.pki.caCertificate,
      '-cert',
      certPem,
      '-no_nonce',
      '-reqout',
      req,
    ]);
    const res = await fetch(trust.ocspUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request' },
      body: readFileSync(req),
    });
    expect(res.headers.get('content-type')).toBe('application/ocsp-response');
    return parseOcspResponse(Buffer.from(await res.arrayBuffer()));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.runIf(has('openssl', 'openssl'))('dev trust services (TSA, OCSP, CRL on one loopback port)', () => {
  let dir: string;
  let trust: DevTrustServices;
  const serialOf = (file: string) =>
    new X509Certificate(readFileSync(file)).serialNumber.replace(/^(00)+(?=.)/, '');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dev-trust-'));
    trust = await startDevTrustServices({ dir, organisation: 'Gemeente Smartegem', nss: false });
  });
  afterAll(async () => {
    await trust?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the seal and TSA certificates carry the responder (AIA) and the CRL distribution point', () => {
    expect(trust.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const file of [trust.pki.sealCertificate, trust.pki.tsaCertificate!]) {
      const der = new X509Certificate(readFileSync(file)).raw;
      expect(ocspUrlOf(der)).toBe(trust.ocspUrl);
      expect(crlUrlOf(der)).toEqual([trust.crlUrl]);
    }
    // Subjects say TEST once.
    const subject = new X509Certificate(readFileSync(trust.pki.sealCertificate)).subject;
    expect(subject).toContain('O=Gemeente Smartegem (TEST)');
    expect(subject).not.toContain('(TEST) (TEST)');
  });

  it('timestamps (RFC 3161) with a token signed by the test TSA', async () => {
    const ts = await timestampData(trust.tsaUrl, Buffer.from('anchor'));
    expect(ts.time.getTime()).toBeGreaterThan(Date.now() - 120_000);
  });

  it('answers OCSP "good" for the seal and the CRL lists nothing; after revoke() both say revoked', async () => {
    const seal = readFileSync(trust.pki.sealCertificate, 'utf8');
    const good = await askOcsp(trust, trust.pki.sealCertificate);
    expect(good.status).toBe('successful');
    expect(good.certs.get(serialOf(trust.pki.sealCertificate).toLowerCase())?.status).toBe('good');
    const crl = parseCrl(Buffer.from(await (await fetch(trust.crlUrl)).arrayBuffer()));
    expect(crl.revoked.size).toBe(0);
    expect(crl.nextUpdate!.getTime()).toBeGreaterThan(Date.now());

    trust.revoke(seal);
    const revoked = await askOcsp(trust, trust.pki.sealCertificate);
    expect(revoked.certs.get(serialOf(trust.pki.sealCertificate).toLowerCase())?.status).toBe('revoked');
    const bytes = Buffer.from(await (await fetch(trust.crlUrl)).arrayBuffer());
    const after = parseCrl(bytes);
    expect([...after.revoked]).toEqual([serialOf(trust.pki.sealCertificate)]);
    // openssl reads the CRL and verifies it with the test CA.
    const file = join(dir, 'ca.crl');
    writeFileSync(file, bytes);
    const shown = spawnSync(
      'openssl',
      ['crl', '-inform', 'DER', '-in', file, '-CAfile', trust.pki.caCertificate, '-noout', '-text'],
      { encoding: 'utf8' },
    );
    expect(shown.stderr + shown.stdout).toContain('verify OK');
    expect(shown.stdout).toContain(`Serial Number: ${serialOf(trust.pki.sealCertificate)}`);
  });

  it('answers 404 outside its three services', async () => {
    expect((await fetch(`${trust.url}/other`)).status).toBe(404);
  });

  it('keeps its port and PKI on the next start (the certificates carry its URLs)', async () => {
    const { url } = trust;
    const ca = readFileSync(trust.pki.caCertificate, 'utf8');
    await trust.stop();
    trust = await startDevTrustServices({ dir, organisation: 'Gemeente Smartegem', nss: false });
    expect(trust.url).toBe(url);
    expect(readFileSync(trust.pki.caCertificate, 'utf8')).toBe(ca);
    // Another organisation: a new PKI.
    await trust.stop();
    trust = await startDevTrustServices({ dir, organisation: 'Gemeente Andere', nss: false });
    expect(readFileSync(trust.pki.caCertificate, 'utf8')).not.toBe(ca);
    expect(new X509Certificate(readFileSync(trust.pki.sealCertificate)).subject).toContain('Gemeente Andere');
  });
});
