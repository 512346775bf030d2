import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from '../support/browser.js';
import { startTestPortal, type TestPortal } from '../support/portal.js';

const run = browserAvailable();

/** A municipality's website on http://localhost:<port> (another site than the counter on 127.0.0.1). */
async function startSite(page: () => string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/nieuws')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page());
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  return { server, url: `http://localhost:${typeof a === 'object' && a ? a.port : 0}` };
}

describe.runIf(run)('embedding the counter in the municipality website (chromium)', () => {
  let portal: TestPortal;
  let site: { server: Server; url: string };
  let stranger: { server: Server; url: string };
  let browser: Browser;
  const hostPage = (lang: string) => () =>
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Gemeente</title></head>
<body><h1>Welkom</h1><p>Onze diensten:</p>
<script src="${portal.url}/embed.js" data-smartloket="catalogue" data-theme="dark"></script>
<p id="after">Einde van de pagina</p></body></html>`;

  beforeAll(async () => {
    site = await startSite(hostPage('fr'));
    stranger = await startSite(hostPage('nl'));
    portal = await startTestPortal({ config: { embed: { allowedOrigins: [site.url] } } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    for (const s of [site, stranger]) {
      s?.server.closeAllConnections();
      await new Promise<void>((r) => (s ? s.server.close(() => r()) : r()));
    }
  });

  async function open(url: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'nl-BE' });
    const page = await context.newPage();
    await page.goto(url);
    return page;
  }

  it('shows the catalogue in an iframe that takes the height of its content, in the page language', async () => {
    const page = await open(`${site.url}/nieuws`);
    const frameEl = page.locator('iframe[data-smartloket-frame="catalogue"]');
    await frameEl.waitFor();
    const frame = page.frameLocator('iframe[data-smartloket-frame="catalogue"]');
    await frame.locator('li[data-type="test.attest"]').waitFor();
    expect(await frame.locator('html').getAttribute('lang')).toBe('fr');
    expect(await frame.locator('body').getAttribute('class')).toContain('theme-dark');
    // The frame reports its height; the script sets it (event-driven wait, no sleeping).
    await page.waitForFunction(() => {
      const f = document.querySelector('iframe[data-smartloket-frame]') as HTMLIFrameElement | null;
      return f !== null && f.style.height !== '400px';
    });
    const height = await frameEl.evaluate((f: HTMLIFrameElement) => Number.parseInt(f.style.height, 10));
    const content = await frame.locator('html').evaluate((h) => h.scrollHeight);
    expect(height).toBe(Math.max(100, content));
    await page.context().close();
  });

  it('continues a login started in the frame top-level on the counter and returns to the page', async () => {
    const page = await open(`${site.url}/nieuws`);
    const frame = page.frameLocator('iframe[data-smartloket-frame="catalogue"]');
    await frame.locator('a[data-embed-login]').click();
    // Top level now: the dev identity provider, then the counter, then back to the site.
    await page.locator('input[name="persona"][value="jan"]').check();
    await page.locator('input[name="means"][value="itsme"]').check();
    await page.locator('button[name="action"][value="login"]').click();
    await page.waitForURL(`${site.url}/nieuws`);
    // The session lives on the counter's own origin (first-party): the personal page works top-level.
    await page.goto(`${portal.url}/my`);
    expect(await page.locator('header').textContent()).toContain('Jan Peeters');
    await page.context().close();
  });

  it('refuses an embedding page whose origin is not on the list', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const refused = page.waitForResponse((r) => r.url().includes('/embed/catalogue'));
    await page.goto(`${stranger.url}/nieuws`);
    const response = await refused;
    expect(response.status()).toBe(403);
    const csp = (
      await fetch(`${portal.url}/embed/catalogue?parent=${encodeURIComponent(`${site.url}/x`)}`)
    ).headers.get('content-security-policy');
    expect(csp).toContain(`frame-ancestors 'self' ${site.url}`);
    expect(csp).not.toContain(stranger.url);
    // Even with a forged parent parameter the browser refuses to frame it for the stranger.
    await page.evaluate(
      (src) => {
        const f = document.createElement('iframe');
        f.id = 'forged';
        f.src = src;
        document.body.append(f);
        return new Promise<void>((resolve) => f.addEventListener('load', () => resolve()));
      },
      `${portal.url}/embed/catalogue?parent=${encodeURIComponent(`${site.url}/x`)}`,
    );
    const forged = await (await page.locator('#forged').elementHandle())!.contentFrame();
    expect(forged).not.toBeNull();
    expect(await forged!.locator('li[data-type]').count()).toBe(0);
    expect(forged!.url()).not.toContain('/embed/catalogue');
    await context.close();
  });
});
