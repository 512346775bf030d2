import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crlSignedBy, crlUrlOf, fetchCrl, parseCrl } from './crl.js';
import { issueCertificate, issueCrl } from './devpki.js';
import type { FetchLike } from './tsa.js';

const DAY = 86_400_000;
const key = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

function pki(crlUrl?: string) {
  const caKey = key();
  const now = new Date(Date.now() - 60_000);
  const ca = issueCertificate({
    subject: [
      ['C', 'BE'],
      ['CN', 'CRL test CA'],
    ],
    publicKey: caKey,
    issuerKey: caKey,
    notBefore: now,
    notAfter: new Date(now.getTime() + 10 * DAY),
    profile: 'ca',
  });
  const leaf = issueCertificate({
    subject: [['CN', 'CRL test seal']],
    publicKey: key(),
    issuerCertificate: ca,
    issuerKey: caKey,
    notBefore: now,
    notAfter: new Date(now.getTime() + DAY),
    profile: 'seal',
    crlUrl,
  });
  return { ca, caKey, leaf };
}

describe('CRLs', () => {
  it('reads the distribution point of a certificate, and none when it has none', () => {
    expect(crlUrlOf(pki('http://crl.example/ca.crl').leaf)).toEqual(['http://crl.example/ca.crl']);
    expect(crlUrlOf(pki().leaf)).toEqual([]);
  });

  it('issueCrl lists revoked serials with its update times; the issuer signed it, another did not', () => {
    const { ca, caKey, leaf } = pki();
    const serial = new X509Certificate(leaf).serialNumber;
    const thisUpdate = new Date('2026-12-07T10:00:00Z');
    const nextUpdate = new Date('2026-12-08T10:00:00Z');
    const crl = issueCrl({
      issuerCertificate: ca,
      issuerKey: caKey,
      revoked: [{ serial, at: thisUpdate }],
      thisUpdate,
      nextUpdate,
      number: 7,
    });
    const parsed = parseCrl(crl);
    expect(parsed.thisUpdate).toEqual(thisUpdate);
    expect(parsed.nextUpdate).toEqual(nextUpdate);
    expect([...parsed.revoked]).toEqual([serial.toUpperCase().replace(/^(00)+(?=.)/, '')]);
    expect(crlSignedBy(crl, ca)).toBe(true);
    expect(crlSignedBy(crl, pki().ca)).toBe(false);
  });

  it('fetchCrl fetches each URL once with a cache and refuses a CRL of another CA', async () => {
    const { ca, caKey, leaf } = pki('http://crl.example/ca.crl');
    const crl = issueCrl({
      issuerCertificate: ca,
      issuerKey: caKey,
      thisUpdate: new Date(),
      nextUpdate: new Date(Date.now() + DAY),
      number: 1,
    });
    let calls = 0;
    const fetch: FetchLike = async (url, init) => {
      calls++;
      expect(url).toBe('http://crl.example/ca.crl');
      expect(init.method).toBe('GET');
      return { ok: true, status: 200, arrayBuffer: async () => new Uint8Array(crl).buffer };
    };
    const cache = new Map<string, Promise<Buffer>>();
    expect((await fetchCrl(leaf, ca, { fetch, cache }))!.equals(crl)).toBe(true);
    expect((await fetchCrl(leaf, ca, { fetch, cache }))!.equals(crl)).toBe(true);
    expect(calls).toBe(1);
    await expect(fetchCrl(leaf, pki().ca, { fetch })).rejects.toThrow(/not signed by the issuer/);
    expect(await fetchCrl(pki().leaf, ca, { fetch })).toBeUndefined();
  });
});
