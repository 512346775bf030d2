import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, browserAvailable, launchBrowser } from '../support/browser.js';
import { startTestPortal, type TestPortal } from '../support/portal.js';

const run = browserAvailable();

describe.runIf(run)(
  'the inbox for daily work in chromium: teams, assigning by name, views, filters, paging',
  () => {
    let portal: TestPortal;
    let browser: Browser;
    let database: TestDatabase | undefined;
    const contexts: BrowserContext[] = [];

    async function scan(page: Page, label: string) {
      expect({ page: label, violations: await accessibilityViolations(page) }).toEqual({
        page: label,
        violations: [],
      });
    }

    async function staffPage(persona: string, path: string): Promise<Page> {
      const context = await browser.newContext({ locale: 'nl-BE' });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(`${portal.url}${path}`);
      await page.locator(`input[name="persona"][value="${persona}"]`).check();
      await page.locator('input[name="means"][value="itsme"]').check();
      await page.locator('button[name="action"][value="login"]').click();
      await page.waitForURL(`${portal.url}${path}`);
      return page;
    }

    /** A request waiting for review, straight in the database (many, past the submit rate limit). */
    async function inReview(name: string): Promise<string> {
      const r = await portal.d.db.requests.insert({
        typeId: 'test.reviewed',
        pluginId: 'test',
        kind: 'certificate',
        state: 'in_review',
        locale: 'nl',
        requester: { kind: 'citizen', id: 'jan', level: 'high', insz: '85673012367', name },
        subject: { insz: '85673012367', relation: 'self' },
        form: { forWhom: 'self' },
      });
      return r.reference;
    }

    beforeAll(async () => {
      const unavailable = await postgresUnavailableReason();
      if (unavailable && process.env.CI) throw new Error(unavailable);
      if (!unavailable) database = await createTestDatabase('postgres');
      portal = await startTestPortal({ databaseUrl: database?.url, databaseOwnerUrl: database?.ownerUrl });
      browser = await launchBrowser();
    });
    afterAll(async () => {
      for (const c of contexts) await c.close();
      await browser?.close();
      await portal?.close();
      await database?.destroy();
    });

    it('makes a team, assigns to a colleague by name, and works through the views, filters and pages', async () => {
      const refs: string[] = [];
      for (let i = 0; i < 27; i++) refs.push(await inReview(`Aanvrager ${i + 1}`));

      // Karin logs in once (so the directory knows her); Pieter makes the team Burgerzaken.
      const karin = await staffPage('karin', '/backoffice');
      const pieter = await staffPage('pieter', '/backoffice/teams');
      await scan(pieter, 'teams');
      await pieter.locator('#t-name-new').fill('Burgerzaken');
      await pieter.locator('form:has(#t-name-new)').getByLabel('Attest met nazicht').check();
      await pieter.locator('form:has(#t-name-new)').getByLabel('Karin Goossens').check();
      await pieter.locator('form:has(#t-name-new)').getByRole('button', { name: 'Team bewaren' }).click();
      await pieter.waitForURL(`${portal.url}/backoffice/teams`);
      expect(await pieter.locator('main').textContent()).toContain('Burgerzaken');
      await scan(pieter, 'teams with one team');

      // Pieter opens a request and assigns it to Karin, picked by her name.
      await pieter.goto(`${portal.url}/backoffice`);
      await pieter.getByRole('link', { name: refs[26]! }).click();
      await pieter.locator('#assignee').selectOption({ label: 'Karin Goossens (team)' });
      await pieter.getByRole('button', { name: 'Toewijzen', exact: true }).click();
      await pieter.waitForURL(/done=1/);
      expect(await pieter.locator('main').textContent()).toContain(
        'Pieter Wouters wees de aanvraag toe aan Karin Goossens.',
      );
      await scan(pieter, 'request page after assigning');

      // Karin's views: mine has that one request, my team all of them, unassigned the others.
      await karin.goto(`${portal.url}/backoffice`);
      expect(await karin.locator('.counts').textContent()).toMatch(/27\s*Burgerzaken/);
      await karin.getByRole('link', { name: 'Mijn taken' }).click();
      await karin.waitForURL(/view=mine/);
      expect(await karin.locator('table.inbox tbody tr').count()).toBe(1);
      expect(await karin.locator('table.inbox tbody').textContent()).toContain(refs[26]);
      await karin.getByRole('link', { name: 'Niet toegewezen' }).click();
      await karin.waitForURL(/view=unassigned/);
      expect(await karin.locator('table.inbox tbody').textContent()).not.toContain(refs[26]);
      await karin.getByRole('link', { name: 'Mijn team' }).click();
      await karin.waitForURL(/view=team/);
      expect(await karin.locator('table.inbox tbody tr').count()).toBe(25);

      // The filters are folded; opened, the "assigned to me" box sits beside its label.
      expect(await karin.locator('#f-type').isVisible()).toBe(false);
      await karin.getByText('Zoeken en filteren').click();
      const box = await karin.locator('#f-mine').boundingBox();
      const label = await karin.locator('label[for="f-mine"]').boundingBox();
      expect(Math.abs(box!.y + box!.height / 2 - (label!.y + label!.height / 2))).toBeLessThan(8);
      expect(label!.x).toBeGreaterThan(box!.x);
      expect(await karin.locator('#f-from-hint').textContent()).toBe('dd/mm/jjjj');
      await karin.locator('#f-type').selectOption('test.reviewed');
      await karin.getByRole('button', { name: 'Filteren' }).click();
      await karin.waitForURL(/type=test\.reviewed/);
      expect(karin.url()).toContain('view=team');
      await scan(karin, 'inbox, my team, filtered');
      await karin.screenshot({ path: '/tmp/inbox-teams.png', fullPage: true });

      // The next page keeps the view and the filter.
      await karin.getByRole('link', { name: 'Volgende pagina' }).click();
      await karin.waitForURL(/after=/);
      expect(karin.url()).toContain('type=test.reviewed');
      expect(karin.url()).toContain('view=team');
      expect(await karin.locator('table.inbox tbody tr').count()).toBe(2);
      await scan(karin, 'inbox, second page');

      // Keyboard: j moves to the first request, j again to the next, k back.
      await karin.locator('h1').click();
      await karin.keyboard.press('j');
      const first = await karin.evaluate(() => document.activeElement?.textContent);
      await karin.keyboard.press('j');
      const second = await karin.evaluate(() => document.activeElement?.textContent);
      await karin.keyboard.press('k');
      expect(await karin.evaluate(() => document.activeElement?.textContent)).toBe(first);
      expect(second).not.toBe(first);
      expect(first).toMatch(/^SL-/);
    });

    it('approves several requests that failed at the source after a confirmation page', async () => {
      /** A certificate the rules allowed automatically whose source then failed. */
      const failed = async (outcome: 'auto' | 'review') => {
        const r = await portal.d.db.requests.insert({
          typeId: 'test.attest',
          pluginId: 'test',
          kind: 'certificate',
          state: 'failed',
          locale: 'nl',
          requester: { kind: 'citizen', id: 'jan', level: 'high', insz: '85673012367', name: 'Jan Peeters' },
          subject: { insz: '85673012367', relation: 'self' },
          form: { forWhom: 'self' },
          decision: { outcome, reasons: [], verdicts: [] },
        });
        return r.reference;
      };
      const a = await failed('auto');
      const b = await failed('auto');
      const judged = await failed('review');
      const karin = await staffPage('karin', '/backoffice');
      await karin.goto(`${portal.url}/backoffice?status=failed`);
      for (const ref of [a, b, judged]) await karin.getByLabel(`Selecteer ${ref}`).check();
      await karin.getByRole('button', { name: 'Goedkeuren en opnieuw opvragen bij de bron…' }).click();
      await karin.waitForURL(`${portal.url}/backoffice/bulk`);
      const main = await karin.locator('main').innerText();
      expect(main).toContain('Meerdere aanvragen goedkeuren');
      expect(main).toContain('1 geselecteerde aanvragen horen hier niet bij');
      expect(await karin.locator('#bulk-approve tbody').innerText()).not.toContain(judged);
      await scan(karin, 'approve several: confirmation');
      await karin.screenshot({ path: '/tmp/bulk-approve.png', fullPage: true });
      await karin.getByRole('button', { name: 'Bevestigen: 2 aanvragen goedkeuren' }).click();
      await karin.waitForURL(/bulk=2-1/);
      expect(await karin.locator('.notice').innerText()).toContain('2 aanvragen verwerkt, 1 overgeslagen');
      await scan(karin, 'inbox after approving several');
      const audited = await portal.d.db.audit.list({ categories: ['bulk_approved'] });
      expect(audited).toHaveLength(2);
    });
  },
);
