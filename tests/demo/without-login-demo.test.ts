/**
 * The product's second path tried as a new user would from the demo (issue 20): `smartloket dev`
 * on the demo deployment, chromium; the catalogue, a certificate without login, the mails from
 * the dev mailbox, the clerk in the back-office, the secure page in another browser.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createOutput, dev } from '@smartloket/cli';
import { INSZ } from '@smartloket/dev-population';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, clickAndWait, fillFields, launchBrowser } from '../support/browser.js';
import { freePort } from '../support/net.js';
import { EVIDENCE, GRANDPARENT_ACT, WHO_ASKS } from '../support/without-login-world.js';

const root = resolve(import.meta.dirname, '../..');
const shots =
  process.env.SMARTLOKET_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'smartloket-demo-nologin-'));

describe.runIf(browserAvailable())('the demo: a certificate without login, as a new user', () => {
  let dir: string;
  let running: Awaited<ReturnType<typeof dev>>;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'smartloket-demo-nologin-'));
    process.env.SMARTLOKET_DATA_DIR = dir;
    const port = await freePort();
    running = await dev({ cwd: join(root, 'examples/gemeente-demo'), port }, createOutput({ quiet: true }));
    base = `http://localhost:${port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    running?.server?.close();
    await running?.worker?.stop(1000);
    await running?.deployment.close();
    await running?.dev?.stop();
    delete process.env.SMARTLOKET_DATA_DIR;
    rmSync(dir, { recursive: true, force: true });
  });

  async function mailedLink(to: string, part: string): Promise<string> {
    const mailbox = running.dev!.urls.find((u) => u.name.startsWith('mailbox'))!.url;
    // Bounded by count (at least ten minutes, longer on a busy machine), not by a deadline.
    for (let i = 0; i < 3000; i++) {
      const mails = (await (await fetch(new URL('/api/messages', mailbox))).json()) as {
        to: unknown;
        links: string[];
      }[];
      const link = [...mails]
        .reverse()
        .find((m) => JSON.stringify(m.to).includes(to) && m.links.some((l) => l.includes(part)))
        ?.links.find((l) => l.includes(part));
      if (link) return `${base}${new URL(link).pathname}`;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`no ${part} mail to ${to}`);
  }

  /** The follow links mailed to `to` so far, one per mail (the filing's, the delivery's). */
  async function followLinksNow(to: string): Promise<string[]> {
    const mailbox = running.dev!.urls.find((u) => u.name.startsWith('mailbox'))!.url;
    const mails = (await (await fetch(new URL('/api/messages', mailbox))).json()) as {
      to: unknown;
      links: string[];
    }[];
    return mails
      .filter((m) => JSON.stringify(m.to).includes(to))
      .flatMap((m) => m.links.filter((l) => /\/follow\/[^/]+$/.test(new URL(l).pathname)).slice(0, 1));
  }

  /** The newest follow link once `n` mails with one reached `to` (the filing's, the delivery's). */
  async function followLinks(to: string, n: number): Promise<string> {
    // Bounded by count (at least ten minutes, longer on a busy machine), not by a deadline.
    for (let i = 0; i < 3000; i++) {
      const links = await followLinksNow(to);
      if (links.length >= n) return `${base}${new URL(links.at(-1)!).pathname}`;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`fewer than ${n} follow links mailed to ${to}`);
  }

  async function page(): Promise<Page> {
    return (await browser.newContext({ locale: 'nl-BE', acceptDownloads: true })).newPage();
  }

  for (const [type, email, who, steps, paid] of [
    ['burgerlijke-stand.geboorte', 'lies@example.org', WHO_ASKS, GRANDPARENT_ACT, false],
    [
      'bevolking.gezinssamenstelling',
      'notaris@example.org',
      // A notary's office asking for Jan Peeters of the dev population, by national number.
      {
        ...WHO_ASKS,
        requesterName: 'Notariskantoor Claes',
        requesterRelation: 'notaris',
        personName: 'Jan Peeters',
        personInsz: INSZ.jan,
      },
      {},
      true,
    ],
  ] as const) {
    it(`${type}: from the catalogue to the document, without login`, async () => {
      const p = await page();
      await p.goto(`${base}/`);
      await p.screenshot({ path: `${shots}/demo-${type}-0-catalogue.png`, fullPage: true });
      await p.goto(`${base}/request/${type}`);
      await p.screenshot({ path: `${shots}/demo-${type}-1-intro.png`, fullPage: true });
      const offer = p.locator('main a[href*="withoutLogin=1"]');
      expect(await offer.count(), await p.locator('main').innerText()).toBeGreaterThan(0);
      await clickAndWait(p, 'main a[href*="withoutLogin=1"]');
      await fillFields(p, { _email: email, ...who });
      if ((await p.locator('main input[type="file"][name="evidence"]').count()) > 0)
        await p.locator('main input[type="file"][name="evidence"]').setInputFiles(EVIDENCE);
      await clickAndWait(p, 'main button[name="_action"][value="next"]');
      for (let i = 1; (await p.locator('main button[name="_action"][value="submit"]').count()) === 0; i++) {
        expect(i, await p.locator('main').innerText()).toBeLessThan(8);
        await fillFields(p, steps);
        await p.screenshot({ path: `${shots}/demo-${type}-2-step${i}.png`, fullPage: true });
        await clickAndWait(p, 'main button[name="_action"][value="next"]');
      }
      await clickAndWait(p, 'main button[name="_action"][value="submit"]');
      await p.screenshot({ path: `${shots}/demo-${type}-3-mailbox.png`, fullPage: true });
      await p.goto(await mailedLink(email, '/email/confirm/'));
      await clickAndWait(p, 'main button[type=submit]');
      await p.screenshot({ path: `${shots}/demo-${type}-4-filed.png`, fullPage: true });
      const filedText = await p.locator('main').innerText();
      const reference = /[A-Z]{2}-\d{4}-\d{6}/.exec(filedText)?.[0];
      expect(reference, filedText).toBeDefined();

      // The clerk, from the inbox.
      const clerk = await page();
      await clerk.goto(`${base}/backoffice`);
      await clerk.locator('input[name="persona"][value="karin"]').check();
      await clerk.locator('input[name="means"][value="itsme"]').check();
      await clickAndWait(clerk, 'button[name="action"][value="login"]');
      await clerk.goto(`${base}/backoffice?q=${reference}`);
      await clerk.screenshot({ path: `${shots}/demo-${type}-5-inbox.png`, fullPage: true });
      await clickAndWait(clerk, `main a:has-text("${reference}")`);
      await clerk.screenshot({ path: `${shots}/demo-${type}-6-request.png`, fullPage: true });
      expect(await clerk.locator('main').innerText()).toContain('niet aangemeld');
      await clickAndWait(clerk, 'form:has(input[name="action"][value="approve"]) button[type=submit]');
      await clerk.screenshot({ path: `${shots}/demo-${type}-7-approved.png`, fullPage: true });

      // A certificate with a fee (the demo charges the household composition) is paid after the
      // approval, by the link in the mail, behind the e-mail check (issue 21); then delivered.
      let mailedBefore = 1;
      if (paid) {
        const payLink = await mailedLink(email, '/pay');
        mailedBefore = (await followLinksNow(email)).length;
        const payer = await page();
        await payer.goto(payLink);
        await payer.fill('#f-email', email);
        await payer.locator('main button[type=submit]').first().click();
        await payer.waitForURL((url) => !url.pathname.endsWith('/pay'));
        await payer.goto(payLink);
        await payer.screenshot({ path: `${shots}/demo-${type}-7a-pay.png`, fullPage: true });
        expect(await payer.locator('main').innerText()).toMatch(/€\s?5,00/);
        await payer.locator('main form[action$="/pay"] button[type=submit]').click();
        await payer.getByLabel('Bancontact').check();
        await payer.getByLabel('Betaald', { exact: true }).check();
        await payer.getByRole('button', { name: 'Doorgaan' }).click();
        await payer.waitForURL((url) => url.port === new URL(base).port);
        await payer.screenshot({ path: `${shots}/demo-${type}-7b-paid.png`, fullPage: true });
      }

      // The second mail, in another browser.
      const other = await page();
      await other.goto(await followLinks(email, mailedBefore + 1));
      await other.fill('#f-email', email);
      await clickAndWait(other, 'main button[type=submit]');
      await other.screenshot({ path: `${shots}/demo-${type}-8-secure.png`, fullPage: true });
      const shown = await other.locator('main').innerText();
      expect(shown).toContain(reference!);
      expect(await other.locator('main a[href*="/documents/"]').count(), shown).toBeGreaterThan(0);
    });
  }
});
