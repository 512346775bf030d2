import { createServer } from 'node:net';
import { type DevMailbox, startDevMailbox, startFlakySmtp } from '@smartloket/dev-world/mailbox';
import {
  createMailNotifier,
  createSmtpMailer,
  MailDeliveryError,
  type Mailer,
  PermanentMailError,
  renderEmail,
  TransientMailError,
} from '@smartloket/notifier-mail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMunicipality as municipality } from '../../packages/notifier-mail/src/testing-fixtures.js';

const from = { name: 'Gemeente Zottegem', address: 'noreply@loket.zottegem.example' };
const to = 'burger@example.org';

/** A port on loopback where nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('createSmtpMailer through the dev mailbox', () => {
  let mailbox: DevMailbox;
  let mailer: Mailer;
  beforeAll(async () => {
    mailbox = await startDevMailbox({ smtpPort: 0, httpPort: 0, host: '127.0.0.1' });
    mailer = createSmtpMailer({ ...mailbox.smtp, from });
  });
  afterAll(async () => {
    await mailer.close();
    await mailbox.stop();
  });

  it('delivers subject, text, HTML and the given Message-ID; the link is extracted', async () => {
    const personalPageUrl = 'https://loket.zottegem.example/mijn?tab=documenten&id=7';
    const rendered = renderEmail(
      'delivered',
      {
        reference: 'SL-2026-000777',
        requestType: { nl: 'Uittreksel uit het bevolkingsregister' },
        personalPageUrl,
      },
      { locale: 'nl', municipality },
    );
    const messageId = '<0b7e5a8c-outbox-1@loket.zottegem.example>';
    const result = await mailer.send({
      to,
      ...rendered,
      messageId,
      headers: { 'X-SmartLoket-Kind': 'delivered' },
    });
    expect(result).toEqual({ messageId, accepted: [to] });

    const mail = await mailbox.waitFor((m) => m.messageId === messageId);
    expect(mail.subject).toBe(rendered.subject);
    expect(mail.to).toEqual([to]);
    expect(mail.from).toContain(from.address);
    expect(mail.text).toContain('Uw document is klaar');
    expect(mail.html).toContain('Naar mijn persoonlijke pagina');
    expect(mail.links).toContain(personalPageUrl);
    expect(mail.headers['auto-submitted']).toBe('auto-generated');
    expect(mail.headers['x-smartloket-kind']).toBe('delivered');
  });

  it('renders and sends by kind with createMailNotifier', async () => {
    const notifier = createMailNotifier({ mailer, municipality });
    const messageId = '<outbox-2@loket.zottegem.example>';
    await notifier.send(
      'email_confirmation',
      { confirmUrl: 'https://loket.zottegem.example/bevestig/t0k3n' },
      { to, locale: 'en', messageId },
    );
    const mail = await mailbox.waitFor((m) => m.messageId === messageId);
    expect(mail.subject).toBe('Confirm your e-mail address');
    expect(mail.headers['x-smartloket-mail']).toBe('email_confirmation');
    expect(mail.links).toEqual(['https://loket.zottegem.example/bevestig/t0k3n']);
  });

  it('refuses a Message-ID that is not <local@domain>', async () => {
    await expect(
      mailer.send({ to, subject: 's', text: 't', html: '<p>t</p>', messageId: 'no-domain' }),
    ).rejects.toThrow(TypeError);
  });
});

describe('SMTP failures', () => {
  it('fails twice with a transient error on 451, then delivers with the same Message-ID', async () => {
    const flaky = await startFlakySmtp({ failFirst: 2 });
    const mailer = createSmtpMailer({ host: flaky.host, port: flaky.port, from });
    try {
      const message = {
        to,
        ...renderEmail(
          'receipt',
          { reference: 'SL-2026-000001', requestType: { nl: 'Attest' }, handling: 'review' },
          { locale: 'fr', municipality },
        ),
        messageId: '<outbox-42@loket.zottegem.example>',
      };
      const outcomes: unknown[] = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        outcomes.push(await mailer.send(message).catch((error: unknown) => error));
      }
      for (const failed of outcomes.slice(0, 2)) {
        expect(failed).toBeInstanceOf(TransientMailError);
        expect(failed).toMatchObject({ transient: true, reason: 'temporary', responseCode: 451 });
      }
      expect(outcomes[2]).toEqual({ messageId: message.messageId, accepted: [to] });
      expect(flaky.attempts()).toEqual([
        { accepted: false, messageId: message.messageId },
        { accepted: false, messageId: message.messageId },
        { accepted: true, messageId: message.messageId },
      ]);
      expect(flaky.messages().map((m) => m.messageId)).toEqual([message.messageId]);
    } finally {
      await mailer.close();
      await flaky.stop();
    }
  });

  it('reports a rejected recipient (550) as permanent, without the address in the message', async () => {
    const flaky = await startFlakySmtp({ failFirst: 1, code: 550, stage: 'rcpt' });
    const mailer = createSmtpMailer({ host: flaky.host, port: flaky.port, from });
    try {
      const error = await mailer
        .send({ to, subject: 's', text: 't', html: '<p>t</p>', messageId: '<p-1@loket.example>' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PermanentMailError);
      expect(error).toMatchObject({ transient: false, reason: 'recipient_rejected', responseCode: 550 });
      expect((error as Error).message).not.toContain(to);
    } finally {
      await mailer.close();
      await flaky.stop();
    }
  });

  it('reports a refused connection as transient', async () => {
    const mailer = createSmtpMailer({ host: '127.0.0.1', port: await closedPort(), from });
    const error = await mailer
      .send({ to, subject: 's', text: 't', html: '<p>t</p>', messageId: '<c-1@loket.example>' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailDeliveryError);
    expect(error).toMatchObject({ transient: true, reason: 'connection' });
    await mailer.close();
  });
});
