/**
 * The product's second path in chromium on PostgreSQL (issue 20, decision 1401): an unidentified
 * requester asks for an extract of a birth act for a grandparent, confirms the e-mail address by
 * the mailed link, a clerk approves in the back-office, the second e-mail arrives, the requester
 * opens its link in a new browser, types a wrong address (refused) and then the right one, and
 * downloads the sealed PDF. The audit log names the clerk as actor of the consultation; axe-core
 * (WCAG 2.1 AA) finds nothing on any page of the path. Screenshots in SMARTLOKET_SCREENSHOT_DIR.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessibilityViolations,
  browserAvailable,
  clickAndWait as click,
  fillFields as fill,
  launchBrowser,
} from '../support/browser.js';
import {
  GRANDPARENT_ACT as ACT,
  EVIDENCE,
  sealToolsAvailable,
  startWithoutLoginWorld,
  BIRTH_EXTRACT as TYPE,
  WHO_ASKS,
  type WithoutLoginWorld,
} from '../support/without-login-world.js';

const EMAIL = 'lies@example.org';
/** Step one ("Wie vraagt aan?"), then the type's own questions, as a person types them. */
const WHO: Record<string, string> = { _email: EMAIL, ...WHO_ASKS };

describe.runIf(browserAvailable() && sealToolsAvailable())(
  'a certificate without login in chromium on PostgreSQL',
  () => {
    let database: TestDatabase | undefined;
    let world: WithoutLoginWorld;
    let browser: Browser;
    const contexts: BrowserContext[] = [];
    const shots =
      process.env.SMARTLOKET_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'smartloket-without-login-'));

    beforeAll(async () => {
      const unavailable = await postgresUnavailableReason();
      if (unavailable && process.env.CI) throw new Error(unavailable);
      if (!unavailable) database = await createTestDatabase('postgres');
      world = await startWithoutLoginWorld({ database });
      browser = await launchBrowser();
    });
    afterAll(async () => {
      for (const c of contexts) await c.close();
      await browser?.close();
      await world?.close();
      await database?.destroy();
    });

    async function newPage(): Promise<Page> {
      const context = await browser.newContext({ locale: 'nl-BE', acceptDownloads: true });
      contexts.push(context);
      return context.newPage();
    }

    async function scan(page: Page, label: string) {
      expect({ page: label, violations: await accessibilityViolations(page) }).toEqual({
        page: label,
        violations: [],
      });
    }

    /** Sends due mails; the newest link to `to` containing `part`, on the portal under test. */
    async function mailedLink(to: string, part: string): Promise<string> {
      return `${world.portal.url}${await world.mailedPath(to, part)}`;
    }

    it('asks, confirms, is approved by a clerk and downloads the sealed extract in a new browser', async () => {
      const { d, sim, portal, dir } = world;
      const calls = sim.calls.length;

      // The requester, without eID: the type's page offers the path without login.
      const requester = await newPage();
      await requester.goto(`${portal.url}/request/${TYPE}`);
      await scan(requester, 'intro');
      await click(requester, `main a[href*="withoutLogin=1"]`);
      expect(await requester.locator('main').textContent()).toContain('Wie vraagt aan?');
      await scan(requester, 'who asks');
      await fill(requester, WHO);
      await requester.locator('main input[type="file"][name="evidence"]').setInputFiles(EVIDENCE);
      await click(requester, 'main button[name="_action"][value="next"]');
      for (
        let step = 1;
        (await requester.locator('main button[name="_action"][value="submit"]').count()) === 0;
        step++
      ) {
        expect(step, await requester.locator('main').innerText()).toBeLessThan(7);
        await scan(requester, `step ${step}`);
        await fill(requester, ACT);
        await click(requester, 'main button[name="_action"][value="next"]');
      }
      await scan(requester, 'summary');
      await click(requester, 'main button[name="_action"][value="submit"]');
      await scan(requester, 'check your mailbox');
      await requester.screenshot({ path: `${shots}/without-login-mailbox-nl.png`, fullPage: true });
      await d.runJobs();
      expect(sim.calls.length).toBe(calls);

      // The first e-mail: confirming the address files the request, for a clerk.
      await requester.goto(await mailedLink(EMAIL, '/email/confirm/'));
      await scan(requester, 'confirm');
      await Promise.all([
        requester.waitForURL(/\/follow\//),
        requester.locator('main button[type=submit]').click(),
      ]);
      await scan(requester, 'follow after confirming');
      await d.runJobs();
      expect(sim.calls.length).toBe(calls);
      const { id } = (await d.db.knex('requests').orderBy('created_at', 'desc').first('id')) as {
        id: string;
      };
      const filed = (await d.db.requests.get(id))!;
      expect(filed.state).toBe('in_review');
      expect(await requester.locator('main').textContent()).toContain(filed.reference);

      // The clerk: the "niet aangemeld" panel with the evidence, in nl and fr; approves.
      const clerk = await newPage();
      await clerk.goto(`${portal.url}/backoffice/requests/${id}`);
      await clerk.locator('input[name="persona"][value="karin"]').check();
      await clerk.locator('input[name="means"][value="itsme"]').check();
      await Promise.all([
        clerk.waitForURL(`${portal.url}/backoffice/requests/${id}`),
        clerk.locator('button[name="action"][value="login"]').click(),
      ]);
      const panel = await clerk.locator('main').innerText();
      expect(panel).toContain('niet aangemeld');
      expect(panel).toContain('Lies Peeters');
      expect(panel).toContain('Petrus Peeters, geboren op 10 januari 1921 in Smartegem');
      expect(panel).toContain('id-kaart.pdf');
      await scan(clerk, 'back-office request (nl)');
      await clerk.screenshot({ path: `${shots}/without-login-backoffice-nl.png`, fullPage: true });
      // In French and English: the panel, the reason of the review and the stated ground in the
      // clerk's language (only what the requester typed stays as typed).
      const told = {
        fr: {
          person: 'Petrus Peeters, né(e) le 10 janvier 1921 à Smartegem',
          reason: "Non connecté : un agent vérifie l'identité du demandeur et son droit.",
          ground: 'Descendant (enfant, petit-enfant) — kleindochter',
          purpose: 'Généalogie — Stamboomonderzoek',
        },
        en: {
          person: 'Petrus Peeters, born on 10 January 1921 in Smartegem',
          reason: 'Not logged in: a staff member checks who asks and with what right.',
          ground: 'Descendant (child, grandchild) — kleindochter',
          purpose: 'Genealogy — Stamboomonderzoek',
        },
      };
      for (const lang of ['fr', 'en'] as const) {
        await clerk.goto(`${portal.url}/backoffice/requests/${id}?lang=${lang}`);
        const text = await clerk.locator('main').innerText();
        for (const part of Object.values(told[lang])) expect(text).toContain(part);
        for (const dutch of ['Niet aangemeld', 'Bloedverwant', 'Genealogie', 'geboren op'])
          expect(text).not.toContain(dutch);
        await scan(clerk, `back-office request (${lang})`);
        await clerk.screenshot({ path: `${shots}/without-login-backoffice-${lang}.png`, fullPage: true });
      }
      await clerk.goto(`${portal.url}/backoffice/requests/${id}?lang=nl`);
      await click(clerk, 'form:has(input[name="action"][value="approve"]) button[type=submit]');
      await scan(clerk, 'back-office after approving');
      await d.runJobs();
      const delivered = (await d.db.requests.get(id))!;
      expect(delivered.state).toBe('delivered');
      expect(sim.calls.length).toBeGreaterThan(calls);

      // The consultation is recorded with the clerk as actor, with its legal basis.
      const approval = (await d.db.events.list(id)).find((e) => e.type === 'approve')!;
      expect(approval.actor.name).toContain('Karin');
      const consultations = await d.db.audit.list({ requestId: id, categories: ['consultation_started'] });
      expect(consultations.length).toBeGreaterThan(0);
      for (const c of consultations) {
        expect(c.actor).toMatchObject({ type: 'staff', id: approval.actor.id });
        expect(c.legalBasis).toBeTruthy();
      }

      // The second e-mail, opened in a new browser: the page asks the address first.
      const secure = await mailedLink(EMAIL, '/follow/');
      const other = await newPage();
      for (const lang of ['fr', 'nl']) {
        await other.goto(`${secure}?lang=${lang}`);
        await scan(other, `e-mail check (${lang})`);
        await other.screenshot({ path: `${shots}/without-login-check-${lang}.png`, fullPage: true });
      }
      expect(await other.locator('main').innerText()).not.toContain(delivered.reference);
      await other.fill('#f-email', 'iemand@example.org');
      await click(other, 'main button[type=submit]');
      expect(await other.locator('#f-email').getAttribute('aria-invalid')).toBe('true');
      expect(await other.locator('#f-email-error').innerText()).toContain('niet het e-mailadres');
      expect(await other.locator('main').innerText()).not.toContain(delivered.reference);
      await scan(other, 'e-mail check, wrong address');
      await other.fill('#f-email', 'Lies@Example.org');
      await click(other, 'main button[type=submit]');
      const shown = await other.locator('main').innerText();
      expect(shown).toContain(delivered.reference);
      expect(shown).not.toContain('id-kaart.pdf');
      await scan(other, 'secure page (nl)');
      await other.screenshot({ path: `${shots}/without-login-secure-nl.png`, fullPage: true });
      await other.goto(`${secure}?lang=fr`);
      await scan(other, 'secure page (fr)');
      await other.screenshot({ path: `${shots}/without-login-secure-fr.png`, fullPage: true });

      // The sealed PDF, downloaded from the page.
      const link = other.locator('main a[href*="/documents/"]').first();
      const [download] = await Promise.all([other.waitForEvent('download'), link.click()]);
      const file = join(dir, 'extract.pdf');
      await download.saveAs(file);
      expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
      const signatures = spawnSync('pdfsig', [file], { encoding: 'utf8' }).stdout;
      expect(signatures).toContain('Signature #1');

      const checks = await d.db.audit.list({
        requestId: id,
        categories: ['follow_check_refused', 'follow_check_passed'],
      });
      expect(checks.map((a) => a.category).sort()).toEqual(['follow_check_passed', 'follow_check_refused']);
    });
  },
);
