import { execFile, execFileSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCertificate } from '../../../tests/support/sample-certificate.js';
import {
  type OcspResponder,
  startOcspResponder,
  startTimestampAuthority,
} from '../../dev-world/src/trust/authorities.js';
import { bytesOf, derLength, kids, OID, oidOf, parse, toPem } from './der.js';
import {
  CertificateValidityError,
  certificateExpiry,
  createPadesSigner,
  createRemoteSigner,
  type DevPki,
  generateDevPki,
  issueCertificate,
  signingServiceHandler,
  verifyPdf,
} from './index.js';

function has(tool: string, pkg: string): boolean {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI) throw new Error(`${tool} is missing (Debian package ${pkg})`);
    console.warn(`skipping signer-pades tests: ${tool} not installed (apt-get install ${pkg})`);
    return false;
  }
}
const tools = has('pdfsig', 'poppler-utils') && has('certutil', 'libnss3-tools') && has('openssl', 'openssl');

const run = promisify(execFile);
const meta = { reason: 'Attest van woonst', location: 'Zottegem', name: 'Gemeente Zottegem' };

describe.runIf(tools)('PAdES seals checked by pdfsig and openssl', () => {
  let dir: string;
  let pki: DevPki;
  let pdf: Uint8Array;
  let ocsp: OcspResponder;
  let tsa: Awaited<ReturnType<typeof startTimestampAuthority>>;
  const chainPem = () => readFileSync(pki.chain, 'utf8');
  const caPem = () => readFileSync(pki.caCertificate, 'utf8');
  let n = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'signer-pades-'));
    // The OCSP responder serves files written after it starts; its URL goes into the seal.
    const lazy = { ca: join(dir, 'ca.pem'), cert: join(dir, 'ocsp.pem'), key: join(dir, 'ocsp.key'), dir };
    ocsp = await startOcspResponder(lazy);
    pki = generateDevPki({ dir, organisation: 'Gemeente Zottegem', tsa: true, ocspUrl: ocsp.url });
    ocsp.set(readFileSync(pki.sealCertificate, 'utf8'), false);
    tsa = await startTimestampAuthority({
      cert: pki.tsaCertificate!,
      key: pki.tsaKey!,
      chain: pki.caCertificate,
    });
    pdf = await sampleCertificate();
  });
  afterAll(async () => {
    await ocsp?.close();
    await tsa?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (bytes: Uint8Array) => {
    const file = join(dir, `doc${++n}.pdf`);
    writeFileSync(file, bytes);
    return file;
  };
  /** Async: pdfsig asks the in-process OCSP responder, so the event loop must keep running. */
  const pdfsig = async (bytes: Uint8Array) =>
    (await run('pdfsig', ['-nssdir', `sql:${pki.nssDir}`, write(bytes)], { encoding: 'utf8' })).stdout;
  /** The CMS of the (first) signature. */
  const cmsOf = (bytes: Uint8Array) => {
    const text = Buffer.from(bytes).toString('latin1');
    const m = text.match(/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)/)!;
    const hex = Buffer.from(text.slice(Number(m[2]) + 1, Number(m[3]) - 1), 'hex');
    return hex.subarray(0, derLength(hex));
  };

  it('B-B: pdfsig says valid and trusted; openssl shows signing-certificate-v2 and no signing-time', async () => {
    expect(pki.nssDir).toBeDefined();
    const signer = createPadesSigner({
      key: readFileSync(pki.sealKey, 'utf8'),
      certificateChain: [chainPem()],
    });
    expect(signer.id).toBe('pades');
    const signed = await signer.sign(pdf, { ...meta, signingTime: new Date() });
    expect(Buffer.from(signed.subarray(0, pdf.length)).equals(Buffer.from(pdf))).toBe(true);
    const out = await pdfsig(signed);
    expect(out).toContain('Signature Type: ETSI.CAdES.detached');
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Certificate is Trusted.');
    expect(out).toContain('TEST seal Gemeente Zottegem');

    const cmsFile = join(dir, 'bb.p7s');
    writeFileSync(cmsFile, cmsOf(signed));
    const printed = execFileSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', cmsFile], {
      encoding: 'utf8',
    });
    expect(printed).toMatch(/signingCertificateV2/i);
    expect(printed).toContain('messageDigest');
    expect(printed).toContain('contentType');
    expect(printed).not.toMatch(/signingTime/i);

    const v = await verifyPdf(signed, { trustedCertificatesPem: caPem() });
    expect(v.valid).toBe(true);
    expect(v.signatures).toHaveLength(1);
    const s = v.signatures[0]!;
    expect(s).toMatchObject({
      digestOk: true,
      signatureOk: true,
      coversWholeDocument: true,
      signingCertificateV2: true,
    });
    expect(s.subFilter).toBe('ETSI.CAdES.detached');
    expect(s.signer?.subject).toContain('TEST seal Gemeente Zottegem');
    expect(s.certificate.trusted).toBe(true);
    expect(s.timestamp).toBeUndefined();
    expect(v.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Not trusted by someone who trusts another CA.
    const other = await verifyPdf(signed, {
      trustedCertificatesPem: readFileSync(pki.tsaCertificate!, 'utf8'),
    });
    expect(other.signatures[0]!.certificate.trusted).toBe(false);
    expect(other.valid).toBe(false);
  });

  it('one byte changed inside the signed range gives "Digest Mismatch."', async () => {
    const signer = createPadesSigner({ pkcs12: readFileSync(pki.sealPkcs12!), passphrase: pki.passphrase });
    const signed = Buffer.from(await signer.sign(pdf, { ...meta, signingTime: new Date() }));
    expect(await pdfsig(signed)).toContain('Signature is Valid.');
    // A byte of the binary comment on the second line: the file still parses, the digest breaks.
    expect(signed[10]! & 0x80).toBe(0x80);
    signed[10] = signed[10]! ^ 0x01;
    expect(await pdfsig(signed)).toContain('Digest Mismatch.');
    const v = await verifyPdf(signed, { trustedCertificatesPem: caPem() });
    expect(v.signatures[0]!.digestOk).toBe(false);
    expect(v.valid).toBe(false);
  });

  it('B-T: the timestamp token covers the signature and openssl ts -verify accepts it', async () => {
    const signer = createPadesSigner({
      key: readFileSync(pki.sealKey, 'utf8'),
      certificateChain: [chainPem()],
      tsaUrl: tsa.url,
    });
    const signed = await signer.sign(pdf, { ...meta, signingTime: new Date() });
    const out = await pdfsig(signed);
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Certificate is Trusted.');

    const si = kids(kids(kids(kids(kids(parse(cmsOf(signed)))[1]!)[0]!).at(-1)!)[0]!);
    const sigValue = bytesOf(si[5]!);
    const unsigned = kids(si[6]!);
    expect(oidOf(kids(unsigned[0]!)[0]!)).toBe(OID.timeStampToken);
    const { der } = await import('./der.js');
    const token = der(kids(kids(unsigned[0]!)[1]!)[0]!);
    writeFileSync(join(dir, 'sig.bin'), sigValue);
    writeFileSync(join(dir, 'token.der'), token);
    const verified = execFileSync(
      'openssl',
      [
        'ts',
        '-verify',
        '-data',
        join(dir, 'sig.bin'),
        '-in',
        join(dir, 'token.der'),
        '-token_in',
        '-CAfile',
        pki.caCertificate,
        '-untrusted',
        pki.tsaCertificate!,
      ],
      { encoding: 'utf8' },
    );
    expect(verified).toContain('Verification: OK');

    const v = await verifyPdf(signed, { trustedCertificatesPem: caPem() });
    expect(v.valid).toBe(true);
    expect(v.signatures[0]!.timestamp).toMatchObject({ imprintOk: true, signatureOk: true });
    expect(v.signatures[0]!.timestamp!.authority).toContain('timestamp authority');
  });

  it('B-LT: a DSS with chain and OCSP responses is appended and the signature stays valid', async () => {
    const signer = createPadesSigner({
      key: readFileSync(pki.sealKey, 'utf8'),
      certificateChain: [chainPem()],
      tsaUrl: tsa.url,
      ltv: true,
    });
    const signed = await signer.sign(pdf, { ...meta, signingTime: new Date() });
    const out = await pdfsig(signed);
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Certificate is Trusted.');
    const text = Buffer.from(signed).toString('latin1');
    expect(text).toMatch(/\/Type \/DSS \/Certs \[[^\]]+\] \/OCSPs \[[^\]]+\] \/VRI <<\/[0-9A-F]{40} <</);

    const v = await verifyPdf(signed, { trustedCertificatesPem: caPem() });
    const s = v.signatures[0]!;
    expect(v.valid).toBe(true);
    expect(s.coversWholeDocument).toBe(false);
    expect(s.dss.certs).toBeGreaterThanOrEqual(3); // seal, CA, TSA
    expect(s.dss.ocsps).toBeGreaterThanOrEqual(1);
    expect(s.certificate.revoked).toBe(false);
  });

  it('B-LTA: a document timestamp follows the DSS; pdfsig validates both signatures', async () => {
    const signer = createPadesSigner({
      key: readFileSync(pki.sealKey, 'utf8'),
      certificateChain: [chainPem()],
      tsaUrl: tsa.url,
      level: 'B-LTA',
    });
    const signed = Buffer.from(await signer.sign(pdf, { ...meta, signingTime: new Date() }));
    const text = signed.toString('latin1');
    // Three incremental updates: the seal, the DSS, then the document timestamp.
    const dssAt = text.search(/\/Type \/DSS \/Certs \[[^\]]+\] \/OCSPs \[[^\]]+\] \/VRI <<\/[0-9A-F]{40} <</);
    const docTsAt = text.indexOf('/Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161');
    expect(dssAt).toBeGreaterThan(0);
    expect(docTsAt).toBeGreaterThan(dssAt);
    expect(text.match(/%%EOF/g)!.length).toBeGreaterThanOrEqual(4);
    // The document timestamp covers everything but its own /Contents.
    const br = [...text.matchAll(/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/g)].pop()!.slice(1).map(Number);
    expect(br[2]! + br[3]!).toBe(signed.length);

    const out = await pdfsig(signed);
    // pdfsig (poppler 22.12) checks the seal and reads the document timestamp (its signer, the
    // whole document covered) but does not verify RFC 3161 tokens: openssl does that below.
    const [seal, docTs] = out.split('Signature #2:');
    expect(seal).toContain('Signature is Valid.');
    expect(seal).toContain('Certificate is Trusted.');
    expect(docTs).toContain('timestamp authority');
    expect(docTs).toContain('Total document signed');
    expect(out).not.toContain('Digest Mismatch');

    // The token's imprint is the SHA-256 of the byte ranges; openssl ts -verify checks it.
    const token = Buffer.from(text.slice(br[1]! + 1, br[2]! - 1), 'hex');
    const tokenFile = write(token.subarray(0, derLength(token)));
    const data = write(
      Buffer.concat([signed.subarray(br[0]!, br[0]! + br[1]!), signed.subarray(br[2]!, br[2]! + br[3]!)]),
    );
    const ts = await run(
      'openssl',
      ['ts', '-verify', '-data', data, '-in', tokenFile, '-token_in', '-CAfile', pki.caCertificate],
      { encoding: 'utf8' },
    );
    expect(ts.stdout).toContain('Verification: OK');

    // The verification page's verifier still judges the seal valid.
    const v = await verifyPdf(signed, { trustedCertificatesPem: caPem() });
    expect(v.valid).toBe(true);
    expect(v.signatures[0]!.dss.ocsps).toBeGreaterThanOrEqual(1);
    expect(v.signatures[1]).toMatchObject({
      subFilter: 'ETSI.RFC3161',
      digestOk: true,
      coversWholeDocument: true,
    });
    // A byte changed in the DSS (covered by the archive timestamp only) breaks the timestamp.
    const tampered = Buffer.from(signed);
    tampered[dssAt + 2] = 'X'.charCodeAt(0);
    const t = await verifyPdf(tampered, { trustedCertificatesPem: caPem() });
    expect(t.signatures[1]!.digestOk).toBe(false);
    expect(t.valid).toBe(false);
  });

  it('a level of B-T or above without a timestamp authority is refused', () => {
    expect(() =>
      createPadesSigner({
        key: readFileSync(pki.sealKey, 'utf8'),
        certificateChain: [chainPem()],
        level: 'B-LT',
      }),
    ).toThrow(/B-LT needs a timestamp authority/);
  });

  it('a revoked seal certificate is reported revoked by pdfsig and verifyPdf', async () => {
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const cert = issueCertificate({
      subject: [['CN', 'TEST revoked seal']],
      publicKey: key,
      issuerCertificate: new X509Certificate(caPem()).raw,
      issuerKey: createPrivateKey(readFileSync(pki.caKey)),
      notBefore: new Date(Date.now() - 3_600_000),
      notAfter: new Date(Date.now() + 86_400_000),
      profile: 'seal',
      ocspUrl: ocsp.url,
    });
    ocsp.set(toPem(cert), true);
    const signer = createPadesSigner({ key, certificateChain: [toPem(cert), caPem()], ltv: true });
    const signed = await signer.sign(pdf, { ...meta, signingTime: new Date() });
    expect(await pdfsig(signed)).toContain('Certificate has been Revoked.');
    const v = await verifyPdf(signed, { trustedCertificatesPem: caPem() });
    expect(v.signatures[0]!.certificate.revoked).toBe(true);
    expect(v.valid).toBe(false);
  });

  it('signs with an ECDSA P-256 key', async () => {
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const cert = issueCertificate({
      subject: [['CN', 'TEST ECDSA seal']],
      publicKey: key,
      issuerCertificate: new X509Certificate(caPem()).raw,
      issuerKey: createPrivateKey(readFileSync(pki.caKey)),
      notBefore: new Date(Date.now() - 3_600_000),
      notAfter: new Date(Date.now() + 86_400_000),
      profile: 'seal',
    });
    const signer = createPadesSigner({ key, certificateChain: [toPem(cert), caPem()] });
    const signed = await signer.sign(pdf, { ...meta, signingTime: new Date() });
    const out = await pdfsig(signed);
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Certificate is Trusted.');
    expect((await verifyPdf(signed, { trustedCertificatesPem: caPem() })).valid).toBe(true);
  });

  it('refuses to sign with an expired or not-yet-valid certificate', async () => {
    const signer = createPadesSigner({
      key: readFileSync(pki.sealKey, 'utf8'),
      certificateChain: [chainPem()],
    });
    const late = new Date(pki.notAfter.getTime() + 86_400_000);
    await expect(signer.sign(pdf, { ...meta, signingTime: late })).rejects.toThrow(CertificateValidityError);
    await expect(signer.sign(pdf, { ...meta, signingTime: late })).rejects.toThrow(/expired/);
    await expect(
      signer.sign(pdf, { ...meta, signingTime: new Date('2020-01-01T00:00:00Z') }),
    ).rejects.toThrow(/not valid yet/);
  });

  it('a remote signing service signs the digest; the seal verifies', async () => {
    const server = createServer(
      signingServiceHandler(createPrivateKey(readFileSync(pki.sealKey)), { token: 't0k' }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sign`;
      const signer = createRemoteSigner({
        url,
        headers: { authorization: 'Bearer t0k' },
        certificateChain: [chainPem()],
      });
      const signed = await signer.sign(pdf, { ...meta, signingTime: new Date() });
      const out = await pdfsig(signed);
      expect(out).toContain('Signature is Valid.');
      expect(out).toContain('Certificate is Trusted.');
      const refused = createRemoteSigner({ url, certificateChain: [chainPem()] });
      await expect(refused.sign(pdf, { ...meta, signingTime: new Date() })).rejects.toThrow(/401/);
      expect(() =>
        createRemoteSigner({ url: 'http://example.org/sign', certificateChain: [chainPem()] }),
      ).toThrow(/https/);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('certificateExpiry warns 30 days ahead', () => {
    const [seal] = certificateExpiry(chainPem(), { now: new Date(pki.notAfter.getTime() - 20 * 86_400_000) });
    expect(seal!.expiresSoon).toBe(true);
    expect(seal!.daysLeft).toBe(20);
    const [fresh, ca] = certificateExpiry(chainPem());
    expect(fresh!.expiresSoon).toBe(false);
    expect(ca!.subject).toContain('TEST CA');
  });
});
