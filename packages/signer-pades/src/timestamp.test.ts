import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalService, startTimestampAuthority } from '../../dev-world/src/trust/authorities.js';
import { type DevPki, generateDevPki } from './devpki.js';
import { timestampData, verifyTimestampToken } from './timestamp.js';
import { TimestampError } from './tsa.js';

/** The test authority is `openssl ts`; CI has it, so only a developer machine without it skips. */
const openssl = (() => {
  try {
    execFileSync('openssl', ['version']);
    return true;
  } catch {
    if (process.env.CI) throw new Error('openssl is needed for the timestamp authority tests');
    return false;
  }
})();

describe.runIf(openssl)('RFC 3161 timestamps of arbitrary data', () => {
  let dir: string;
  let pki: DevPki;
  let other: DevPki;
  let tsa: LocalService;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'timestamp-'));
    pki = generateDevPki({ dir: join(dir, 'pki'), organisation: 'Gemeente Test', tsa: true });
    other = generateDevPki({ dir: join(dir, 'other'), organisation: 'Elders' });
    tsa = await startTimestampAuthority({
      cert: pki.tsaCertificate!,
      key: pki.tsaKey!,
      chain: pki.caCertificate,
    });
  });
  afterAll(async () => {
    await tsa?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('timestamps data and verifies the token against it and against trusted roots', async () => {
    const data = Buffer.from('smartloket-audit-anchor/1\n7\nabc');
    const before = Date.now();
    const { token, time } = await timestampData(tsa.url, data);
    expect(time.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
    const ca = readFileSync(pki.caCertificate, 'utf8');
    expect(verifyTimestampToken(token, data, { trustedCertificatesPem: ca })).toMatchObject({
      ok: true,
      time,
      authority: expect.stringContaining('Gemeente Test'),
    });
    expect(verifyTimestampToken(token, Buffer.from('other data'))).toMatchObject({
      ok: false,
      detail: 'the token covers other data',
    });
    expect(
      verifyTimestampToken(token, data, {
        trustedCertificatesPem: readFileSync(other.caCertificate, 'utf8'),
      }),
    ).toMatchObject({ ok: false, detail: expect.stringMatching(/not trusted/) });
    const tampered = Buffer.from(token);
    tampered[tampered.length - 10]! ^= 0xff;
    expect(verifyTimestampToken(tampered, data).ok).toBe(false);
    expect(verifyTimestampToken(Buffer.from('not a token'), data)).toMatchObject({ ok: false });
  });

  it('names an authority that is not there', async () => {
    await expect(timestampData('http://127.0.0.1:9/tsa', Buffer.from('x'))).rejects.toBeInstanceOf(
      TimestampError,
    );
  });
});
