import { execFile, execFileSync } from 'node:child_process';
import { createVerify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { verifyPdf } from '@smartloket/signer-pades';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCertificate } from '../../../tests/support/sample-certificate.js';
import {
  createCsr,
  createPkcs11Signer,
  hasSoftHsm,
  Pkcs11Token,
  Pkcs11TokenError,
  readPin,
  type SoftHsmDevSeal,
  softHsmDevSeal,
} from './index.js';

function available(): boolean {
  if (hasSoftHsm()) return true;
  if (process.env.CI) throw new Error('softhsm2-util is missing (Debian package softhsm2)');
  console.warn('skipping signer-pkcs11 tests: softhsm2 not installed (apt-get install softhsm2)');
  return false;
}

const run = promisify(execFile);
const meta = {
  reason: 'Attest van woonst',
  location: 'Zottegem',
  name: 'Gemeente Zottegem',
  signingTime: new Date(),
};

describe.runIf(available())('PAdES seals with the key in SoftHSM2', () => {
  let dir: string;
  let rsa: SoftHsmDevSeal;
  let ec: SoftHsmDevSeal;
  let pdf: Uint8Array;
  let token: Pkcs11Token;
  let n = 0;

  const pdfsig = async (bytes: Uint8Array) => {
    const f = join(dir, `out-${n++}.pdf`);
    writeFileSync(f, bytes);
    return (await run('pdfsig', ['-nssdir', `sql:${rsa.pki.nssDir}`, f], { encoding: 'utf8' })).stdout;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'signer-pkcs11-'));
    rsa = await softHsmDevSeal({ dir, keyType: 'rsa-2048' });
    // A second token in the same store: SoftHSM2 reads its store when the module is initialised,
    // and one process shares one initialised module, so both exist before the first session.
    ec = await softHsmDevSeal({ dir, keyType: 'ec-p256', keyLabel: 'seal-ec', tokenLabel: 'seal-ec' });
    token = new Pkcs11Token({ module: rsa.module, tokenLabel: rsa.label, pin: () => rsa.pin, poolSize: 4 });
    pdf = await sampleCertificate();
  });
  afterAll(() => {
    token?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('RSA: the seal made on the token is valid and trusted for pdfsig', async () => {
    const signer = createPkcs11Signer({ token, keyLabel: rsa.keyLabel, certificateChain: rsa.chain });
    const signed = await signer.sign(pdf, meta);
    const out = await pdfsig(signed);
    expect(out).toContain('Signature Type: ETSI.CAdES.detached');
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Certificate is Trusted.');
    expect(out).toContain('TEST HSM seal Gemeente Zottegem');
    // The key is not extractable: the token refuses to give it.
    const v = await verifyPdf(signed, { trustedCertificatesPem: rsa.chain });
    expect(v.valid).toBe(true);
  });

  it('50 seals in parallel through a pool of 4 sessions give 50 valid seals', async () => {
    const signer = createPkcs11Signer({ token, keyLabel: rsa.keyLabel, certificateChain: rsa.chain });
    const signed = await Promise.all(
      Array.from({ length: 50 }, (_, i) => signer.sign(pdf, { ...meta, reason: `Attest ${i}` })),
    );
    const results = await Promise.all(signed.map((s) => verifyPdf(s, { trustedCertificatesPem: rsa.chain })));
    expect(results.filter((r) => r.valid)).toHaveLength(50);
    expect(await pdfsig(signed[49]!)).toContain('Signature is Valid.');
  });

  it('reconnects after the HSM went away (module finalised, sessions closed) and seals again', async () => {
    const signer = createPkcs11Signer({ token, keyLabel: rsa.keyLabel, certificateChain: rsa.chain });
    await signer.sign(pdf, meta);
    const before = token.connects;
    // The "HSM restart": every session and the login are gone under the signer's feet.
    token.module.C_Finalize();
    const afterRestart = await Promise.all([signer.sign(pdf, meta), signer.sign(pdf, meta)]);
    expect(token.connects).toBe(before + 1);
    // Sessions closed by the token (CKR_SESSION_HANDLE_INVALID).
    for (const slot of token.module.C_GetSlotList(true)) token.module.C_CloseAllSessions(slot);
    const afterClose = await signer.sign(pdf, meta);
    expect(token.connects).toBe(before + 2);
    for (const s of [...afterRestart, afterClose]) {
      expect((await verifyPdf(s, { trustedCertificatesPem: rsa.chain })).valid).toBe(true);
    }
  });

  it('1,000 signatures in parallel on the thread pool, in a child process: it neither crashes nor corrupts', async () => {
    // Regression: initialised without CKF_OS_LOCKING_OK, SoftHSM2 ran without mutexes while
    // C_SignAsync calls overlapped on libuv's threads; the heap broke ("double free", segfault)
    // in most runs of this script, and once killed this file's vitest worker in CI.
    const script = join(dir, 'stress.mts');
    const tokenModule = join(dirname(fileURLToPath(import.meta.url)), 'token.ts');
    writeFileSync(
      script,
      [
        `import { createVerify } from 'node:crypto';`,
        `import { Pkcs11Token } from ${JSON.stringify(tokenModule)};`,
        `const token = new Pkcs11Token({ module: ${JSON.stringify(rsa.module)}, tokenLabel: ${JSON.stringify(rsa.label)}, pin: () => ${JSON.stringify(rsa.pin)}, poolSize: 8 });`,
        `const { publicKey } = await token.key(${JSON.stringify(rsa.keyLabel)});`,
        `const data = Array.from({ length: 1000 }, (_, i) => Buffer.from('seal ' + i));`,
        `const sigs = await Promise.all(data.map((d) => token.sign(${JSON.stringify(rsa.keyLabel)}, 'rsa', d)));`,
        `const valid = sigs.filter((s, i) => createVerify('sha256').update(data[i]).verify(publicKey, s)).length;`,
        `token.close();`,
        `console.log('valid ' + valid);`,
      ].join('\n'),
    );
    const { stdout } = await run(process.execPath, ['--import', 'tsx', script], {
      encoding: 'utf8',
      cwd: join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..'),
      env: { ...process.env, SOFTHSM2_CONF: rsa.conf },
    });
    expect(stdout.trim()).toBe('valid 1000');
  });

  it('EC P-256: hashed in Node, signed with CKM_ECDSA, DER in the CMS; pdfsig accepts it', async () => {
    const t = new Pkcs11Token({ module: ec.module, tokenLabel: ec.label, pin: () => ec.pin });
    try {
      const signer = createPkcs11Signer({ token: t, keyLabel: ec.keyLabel, certificateChain: ec.chain });
      const signed = await signer.sign(pdf, meta);
      const f = join(dir, 'ec.pdf');
      writeFileSync(f, signed);
      const out = execFileSync('pdfsig', ['-nssdir', `sql:${ec.pki.nssDir}`, f], { encoding: 'utf8' });
      expect(out).toContain('Signature is Valid.');
      expect(out).toContain('Certificate is Trusted.');
    } finally {
      t.close();
    }
  });

  it('a wrong PIN, an unknown token or key: clear errors that never show the PIN', async () => {
    // Login is per process: log the good token out first (it logs in again when next used).
    token.close();
    const wrong = new Pkcs11Token({ module: rsa.module, tokenLabel: rsa.label, pin: () => '9999' });
    const err = await wrong.key(rsa.keyLabel).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Pkcs11TokenError);
    expect((err as Error).message).toBe('the PIN of token "seal" is wrong');
    wrong.close();
    const missing = new Pkcs11Token({ module: rsa.module, tokenLabel: 'nope', pin: () => rsa.pin });
    await expect(missing.key('seal')).rejects.toThrow(/no token labelled "nope"/);
    await expect(token.key('other')).rejects.toThrow(Pkcs11TokenError);
    await expect(token.key('other')).rejects.toThrow(/no private key labelled "other"/);
  });

  it('the PIN comes from an environment variable or a file, never silently empty', () => {
    process.env.SEAL_PIN_TEST = '4321';
    expect(readPin({ pinEnv: 'SEAL_PIN_TEST' })).toBe('4321');
    delete process.env.SEAL_PIN_TEST;
    expect(() => readPin({ pinEnv: 'SEAL_PIN_TEST' })).toThrow(/SEAL_PIN_TEST \(the token PIN\) is not set/);
    writeFileSync(join(dir, 'pin'), '2468\n');
    expect(readPin({ pinFile: 'pin' }, dir)).toBe('2468');
    expect(() => readPin({ pinFile: 'absent' }, dir)).toThrow(/cannot read the PIN file absent/);
  });

  it('a key generated on the token gets a CSR signed by that key (openssl verifies it)', async () => {
    const key = await token.generateKey('next-seal', 'rsa-2048');
    await expect(token.generateKey('next-seal', 'rsa-2048')).rejects.toThrow(/already holds a key/);
    const csr = await createCsr(token, 'next-seal', key, {
      subject: [
        ['C', 'BE'],
        ['O', 'Gemeente Zottegem'],
        ['CN', 'Gemeente Zottegem e-zegel'],
      ],
    });
    const f = join(dir, 'next.csr');
    writeFileSync(f, csr);
    const out = execFileSync('openssl', ['req', '-in', f, '-noout', '-verify', '-subject'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toContain('CN = Gemeente Zottegem e-zegel');
    const pub = execFileSync('openssl', ['req', '-in', f, '-noout', '-pubkey'], { encoding: 'utf8' });
    expect(pub.replace(/\s/g, '')).toBe(
      (key.publicKey.export({ type: 'spki', format: 'pem' }) as string).replace(/\s/g, ''),
    );
    // And the signature is the token key's: it verifies with the public key read from the token.
    const sig = await token.sign('next-seal', 'rsa', Buffer.from('abc'));
    expect(createVerify('sha256').update('abc').verify(key.publicKey, sig)).toBe(true);
  });
});
