import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, browserAvailable, launchBrowser } from '../support/browser.js';
import { fillRequest, startTestPortal, type TestPortal } from '../support/portal.js';

const run = browserAvailable();
/** Where the screenshots go (looked at by a person; not compared). */
const SHOTS = process.env.SMARTLOKET_SCREENSHOTS ?? tmpdir();

describe.runIf(run)(
  'step-up login in chromium: a password login sees protected requests only after eID or itsme',
  () => {
    let portal: TestPortal;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let attestId: string;
    let reference: string;

    async function scan(label: string) {
      expect({ page: label, violations: await accessibilityViolations(page) }).toEqual({
        page: label,
        violations: [],
      });
    }

    /** Logs in on the dev provider's page with `means` (the page must be open). */
    async function devLogin(means: string) {
      await page.locator('input[name="persona"][value="jan"]').check();
      await page.locator(`input[name="means"][value="${means}"]`).check();
      await page.locator('button[name="action"][value="login"]').click();
    }

    beforeAll(async () => {
      portal = await startTestPortal();
      // Jan filed a certificate (substantial) earlier with itsme.
      const jan = await portal.login('jan', 'itsme');
      const { draft, csrf } = await fillRequest(jan, 'test.attest', [{ forWhom: 'self' }]);
      const done = await jan.post('/request/test.attest', { _csrf: csrf, _draft: draft, _action: 'submit' });
      attestId = /\/my\/requests\/([0-9a-f-]{36})/.exec(done.location ?? '')![1]!;
      reference = (await portal.d.db.requests.get(attestId))!.reference;
      browser = await launchBrowser();
      context = await browser.newContext({ locale: 'nl-BE' });
      page = await context.newPage();
    });
    afterAll(async () => {
      await context?.close();
      await browser?.close();
      await portal?.close();
    });

    it('shows the protected request as a step-up notice in nl and fr, and after itsme the request itself', async () => {
      await page.goto(`${portal.url}/my`);
      await devLogin('csampassword');
      await page.waitForURL(`${portal.url}/my`);
      const nl = await page.locator('main').textContent();
      expect(nl).toContain('Beschermde aanvraag');
      expect(nl).toContain('Meld u aan met eID of itsme om ze te zien');
      expect(nl).not.toContain(reference);
      await scan('my requests with a step-up notice (nl)');
      await page.screenshot({ path: join(SHOTS, 'step-up-my-nl.png'), fullPage: true });

      await page.goto(`${portal.url}/my?lang=fr`);
      const fr = await page.locator('main').textContent();
      expect(fr).toContain('Demande protégée');
      expect(fr).toContain('Connectez-vous avec eID ou itsme pour la voir');
      await scan('my requests with a step-up notice (fr)');
      await page.screenshot({ path: join(SHOTS, 'step-up-my-fr.png'), fullPage: true });

      // The step-up link: the provider offers the substantial means and up (no password), in French.
      await page.getByRole('link', { name: 'Connectez-vous avec eID ou itsme pour la voir' }).click();
      await page.locator('input[name="means"]').first().waitFor();
      const offered = await page
        .locator('input[name="means"]')
        .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
      expect(offered.sort()).toEqual(['csamsms', 'csamtotp', 'eid', 'itsme']);
      await page.screenshot({ path: join(SHOTS, 'step-up-provider-fr.png'), fullPage: true });
      await devLogin('itsme');
      await page.waitForURL(`${portal.url}/my/requests/${attestId}`);
      expect(await page.locator('main').textContent()).toContain(reference);
    });
  },
);
