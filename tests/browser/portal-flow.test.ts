import { readFileSync } from 'node:fs';
import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, browserAvailable, launchBrowser } from '../support/browser.js';
import { startTestPortal, type TestPortal } from '../support/portal.js';

const run = browserAvailable();

describe.runIf(run)(
  'citizen portal in chromium (login, request, download, personal page; axe-core WCAG 2.1 AA)',
  () => {
    let portal: TestPortal;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    const scanned: string[] = [];

    /** Presses Enter (keyboard only) and waits for the page the form post leads to. */
    async function enter() {
      await Promise.all([page.waitForEvent('framenavigated'), page.keyboard.press('Enter')]);
      await page.waitForLoadState();
    }

    /** Scans the current page with axe-core; the test fails on any violation. */
    async function scan(label: string) {
      expect({ page: label, violations: await accessibilityViolations(page) }).toEqual({
        page: label,
        violations: [],
      });
      scanned.push(label);
    }

    let database: TestDatabase | undefined;

    beforeAll(async () => {
      // The portal runs on PostgreSQL, as a municipality runs it (SQLite when PostgreSQL is absent
      // locally; in CI the database helper fails instead).
      const unavailable = await postgresUnavailableReason();
      if (unavailable && process.env.CI) throw new Error(unavailable);
      if (unavailable) console.warn(`[portal-flow] on SQLite: ${unavailable}`);
      else database = await createTestDatabase('postgres');
      portal = await startTestPortal({ databaseUrl: database?.url, databaseOwnerUrl: database?.ownerUrl });
      browser = await launchBrowser();
      context = await browser.newContext({ acceptDownloads: true, locale: 'nl-BE' });
      page = await context.newPage();
    });
    afterAll(async () => {
      await context?.close();
      await browser?.close();
      await portal?.close();
      await database?.destroy();
    });

    it('logs in with itsme, requests a certificate with the keyboard only, downloads the PDF and finds it on the personal page', async () => {
      await page.goto(`${portal.url}/`);
      await scan('catalogue');
      await page.getByRole('link', { name: 'Testattest' }).click();
      await scan('login needed');
      await page.getByRole('link', { name: 'Aanmelden als burger' }).click();

      // The dev identity provider's login page: Jan, itsme.
      await page.locator('input[name="persona"][value="jan"]').check();
      await page.locator('input[name="means"][value="itsme"]').check();
      await page.locator('button[name="action"][value="login"]').click();
      await page.waitForURL(`${portal.url}/request/test.attest`);
      expect(await page.locator('header').textContent()).toContain('Jan Peeters');
      await scan('request form');

      // Keyboard only from here: the first field is the "for whom" choice (self is pre-selected),
      // and the fields about another person stay hidden until it asks for them.
      expect(await page.locator('#f-subjectInsz').isHidden()).toBe(true);
      await page.locator('input[name="forWhom"][value="other"]').focus();
      await page.keyboard.press('Space');
      expect(await page.locator('#f-subjectInsz').isVisible()).toBe(true);
      const focused = () => page.evaluate(() => document.activeElement?.id ?? '');
      await page.keyboard.press('Tab');
      expect(await focused()).toBe('f-subjectInsz');
      await page.keyboard.type('12.34.56-789.00');
      await page.keyboard.press('Tab');
      expect(await focused()).toBe('f-ground');
      await page.keyboard.type('volmacht');
      await enter();
      expect(await page.locator('.error-summary').textContent()).toContain(
        'Dit is geen geldig rijksregisternummer.',
      );
      expect(await page.locator('#f-subjectInsz').inputValue()).toBe('12.34.56-789.00');
      await scan('request form with an error');

      await page.locator('input[name="forWhom"][value="self"]').focus();
      await page.keyboard.press('Space');
      // For oneself: the other person's fields hide again and are not sent.
      expect(await page.locator('#f-subjectInsz').isHidden()).toBe(true);
      expect(await page.locator('#f-ground').isHidden()).toBe(true);
      await page.keyboard.press('Tab');
      expect(await focused()).toBe('f-purpose');
      await page.keyboard.type('Voor mijn werkgever');
      await enter();
      expect(await page.locator('main').textContent()).not.toContain('Er is een probleem');
      expect(await page.locator('h1').textContent()).toBe('Controleer uw aanvraag');
      expect(await page.locator('main').textContent()).toContain('Voor mijn werkgever');
      // A question's own "?" ends its label: no colon after it; other labels get one.
      const label = (text: string) => page.locator('.summary dt', { hasText: text }).first();
      const after = (dt: ReturnType<typeof label>) =>
        dt.evaluate((e) => getComputedStyle(e, '::after').content);
      expect(await label('Voor wie vraagt u dit aan?').textContent()).toBe('Voor wie vraagt u dit aan?');
      expect(await after(label('Voor wie vraagt u dit aan?'))).toBe('none');
      expect(await after(label('Doel'))).toBe('":"');
      await scan('summary');

      const submit = page.getByRole('button', { name: 'Aanvraag indienen' });
      await submit.focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/my\/requests\/[0-9a-f-]{36}\?submitted=1$/);
      expect(await page.locator('main').textContent()).toContain('Uw document is klaar');
      await scan('request delivered');

      const downloadLink = page.getByRole('link', { name: /Downloaden/ });
      const [download] = await Promise.all([page.waitForEvent('download'), downloadLink.click()]);
      expect(download.suggestedFilename()).toBe('attest.pdf');
      const path = await download.path();
      expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');

      const id = /\/my\/requests\/([0-9a-f-]{36})/.exec(page.url())![1]!;
      const request = await portal.d.db.requests.get(id);
      await page.getByRole('link', { name: 'Mijn aanvragen' }).first().click();
      await page.waitForURL(`${portal.url}/my`);
      expect(await page.locator('table').textContent()).toContain(request!.reference);
      await scan('my requests');

      await page.getByRole('link', { name: 'Wie heeft mijn gegevens opgevraagd?' }).click();
      const row = page.locator('tbody tr', { hasText: request!.reference });
      // The consulted data in words (the test plugin's manifest has no description), never the key.
      expect(await row.textContent()).toContain('een authentieke bron');
      expect(await row.textContent()).not.toContain('test:Register-01.00');
      expect(await row.textContent()).toContain('uzelf');
      expect(await row.textContent()).toContain('Voor mijn werkgever');
      await scan('consultations');
    });

    it('has no violations on the review receipt, the statements, a report form and the error pages, in three languages', async () => {
      // A request under review: its receipt with the cancel form.
      await page.goto(`${portal.url}/request/test.reviewed`);
      await page.getByRole('button', { name: 'Naar het overzicht' }).click();
      await page.getByRole('button', { name: 'Aanvraag indienen' }).click();
      await page.waitForURL(/\/my\/requests\//);
      expect(await page.locator('main').textContent()).toContain('Uw aanvraag is ontvangen');
      await scan('receipt under review');

      for (const path of [
        '/privacy',
        '/accessibility',
        '/request/test.melding',
        '/no-such-page',
        '/?q=attest',
      ]) {
        for (const lang of ['nl', 'fr', 'en']) {
          await page.goto(`${portal.url}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
          await scan(`${path} (${lang})`);
        }
      }
      // Logged out: the anonymous report form asks an e-mail address.
      await page.goto(`${portal.url}/?lang=nl`);
      await page.getByRole('button', { name: 'Afmelden' }).click();
      await page.waitForLoadState();
      await page.goto(`${portal.url}/request/test.melding`);
      expect(await page.locator('main').textContent()).toContain('Uw e-mailadres');
      await scan('anonymous report form');
      expect(scanned.length).toBeGreaterThanOrEqual(25);
    });
  },
);
