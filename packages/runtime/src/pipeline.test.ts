import { MINUTE } from '@smartloket/core';
import { createTestDatabase, forEachDatabase, type TestDatabase } from '@smartloket/db/testing';
import {
  createTestDeployment,
  createTestPlugin,
  fakeIdentities,
  type ScriptStep,
  type TestDeployment,
} from '@smartloket/testkit';
import { afterEach, expect, it } from 'vitest';

forEachDatabase(
  'delivery pipeline',
  (_url, suiteDb) => {
    let d: TestDeployment | undefined;
    let fresh: TestDatabase | undefined;
    afterEach(async () => {
      await d?.close();
      await fresh?.destroy();
      d = undefined;
      fresh = undefined;
    });

    /** Every test gets its own database: leftover jobs of one test must not run in the next. */
    async function deployment(script?: ScriptStep[], config?: Record<string, unknown>) {
      fresh = await createTestDatabase(suiteDb.dialect);
      d = await createTestDeployment({
        plugins: [createTestPlugin({ script })],
        databaseUrl: fresh.url,
        databaseOwnerUrl: fresh.ownerUrl,
        config,
      });
      return d;
    }

    const jan = fakeIdentities.citizen();

    it('delivers an automatic request: source, renderer, signer, document, e-mail, audit', async () => {
      const t = await deployment([{ data: { name: 'Jan' } }]);
      const { request, decision } = await t.requests.submit({
        typeId: 'test.attest',
        input: { forWhom: 'self', purpose: 'school' },
        locale: 'nl',
        identity: jan,
      });
      expect(decision.outcome).toBe('auto');
      expect(request.state).toBe('waiting_source');
      await t.runJobs();
      const done = await t.db.requests.get(request.id);
      expect(done?.state).toBe('delivered');
      const events = await t.db.events.list(request.id);
      expect(events.map((e) => e.type)).toEqual(['submit', 'auto', 'render', 'sign', 'deliver']);
      const docs = await t.db.documents.listByRequest(request.id);
      expect(docs).toHaveLength(1);
      const bytes = Buffer.from((await t.db.documents.readBytes(docs[0]!.id))!);
      expect(bytes.toString('latin1')).toContain('%TEST-SEAL');
      expect(bytes.toString('latin1')).toContain(docs[0]!.verificationCode!);
      expect(docs[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
      const mails = await t.db.outbox.listByRequest(request.id);
      expect(mails.map((m) => (m.payload as { kind: string }).kind).sort()).toEqual(['delivered', 'receipt']);
      const audit = await t.db.audit.list({ requestId: request.id });
      expect(audit.map((a) => a.category).sort()).toEqual(['consultation_outcome', 'consultation_started']);
      const started = audit.find((a) => a.category === 'consultation_started')!;
      expect(started.legalBasis).toBe('Test legal basis (art. 1 of the test act)');
      expect(started.referte).toMatch(/^[0-9a-f-]{36}$/);
    });

    it("keeps the document online for the back-office's per-type term when one is set", async () => {
      const t = await deployment([{ data: { name: 'Jan' } }, { data: { name: 'Jan' } }]);
      const deliver = async () => {
        const { request } = await t.requests.submit({
          typeId: 'test.attest',
          input: { forWhom: 'self', purpose: 'school' },
          locale: 'nl',
          identity: jan,
        });
        await t.runJobs();
        const [doc] = await t.db.documents.listByRequest(request.id);
        const months = (d: Date) => d.getUTCFullYear() * 12 + d.getUTCMonth();
        return months(doc!.expiresAt!) - months(doc!.createdAt);
      };
      expect(await deliver()).toBe(3);
      await t.db.settings.set('requestType.test.attest.documentMonths', 6, 'admin');
      expect(await deliver()).toBe(6);
    });

    it('a review outcome waits in review until staff approve', async () => {
      const t = await deployment();
      const { request } = await t.requests.submit({
        typeId: 'test.reviewed',
        input: { forWhom: 'self' },
        locale: 'fr',
        identity: jan,
      });
      expect(request.state).toBe('in_review');
      expect(await t.runJobs()).toBe(1); // the receipt e-mail only
      expect((await t.db.requests.get(request.id))?.state).toBe('in_review');
      const staff = { type: 'staff' as const, id: 'dev:karin', name: 'Karin' };
      const approved = await t.requests.act(request.id, { action: 'approve' }, staff, request.version);
      expect(approved.state).toBe('waiting_source');
      await t.runJobs();
      expect((await t.db.requests.get(request.id))?.state).toBe('delivered');
    });

    it('a request for another person goes to review with the stated ground', async () => {
      const t = await deployment();
      const { request, decision } = await t.requests.submit({
        typeId: 'test.attest',
        input: { forWhom: 'other', subjectInsz: '90631224676', ground: 'volmacht' },
        locale: 'nl',
        identity: jan,
      });
      expect(request.state).toBe('in_review');
      expect(decision.reasons.map((r) => r.reason.nl).join(' ')).toContain('volmacht');
    });

    it('deny ends denied and never consults the source', async () => {
      const t = await deployment();
      const plugin = t.kernel.requestType('test.adults-only');
      expect(plugin).toBeDefined();
      const { request } = await t.requests.submit({
        typeId: 'test.adults-only',
        input: { forWhom: 'self' },
        locale: 'nl',
        identity: jan,
      });
      expect(request.state).toBe('denied');
      await t.runJobs();
      expect(await t.db.audit.list({ requestId: request.id })).toHaveLength(0);
    });

    it('a cancelled request stops', async () => {
      const t = await deployment();
      const { request } = await t.requests.submit({
        typeId: 'test.reviewed',
        input: { forWhom: 'self' },
        locale: 'nl',
        identity: jan,
      });
      const requester = { type: 'requester' as const, id: request.requester.id };
      const cancelled = await t.requests.act(request.id, { action: 'cancel' }, requester);
      expect(cancelled.state).toBe('cancelled');
      await expect(
        t.requests.act(request.id, { action: 'approve' }, { type: 'staff', id: 'dev:karin' }),
      ).rejects.toThrow(/Cannot approve/);
      await t.runJobs();
      expect((await t.db.requests.get(request.id))?.state).toBe('cancelled');
      expect(await t.db.documents.listByRequest(request.id)).toHaveLength(0);
    });

    it('bad input is refused with field errors and changes nothing', async () => {
      const t = await deployment();
      await expect(
        t.requests.submit({
          typeId: 'test.attest',
          input: { forWhom: 'other', subjectInsz: '12345678901' },
          locale: 'nl',
          identity: jan,
        }),
      ).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        issues: [{ path: 'subjectInsz', code: 'insz.invalid' }],
      });
      expect(await t.db.requests.count({})).toBe(0);
    });

    it('a double submit with one idempotency key makes one request', async () => {
      const t = await deployment();
      const input = {
        typeId: 'test.attest',
        input: { forWhom: 'self' },
        locale: 'nl' as const,
        identity: jan,
        idempotencyKey: 'k-1',
      };
      const [a, b] = await Promise.all([t.requests.submit(input), t.requests.submit(input)]);
      expect(a.request.id).toBe(b.request.id);
      expect(await t.db.requests.count({})).toBe(1);
    });

    it('a source failing transiently three times, then answering, delivers; attempts are events', async () => {
      const t = await deployment([
        { transient: '99996' },
        { transient: '99996' },
        { transient: '99997' },
        { data: { ok: 1 } },
      ]);
      const { request } = await t.requests.submit({
        typeId: 'test.attest',
        input: { forWhom: 'self' },
        locale: 'nl',
        identity: jan,
      });
      for (let i = 0; i < 4; i++) {
        await t.runJobs();
        t.clock.advance(20 * MINUTE);
      }
      expect((await t.db.requests.get(request.id))?.state).toBe('delivered');
      const events = await t.db.events.list(request.id);
      const attempts = events.filter((e) => e.type === 'source_attempt');
      expect(attempts.map((e) => (e.data as { code: string }).code)).toEqual(['99996', '99996', '99997']);
      expect(await t.db.documents.listByRequest(request.id)).toHaveLength(1);
      const outcomes = (await t.db.audit.list({ requestId: request.id })).filter(
        (a) => a.category === 'consultation_outcome',
      );
      expect(outcomes.map((o) => o.outcome)).toEqual([
        'transient_error',
        'transient_error',
        'transient_error',
        'ok',
      ]);
    });

    it('a source failing with errors N times fails the request, visible and retryable by staff', async () => {
      const t = await deployment(
        [
          { error: 'socket hang up' },
          { error: 'socket hang up' },
          { error: 'socket hang up' },
          { data: 'x' },
        ],
        {
          worker: { maxAttempts: 3 },
        },
      );
      const { request } = await t.requests.submit({
        typeId: 'test.attest',
        input: { forWhom: 'self' },
        locale: 'nl',
        identity: jan,
      });
      for (let i = 0; i < 4; i++) {
        await t.runJobs();
        t.clock.advance(30 * MINUTE);
      }
      expect((await t.db.requests.get(request.id))?.state).toBe('failed');
      const dead = await t.db.jobs.listDead({ limit: 10 });
      expect(dead.items.map((j) => j.type)).toContain('pipeline.step');
      const retried = await t.requests.act(
        request.id,
        { action: 'retry' },
        { type: 'staff', id: 'dev:karin' },
      );
      expect(retried.state).toBe('waiting_source');
      await t.runJobs();
      expect((await t.db.requests.get(request.id))?.state).toBe('delivered');
      expect(await t.db.documents.listByRequest(request.id)).toHaveLength(1);
    });

    it('a permanent source answer refuses the request with the source message', async () => {
      const t = await deployment([{ permanent: '30003', disposition: 'refuse' }]);
      const { request } = await t.requests.submit({
        typeId: 'test.attest',
        input: { forWhom: 'self' },
        locale: 'en',
        identity: jan,
      });
      await t.runJobs();
      const refused = await t.db.requests.get(request.id);
      expect(refused?.state).toBe('refused');
      const last = (await t.db.events.list(request.id)).at(-1);
      expect(last?.reason).toBe('Person not found.');
    });

    it('a pending source is polled later and then delivered', async () => {
      const t = await deployment([{ pending: 10 * MINUTE }]);
      const { request } = await t.requests.submit({
        typeId: 'test.attest',
        input: { forWhom: 'self' },
        locale: 'nl',
        identity: jan,
      });
      await t.runJobs();
      expect((await t.db.requests.get(request.id))?.state).toBe('waiting_source');
      t.clock.advance(11 * MINUTE);
      await t.runJobs();
      expect((await t.db.requests.get(request.id))?.state).toBe('delivered');
      expect((await t.db.events.list(request.id)).map((e) => e.type)).toContain('source_pending');
    });
  },
  { migrate: false },
);
