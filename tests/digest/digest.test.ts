import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY, HOUR, ManualClock, MINUTE } from '@smartloket/core';
import { createTestDatabase, forEachDatabase, type TestDatabase } from '@smartloket/db/testing';
import { DEMO_MUNICIPALITY } from '@smartloket/dev-population';
import { type DevMailbox, startDevMailbox } from '@smartloket/dev-world/mailbox';
import { createSmtpMailer, type Mailer } from '@smartloket/notifier-mail';
import { DIGEST_AUDIT, DIGEST_JOB, RETENTION_AUDIT, RETENTION_JOB, zonedInstant } from '@smartloket/runtime';
import { generateDevPki } from '@smartloket/signer-pades';
import {
  createTestDeployment,
  createTestPlugin,
  fakeIdentities,
  type ScriptStep,
  type TestDeployment,
} from '@smartloket/testkit';
import { afterEach, beforeAll, expect, it } from 'vitest';
import {
  certificateProviderService,
  createCertificateProvider,
} from '../../packages/cli/src/certificates.js';
import { createOutboxMailSender } from '../../packages/cli/src/compose/mail.js';

const ADMIN = 'beheer@smartegem.example';
/** A wall-clock time in Brussels on a given day. */
const at = (date: string, time: string) => zonedInstant(date, time);

/**
 * The daily jobs the workers schedule themselves (retention purge, problem digest), and the
 * digest e-mail to administrators through the outbox, on real components: the deployment, the
 * job queue, the dev mailbox over SMTP and a real (test) seal certificate.
 */
forEachDatabase('daily jobs and the problem digest', (_url, suiteDb) => {
  let mailbox: DevMailbox;
  let mailer: Mailer;
  const open: TestDeployment[] = [];
  const databases: TestDatabase[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    mailbox = await startDevMailbox({ host: '127.0.0.1' });
    mailer = createSmtpMailer({
      host: mailbox.smtp.host,
      port: mailbox.smtp.port,
      from: { name: 'Gemeente Smartegem', address: 'loket@smartegem.example' },
    });
    return async () => {
      await mailer.close();
      await mailbox.stop();
    };
  });
  afterEach(async () => {
    for (const d of open.splice(0)) await d.close();
    for (const db of databases.splice(0)) await db.destroy();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    mailbox.clear();
  });

  /** A deployment on a fresh database (or `db`), with the dev mailbox as its SMTP server. */
  async function deployment(
    clock: ManualClock,
    options: {
      db?: TestDatabase;
      script?: ScriptStep[];
      config?: Record<string, unknown>;
      services?: Parameters<typeof createTestDeployment>[0]['services'];
    } = {},
  ) {
    let db = options.db;
    if (!db) {
      db = await createTestDatabase(suiteDb.dialect);
      databases.push(db);
    }
    const d = await createTestDeployment({
      plugins: [createTestPlugin({ script: options.script })],
      databaseUrl: db.url,
      databaseOwnerUrl: db.ownerUrl,
      clock,
      services: options.services,
      mailSender: createOutboxMailSender({
        mailer,
        municipality: { ...DEMO_MUNICIPALITY, baseUrl: 'http://localhost:3000' },
      }),
      config: { digest: { recipients: [ADMIN] }, ...options.config },
    });
    open.push(d);
    return { d, db };
  }

  const periods = async (d: TestDeployment, type: string) =>
    (await d.db.knex('jobs').where({ type }).orderBy('run_at').select('key', 'state')).map(
      (r: { key: string; state: string }) => `${r.key} ${r.state}`,
    );

  it('two workers make one digest and one retention purge per day', async () => {
    const clock = new ManualClock(at('2026-03-02', '06:00'));
    const { d: one, db } = await deployment(clock);
    const { d: two } = await deployment(clock, { db });
    const w1 = one.createWorker({ id: 'worker-1' });
    const w2 = two.createWorker({ id: 'worker-2' });
    const end = at('2026-03-05', '06:00').getTime();
    while (clock.now().getTime() < end) {
      await Promise.all([w1.schedule(), w2.schedule()]);
      // On SQLite both deployments share one file from one process: better-sqlite3 waits for a
      // lock synchronously, so a worker waiting blocks the event loop of the one holding it (a
      // deadlock until the busy timeout that two processes would not have). There they drain one
      // after the other; on PostgreSQL at once.
      if (suiteDb.dialect === 'sqlite') {
        await w1.drain();
        await w2.drain();
      } else await Promise.all([w1.drain(), w2.drain()]);
      clock.advance(20 * MINUTE);
    }
    // The first start (06:00, before 07:00) catches up the day before once; then one per day.
    expect(await periods(one, DIGEST_JOB)).toEqual([
      'schedule:digest:2026-03-01 done',
      'schedule:digest:2026-03-02 done',
      'schedule:digest:2026-03-03 done',
      'schedule:digest:2026-03-04 done',
    ]);
    expect(await periods(one, RETENTION_JOB)).toEqual([
      'schedule:retention:2026-03-02 done',
      'schedule:retention:2026-03-03 done',
      'schedule:retention:2026-03-04 done',
      'schedule:retention:2026-03-05 done',
    ]);
    // Recorded every day, mail or not (no problems here: no mail).
    const runs = await one.db.audit.list({ categories: [DIGEST_AUDIT] });
    expect(runs.map((r) => r.data?.period)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04']);
    expect(runs.every((r) => r.data?.skipped === 'no_problems')).toBe(true);
    expect(mailbox.messages()).toHaveLength(0);
  });

  it('a worker down at 07:00 and started at 09:00 sends one digest, not one per missed day', async () => {
    const clock = new ManualClock(at('2026-03-02', '09:00'));
    const { d } = await deployment(clock, {
      config: { digest: { recipients: [ADMIN], sendWhenEmpty: true } },
    });
    // The worker of the day before ran its digest; then nothing ran for three days.
    // Each worker stops only once its digest mail is out: a stop with a short grace on a busy
    // machine aborted the outbox job mid-send, and the mail came twice or never.
    const first = d.createWorker({ pollMs: 20 }).start();
    await until(async () => (await periods(d, DIGEST_JOB)).includes('schedule:digest:2026-03-02 done'));
    await until(() => mailbox.messages().length >= 1);
    await first.stop();
    clock.set(at('2026-03-05', '09:00'));
    const worker = d.createWorker({ pollMs: 20 }).start();
    await until(async () => (await periods(d, DIGEST_JOB)).includes('schedule:digest:2026-03-05 done'));
    await worker.schedule();
    await d.runJobs();
    await until(() => mailbox.messages().length >= 2);
    await worker.stop();
    expect(await periods(d, DIGEST_JOB)).toEqual([
      'schedule:digest:2026-03-02 done',
      'schedule:digest:2026-03-05 done',
    ]);
    expect(mailbox.messages().map((m) => m.envelope.to)).toEqual([[ADMIN], [ADMIN]]);
  });

  it('mails one digest naming a failed request, its dead job and a seal certificate expiring in 10 days, without personal data', async () => {
    const clock = new ManualClock(at('2026-03-02', '10:00'));
    const dir = mkdtempSync(join(tmpdir(), 'smartloket-digest-'));
    dirs.push(dir);
    const pki = generateDevPki({
      dir,
      organisation: 'Gemeente Smartegem',
      validDays: 10,
      now: new Date(clock.now().getTime() - HOUR),
      nss: false,
    });
    const certificates = createCertificateProvider([{ key: 'signer.chainFile', file: pki.chain }]);
    const { d } = await deployment(clock, {
      script: [{ error: 'socket hang up' }, { error: 'socket hang up' }, { error: 'socket hang up' }],
      config: { worker: { maxAttempts: 3 } },
      services: [certificateProviderService(certificates)],
    });
    const jan = fakeIdentities.citizen();
    const { request } = await d.requests.submit({
      typeId: 'test.attest',
      input: { forWhom: 'self' },
      locale: 'nl',
      identity: jan,
    });
    for (let i = 0; i < 4; i++) {
      await d.runJobs();
      clock.advance(30 * MINUTE);
    }
    expect((await d.db.requests.get(request.id))?.state).toBe('failed');
    mailbox.clear(); // the requester's receipt

    // The next morning the worker schedules the day's jobs and sends the digest.
    clock.set(at('2026-03-03', '07:05'));
    await d.worker.schedule();
    await d.runJobs();
    const mails = mailbox.messages();
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.envelope.to).toEqual([ADMIN]);
    expect(mail.subject).toMatch(/dagoverzicht van problemen/);
    // It names the problems: the request (reference and type), the dead job, the certificate.
    expect(mail.text).toContain(request.reference);
    expect(mail.text).toContain('Testattest');
    expect(mail.text).toContain('pipeline.step');
    expect(mail.text).toContain('socket hang up');
    expect(mail.text).toContain('signer.chainFile');
    expect(mail.text).toContain('Gemeente Smartegem');
    expect(mail.text).toContain('vervalt op 12 maart 2026');
    expect(mail.links).toContain('http://localhost:3000/backoffice');
    // Nothing about the person.
    for (const personal of [jan.insz, jan.givenName, jan.familyName, jan.email].filter(Boolean) as string[]) {
      expect(mail.text).not.toContain(personal);
      expect(mail.subject).not.toContain(personal);
    }
    // Recorded, with the counts.
    const [run] = await d.db.audit.list({ categories: [DIGEST_AUDIT] });
    expect(run?.data).toMatchObject({
      period: '2026-03-03',
      failedRequests: 1,
      deadLetteredJobs: 1,
      expiringCertificates: 1,
      queued: 1,
    });
    // The same day, later: nothing more.
    clock.advance(6 * HOUR);
    await d.worker.schedule();
    await d.runJobs();
    expect(mailbox.messages()).toHaveLength(1);
  });

  it('the retention purge really runs every day', async () => {
    const clock = new ManualClock(at('2026-03-02', '10:00'));
    const { d } = await deployment(clock, { config: { digest: { recipients: [] } } });
    const sessions = async () => Number((await d.db.knex('sessions').count({ n: '*' }).first())?.n);
    // The first start runs the day's purge (due at 03:30) at once.
    await d.worker.schedule();
    await d.runJobs();
    for (const day of ['2026-03-03', '2026-03-04', '2026-03-05']) {
      await d.db.sessions.create(crypto.randomUUID(), {
        expiresAt: new Date(clock.now().getTime() + 2 * DAY),
      });
      expect(await sessions()).toBe(1);
      clock.set(at(day, '03:00'));
      await d.worker.schedule();
      await d.runJobs();
      expect(await sessions()).toBe(1); // not yet: 03:30
      clock.set(at(day, '03:31'));
      await d.worker.schedule();
      await d.runJobs();
      expect(await sessions()).toBe(0); // idle for hours: purged
      clock.set(at(day, '10:00'));
    }
    const purges = await d.db.audit.list({ categories: [RETENTION_AUDIT] });
    // The first start (10:00 on the 2nd) ran the 2nd's purge; then one per day at 03:30.
    expect(purges.map((p) => p.at.toISOString())).toEqual([
      at('2026-03-02', '10:00').toISOString(),
      at('2026-03-03', '03:31').toISOString(),
      at('2026-03-04', '03:31').toISOString(),
      at('2026-03-05', '03:31').toISOString(),
    ]);
    // No recipients: no digest scheduled.
    expect(await periods(d, DIGEST_JOB)).toEqual([]);
  });
});

/** Waits (polling) until `check` holds; bounded by count (at least 100 s), not by a deadline. */
async function until(check: () => Promise<boolean> | boolean, polls = 4000): Promise<void> {
  for (let i = 0; !(await check()); i++) {
    if (i >= polls) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 25));
  }
}
