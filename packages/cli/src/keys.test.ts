import { execFileSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasSoftHsm, initSoftHsmToken, Pkcs11Token } from '@smartloket/signer-pkcs11';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from './errors.js';
import { runCaptured } from './test-support.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'smartloket-keys-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => runCaptured(dir, ...args);

const DAY = 86_400_000;

describe('smartloket keys generate', () => {
  it('writes a TEST CA and seal key whose certificate parses, honours --days, and says how to trust it', async () => {
    const { code, stdout } = await run(
      'keys',
      'generate',
      '--dir',
      'keys-a',
      '--organisation',
      'Gemeente Test',
      '--days',
      '30',
    );
    expect(code).toBe(EXIT.ok);
    const keys = join(dir, 'keys-a');
    expect(stdout).toContain(`Test keys (NOT for production) in ${keys}`);
    const seal = new X509Certificate(readFileSync(join(keys, 'seal.pem')));
    const ca = new X509Certificate(readFileSync(join(keys, 'ca.pem')));
    expect(seal.subject).toContain('Gemeente Test');
    expect(seal.checkIssued(ca)).toBe(true);
    expect(seal.verify(ca.publicKey)).toBe(true);
    const days = (Date.parse(seal.validTo) - Date.parse(seal.validFrom)) / DAY;
    expect(Math.round(days)).toBe(30);
    // The private key matches the certificate and is readable by its owner only.
    expect(seal.checkPrivateKey(createPrivateKey(readFileSync(join(keys, 'seal.key'))))).toBe(true);
    expect(statSync(join(keys, 'seal.key')).mode & 0o077).toBe(0);
  });

  it('--json prints where every file is, and the trust instructions in three languages', async () => {
    const { code, stdout } = await run('keys', 'generate', '--dir', 'keys-b', '--json');
    expect(code).toBe(EXIT.ok);
    const result = JSON.parse(stdout) as Record<string, unknown> & { howToTrust: Record<string, string> };
    for (const key of ['caCertificate', 'caKey', 'sealCertificate', 'sealKey', 'chain']) {
      expect(typeof result[key]).toBe('string');
      expect(existsSync(result[key] as string)).toBe(true);
    }
    expect(result.sealKey).toBe(join(dir, 'keys-b', 'seal.key'));
    expect(Object.keys(result.howToTrust).sort()).toEqual(['en', 'fr', 'nl']);
    const seal = new X509Certificate(readFileSync(result.sealCertificate as string));
    expect(Math.round((Date.parse(seal.validTo) - Date.parse(seal.validFrom)) / DAY)).toBe(365);
    // The chain file holds the seal certificate and then the CA.
    const chain = readFileSync(result.chain as string, 'utf8');
    expect(chain.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
  });

  it('refuses a bad --days and an unknown action with exit 2', async () => {
    const days = await run('keys', 'generate', '--dir', 'keys-c', '--days', 'soon');
    expect(days.code).toBe(EXIT.config);
    expect(days.stderr).toContain('--days');
    expect(existsSync(join(dir, 'keys-c'))).toBe(false);
    const action = await run('keys', 'rotate');
    expect(action.code).toBe(EXIT.config);
    expect(action.stderr).toContain('keys generate');
  });
});

function softHsm(): boolean {
  if (hasSoftHsm()) return true;
  if (process.env.CI) throw new Error('softhsm2-util is missing (Debian package softhsm2)');
  return false;
}

describe.runIf(softHsm())('smartloket keys generate --pkcs11', () => {
  it('makes the key on the token and writes a CSR signed by it (openssl verifies); the PIN is never printed', async () => {
    const t = initSoftHsmToken(join(dir, 'hsm'), 'loket', '24680');
    writeFileSync(join(dir, 'hsm-pin'), '24680\n');
    const base = ['keys', 'generate', '--pkcs11', '--module', t.module, '--token', 'loket'];
    const args = [...base, '--pin-file', 'hsm-pin'];
    const subject = ['--subject', 'C=BE,O=Gemeente Zottegem,CN=Gemeente Zottegem e-zegel'];
    const { code, stdout } = await run(
      ...args,
      '--key-label',
      'e-zegel',
      '--key-type',
      'ec-p256',
      ...subject,
    );
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain('Key "e-zegel" (ec-p256) made on token "loket"');
    expect(stdout).not.toContain('24680');
    const csr = join(dir, 'e-zegel.csr');
    const printed = execFileSync('openssl', ['req', '-in', csr, '-noout', '-verify', '-subject'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(printed).toContain('CN = Gemeente Zottegem e-zegel');
    // The CSR's public key is the token's.
    const token = new Pkcs11Token({ module: t.module, tokenLabel: 'loket', pin: () => t.pin });
    try {
      const key = await token.key('e-zegel');
      const pub = execFileSync('openssl', ['req', '-in', csr, '-noout', '-pubkey'], { encoding: 'utf8' });
      expect(pub.replace(/\s/g, '')).toBe(
        (key.publicKey.export({ type: 'spki', format: 'pem' }) as string).replace(/\s/g, ''),
      );
    } finally {
      token.close();
    }
    // A second key with the same label is refused; a missing PIN source is a usage error.
    const again = await run(...args, '--key-label', 'e-zegel', ...subject);
    expect(again.code).toBe(EXIT.config);
    expect(again.stderr).toContain('already holds a key labelled "e-zegel"');
    const noPin = await run(...base, '--key-label', 'x', ...subject);
    expect(noPin.code).toBe(EXIT.config);
    expect(noPin.stderr).toContain('exactly one of --pin-env');
  });
});
