import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import { type GeoSimulator, SMARTEGEM_BOUNDARY, startGeoSimulator } from '@smartloket/dev-world/geo';
import { createTestPlugin } from '@smartloket/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meldingenPlugin } from '../../plugins/meldingen/src/index.js';
import { accessibilityViolations, browserAvailable, launchBrowser } from '../support/browser.js';
import { startTestPortal, type TestPortal } from '../support/portal.js';

const run = browserAvailable();
const shots = process.env.SMARTLOKET_SCREENSHOT_DIR;

describe.runIf(run)('the place of a report on a map (meldingen), in chromium', () => {
  let portal: TestPortal;
  let browser: Browser;
  let geo: GeoSimulator;
  let database: TestDatabase | undefined;
  const contexts: BrowserContext[] = [];

  async function newPage(javaScriptEnabled = true): Promise<Page> {
    const context = await browser.newContext({ locale: 'nl-BE', javaScriptEnabled });
    contexts.push(context);
    return context.newPage();
  }

  async function scan(page: Page, label: string) {
    expect({ page: label, violations: await accessibilityViolations(page) }).toEqual({
      page: label,
      violations: [],
    });
  }

  beforeAll(async () => {
    const unavailable = await postgresUnavailableReason();
    if (unavailable && process.env.CI) throw new Error(unavailable);
    if (!unavailable) database = await createTestDatabase('postgres');
    geo = await startGeoSimulator();
    portal = await startTestPortal({
      databaseUrl: database?.url,
      databaseOwnerUrl: database?.ownerUrl,
      plugins: [
        createTestPlugin(),
        {
          plugin: meldingenPlugin,
          options: {
            municipality: 'Smartegem',
            boundary: SMARTEGEM_BOUNDARY,
            addressRegister: { url: geo.url, geolocationUrl: geo.url },
            map: { tileUrl: geo.tileUrl, attribution: 'Dev world', zoom: 16 },
          },
        },
      ],
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await portal?.close();
    await geo?.stop();
    await database?.destroy();
  });

  it('an anonymous reporter puts the point on the map, is refused outside the municipality, picks the address and sees it on the summary', async () => {
    const page = await newPage();
    const first = await page.goto(`${portal.url}/request/meldingen.verlichting`);
    // The CSP allows images from exactly the tile origin.
    const csp = first?.headers()['content-security-policy'] ?? '';
    expect(csp).toMatch(new RegExp(`img-src 'self' data: ${geo.url.replace(/[.:/]/g, '\\$&')}(;|$)`));

    await page.getByLabel('Uw e-mailadres').fill('an.melder@example.org');
    await page.getByLabel('Lamp brandt niet').check();
    await page.getByLabel('Beschrijving').fill('De straatlamp voor nummer 12 brandt al een week niet.');
    await page.getByRole('button', { name: 'Volgende' }).click();

    // Where: the map opens over Smartegem with the dev world's tiles, above the point field.
    await page.getByLabel('Adres of omschrijving van de plaats').fill('Kerkstraat 12');
    const map = page.locator('#report-map');
    await expect.poll(() => map.isVisible()).toBe(true);
    await expect.poll(() => page.locator('.leaflet-tile-loaded').count()).toBeGreaterThan(0);
    expect(geo.calls.some((c) => c.route === 'tile' && c.status === 200)).toBe(true);
    const order = await page.evaluate(() => {
      const m = document.getElementById('report-map')!;
      const input = document.querySelector('input[name="location"]')!;
      return m.compareDocumentPosition(input) & Node.DOCUMENT_POSITION_FOLLOWING
        ? 'map first'
        : 'field first';
    });
    expect(order).toBe('map first');

    // A click on the map writes the point into the field.
    const canvas = page.locator('.report-map-canvas');
    await canvas.click({ position: { x: 200, y: 150 } });
    await expect.poll(() => page.getByLabel('Punt op de kaart').inputValue()).toMatch(/^50\.9\d+,3\.9\d+$/);
    expect(await page.locator('.report-map-status').textContent()).toBe('Het punt staat op de kaart.');
    await scan(page, 'where, with the map');
    if (shots) await page.screenshot({ path: `${shots}/meldingen-map.png`, fullPage: true });
    const clicked = await page.getByLabel('Punt op de kaart').inputValue();

    // A point in the neighbouring municipality is refused with a clear message.
    await page.getByLabel('Punt op de kaart').fill('50.9585,4.008');
    await page.getByRole('button', { name: 'Volgende' }).click();
    await expect
      .poll(() => page.locator('main').textContent())
      .toContain(
        'Deze plaats ligt buiten Smartegem. Wij kunnen alleen meldingen behandelen over plaatsen in onze gemeente',
      );
    await scan(page, 'where, refused outside the municipality');
    if (shots) await page.screenshot({ path: `${shots}/meldingen-map-outside.png`, fullPage: true });
    await page.getByLabel('Punt op de kaart').fill(clicked);
    await page.getByRole('button', { name: 'Volgende' }).click();

    // Which address: the register's match, from the dev world's simulator.
    await expect.poll(() => page.locator('main').textContent()).toContain('Welk adres bedoelt u?');
    await page.getByLabel('Kerkstraat 12, 9999 Smartegem').check();
    await scan(page, 'which address');
    await page.getByRole('button', { name: 'Volgende' }).click();
    await page.getByRole('button', { name: 'Naar het overzicht' }).click();
    // The summary shows the place as the reporter gave it.
    const summary = (await page.locator('main').textContent()) ?? '';
    expect(summary).toContain('Kerkstraat 12, 9999 Smartegem');
    expect(summary).toContain(clicked);
    await scan(page, 'summary');
  });

  it('without JavaScript the map stays hidden and the address field works', async () => {
    const page = await newPage(false);
    await page.goto(`${portal.url}/request/meldingen.sluikstort`);
    await page.getByLabel('Uw e-mailadres').fill('b@example.org');
    await page.getByLabel('Beschrijving').fill('Zakken afval naast de glasbol.');
    await page.getByRole('button', { name: 'Volgende' }).click();
    expect(await page.locator('#report-map').isVisible()).toBe(false);
    await page.getByLabel('Adres of omschrijving van de plaats').fill('Marktplein 1');
    await page.getByRole('button', { name: 'Volgende' }).click();
    expect(await page.locator('main').textContent()).toContain('Marktplein 1, 9999 Smartegem');
    // (axe needs JavaScript: the same page is scanned with it in the test above.)
  });
});
