import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY } from '@smartloket/core';
import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import { DEMO_MUNICIPALITY } from '@smartloket/dev-population';
import { devSubject } from '@smartloket/dev-world';
import type { Mailer, OutgoingMail as RenderedMail } from '@smartloket/notifier-mail';
import { createTestDeployment, createTestPlugin, type TestDeployment } from '@smartloket/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxMailSender } from '../../packages/cli/src/compose/mail.js';
import { accessibilityViolations, browserAvailable, launchBrowser } from '../support/browser.js';
import { feePlugin, memoryPaymentProvider } from '../support/fee-plugin.js';
import { startTestPortal, type TestPortal } from '../support/portal.js';

const run = browserAvailable();
const plain = (s: string | null) =>
  (s ?? '')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe.runIf(run)('paying a fee after approval, refunds and expiry, in chromium (issue 21)', () => {
  let portal: TestPortal;
  let d: TestDeployment;
  let browser: Browser;
  let database: TestDatabase | undefined;
  const memory = memoryPaymentProvider();
  const sent: RenderedMail[] = [];
  const mailer: Mailer = {
    async send(message) {
      sent.push(message);
      return { messageId: message.messageId ?? '', accepted: [message.to] };
    },
    async verify() {},
    async close() {},
  } as Mailer;
  const shots =
    process.env.SMARTLOKET_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'smartloket-pay-after-approval-'));
  const clerk = { type: 'staff' as const, id: 'karin', name: 'Karin Goossens' };

  beforeAll(async () => {
    const unavailable = await postgresUnavailableReason();
    if (unavailable && process.env.CI) throw new Error(unavailable);
    if (!unavailable) database = await createTestDatabase('postgres');
    d = await createTestDeployment({
      plugins: [createTestPlugin(), feePlugin(), memory.plugin],
      databaseUrl: database?.url,
      databaseOwnerUrl: database?.ownerUrl,
      config: { payments: { provider: 'memory' } },
      mailSender: createOutboxMailSender({
        mailer,
        municipality: { ...DEMO_MUNICIPALITY, baseUrl: 'http://localhost:3000' },
      }),
    });
    // The test runs the worker's jobs itself (d.runJobs), at the moments the clock says.
    portal = await startTestPortal({
      deployment: d,
      worker: false,
      app: { formActionOrigins: ['https://pay.example'] },
    });
    // Jan confirmed his address earlier: the mails about his requests go to it.
    await d.db.identityEmails.confirm(devSubject('jan'), 'jan.peeters@example.org');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await d?.close();
    await database?.destroy();
    console.log(`[screenshots] ${shots}`);
  });

  async function citizen(): Promise<{ context: BrowserContext; page: Page; checkouts: string[] }> {
    const context = await browser.newContext({ locale: 'nl-BE' });
    const checkouts: string[] = [];
    // The provider's checkout page, played by the test: it records where it was sent.
    await context.route('https://pay.example/**', (route) => {
      checkouts.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Checkout</title>' });
    });
    const page = await context.newPage();
    return { context, page, checkouts };
  }
  async function login(page: Page, path: string) {
    await page.goto(`${portal.url}${path}`);
    await page.getByRole('link', { name: 'Aanmelden als burger' }).click();
    await page.locator('input[name="persona"][value="jan"]').check();
    await page.locator('input[name="means"][value="itsme"]').check();
    await page.locator('button[name="action"][value="login"]').click();
    await page.waitForURL(`${portal.url}${path}`);
  }
  /** Files a request of `typeId` in the portal; returns its id. */
  async function file(page: Page, typeId: string): Promise<string> {
    await login(page, `/request/${typeId}`);
    await page.getByLabel('Doel').fill('Voor mijn werkgever');
    await page.locator('button[name="_action"][value="next"]').click();
    await page.waitForLoadState();
    await page.getByRole('button', { name: 'Aanvraag indienen' }).click();
    await page.waitForURL(/\/my\/requests\/[0-9a-f-]{36}|https:\/\/pay\.example\//);
    return /requests\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
  }
  const mailsOf = (kind: string) => sent.filter((m) => m.headers?.['X-SmartLoket-Mail'] === kind);

  it('pays after approval by the e-mail link: the pay page and the request page in nl and fr, delivered once paid', async () => {
    const { context, page, checkouts } = await citizen();
    const id = await file(page, 'fees.after');
    expect(plain(await page.locator('section[aria-labelledby="payment"]').textContent())).toContain(
      'Retributie€ 12,50',
    );
    await d.requests.act(id, { action: 'approve' }, clerk);
    await d.runJobs();
    const [mail] = mailsOf('payment_due');
    expect(mail?.subject).toBe(
      `Uw aanvraag ${(await d.db.requests.get(id))!.reference} is goedgekeurd: te betalen`,
    );
    expect(plain(mail!.text)).toContain('Betaal uiterlijk op 16 maart 2026.');
    const link = /(https?:\/\/\S+\/pay)\b/.exec(mail!.text)![1]!;
    expect(new URL(link).pathname).toBe(`/my/requests/${id}/pay`);

    // The e-mail's link: the pay page.
    await page.goto(`${portal.url}${new URL(link).pathname}`);
    expect(await page.locator('h1').textContent()).toBe('Uw aanvraag betalen');
    expect(plain(await page.locator('main').textContent())).toContain(
      'Betaal de retributie van € 12,50 uiterlijk op 16 maart 2026.',
    );
    await page.screenshot({ path: join(shots, 'pay-page-nl.png'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.goto(`${portal.url}${new URL(link).pathname}?lang=fr`);
    expect(await page.locator('h1').textContent()).toBe('Payer votre demande');
    expect(plain(await page.locator('main').textContent())).toContain(
      'Payez la redevance de 12,50 € au plus tard le 16 mars 2026.',
    );
    await page.screenshot({ path: join(shots, 'pay-page-fr.png'), fullPage: true });
    await page.goto(`${portal.url}/my/requests/${id}`);
    expect(plain(await page.locator('section[aria-labelledby="payment"]').textContent())).toContain(
      'À payer au plus tard le 16 mars 2026',
    );
    await page.screenshot({ path: join(shots, 'my-request-due-fr.png'), fullPage: true });

    await page.getByRole('button', { name: 'Payer' }).click();
    await page.waitForURL(/^https:\/\/pay\.example\/checkout\//);
    const checkout = new URL(checkouts[0]!);
    memory.setStatus(checkout.pathname.split('/').pop()!, 'paid');
    await page.goto(`${portal.url}${new URL(checkout.searchParams.get('return')!).pathname}`);
    await page.waitForURL(`${portal.url}/my/requests/${id}`);
    await d.runJobs();
    expect((await d.db.requests.get(id))?.state).toBe('delivered');
    await page.reload();
    const fr = plain(await page.locator('section[aria-labelledby="payment"]').textContent());
    expect(fr).toMatch(/Payée le \d+ \S+ 2026 par Bancontact/);
    expect(await page.getByRole('button', { name: 'Payer' }).count()).toBe(0);
    await page.screenshot({ path: join(shots, 'my-request-paid-fr.png'), fullPage: true });
    await page.goto(`${portal.url}/my/requests/${id}?lang=nl`);
    expect(plain(await page.locator('section[aria-labelledby="payment"]').textContent())).toMatch(
      /Betaald op \d+ \S+ 2026 met Bancontact/,
    );
    expect(plain(await page.locator('dl.facts').first().textContent())).toContain('Afgeleverd');
    await page.screenshot({ path: join(shots, 'my-request-paid-nl.png'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  });

  it('refused after payment: the refund is recorded, the mail says so and the request page shows it', async () => {
    const { context, page, checkouts } = await citizen();
    await file(page, 'fees.reviewed');
    const checkout = new URL(checkouts[0]!);
    memory.setStatus(checkout.pathname.split('/').pop()!, 'paid');
    await page.goto(`${portal.url}${new URL(checkout.searchParams.get('return')!).pathname}`);
    await page.waitForURL(/\/my\/requests\/[0-9a-f-]{36}\?submitted=1$/);
    const id = /requests\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    await d.requests.act(id, { action: 'refuse', reason: 'U woont niet in de gemeente.' }, clerk);
    await d.runJobs();
    const [payment] = await d.db.payments.listByRequest(id);
    expect(payment).toMatchObject({ status: 'paid', refundedCents: 750 });
    const refused = mailsOf('refused').at(-1)!;
    expect(plain(refused.text)).toContain(
      'U woont niet in de gemeente. Het betaalde bedrag van € 7,50 wordt u terugbetaald.',
    );
    await page.goto(`${portal.url}/my/requests/${id}`);
    expect(plain(await page.locator('section[aria-labelledby="payment"]').textContent())).toContain(
      'Terugbetaald€ 7,50',
    );
    await page.screenshot({ path: join(shots, 'my-request-refunded-nl.png'), fullPage: true });
    await context.close();
  });

  it('reminds before the term and lets an unpaid request lapse, by the moved clock', async () => {
    const { context, page } = await citizen();
    const id = await file(page, 'fees.after');
    await d.requests.act(id, { action: 'approve' }, clerk);
    const reference = (await d.db.requests.get(id))!.reference;
    d.clock.advance(7 * DAY);
    await d.worker.schedule();
    await d.runJobs();
    const reminder = mailsOf('payment_due').find(
      (m) => m.subject.includes(reference) && m.subject.startsWith('Herinnering'),
    );
    expect(reminder?.subject).toBe(`Herinnering: betaal uw aanvraag ${reference}`);
    expect(/(https?:\/\/\S+\/pay)\b/.exec(reminder!.text)?.[1]).toContain(`/my/requests/${id}/pay`);

    d.clock.advance(8 * DAY);
    await d.worker.schedule();
    await d.runJobs();
    expect((await d.db.requests.get(id))?.state).toBe('lapsed');
    const lapsed = mailsOf('payment_due').find((m) => m.subject === `Uw aanvraag ${reference} is vervallen`);
    expect(plain(lapsed?.text ?? '')).toContain('Daarom is uw aanvraag vervallen.');
    const fresh = await browser.newContext({ locale: 'nl-BE' });
    const again = await fresh.newPage();
    // A new session (the moved clock ended the first one), then the request's page.
    await login(again, '/request/fees.after');
    await again.goto(`${portal.url}/my/requests/${id}`);
    expect(plain(await again.locator('dl.facts').first().textContent())).toContain(
      'Vervallen: niet op tijd betaald',
    );
    expect(plain(await again.locator('main').textContent())).toContain(
      'Deze aanvraag is vervallen omdat de retributie niet op tijd betaald werd.',
    );
    expect(await again.getByRole('button', { name: 'Betalen' }).count()).toBe(0);
    await again.screenshot({ path: join(shots, 'my-request-lapsed-nl.png'), fullPage: true });
    await fresh.close();
    await context.close();
  });
});
