import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
