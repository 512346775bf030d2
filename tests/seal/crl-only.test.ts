/**
 * A seal whose certificate names a CRL distribution point and no OCSP responder: B-LT fetches the
 * CA's CRL over HTTP and puts it in the DSS (with its VRI entry); pdfsig validates the seal.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  crlHandler,
  type Handler,
  type LocalService,
  serve,
  startTimestampAuthority,
} from '@smartloket/dev-world/trust';
import {
  createPadesSigner,
  crlUrlOf,
  type DevPki,
  generateDevPki,
  ocspUrlOf,
  parseCrl,
  probeRevocation,
  verifyPdf,
} from '@smartloket/signer-pades';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCertificate } from '../support/sample-certificate.js';

function has(tool: string, pkg: string): boolean {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI) throw new Error(`${tool} is missing (Debian package ${pkg})`);
    console.warn(`skipping the CRL-only seal test: ${tool} not installed (apt-get install ${pkg})`);
    return false;
  }
}
const tools = has('pdfsig', 'poppler-utils') && has('certutil', 'libnss3-tools') && has('openssl', 'openssl');
const run = promisify(execFile);

describe.runIf(tools)('B-LT with a CRL distribution point and no OCSP responder', () => {
  let dir: string;
  let pki: DevPki;
  let crls: LocalService;
  let tsa: LocalService;
  let crl: ReturnType<typeof crlHandler>;
  /** What the distribution point answers: the CA's CRL unless a test swaps it. */
  let answer: Handler;
  let pdf: Uint8Array;
  let n = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'seal-crl-'));
    // The certificates carry the distribution point's URL: start it first, bind the CA later.
    crls = await serve([
      { prefix: '/crl', type: 'application/pkix-crl', handle: (b, r, q) => answer(b, r, q) },
    ]);
    pki = generateDevPki({
      dir,
      organisation: 'Gemeente Crldorp',
      tsa: true,
      crlUrl: `${crls.url}/crl/ca.crl`,
    });
    crl = crlHandler({ certificate: pki.caCertificate, key: pki.caKey });
    answer = crl.handle;
    tsa = await startTimestampAuthority({
      cert: pki.tsaCertificate!,
      key: pki.tsaKey!,
      chain: pki.caCertificate,
    });
    pdf = await sampleCertificate();
  });
  afterAll(async () => {
    await crls?.close();
    await tsa?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const seal = async () => {
    const signer = createPadesSigner({
      key: readFileSync(pki.sealKey, 'utf8'),
      certificateChain: [readFileSync(pki.chain, 'utf8')],
      tsaUrl: tsa.url,
      level: 'B-LT',
    });
    return Buffer.from(
      await signer.sign(pdf, {
        reason: 'Attest',
        location: 'Crldorp',
        name: 'Gemeente Crldorp',
        signingTime: new Date(),
      }),
    );
  };
  const dssOf = (text: string) => [...text.matchAll(/<<\/Type \/DSS ([^\n]*)>>\nendobj/g)].pop()?.[1];
  const streamsOf = (text: string, dict: string, key: string): Buffer[] => {
    const refs = dict.match(new RegExp(`/${key} \\[([^\\]]*)\\]`))?.[1]?.match(/\d+(?= 0 R)/g) ?? [];
    return refs.map((num) => {
      const m = text.match(new RegExp(`\\n${num} 0 obj\\n<</Length (\\d+)>>\\nstream\\n`))!;
      const at = m.index! + m[0].length;
      return Buffer.from(text.slice(at, at + Number(m[1])), 'latin1');
    });
  };

  it('the certificates name the distribution point and no responder', () => {
    const der = Buffer.from(
      readFileSync(pki.sealCertificate, 'utf8').replace(/-----[^-]+-----|\s/g, ''),
      'base64',
    );
    expect(crlUrlOf(der)).toEqual([`${crls.url}/crl/ca.crl`]);
    expect(ocspUrlOf(der)).toBeUndefined();
  });

  it('puts the CA CRL in the DSS and its VRI entry; pdfsig validates the seal', async () => {
    const signed = await seal();
    const file = join(dir, `doc${++n}.pdf`);
    writeFileSync(file, signed);
    const { stdout } = await run('pdfsig', ['-nssdir', `sql:${pki.nssDir}`, file], { encoding: 'utf8' });
    expect(stdout).toContain('Signature is Valid.');
    expect(stdout).toContain('Certificate is Trusted.');

    const text = signed.toString('latin1');
    const dss = dssOf(text)!;
    expect(dss).toBeDefined();
    expect(dss).not.toContain('/OCSPs');
    const list = streamsOf(text, dss, 'CRLs');
    expect(list).toHaveLength(1); // one CRL for the seal and the TSA certificate (same CA)
    expect(dss).toMatch(/\/VRI <<\/[0-9A-F]{40} <<\/Cert \[[^\]]+\] \/CRL \[[^\]]+\]>>/);
    // openssl verifies the embedded CRL with the test CA.
    const crlFile = join(dir, 'embedded.crl');
    writeFileSync(crlFile, list[0]!);
    const shown = await run(
      'openssl',
      ['crl', '-inform', 'DER', '-in', crlFile, '-CAfile', pki.caCertificate, '-noout'],
      {
        encoding: 'utf8',
      },
    );
    expect(shown.stderr + shown.stdout).toContain('verify OK');

    const v = await verifyPdf(signed, { trustedCertificatesPem: readFileSync(pki.caCertificate, 'utf8') });
    expect(v.valid).toBe(true);
    expect(v.signatures[0]!.dss).toMatchObject({ ocsps: 0, crls: 1 });
    expect(v.signatures[0]!.timestamp?.imprintOk).toBe(true);
  });

  it("the doctor's revocation probe reads the CRL when the certificate names no responder", async () => {
    const [result] = await probeRevocation([readFileSync(pki.chain, 'utf8')]);
    expect(result).toEqual({
      ok: true,
      detail: `"TEST seal Gemeente Crldorp - not for production": CRL ${crls.url} does not list it`,
    });
  });

  it('a revoked seal shows up in the next CRL the DSS carries, and the probe says so', async () => {
    crl.revoke(readFileSync(pki.sealCertificate, 'utf8'));
    const [probed] = await probeRevocation([readFileSync(pki.chain, 'utf8')]);
    expect(probed).toMatchObject({ ok: false, detail: expect.stringContaining('lists it as revoked') });
    const signed = await seal();
    const text = signed.toString('latin1');
    const [embedded] = streamsOf(text, dssOf(text)!, 'CRLs');
    const serial = execFileSync('openssl', ['x509', '-in', pki.sealCertificate, '-noout', '-serial'], {
      encoding: 'utf8',
    })
      .trim()
      .replace(/^serial=(00)*/, '');
    expect([...parseCrl(embedded!).revoked]).toContain(serial.toUpperCase());
  });

  it('refuses B-LT when the distribution point fails or serves a CRL the CA did not sign', async () => {
    answer = async () => {
      throw new Error('down');
    };
    await expect(seal()).rejects.toThrow(/CRL distribution point .* answered HTTP 500/);
    const other = generateDevPki({ dir: join(dir, 'other'), organisation: 'Andere', nss: false });
    answer = crlHandler({ certificate: other.caCertificate, key: other.caKey }).handle;
    await expect(seal()).rejects.toThrow(/not signed by the issuer/);
    answer = crl.handle;
  });
});
