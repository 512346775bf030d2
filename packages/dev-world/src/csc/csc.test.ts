import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { OffsetClock } from '@smartloket/core';
import {
  CscSignerError,
  createCscSigner,
  cscSelfTest,
  type DevPki,
  generateDevPki,
} from '@smartloket/signer-pades';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCertificate } from '../../../../tests/support/sample-certificate.js';
import { generateMagdaDevCertificates, type MagdaDevCertificates } from '../magda/index.js';
import { type CscSimulator, type CscSimulatorOptions, startCscSimulator } from './index.js';

const run = promisify(execFile);
const meta = {
  reason: 'Attest van woonst',
  location: 'Zottegem',
  name: 'Gemeente Zottegem',
  signingTime: new Date(),
};

describe('CSC v2 simulator and the CSC signer', () => {
  let dir: string;
  let pki: DevPki;
  let tls: MagdaDevCertificates;
  let pdf: Uint8Array;
  const sims: CscSimulator[] = [];
  let n = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'csc-'));
    pki = generateDevPki({ dir: join(dir, 'pki'), organisation: 'Gemeente Zottegem' });
    tls = generateMagdaDevCertificates(join(dir, 'tls'));
    pdf = await sampleCertificate('Iemand woont in Zottegem.');
  });
  afterAll(async () => {
    for (const s of sims) await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function sim(o: Partial<CscSimulatorOptions> = {}): Promise<CscSimulator> {
    const s = await startCscSimulator({
      tls: tls.server,
      seal: { key: readFileSync(pki.sealKey, 'utf8'), chain: readFileSync(pki.chain, 'utf8') },
      clientId: 'smartloket',
      clientSecret: 's3cret',
      ...o,
    });
    sims.push(s);
    return s;
  }
  const signerFor = (s: CscSimulator, o: Record<string, unknown> = {}) =>
    createCscSigner({
      url: s.url,
      clientId: 'smartloket',
      clientSecret: 's3cret',
      credentialId: s.credentialId,
      ca: tls.ca.cert,
      ...o,
    });
  const pdfsig = async (bytes: Uint8Array) => {
    const file = join(dir, `doc${++n}.pdf`);
    writeFileSync(file, bytes);
    return (await run('pdfsig', ['-nssdir', `sql:${pki.nssDir}`, file], { encoding: 'utf8' })).stdout;
  };
  const count = (s: CscSimulator, path: string) => s.calls.filter((c) => c.path === path).length;

  it('answers info without a token, and CSC error bodies on bad requests', async () => {
    const s = await sim();
    const post = (path: string, body: object) =>
      new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
        const req = https.request(`${s.url}/csc/v2/${path}`, { method: 'POST', ca: tls.ca.cert }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
        });
        req.on('error', reject);
        req.setHeader('content-type', 'application/json');
        req.end(JSON.stringify(body));
      });
    expect(await post('info', {})).toMatchObject({ status: 200, json: { specs: '2.0.0.0' } });
    expect(await post('credentials/list', {})).toEqual({
      status: 401,
      json: { error: 'invalid_token', error_description: 'Missing access token' },
    });
    const signer = await signerFor(s, { clientSecret: 'wrong' }).catch((e: unknown) => e);
    expect(signer).toBeInstanceOf(CscSignerError);
    expect((signer as CscSignerError).code).toBe('invalid_client');
    expect((signer as CscSignerError).message).toContain('refused the client credentials');
    expect(s.calls.at(-1)).toMatchObject({ path: 'oauth2/token', status: 401 });
  });

  it('seals a PDF that pdfsig accepts; one token and one authorisation for several seals', async () => {
    const s = await sim();
    const signer = await signerFor(s);
    const signed = await signer.sign(pdf, meta);
    const out = await pdfsig(signed);
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Certificate is Trusted.');
    await signer.sign(pdf, meta);
    await signer.sign(pdf, meta);
    expect(count(s, 'oauth2/token')).toBe(1);
    expect(count(s, 'credentials/info')).toBe(1);
    expect(count(s, 'credentials/authorize')).toBe(1);
    expect(count(s, 'signatures/signHash')).toBe(3);
  });

  it('re-authorises when the SAD lifetime has passed (clock) and when the service says "SAD expired"', async () => {
    const clock = new OffsetClock();
    const s = await sim({ clock, sadSeconds: 60 });
    const signer = await signerFor(s, { clock });
    await signer.sign(pdf, meta);
    clock.advance(120_000);
    await signer.sign(pdf, meta);
    expect(count(s, 'credentials/authorize')).toBe(2);
    s.faults.expireSads();
    const signed = await signer.sign(pdf, meta);
    expect(count(s, 'credentials/authorize')).toBe(3);
    expect(s.calls.some((c) => c.path === 'signatures/signHash' && c.status === 400)).toBe(true);
    expect(await pdfsig(signed)).toContain('Signature is Valid.');
  });

  it('batches concurrent seals into fewer signHash calls when multisign > 1', async () => {
    const s = await sim({ multisign: 5 });
    const signer = await signerFor(s, { batchMs: 500 });
    const signed = await Promise.all(Array.from({ length: 10 }, () => signer.sign(pdf, meta)));
    const calls = s.calls.filter((c) => c.path === 'signatures/signHash');
    expect(calls.length).toBeLessThan(10);
    expect(calls.every((c) => (c.hashes ?? 0) <= 5)).toBe(true);
    expect(calls.reduce((t, c) => t + (c.hashes ?? 0), 0)).toBe(10);
    for (const doc of [signed[0]!, signed[9]!]) expect(await pdfsig(doc)).toContain('Signature is Valid.');
  });

  it('maps a service that is down or unreachable to a clear signer error', async () => {
    const s = await sim();
    const signer = await signerFor(s);
    s.faults.outage();
    const down = await signer.sign(pdf, meta).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(CscSignerError);
    expect((down as Error).message).toMatch(
      /answered 503 on credentials\/authorize: temporarily_unavailable/,
    );
    s.faults.clear();
    await s.stop();
    const gone = await signer.sign(pdf, meta).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(CscSignerError);
    expect((gone as CscSignerError).code).toBe('unreachable');
    expect((gone as Error).message).toContain(`CSC service ${s.url} unreachable`);
  });

  it('sends a request once more when the service reset the kept-alive connection it went out on', async () => {
    const s = await sim();
    const signer = await signerFor(s);
    expect(await pdfsig(await signer.sign(pdf, meta))).toContain('Signature is Valid.');
    // The next request on a kept-alive connection is dropped unanswered (the seal failed before).
    s.faults.resetReusedConnections(1);
    const before = count(s, 'signatures/signHash');
    expect(await pdfsig(await signer.sign(pdf, meta))).toContain('Signature is Valid.');
    expect(count(s, 'signatures/signHash')).toBe(before + 1);
  });

  it('refuses a TLS certificate it was not told to trust, and a credential that needs a PIN', async () => {
    const s = await sim();
    const untrusted = await signerFor(s, { ca: undefined }).catch((e: unknown) => e);
    expect(untrusted).toBeInstanceOf(CscSignerError);
    expect((untrusted as Error).message).toContain('unreachable');
    const explicit = await sim({ authMode: 'explicit' });
    const pin = await signerFor(explicit).catch((e: unknown) => e);
    expect((pin as Error).message).toContain('authMode "explicit"');
  });

  it('self-test (doctor): signs one random digest and verifies it with the credential certificate', async () => {
    const s = await sim();
    const o = {
      url: s.url,
      clientId: 'smartloket',
      clientSecret: 's3cret',
      credentialId: s.credentialId,
      ca: tls.ca.cert,
    };
    const ok = await cscSelfTest(o);
    expect(ok).toMatchObject({ ok: true, detail: expect.stringContaining('TEST seal Gemeente Zottegem') });
    expect(ok.chainPem).toHaveLength(2);
    const bad = await cscSelfTest({ ...o, clientSecret: 'nope' });
    expect(bad).toMatchObject({
      ok: false,
      detail: expect.stringContaining('refused the client credentials'),
    });
  });
});
