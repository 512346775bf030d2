import type { Server } from 'node:http';
import { createApp, listen } from '@smartloket/server';
import { createTestDeployment, createTestPlugin, type TestDeployment } from '@smartloket/testkit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, browserAvailable, launchBrowser } from '../support/browser.js';

const run = browserAvailable();

describe.runIf(run)('portal accessibility (chromium + axe-core, WCAG 2.1 AA)', () => {
  let d: TestDeployment;
  let server: Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    d = await createTestDeployment({ plugins: [createTestPlugin()] });
    ({ server, url: base } = await listen(createApp(d), 0, '127.0.0.1'));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
    await d?.close();
  });

  it.each(['/', '/?lang=fr', '/?lang=en', '/no-such-page'])('%s has no violations', async (path) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(base + path);
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  });
});
