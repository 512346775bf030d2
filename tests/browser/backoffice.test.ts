import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, browserAvailable, launchBrowser } from '../support/browser.js';
import {
  fillRequest,
  hidden,
  type PortalClient,
  startTestPortal,
  type TestPortal,
} from '../support/portal.js';

const run = browserAvailable();

describe.runIf(run)('back-office in chromium (case handler and administrator; axe-core WCAG 2.1 AA)', () => {
  let portal: TestPortal;
  let browser: Browser;
  let database: TestDatabase | undefined;
  let jan: PortalClient;
  const contexts: BrowserContext[] = [];

  async function scan(page: Page, label: string) {
    expect({ page: label, violations: await accessibilityViolations(page) }).toEqual({
      page: label,
      violations: [],
    });
  }

  /** Logs a persona in through the dev provider's page, starting at `path`. */
  async function staffPage(persona: string, path: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'nl-BE', acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${portal.url}${path}`);
    await page.locator(`input[name="persona"][value="${persona}"]`).check();
    await page.locator('input[name="means"][value="itsme"]').check();
    await page.locator('button[name="action"][value="login"]').click();
    await page.waitForURL(`${portal.url}${path}`);
    return page;
  }

  async function file(typeId: string): Promise<string> {
    const { draft, csrf } = await fillRequest(jan, typeId, [{ forWhom: 'self' }]);
    const done = await jan.post(`/request/${typeId}`, { _csrf: csrf, _draft: draft, _action: 'submit' });
    return /\/my\/requests\/([0-9a-f-]{36})/.exec(done.location ?? '')![1]!;
  }

  beforeAll(async () => {
    const unavailable = await postgresUnavailableReason();
    if (unavailable && process.env.CI) throw new Error(unavailable);
    if (!unavailable) database = await createTestDatabase('postgres');
    portal = await startTestPortal({ databaseUrl: database?.url, databaseOwnerUrl: database?.ownerUrl });
    jan = await portal.login('jan', 'itsme');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await portal?.close();
    await database?.destroy();
  });

  it('filters the inbox, approves one request, refuses another and asks for information on a third', async () => {
    const ids = [await file('test.reviewed'), await file('test.reviewed'), await file('test.reviewed')];
    await file('test.attest');
    const refs = await Promise.all(ids.map(async (id) => (await portal.d.db.requests.get(id))!.reference));

    const page = await staffPage('karin', '/backoffice');
    expect(await page.locator('h1').textContent()).toBe('Alle taken');
    await scan(page, 'inbox');
    // Search and filters are folded until used.
    expect(await page.locator('#f-type').isVisible()).toBe(false);
    await page.getByText('Zoeken en filteren').click();
    await page.locator('#f-type').selectOption('test.reviewed');
    await page.locator('#f-status').selectOption('in_review');
    await page.getByRole('button', { name: 'Filteren' }).click();
    await page.waitForURL(/type=test\.reviewed/);
    const listed = await page.locator('table.inbox tbody').textContent();
    for (const ref of refs) expect(listed).toContain(ref);
    expect(await page.locator('table.inbox tbody tr').count()).toBe(3);

    // Approve the first: the pipeline delivers and the requester gets the e-mail (outbox).
    await page.getByRole('link', { name: refs[0]! }).click();
    await scan(page, 'request page');
    await page.getByRole('button', { name: 'Digitaal afleveren (goedkeuren)' }).click();
    await page.waitForURL(/done=1/);
    // Bounded by count (the portal's own worker may hold the job a while on a busy machine).
    for (let i = 0; i < 3000 && (await portal.d.db.requests.get(ids[0]!))!.state !== 'delivered'; i++) {
      await portal.d.runJobs();
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await portal.d.db.requests.get(ids[0]!))!.state).toBe('delivered');
    const mails = (await portal.d.db.outbox.listByRequest(ids[0]!)).map(
      (m) => (m.payload as { kind: string }).kind,
    );
    expect(mails).toContain('delivered');

    // Refuse the second with a reason.
    await page.goto(`${portal.url}/backoffice/requests/${ids[1]}`);
    await page.locator('#refuse-reason').fill('Geen volmacht bijgevoegd');
    await page.getByRole('button', { name: 'Weigeren' }).click();
    await page.waitForURL(/done=1/);
    expect(await page.locator('#state').textContent()).toBe('Geweigerd door een medewerker');

    // Ask about the third; the citizen's answer comes back into it.
    await page.goto(`${portal.url}/backoffice/requests/${ids[2]}`);
    await page.locator('#ask-question').fill('Voor welk doel hebt u dit attest nodig?');
    await page.getByRole('button', { name: 'Meer informatie vragen' }).click();
    await page.waitForURL(/done=1/);
    expect(await page.locator('#state').textContent()).toBe('Wacht op de aanvrager');
    const mine = await jan.get(`/my/requests/${ids[2]}`);
    expect(mine.text).toContain('Voor welk doel hebt u dit attest nodig?');
    await jan.post(`/my/requests/${ids[2]}/answer`, {
      _csrf: hidden(mine.text, '_csrf'),
      version: hidden(mine.text, 'version'),
      text: 'Voor mijn nieuwe werkgever',
    });
    await page.reload();
    expect(await page.locator('#state').textContent()).toBe('Te beoordelen');
    expect(await page.locator('main').textContent()).toContain('Voor mijn nieuwe werkgever');

    // Search by INSZ is a POST: the number never appears in the URL.
    await page.goto(`${portal.url}/backoffice`);
    await page.getByText('Zoeken en filteren').click();
    await page.locator('#q').fill('85.67.30-123.67');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await page.waitForURL(`${portal.url}/backoffice/search`);
    expect(await page.locator('main').textContent()).toContain(refs[2]);
    await scan(page, 'search results');
    await page.goto(`${portal.url}/backoffice/counter`);
    await scan(page, 'counter');
  });

  it('has no violations on the administration, report and audit pages', async () => {
    const page = await staffPage('pieter', '/backoffice/modules');
    for (const path of [
      '/backoffice/modules',
      '/backoffice/grants',
      '/backoffice/settings',
      '/backoffice/jobs',
      '/backoffice/reports?from=2026-03-01&to=2026-03-31',
      '/backoffice/audit?from=2026-03-01&to=2026-03-31',
      '/backoffice/no-such-page',
    ]) {
      await page.goto(`${portal.url}${path}`);
      await scan(page, path);
      if (path.startsWith('/backoffice/reports')) {
        // Lead times in working days and the deadline figures are columns a reporter reads.
        const head = await page.locator('#report-deadlines thead').innerText();
        for (const column of [
          'Mediane doorlooptijd (werkdagen)',
          'Tijdig behandeld',
          'Nu te laat (nog open)',
        ]) {
          expect(head).toContain(column);
        }
        const shots = process.env.SMARTLOKET_SCREENSHOT_DIR;
        if (shots) await page.screenshot({ path: `${shots}/reports.png`, fullPage: true });
      }
    }
    await page.goto(`${portal.url}/backoffice/grants`);
    await page.locator('#g-kbo').fill('0417.123.457');
    await page.locator('input[name="types"][value="test.attest"]').check();
    await page.getByRole('button', { name: 'Recht toekennen' }).last().click();
    await page.waitForURL(`${portal.url}/backoffice/grants`);
    expect(await page.locator('table').textContent()).toContain('0417.123.457');
    await scan(page, 'grants with a grant');
  });

  it('lets an administrator create a connection and shows its secret once', async () => {
    const shots = process.env.SMARTLOKET_SCREENSHOT_DIR;
    const page = await staffPage('pieter', '/backoffice/api-clients');
    await scan(page, 'API connections, empty');
    await page.locator('#ac-name').fill('Zaaksysteem Cevi');
    await page.getByLabel('aanvragen behandelen (goedkeuren, weigeren, afleveren)').check();
    await page.getByRole('button', { name: 'Koppeling aanmaken' }).click();
    await page.waitForURL(`${portal.url}/backoffice/api-clients`);
    const secret = (await page.locator('code.secret').textContent()) ?? '';
    expect(secret).toMatch(/^slk_/);
    await scan(page, 'API connection secret');
    if (shots) await page.screenshot({ path: `${shots}/api-client-secret.png`, fullPage: true });
    await page.getByRole('link', { name: 'Terug naar de koppelingen' }).click();
    const table = (await page.locator('table').textContent()) ?? '';
    expect(table).toContain('Zaaksysteem Cevi');
    expect(table).not.toContain(secret);
    await scan(page, 'API connections with one');
    if (shots) await page.screenshot({ path: `${shots}/api-clients.png`, fullPage: true });

    await page.getByRole('link', { name: 'Intrekken: Zaaksysteem Cevi' }).click();
    expect(await page.locator('h1').textContent()).toBe('Koppeling „Zaaksysteem Cevi” intrekken?');
    await scan(page, 'revoke confirmation');
    if (shots) await page.screenshot({ path: `${shots}/api-client-revoke.png`, fullPage: true });
    await page.getByRole('button', { name: 'Intrekken' }).click();
    await page.waitForURL(/revoked=1/);
    expect(await page.locator('[role="status"]').textContent()).toContain('De koppeling is ingetrokken');
    expect(await page.locator('table').textContent()).toContain('ingetrokken');
  });
});
