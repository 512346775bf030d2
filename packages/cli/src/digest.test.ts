import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DevMailbox, startDevMailbox } from '@smartloket/dev-world/mailbox';
import { generateDevPki } from '@smartloket/signer-pades';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from './errors.js';
import { runCaptured } from './test-support.js';

let dir: string;
let mailbox: DevMailbox;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'smartloket-digest-'));
  mailbox = await startDevMailbox({ host: '127.0.0.1' });
  // A real seal certificate that ends in 10 days.
  const pki = generateDevPki({
    dir: join(dir, 'seal'),
    organisation: 'Gemeente Test',
    validDays: 10,
    nss: false,
  });
  const config = {
    municipality: {
      name: { nl: 'Gemeente Test' },
      nisCode: '99001',
      address: { street: 'Markt 1', postcode: '9999', city: 'Test' },
    },
    database: { url: 'sqlite:.data/test.sqlite' },
    mail: {
      kind: 'smtp',
      host: mailbox.smtp.host,
      port: mailbox.smtp.port,
      from: { name: 'Gemeente Test', address: 'loket@test.example' },
    },
    signer: { kind: 'pem', keyFile: pki.sealKey, chainFile: pki.chain },
    digest: { recipients: ['beheer@test.example', { address: 'admin@test.example', locale: 'fr' }] },
    plugins: [],
  };
  writeFileSync(join(dir, 'smartloket.config.mjs'), `export default ${JSON.stringify(config)};\n`);
});
afterAll(async () => {
  await mailbox.stop();
  rmSync(dir, { recursive: true, force: true });
});

const run = (...args: string[]) => runCaptured(dir, ...args);

describe('smartloket digest', () => {
  it('prints the problems (a seal certificate ending in 10 days) and sends nothing', async () => {
    const { code, stdout } = await run('digest', '--json');
    expect(code).toBe(EXIT.failure);
    const result = JSON.parse(stdout) as {
      problems: { name: string; warning?: boolean }[];
      digest: { expiringCertificates: { name: string }[]; count: number };
    };
    expect(result.digest.expiringCertificates).toHaveLength(1);
    expect(result.digest.expiringCertificates[0]!.name).toContain('signer.chainFile');
    expect(result.problems.some((p) => p.name.startsWith('certificate signer.chainFile') && p.warning)).toBe(
      true,
    );
    expect(mailbox.messages()).toHaveLength(0);
  });

  it('--send e-mails it now to every recipient, in their language', async () => {
    const { code, stdout } = await run('digest', '--send');
    expect(code).toBe(EXIT.failure);
    expect(stdout).toContain('Digest e-mail: sent to 2 recipient(s).');
    const mails = mailbox.messages();
    expect(mails.map((m) => m.envelope.to[0]).sort()).toEqual(['admin@test.example', 'beheer@test.example']);
    const nl = mails.find((m) => m.envelope.to[0] === 'beheer@test.example')!;
    const fr = mails.find((m) => m.envelope.to[0] === 'admin@test.example')!;
    expect(nl.subject).toContain('dagoverzicht van problemen');
    expect(nl.text).toContain('Certificaten die binnenkort vervallen');
    expect(fr.subject).toContain('résumé quotidien des problèmes');
  });

  it('doctor still warns about the certificate (helpers shared with the digest)', async () => {
    const { stdout } = await run('doctor', '--json');
    const checks = JSON.parse(stdout).checks as { name: string; ok: boolean; warning?: boolean }[];
    const cert = checks.find((c) => c.name.startsWith('certificate') && c.name.includes('TEST seal'));
    expect(cert).toMatchObject({ ok: true, warning: true });
  });
});
