import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { withHandoffs } from '@smartloket/core';
import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import { type GeoSimulator, SMARTEGEM_BOUNDARY, startGeoSimulator } from '@smartloket/dev-world/geo';
import { verifyWebhookSignature } from '@smartloket/runtime';
import { createTestPlugin } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  meldingenPlugin,
  type WorkOrderPayload,
  workOrderHandoff,
} from '../../plugins/meldingen/src/index.js';
import { PNG } from '../support/permit-plugin.js';
import { startTestPortal, type TestPortal } from '../support/portal.js';

const SECRET_ENV = 'SMARTLOKET_TEST_WORK_ORDER_SECRET';
const SECRET = 'work-order-secret-0123456789abcdef';

/** A work-order system: records what it gets; answers 201 with its id, or what `answer` says. */
async function startReceiver() {
  const got: { headers: IncomingHttpHeaders; body: string }[] = [];
  let answer = 201;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.writeHead(answer, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `WO-${got.length}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/work-orders`,
    got,
    answerWith: (status: number) => {
      answer = status;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A free port for the portal, so the hand-off knows the portal's address before it starts. */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('hand-off of a report to a work-order system (meldingen)', () => {
  let portal: TestPortal;
  let geo: GeoSimulator;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    process.env[SECRET_ENV] = SECRET;
    const unavailable = await postgresUnavailableReason();
    if (unavailable && process.env.CI) throw new Error(unavailable);
    if (!unavailable) database = await createTestDatabase('postgres');
    geo = await startGeoSimulator();
    receiver = await startReceiver();
    const port = await freePort();
    portal = await startTestPortal({
      port,
      worker: false,
      databaseUrl: database?.url,
      databaseOwnerUrl: database?.ownerUrl,
      plugins: [
        createTestPlugin(),
        {
          plugin: withHandoffs(meldingenPlugin, [
            workOrderHandoff({
              url: receiver.url,
              secretEnv: SECRET_ENV,
              baseUrl: `http://127.0.0.1:${port}`,
              on: ['request.submitted', 'request.resolved'],
              photoLinkDays: 7,
            }),
          ]),
          options: {
            municipality: 'Smartegem',
            boundary: SMARTEGEM_BOUNDARY,
            addressRegister: { url: geo.url, geolocationUrl: geo.url },
          },
        },
      ],
    });
  });
  afterAll(async () => {
    await portal?.close();
    await receiver?.close();
    await geo?.stop();
    await database?.destroy();
    delete process.env[SECRET_ENV];
  });

  it('posts the report with its place in WGS84 and Lambert 72 and signed photo links that expire', async () => {
    const upload = await portal.d.db.uploads.insert({
      fileName: 'lamp.png',
      mediaType: 'image/png',
      bytes: PNG,
    });
    const { request } = await portal.d.requests.submit({
      typeId: 'meldingen.verlichting',
      input: {
        subCategory: 'lamp-uit',
        description: 'De lamp aan de kerk brandt niet.',
        address: 'Kerkstraat 12',
        location: '50.96135,3.96862',
        photo1: { uploadId: upload.id, fileName: 'lamp.png', mediaType: 'image/png', size: PNG.byteLength },
      },
      locale: 'nl',
      anonymousEmail: 'an@example.org',
    });
    // (The portal attaches a form's uploads to the request it files.)
    await portal.d.db.uploads.attach(upload.id, request.id);
    await portal.d.runJobs();

    expect(receiver.got).toHaveLength(1);
    const [delivery] = receiver.got;
    // Signed like the webhooks: the receiver checks it with the shared secret.
    expect(
      verifyWebhookSignature(delivery!.body, delivery!.headers['smartloket-signature'] as string, SECRET),
    ).toBe(true);
    const payload = JSON.parse(delivery!.body) as WorkOrderPayload;
    expect(delivery!.headers['idempotency-key']).toBe(payload.id);
    expect(payload).toMatchObject({
      type: 'request.submitted',
      report: {
        id: request.id,
        reference: request.reference,
        typeId: 'meldingen.verlichting',
        category: 'verlichting',
        subCategory: 'lamp-uit',
        description: 'De lamp aan de kerk brandt niet.',
        address: 'Kerkstraat 12',
        location: {
          wgs84: { lat: 50.96135, lon: 3.96862 },
          // Kerkstraat 12 in the dev world's register (EPSG:31370).
          lambert72: { x: expect.closeTo(121889.1, 0), y: expect.closeTo(183529.01, 0) },
        },
      },
    });
    expect(payload.report.photos).toHaveLength(1);
    const link = new URL(payload.report.photos[0]!.url);
    expect(new Date(payload.report.photos[0]!.expiresAt).getTime()).toBe(
      portal.d.clock.now().getTime() - (portal.d.clock.now().getTime() % 1000) + 7 * 86_400_000,
    );

    // The link works without a session; tampered or expired, it is the portal's 404.
    const client = portal.client();
    const ok = await client.get(`${link.pathname}${link.search}`);
    expect(ok.status).toBe(200);
    // The upload as re-encoded when the report was filed (decision 1501).
    expect(ok.headers.get('content-type')).toBe('image/jpeg');
    const tampered = new URL(link);
    tampered.searchParams.set('expires', String(Number(link.searchParams.get('expires')) + 86_400));
    expect((await client.get(`${tampered.pathname}${tampered.search}`)).status).toBe(404);
    const other = await portal.d.db.uploads.insert({ fileName: 'x.png', mediaType: 'image/png', bytes: PNG });
    expect((await client.get(`${link.pathname.replace(upload.id, other.id)}${link.search}`)).status).toBe(
      404,
    );
    portal.d.clock.advance(8 * 86_400_000);
    expect((await client.get(`${link.pathname}${link.search}`)).status).toBe(404);

    // The outcome is in the report's history, with the work order's id.
    const events = await portal.d.db.events.list(request.id);
    expect(events.filter((e) => e.type === 'handoff').map((e) => e.data)).toEqual([
      expect.objectContaining({ handoffId: 'meldingen.work-order', externalId: 'WO-1' }),
    ]);

    // A refusal for good (422) stops at once and is recorded.
    receiver.answerWith(422);
    await portal.d.requests.act(request.id, { action: 'start' }, { type: 'staff', id: 'k', name: 'Karin' });
    await portal.d.requests.act(request.id, { action: 'resolve' }, { type: 'staff', id: 'k', name: 'Karin' });
    await portal.d.runJobs();
    expect(receiver.got).toHaveLength(2);
    expect(JSON.parse(receiver.got[1]!.body).type).toBe('request.resolved');
    const failed = (await portal.d.db.events.list(request.id)).filter((e) => e.type === 'handoff_failed');
    expect(failed.map((e) => e.data)).toEqual([
      expect.objectContaining({
        handoffId: 'meldingen.work-order',
        reason: 'work-order system answered 422',
      }),
    ]);
  });

  it('refuses a hand-off without a usable secret or with a wrong photo-link lifetime', () => {
    expect(() =>
      workOrderHandoff({
        url: 'https://wo.example',
        secretEnv: 'X',
        baseUrl: 'https://l.example',
        photoLinkDays: 0,
      }),
    ).toThrow(/photoLinkDays/);
    const h = workOrderHandoff({
      url: 'https://wo.example',
      secretEnv: 'SMARTLOKET_UNSET_ENV',
      baseUrl: 'https://l.example',
    });
    expect(
      h.photoLinks.verify(
        { requestId: 'r', photoId: 'p', expires: 4_000_000_000, signature: 'a'.repeat(64) },
        new Date(),
      ),
    ).toBe(false);
  });
});
