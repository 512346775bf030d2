import { createSmtpMailer, type Mailer } from '@smartloket/notifier-mail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevMailbox, extractLinks, startDevMailbox } from './index.js';

describe('dev mailbox', () => {
  let mailbox: DevMailbox;
  let mailer: Mailer;
  const subject = 'Aanvraag SL-2026-000009 ontvangen <&>';
  const messageId = '<dev-1@loket.zottegem.example>';

  beforeAll(async () => {
    mailbox = await startDevMailbox({ smtpPort: 0, httpPort: 0, host: '127.0.0.1' });
    mailer = createSmtpMailer({
      ...mailbox.smtp,
      from: { name: 'Gemeente', address: 'noreply@loket.example' },
    });
    await mailer.send({
      to: 'a@example.org',
      subject,
      text: 'Zie https://loket.zottegem.example/volg/abc',
      html: '<p><a href="https://loket.zottegem.example/volg/abc">Volgen</a></p><script>alert("mail")</script>',
      messageId,
    });
    await mailbox.waitFor((m) => m.messageId === messageId);
  });
  afterAll(async () => {
    await mailer.close();
    await mailbox.stop();
  });

  it('lists received mails on a Dutch page with the escaped subject', async () => {
    const res = await fetch(mailbox.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await res.text();
    expect(page).toContain('<html lang="nl">');
    expect(page).toContain('Ontvangen e-mails (1)');
    expect(page).toContain('Aanvraag SL-2026-000009 ontvangen &lt;&amp;&gt;');
    expect(page).toContain('href="https://loket.zottegem.example/volg/abc"');
    const fr = await (await fetch(`${mailbox.url}?lang=fr`)).text();
    expect(fr).toContain('Courriels reçus (1)');
  });

  it('shows one mail with its HTML only inside a sandboxed frame', async () => {
    const [mail] = mailbox.messages();
    const res = await fetch(new URL(`/messages/${mail!.id}`, mailbox.url));
    // The srcdoc frame inherits the page's policy: it must allow being framed by the page itself.
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    const page = await res.text();
    expect(page).toContain('<iframe sandbox=""');
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(&quot;mail&quot;)&lt;/script&gt;');
    expect(page).toContain('Zie https://loket.zottegem.example/volg/abc');
    expect((await fetch(new URL('/messages/999', mailbox.url))).status).toBe(404);
  });

  it('serves the mails as JSON', async () => {
    const res = await fetch(new URL('/api/messages', mailbox.url));
    expect(res.headers.get('content-type')).toContain('application/json');
    const list = (await res.json()) as {
      subject: string;
      messageId: string;
      links: string[];
      receivedAt: string;
    }[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ subject, messageId, links: ['https://loket.zottegem.example/volg/abc'] });
    expect(Number.isNaN(Date.parse(list[0]!.receivedAt))).toBe(false);
  });
});

describe('extractLinks', () => {
  it('takes http(s) hrefs and text URLs once, decoding entities and skipping other schemes', () => {
    expect(
      extractLinks(
        '<a href="https://a.example/x?p=1&amp;q=2">x</a><a href="javascript:alert(1)">y</a><a href="mailto:a@b.c">m</a>',
        'See https://a.example/x?p=1&q=2 and http://b.example/y.',
      ),
    ).toEqual(['https://a.example/x?p=1&q=2', 'http://b.example/y']);
  });
});

describe('mailbox times', () => {
  it('shows when a mail arrived in Europe/Brussels time', async () => {
    const { brusselsTime } = await import('./page.js');
    // 23:30 UTC on 30 June is 01:30 the next day in Brussels (summer time).
    expect(brusselsTime(new Date('2026-06-30T23:30:00Z'), 'nl')).toBe('1/07/2026, 01:30:00');
    expect(brusselsTime(new Date('2026-12-07T09:05:00Z'), 'nl')).toBe('7/12/2026, 10:05:00');
  });
});
