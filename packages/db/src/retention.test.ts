import { DAY, MINUTE, SYSTEM } from '@smartloket/core';
import { expect, it } from 'vitest';
import { openDatabase, type RetentionProgress, type RetentionResult } from './index.js';
import { forEachDatabase } from './testing.js';

const zero = { documents: 0, forms: 0, uploads: 0, outbox: 0, sessions: 0, jobs: 0, audit: 0 };

forEachDatabase('retention', (_url, t) => {
  it('purges each kind of data at its term, once, and keeps request skeletons, events and audit', async () => {
    const db = t.db;
    const t0 = t.clock.now();
    const at = (ms: number) => new Date(t0.getTime() + ms);
    const purge = async (dryRun = false): Promise<RetentionResult> => {
      const r = await db.retention.purge({ now: t.clock.now(), terms: {}, dryRun });
      const { dryRun: _d, auditSkipped: _s, ...counts } = r;
      return counts as RetentionResult;
    };

    const base = {
      pluginId: 'test',
      kind: 'certificate' as const,
      locale: 'nl' as const,
      requester: { kind: 'citizen' as const, id: 'ret-user', level: 'high' as const, email: 'a@b.test' },
      subject: { insz: '85073003328', relation: 'self' as const },
      form: { secret: 'personal' },
    };
    const closed = await db.requests.insert({ ...base, typeId: 'ret.closed' });
    await db.events.append({ requestId: closed.id, type: 'submit', toState: 'submitted', actor: SYSTEM });
    await db.requests.transition(closed.id, { to: 'delivered', patch: { closedAt: t0, deliveredAt: t0 } });
    const open = await db.requests.insert({ ...base, typeId: 'ret.open' });
    const doc = await db.documents.insert({
      requestId: closed.id,
      stepKey: `${closed.id}:document`,
      fileName: 'a.pdf',
      mediaType: 'application/pdf',
      bytes: Buffer.from('pdf'),
      expiresAt: at(100 * DAY),
    });
    const attached = await db.uploads.insert({
      requestId: closed.id,
      fileName: 'bijlage.pdf',
      mediaType: 'application/pdf',
      bytes: Buffer.from('x'),
    });
    // Attached to a request still being handled, with the purge date of a file not yet attached
    // (as attach left it before it cleared the date): kept with the request, never by that date.
    const stillNeeded = await db.uploads.insert({
      requestId: open.id,
      fileName: 'vergunning.pdf',
      mediaType: 'application/pdf',
      bytes: Buffer.from('z'),
      purgeAt: at(DAY),
    });
    const orphan = await db.uploads.insert({
      fileName: 'o.png',
      mediaType: 'image/png',
      bytes: Buffer.from('y'),
    });
    const sent = await db.outbox.add({
      kind: 'email',
      dedupeKey: 'ret-sent',
      recipient: 'a@b.test',
      payload: { n: 1 },
    });
    await db.outbox.markSent(sent.id, '<1@x>');
    const unsent = await db.outbox.add({
      kind: 'email',
      dedupeKey: 'ret-unsent',
      recipient: 'a@b.test',
      payload: {},
    });
    await db.sessions.create('session-secret', {
      data: { csrf: 'c' },
      identity: { subject: 's' },
      expiresAt: at(DAY),
    });
    expect((await db.sessions.get('session-secret'))?.data).toEqual({ csrf: 'c' });
    const job = await db.jobs.enqueue({ type: 'ret.job', payload: {} });
    await db.jobs.claim({ workerId: 'w', types: ['ret.job'], limit: 1, leaseMs: MINUTE });
    await db.jobs.complete(job.id, 'w');
    const audit = await db.audit.append({ category: 'staff_view', actor: { type: 'staff', id: 's' } });

    expect(await purge()).toEqual(zero);

    t.clock.set(at(31 * MINUTE));
    expect(await purge(true)).toEqual({ ...zero, sessions: 1 });
    expect(await purge()).toEqual({ ...zero, sessions: 1 });
    expect(await db.sessions.get('session-secret')).toBeUndefined();
    expect(await purge()).toEqual(zero);

    t.clock.set(at(31 * DAY));
    expect(await purge(true)).toEqual({ ...zero, outbox: 2, jobs: 1 });
    expect((await db.outbox.get(sent.id))?.payload).toEqual({ n: 1 }); // a dry run changes nothing
    expect(await purge()).toEqual({ ...zero, outbox: 2, jobs: 1 });
    expect(await db.outbox.get(sent.id)).toMatchObject({ state: 'sent', payload: null, recipient: null });
    expect(await db.outbox.get(unsent.id)).toMatchObject({
      state: 'expired',
      payload: null,
      recipient: null,
    });
    expect(await db.jobs.get(job.id)).toBeUndefined();
    expect(await purge()).toEqual(zero);

    t.clock.set(at(91 * DAY));
    expect(await purge(true)).toEqual({ ...zero, forms: 1, uploads: 2 });
    expect(await purge()).toEqual({ ...zero, forms: 1, uploads: 2 });
    expect((await db.requests.get(closed.id))?.form).toBeNull();
    expect((await db.requests.get(closed.id))?.formPurgedAt).toEqual(t.clock.now());
    expect((await db.requests.get(open.id))?.form).toEqual({ secret: 'personal' }); // still being handled
    expect(await db.uploads.get(attached.id)).toBeUndefined();
    expect(await db.uploads.get(orphan.id)).toBeUndefined();
    expect(await db.uploads.get(stillNeeded.id)).toBeDefined();
    expect(await purge()).toEqual(zero);

    t.clock.set(at(101 * DAY));
    expect(await purge()).toEqual({ ...zero, documents: 1 });
    expect(await db.documents.readBytes(doc.id)).toBeUndefined();
    expect(await db.documents.get(doc.id)).toMatchObject({ id: doc.id, purgedAt: t.clock.now() });
    expect(await purge()).toEqual(zero);

    // The skeleton and its events stay; the audit row stays until its own term.
    t.clock.set(at(9 * 365 * DAY));
    expect(await purge()).toEqual(zero);
    const skeleton = await db.requests.get(closed.id);
    expect(skeleton).toMatchObject({ state: 'delivered', reference: closed.reference, form: null });
    expect((await db.events.list(closed.id)).map((e) => e.type)).toEqual(['submit']);
    expect(await db.audit.get(audit.id)).toEqual(audit);

    t.clock.set(at(3653 * DAY + 1));
    if (t.dialect === 'postgres') {
      // Without the owner connection the runtime role cannot purge the audit log: it says so.
      const runtimeOnly = await openDatabase({ url: t.url, clock: t.clock });
      try {
        const r = await runtimeOnly.retention.purge({ now: t.clock.now() });
        expect(r.audit).toBe(0);
        expect(r.auditSkipped).toMatch(/ownerUrl/);
      } finally {
        await runtimeOnly.close();
      }
    }
    expect(await purge()).toEqual({ ...zero, audit: 1 });
    expect(await db.audit.get(audit.id)).toBeUndefined();
    expect(await purge()).toEqual(zero);
    expect(await db.requests.get(closed.id)).toBeDefined();
  });

  it('reports progress per category and per batch', async () => {
    const db = t.db;
    const start = t.clock.now();
    for (let i = 0; i < 5; i++) {
      await db.sessions.create(`progress-${i}`, {
        data: {},
        identity: { subject: 's' },
        expiresAt: new Date(start.getTime() + MINUTE),
      });
    }
    t.clock.set(new Date(start.getTime() + 2 * MINUTE));
    const dry: RetentionProgress[] = [];
    await db.retention.purge({ now: t.clock.now(), dryRun: true, onProgress: (p) => dry.push(p) });
    expect(dry).toEqual([]);

    const seen: RetentionProgress[] = [];
    const result = await db.retention.purge({
      now: t.clock.now(),
      batchSize: 2,
      onProgress: (p) => seen.push({ ...p }),
    });
    expect(result.sessions).toBe(5);
    expect(seen.filter((p) => p.category === 'sessions')).toEqual([
      { category: 'sessions', done: 0, total: 5 },
      { category: 'sessions', done: 2, total: 5 },
      { category: 'sessions', done: 4, total: 5 },
      { category: 'sessions', done: 5, total: 5 },
    ]);
    const categories = [...new Set(seen.map((p) => p.category))];
    expect(categories).toEqual([
      'documents',
      'uploads',
      'forms',
      'outbox',
      'sessions',
      'drafts',
      'jobs',
      'emailConfirmations',
      'capabilityLinks',
      'webhookDeliveries',
      'audit',
    ]);
    for (const category of categories) {
      const last = seen.filter((p) => p.category === category).at(-1)!;
      expect(last.done).toBe(last.total);
      expect(last.done).toBe((result as unknown as Record<string, number | undefined>)[category] ?? 0);
    }
  });

  it("honours each request type's own terms for form data, uploads and documents, shorter or longer than the global one", async () => {
    const db = t.db;
    const t0 = t.clock.now();
    const at = (ms: number) => new Date(t0.getTime() + ms);
    const terms = {
      formDataDays: 90,
      documentMonths: 3,
      byType: {
        'bytype.long': { formDataDays: 365, documentMonths: 12 },
        'bytype.short': { formDataDays: 10, documentMonths: 1 },
      },
    };
    const purge = async () => {
      const {
        dryRun: _d,
        auditSkipped: _s,
        ...counts
      } = await db.retention.purge({ now: t.clock.now(), terms });
      return counts;
    };
    const make = async (typeId: string, expiresAt: Date | null = null) => {
      const r = await db.requests.insert({
        pluginId: 'bytype',
        typeId,
        kind: 'certificate',
        locale: 'nl',
        requester: { kind: 'citizen', id: `u-${typeId}`, level: 'high' },
        subject: { insz: '85073003328', relation: 'self' },
        form: { secret: typeId },
      });
      await db.requests.transition(r.id, { to: 'delivered', patch: { closedAt: t0, deliveredAt: t0 } });
      const upload = await db.uploads.insert({
        requestId: r.id,
        fileName: 'bijlage.pdf',
        mediaType: 'application/pdf',
        bytes: Buffer.from('x'),
      });
      const doc = await db.documents.insert({
        requestId: r.id,
        stepKey: `${r.id}:document`,
        fileName: 'a.pdf',
        mediaType: 'application/pdf',
        bytes: Buffer.from('pdf'),
        expiresAt,
      });
      return { id: r.id, upload: upload.id, doc: doc.id };
    };
    const long = await make('bytype.long');
    const short = await make('bytype.short');
    // Delivered under a longer term, since shortened on the modules screen: the shorter one wins.
    const shortened = await make('bytype.short', at(400 * DAY));
    const plain = await make('bytype.plain');
    const state = async (r: { id: string; upload: string; doc: string }) => ({
      form: (await db.requests.get(r.id))?.form !== null,
      upload: (await db.uploads.get(r.upload)) !== undefined,
      document: (await db.documents.readBytes(r.doc)) !== undefined,
    });
    const kept = { form: true, upload: true, document: true };
    const gone = { form: false, upload: false, document: false };

    t.clock.set(at(9 * DAY));
    expect(await purge()).toEqual(zero);

    t.clock.set(at(11 * DAY));
    expect(await purge()).toEqual({ ...zero, forms: 2, uploads: 2 });
    expect(await state(short)).toEqual({ ...gone, document: true });
    expect(await state(plain)).toEqual(kept);
    expect(await state(long)).toEqual(kept);

    t.clock.set(at(32 * DAY));
    expect(await purge()).toEqual({ ...zero, documents: 2 });
    expect(await state(short)).toEqual(gone);
    expect(await state(shortened)).toEqual(gone);

    t.clock.set(at(89 * DAY));
    expect(await purge()).toEqual(zero);
    t.clock.set(at(93 * DAY));
    expect(await purge()).toEqual({ ...zero, forms: 1, uploads: 1, documents: 1 });
    expect(await state(plain)).toEqual(gone);
    expect(await state(long)).toEqual(kept);

    t.clock.set(at(364 * DAY));
    expect(await purge()).toEqual(zero);
    t.clock.set(at(366 * DAY));
    expect(await purge()).toEqual({ ...zero, forms: 1, uploads: 1, documents: 1 });
    expect(await state(long)).toEqual(gone);
  });

  it('removes saved drafts with their uploads at their expiry or after draftDays', async () => {
    const db = t.db;
    const t0 = t.clock.now();
    const upload = async () =>
      db.uploads.insert({
        fileName: 'plan.pdf',
        mediaType: 'application/pdf',
        bytes: Buffer.from('%PDF'),
        purgeAt: new Date(t0.getTime() + DAY),
      });
    const a = await upload();
    const b = await upload();
    // `a` saved with a 30-day expiry, `b` with 60 days (a term since shortened).
    await db.drafts.save({
      id: 'draft-a',
      subject: 's1',
      typeId: 'x.y',
      data: { values: {} },
      expiresAt: new Date(t0.getTime() + 30 * DAY),
      uploadIds: [a.id],
    });
    await db.drafts.save({
      id: 'draft-b',
      subject: 's1',
      typeId: 'x.y',
      data: { values: {} },
      expiresAt: new Date(t0.getTime() + 60 * DAY),
      uploadIds: [b.id],
    });
    // Someone else's save under the same id changes nothing.
    expect(
      await db.drafts.save({ id: 'draft-a', subject: 's2', typeId: 'x.y', data: {}, expiresAt: t0 }),
    ).toBe(false);
    expect((await db.drafts.listBySubject('s1')).map((d) => d.id).sort()).toEqual(['draft-a', 'draft-b']);
    const purge = async (days: number, terms = {}) => {
      t.clock.set(new Date(t0.getTime() + days * DAY));
      return (await db.retention.purge({ now: t.clock.now(), terms })).drafts ?? 0;
    };
    // The upload's one-day purge no longer applies once it belongs to a draft.
    expect(await purge(2, { draftDays: 90 })).toBe(0);
    expect(await db.uploads.get(a.id)).toBeDefined();
    expect(await purge(31, { draftDays: 90 })).toBe(1);
    expect(await db.uploads.get(a.id)).toBeUndefined();
    expect(await db.uploads.get(b.id)).toBeDefined();
    // The configured term (last saved + draftDays) ends `b` before its own expiry.
    expect(await purge(32, { draftDays: 40 })).toBe(0);
    expect(await purge(41, { draftDays: 40 })).toBe(1);
    expect(await db.uploads.get(b.id)).toBeUndefined();
    expect(await db.drafts.listBySubject('s1')).toEqual([]);
  });

  it('purges the webhook delivery log after its term', async () => {
    const db = t.db;
    const t0 = t.clock.now();
    const sub = await db.webhooks.subscribe({ name: 'ret', url: 'https://hooks.example.test/x' }, SYSTEM);
    const delivery = {
      subscriptionId: sub.id,
      outboxId: crypto.randomUUID(),
      eventId: crypto.randomUUID(),
      eventType: 'request.submitted',
      ok: true,
      statusCode: 200,
      error: null,
      durationMs: 5,
    };
    await db.webhooks.recordDelivery({ ...delivery, attempt: 1 });
    t.clock.set(new Date(t0.getTime() + 10 * DAY));
    await db.webhooks.recordDelivery({ ...delivery, attempt: 2 });
    const count = async (terms = {}) =>
      (await db.retention.purge({ now: t.clock.now(), terms })).webhookDeliveries ?? 0;

    t.clock.set(new Date(t0.getTime() + 29 * DAY));
    expect(await count()).toBe(0);
    t.clock.set(new Date(t0.getTime() + 31 * DAY));
    expect(await count()).toBe(1); // the default term is 30 days
    expect((await db.webhooks.deliveries(sub.id)).map((d) => d.attempt)).toEqual([2]);
    expect(await count({ webhookDeliveryDays: 22 })).toBe(0);
    expect(await count({ webhookDeliveryDays: 20 })).toBe(1);
    expect(await db.webhooks.deliveries(sub.id)).toEqual([]);
  });
});
