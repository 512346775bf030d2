import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  coreServices,
  createServiceFactory,
  definePlugin,
  defineRequestType,
  fields,
  form,
  self,
  z,
} from '@smartloket/core';
import { createPadesSigner, generateDevPki } from '@smartloket/signer-pades';
import {
  createTestDeployment,
  identityOf,
  minimalPdf,
  scriptedSource,
  type TestDeployment,
  testRenderer,
} from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../tests/support/portal.js';

const dir = mkdtempSync(join(tmpdir(), 'smartloket-verify-'));
const pki = generateDevPki({
  dir,
  organisation: 'Gemeente Demo',
  nss: false,
  now: new Date('2026-01-01T00:00:00Z'),
});
const other = generateDevPki({
  dir: join(dir, 'other'),
  organisation: 'Elders',
  nss: false,
  now: new Date('2026-01-01T00:00:00Z'),
});

/** An attest rendered and sealed with the deployment's (real, PAdES) default signer. */
const sealedPlugin = definePlugin({
  id: 'sealed',
  compat: { core: '^0.1.0' },
  options: z.object({}),
  sources: { 'test:Register-01.00': { fields: ['name'], legalBasis: 'test' } },
  register({ requestTypes }) {
    requestTypes.add(
      defineRequestType({
        id: 'sealed.attest',
        kind: 'certificate',
        title: { nl: 'Verzegeld attest', fr: 'Attestation scellée', en: 'Sealed certificate' },
        theme: 'bevolking',
        form: form({ note: fields.text({ label: { nl: 'Notitie' }, optional: true, max: 50 }) }),
        subject: ((_f: unknown, r: { insz?: string }) => ({ insz: r.insz, relation: 'self' })) as never,
        rules: [self()],
        source: scriptedSource('sealed.source', 'test:Register-01.00', [{ data: { name: 'Test' } }]),
        renderer: testRenderer,
        sign: 'default',
      }),
    );
  },
});

let portal: TestPortal;
let d: TestDeployment;
let code: string;
let bytes: Buffer;

async function upload(file: Uint8Array, accept = 'application/json') {
  const body = new FormData();
  body.set('file', new Blob([new Uint8Array(file)], { type: 'application/pdf' }), 'attest.pdf');
  const res = await fetch(`${portal.url}/verify`, { method: 'POST', body, headers: { accept } });
  return { status: res.status, body: accept === 'application/json' ? await res.json() : await res.text() };
}

beforeAll(async () => {
  const signer = createPadesSigner({
    key: readFileSync(pki.sealKey, 'utf8'),
    certificateChain: [readFileSync(pki.chain, 'utf8')],
  });
  d = await createTestDeployment({
    plugins: [sealedPlugin],
    services: [createServiceFactory({ ref: coreServices.signer, factory: () => signer })],
  });
  portal = await startTestPortal({
    deployment: d,
    app: {
      verification: {
        trustedCertificatesPem: [readFileSync(pki.caCertificate, 'utf8')],
        codeLimit: { windowMs: 60_000, limit: 25 },
      },
    },
  });
  const filed = await portal.d.requests.submit({
    typeId: 'sealed.attest',
    input: {},
    locale: 'nl',
    identity: identityOf('jan'),
  });
  await portal.d.runJobs();
  const [doc] = await portal.d.db.documents.listByRequest(filed.request.id);
  code = doc!.verificationCode!;
  bytes = (await portal.d.db.documents.readBytes(doc!.id))!;
});
afterAll(async () => {
  await portal?.close();
  await d?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('public verification', () => {
  it('verifies a delivered document by its code (page and JSON), without personal data', async () => {
    const page = await fetch(`${portal.url}/verify/${code.toLowerCase().replaceAll('-', ' ')}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('werd door de gemeente afgeleverd en is geldig');
    expect(html).toContain('Verzegeld attest');
    expect(html).not.toContain(identityOf('jan').insz!);
    expect(html).not.toContain(identityOf('jan').familyName!);
    expect(page.headers.get('set-cookie')).toBeNull();
    const json = await (await fetch(`${portal.url}/api/v1/verifications/${code}`)).json();
    expect(json).toMatchObject({ status: 'valid', document: { type: { nl: 'Verzegeld attest' } } });
    expect(json.document.validUntil).toBe(new Date('2026-06-02T09:00:00.000Z').toISOString());
  });

  it('verifies the delivered file by upload: hash known, seal intact and trusted', async () => {
    const r = await upload(bytes);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ delivered: true, status: 'valid' });
    expect(r.body.signatures).toHaveLength(1);
    expect(r.body.signatures[0]).toMatchObject({ intact: true, trusted: true, coversWholeDocument: true });
    const page = await upload(bytes, 'text/html');
    expect(page.body).toContain('precies het document dat de gemeente afleverde');
  });

  it('fails a file with one changed byte, and a seal from an untrusted key', async () => {
    const changed = Buffer.from(bytes);
    const at = changed.indexOf('Test');
    changed[at] = 'X'.charCodeAt(0);
    const r = await upload(changed);
    expect(r.body.delivered).toBe(false);
    expect(r.body.status).toBe('unknown');
    expect(r.body.signatures[0].intact).toBe(false);
    const html = await upload(changed, 'text/html');
    expect(html.body).toContain('het werd gewijzigd of komt van elders');

    const foreign = await createPadesSigner({
      key: readFileSync(other.sealKey, 'utf8'),
      certificateChain: [readFileSync(other.chain, 'utf8')],
    }).sign(minimalPdf('Vals attest'), {
      reason: 'x',
      location: 'x',
      name: 'x',
      signingTime: portal.d.clock.now(),
    });
    const f = await upload(foreign);
    expect(f.body.delivered).toBe(false);
    expect(f.body.signatures[0]).toMatchObject({ intact: true, trusted: false });
  });

  it('answers an unknown code clearly (404), and shows withdrawn and expired documents', async () => {
    const unknown = await fetch(`${portal.url}/verify/ZZZZ-ZZZZ-ZZZZ`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Deze verificatiecode is niet bekend');
    const garbage = await fetch(`${portal.url}/api/v1/verifications/not-a-code`, {
      headers: { 'accept-language': 'fr' },
    });
    expect(garbage.status).toBe(404);
    expect(garbage.headers.get('content-type')).toContain('application/problem+json');
    expect(await garbage.json()).toMatchObject({
      status: 404,
      error: 'unknown_code',
      detail: expect.stringContaining('Ce code de vérification est inconnu'),
    });
    const twin = await fetch(`${portal.url}/verify/not-a-code`, { headers: { accept: 'application/json' } });
    expect((await twin.json()).status).toBe('unknown'); // the portal's JSON answer keeps its shape

    portal.d.clock.advance(100 * 86_400_000);
    const expired = await (await fetch(`${portal.url}/api/v1/verifications/${code}`)).json();
    expect(expired.status).toBe('expired');
    const doc = (await portal.d.db.documents.getByVerificationCode(code))!;
    await portal.d.db.documents.withdraw(doc.id);
    const page = await fetch(`${portal.url}/verify/${code}?lang=en`);
    expect(await page.text()).toContain('This document was withdrawn by the municipality');
  });

  it('rate limits lookups per client', async () => {
    let last = 0;
    for (let i = 0; i < 30 && last !== 429; i++)
      last = (await fetch(`${portal.url}/verify/AAAA-BBBB-CCC${i % 10}`)).status;
    expect(last).toBe(429);
  });
});
