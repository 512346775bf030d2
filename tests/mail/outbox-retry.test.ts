import { MINUTE } from '@smartloket/core';
import { DEMO_MUNICIPALITY } from '@smartloket/dev-population';
import { type FlakySmtp, startFlakySmtp } from '@smartloket/dev-world/mailbox';
import { createSmtpMailer } from '@smartloket/notifier-mail';
import {
  createTestDeployment,
  createTestPlugin,
  fakeIdentities,
  type TestDeployment,
} from '@smartloket/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutboxMailSender } from '../../packages/cli/src/compose/mail.js';

/**
 * E-mails leave through the outbox: at least once, with a stable Message-ID and a dedupe key,
 * retried on SMTP failure by the worker.
 */
describe('outbox e-mails over SMTP', () => {
  let smtp: FlakySmtp | undefined;
  let d: TestDeployment | undefined;
  afterEach(async () => {
    await d?.close();
    await smtp?.stop();
  });

  it('an SMTP server that fails twice, then accepts, gets each mail once more with the same Message-ID', async () => {
    smtp = await startFlakySmtp({ failFirst: 2 });
    const mailer = createSmtpMailer({
      host: smtp.host,
      port: smtp.port,
      from: { name: 'Gemeente Smartegem', address: 'loket@smartegem.example' },
    });
    d = await createTestDeployment({
      plugins: [createTestPlugin()],
      mailSender: createOutboxMailSender({
        mailer,
        municipality: { ...DEMO_MUNICIPALITY, baseUrl: 'http://localhost:3000' },
      }),
    });
    const { request } = await d.requests.submit({
      typeId: 'test.attest',
      input: { forWhom: 'self' },
      locale: 'nl',
      identity: fakeIdentities.citizen(),
    });
    for (let i = 0; i < 6; i++) {
      await d.runJobs();
      d.clock.advance(10 * MINUTE);
    }
    const rows = await d.db.outbox.listByRequest(request.id);
    expect(rows.map((r) => (r.payload as { kind: string }).kind).sort()).toEqual(['delivered', 'receipt']);
    for (const row of rows) {
      expect(row.state).toBe('sent');
      expect(row.messageId).toMatch(/^<.+@localhost>$/);
    }
    const attempts = smtp.attempts();
    expect(attempts.filter((a) => !a.accepted)).toHaveLength(2);
    const accepted = attempts.filter((a) => a.accepted).map((a) => a.messageId);
    // Each mail delivered exactly once, under the Message-ID its outbox row keeps.
    expect(accepted.sort()).toEqual(rows.map((r) => r.messageId).sort());
    const failedIds = attempts.filter((a) => !a.accepted && a.messageId).map((a) => a.messageId);
    for (const id of failedIds) expect(accepted).toContain(id);
    // The subject carries the reference, never the requester's name.
    const mails = smtp.messages();
    expect(mails).toHaveLength(2);
    for (const m of mails) expect(m.subject).not.toContain('Peeters');
    await mailer.close();
  });
});
