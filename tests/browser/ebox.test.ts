import { makeKbo } from '@smartloket/core';
import { INSZ, ORGANISATIONS } from '@smartloket/dev-population';
import {
  type EboxSimulator,
  generateEboxSenderCredentials,
  startEboxSimulator,
} from '@smartloket/dev-world/ebox';
import { createEboxPublisher } from '@smartloket/notifier-ebox';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, browserAvailable, launchBrowser } from '../support/browser.js';
import { startTestPortal, type TestPortal } from '../support/portal.js';

const run = browserAvailable();
const KBO = makeKbo('02073561');
const SHOTS = process.env.SMARTLOKET_SCREENSHOTS;

/**
 * What a person sees of the e-Box (decision 1600): on /my, where documents go and the choice to
 * turn the e-mail copy off; and the dev world's simulated e-Box page with a delivered PDF.
 * axe-core WCAG 2.1 AA on every page.
 */
describe.runIf(run)('e-Box pages in chromium', () => {
  let portal: TestPortal;
  let sim: EboxSimulator;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    portal = await startTestPortal({
      worker: false,
      config: {
        deliveryWaitMs: 0,
        ebox: {
          kind: 'simulator',
          senderOrganizationId: KBO,
          messageTypes: [{ requestTypes: ['*'], messageTypeId: 'SmartLoketAttest' }],
        },
      },
    });
    const creds = generateEboxSenderCredentials({
      organizationName: 'Gemeente Smartegem',
      organizationId: KBO,
      applicationId: 'smartloket:smartegem',
    });
    sim = await startEboxSimulator({
      senders: [
        {
          clientId: 'smartegem',
          certificate: creds.certificate,
          organizationId: KBO,
          messageTypes: { SmartLoketAttest: {} },
        },
      ],
      noDigitalUser: [INSZ.koen],
    });
    const publisher = createEboxPublisher({
      tokenUrl: sim.tokenUrl,
      audience: sim.audience,
      apiUrl: sim.apiUrl,
      clientId: 'smartegem',
      privateKey: creds.key,
      senderOrganizationId: KBO,
    });
    const pdf = new TextEncoder().encode('%PDF-1.7\n% simulated\n%%EOF\n');
    const document = {
      fileName: 'attest-van-gezinssamenstelling.pdf',
      mediaType: 'application/pdf',
      bytes: pdf,
    };
    await publisher.publish({
      recipient: { eboxType: 'citizen', eboxIdValue: INSZ.jan },
      language: 'nl',
      subject: 'Attest van gezinssamenstelling (SL-2026-000042)',
      messageTypeId: 'SmartLoketAttest',
      document,
    });
    await publisher.publish({
      recipient: { eboxType: 'enterprise', eboxIdValue: ORGANISATIONS.notaris.kbo },
      forTheAttentionOf: { id: INSZ.jan, name: 'Jan Peeters' },
      language: 'nl',
      subject: 'Attest van woonst (SL-2026-000043)',
      messageTypeId: 'SmartLoketAttest',
      document,
    });
    await publisher.publish({
      recipient: { eboxType: 'citizen', eboxIdValue: INSZ.koen },
      language: 'nl',
      subject: 'Attest van leven (SL-2026-000044)',
      messageTypeId: 'SmartLoketAttest',
      document,
    });
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'nl-BE' });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await portal?.close();
    await sim?.stop();
  });

  async function scan(label: string) {
    expect({ page: label, violations: await accessibilityViolations(page) }).toEqual({
      page: label,
      violations: [],
    });
  }

  it('/my says where documents go and turns the e-mail copy off', async () => {
    const jan = await portal.login('jan');
    await context.addCookies([{ name: 'smartloket', value: jan.sessionId!, url: portal.url }]);
    await page.goto(`${portal.url}/my`);
    const section = page.locator('section[aria-labelledby="delivery"]');
    expect(await section.locator('h2').textContent()).toBe('Waar komen uw documenten terecht?');
    expect(await section.textContent()).toContain('In uw e-Box (My e-Box)');
    expect(await section.textContent()).toMatch(/Per e-mail naar \S+@/);
    expect(await page.isChecked('#eboxMailCopy')).toBe(true);
    await scan('/my with delivery');
    await page.uncheck('#eboxMailCopy');
    await Promise.all([page.waitForEvent('framenavigated'), section.locator('button[type=submit]').click()]);
    expect(await section.locator('[role=status]').textContent()).toBe('Uw voorkeur is bewaard.');
    expect(await page.isChecked('#eboxMailCopy')).toBe(false);
    expect(await section.textContent()).toContain('Alleen wanneer het document niet in uw e-Box kan.');
    const subject = (await portal.d.db.knex('notification_preferences').first())?.subject;
    expect(await portal.d.db.preferences.get(subject)).toEqual({ eboxMailCopy: false });
    await scan('/my after saving');
    if (SHOTS) await section.screenshot({ path: `${SHOTS}/ebox-my-nl.png` });
    for (const lang of ['fr', 'en']) {
      await page.goto(`${portal.url}/my?lang=${lang}`);
      expect(await section.locator('h2').textContent()).toBe(
        lang === 'fr' ? 'Où vont vos documents ?' : 'Where do your documents go?',
      );
      await scan(`/my (${lang})`);
    }
    // The form is CSRF-protected like every other post.
    const forged = await jan.post('/my/preferences', { eboxMailCopy: 'on' });
    expect(forged.status).toBe(403);
    expect(await portal.d.db.preferences.get(subject)).toEqual({ eboxMailCopy: false });
  });

  it("the simulated e-Box shows each person's and company's e-Box with the PDF", async () => {
    await page.goto(sim.pageUrl);
    expect(await page.locator('h1').textContent()).toBe('e-Boxen met berichten (3)');
    const table = await page.locator('table').textContent();
    expect(table).toContain('Jan Peeters');
    expect(table).toContain('Notariskantoor Claes & Partners');
    await scan('e-Box list');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/ebox-list.png`, fullPage: true });
    await page.click('text=Notariskantoor Claes & Partners');
    await page.waitForURL(/\/ebox\/enterprise\//);
    expect(await page.locator('main').textContent()).toContain('Ter attentie van');
    await scan('e-Box of a company');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/ebox-enterprise.png`, fullPage: true });
    await page.goto(`${sim.url}/ebox/citizen/${INSZ.koen}`);
    expect(await page.locator('.warn').textContent()).toContain('opende de e-Box nog nooit');
    await scan('e-Box of a person without a digital e-Box');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/ebox-no-digital-user.png`, fullPage: true });
    const href = await page.locator('main a[href*="/ebox/citizen/"]').first().getAttribute('href');
    const pdf = await page.request.get(new URL(href!, sim.url).toString());
    expect(pdf.headers()['content-type']).toBe('application/pdf');
  });
});
