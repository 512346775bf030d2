import { DAY } from '@smartloket/core';
import { createTestDatabase, forEachDatabase, type TestDatabase } from '@smartloket/db/testing';
import { RETENTION_JOB } from '@smartloket/runtime';
import { createTestDeployment, createTestPlugin, type TestDeployment } from '@smartloket/testkit';
import { afterEach, expect, it } from 'vitest';
import { meldingPlugin } from '../../examples/plugin-melding/src/index.js';

const MELDING = 'melding.openbaar-domein'; // declares retention.formDataDays 365

/**
 * The daily purge of a deployment applies each request type's own terms (its definition's
 * `retention`, the back-office's per-type document term) and the deployment's terms (its config
 * file's `retention`) to the rest, on a moved clock.
 */
forEachDatabase('retention per request type', (_url, suiteDb) => {
  const open: TestDeployment[] = [];
  const databases: TestDatabase[] = [];
  afterEach(async () => {
    for (const d of open.splice(0)) await d.close();
    for (const db of databases.splice(0)) await db.destroy();
  });

  async function deployment(retention: Record<string, unknown> = {}) {
    const db = await createTestDatabase(suiteDb.dialect);
    databases.push(db);
    const d = await createTestDeployment({
      plugins: [createTestPlugin(), meldingPlugin],
      databaseUrl: db.url,
      databaseOwnerUrl: db.ownerUrl,
      config: { retention: { formDataDays: 30, documentMonths: 2, ...retention } },
    });
    open.push(d);
    return d;
  }

  /** A closed request of `typeId` with form data, an attached upload and a document. */
  async function closedRequest(d: TestDeployment, typeId: string) {
    const r = await d.db.requests.insert({
      pluginId: typeId.split('.')[0]!,
      typeId,
      kind: typeId === MELDING ? 'report' : 'certificate',
      locale: 'nl',
      requester: { kind: 'citizen', id: `u-${typeId}`, level: 'high' },
      subject: { insz: '85073003328', relation: 'self' },
      form: { note: typeId },
    });
    await d.db.requests.transition(r.id, { to: 'delivered', patch: { closedAt: d.clock.now() } });
    const upload = await d.db.uploads.insert({
      requestId: r.id,
      fileName: 'foto.jpg',
      mediaType: 'image/jpeg',
      bytes: Buffer.from('jpg'),
    });
    const doc = await d.db.documents.insert({
      requestId: r.id,
      stepKey: `${r.id}:document`,
      fileName: 'a.pdf',
      mediaType: 'application/pdf',
      bytes: Buffer.from('pdf'),
    });
    return async () => ({
      form: (await d.db.requests.get(r.id))?.form != null,
      upload: (await d.db.uploads.get(upload.id)) !== undefined,
      document: (await d.db.documents.readBytes(doc.id)) !== undefined,
    });
  }

  /** Runs the deployment's daily purge job at `days` after the start. */
  async function purgeAt(d: TestDeployment, start: number, days: number) {
    d.clock.set(new Date(start + days * DAY));
    await d.db.jobs.enqueue({ type: RETENTION_JOB, payload: {}, key: `purge-${days}` });
    await d.runJobs();
  }

  it("applies the melding's 365 days, the back-office's document term and the config's terms", async () => {
    const d = await deployment();
    const start = d.clock.now().getTime();
    await d.db.settings.set('requestType.test.attest.documentMonths', 1, { type: 'staff', id: 'admin' });

    expect(await d.typeRetention()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          typeId: 'test.attest',
          documentMonths: 1,
          formDataDays: 30,
          differs: true,
        }),
        expect.objectContaining({
          typeId: 'test.reviewed',
          documentMonths: 2,
          formDataDays: 30,
          differs: false,
        }),
        expect.objectContaining({ typeId: MELDING, documentMonths: 2, formDataDays: 365, differs: true }),
      ]),
    );

    const attest = await closedRequest(d, 'test.attest');
    const reviewed = await closedRequest(d, 'test.reviewed');
    const melding = await closedRequest(d, MELDING);
    const all = { form: true, upload: true, document: true };
    const none = { form: false, upload: false, document: false };

    await purgeAt(d, start, 29);
    expect([await attest(), await reviewed(), await melding()]).toEqual([all, all, all]);

    await purgeAt(d, start, 30); // the config's 30 days: form data and uploads, not the melding's
    expect(await attest()).toEqual({ ...none, document: true });
    expect(await reviewed()).toEqual({ ...none, document: true });
    expect(await melding()).toEqual(all);

    await purgeAt(d, start, 31); // the back-office's month for test.attest's documents
    expect(await attest()).toEqual(none);
    expect(await reviewed()).toEqual({ ...none, document: true });

    await purgeAt(d, start, 63); // the config's 2 months for the rest
    expect(await reviewed()).toEqual(none);
    expect(await melding()).toEqual({ ...all, document: false });

    await purgeAt(d, start, 364);
    expect((await melding()).form).toBe(true);
    await purgeAt(d, start, 366); // the melding's own 365 days
    expect(await melding()).toEqual(none);
  });

  it('purges the webhook delivery log after retention.webhookDeliveryDays', async () => {
    const d = await deployment({ webhookDeliveryDays: 7 });
    const start = d.clock.now().getTime();
    const sub = await d.db.webhooks.subscribe(
      { name: 'x', url: 'https://hooks.example.test/' },
      {
        type: 'system',
      },
    );
    await d.db.webhooks.recordDelivery({
      subscriptionId: sub.id,
      outboxId: crypto.randomUUID(),
      eventId: crypto.randomUUID(),
      eventType: 'request.submitted',
      attempt: 1,
      ok: true,
      statusCode: 204,
      error: null,
      durationMs: 3,
    });
    await purgeAt(d, start, 6);
    expect(await d.db.webhooks.deliveries(sub.id)).toHaveLength(1);
    await purgeAt(d, start, 8);
    expect(await d.db.webhooks.deliveries(sub.id)).toHaveLength(0);
  });
});
