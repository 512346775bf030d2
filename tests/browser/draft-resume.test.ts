/**
 * "Bewaar en ga later verder" without login (issue 20, decision 0803) in chromium on PostgreSQL:
 * a requester without eID saves a half-filled birth-extract request with an identity document
 * in one browser, gets the resume link by mail, opens it in another browser, is asked the
 * address first (a wrong one is refused), finds the answers and the upload back with the day the
 * draft expires, and files the request; the upload is the request's evidence and the draft is
 * gone (its link with it). axe-core finds nothing on the pages; screenshots in
 * SMARTLOKET_SCREENSHOT_DIR.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, postgresUnavailableReason, type TestDatabase } from '@smartloket/db/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessibilityViolations,
  browserAvailable,
  clickAndWait,
  fillFields,
  launchBrowser,
} from '../support/browser.js';
import {
  BIRTH_EXTRACT,
  EVIDENCE,
  GRANDPARENT_ACT,
  sealToolsAvailable,
  startWithoutLoginWorld,
  WHO_ASKS,
  type WithoutLoginWorld,
} from '../support/without-login-world.js';

const EMAIL = 'lies@example.org';

describe.runIf(browserAvailable() && sealToolsAvailable())(
  'save and resume without login in chromium',
  () => {
    let database: TestDatabase | undefined;
    let world: WithoutLoginWorld;
    let browser: Browser;
    const contexts: BrowserContext[] = [];
    const shots =
      process.env.SMARTLOKET_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'smartloket-draft-resume-'));

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
      const context = await browser.newContext({ locale: 'nl-BE' });
      contexts.push(context);
      return context.newPage();
    }

    async function scan(page: Page, label: string) {
      expect({ page: label, violations: await accessibilityViolations(page) }).toEqual({
        page: label,
        violations: [],
      });
    }

    it('saves with an upload in one browser, resumes by the mailed link in another, and files it', async () => {
      const { d, portal } = world;
      const url = (path: string) => `${portal.url}${path}`;
      const expires = new Date(d.clock.now().getTime() + 30 * 86_400_000);
      const day = new Intl.DateTimeFormat('nl-BE', {
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
        timeZone: 'Europe/Brussels',
      }).format(expires);

      // First browser: the first step half filled; saving needs the address for the link.
      const first = await newPage();
      await first.goto(url(`/request/${BIRTH_EXTRACT}?withoutLogin=1`));
      await fillFields(first, WHO_ASKS);
      await clickAndWait(first, 'main button[name="_action"][value="save"]');
      expect(await first.locator('#f-_email-error, main .error').first().innerText()).toContain(
        'Vul uw e-mailadres in',
      );
      await fillFields(first, { _email: EMAIL });
      await first.locator('main input[type="file"][name="evidence"]').setInputFiles(EVIDENCE);
      await clickAndWait(first, 'main button[name="_action"][value="save"]');
      const saved = await first.locator('main').innerText();
      expect(saved).toContain('Uw aanvraag is bewaard');
      expect(saved).toContain(EMAIL);
      expect(saved).toContain(`verloopt op ${day}`);
      await scan(first, 'saved');
      await first.screenshot({ path: `${shots}/draft-saved-nl.png`, fullPage: true });

      const row = await d.db.knex('drafts').whereNull('subject').first('id', 'resume_hash');
      expect(row?.resume_hash).toMatch(/^[0-9a-f]{64}$/);
      const upload = await d.db.knex('uploads').where({ draft_id: row.id }).first('id', 'purge_at');
      expect(upload?.purge_at ?? null).toBeNull();

      // The mail: the link, the day it expires; it never carries the answers.
      const resume = await world.mailedPath(EMAIL, '/resume/');
      const mail = [...world.mailbox.messages()]
        .reverse()
        .find((m) => m.links.some((l) => l.includes(resume)))!;
      expect(mail.text).toContain('Ga verder met uw aanvraag');
      expect(mail.text).not.toContain('Petrus');
      // Sent: the token left the outbox with the mail.
      const outbox = await d.db.knex('outbox').where({ kind: 'email' }).select('payload');
      expect(JSON.stringify(outbox)).not.toContain(resume.split('/').pop());

      // Another browser: the address first; a wrong one is refused and shows nothing.
      const other = await newPage();
      await other.goto(url(resume));
      expect(await other.locator('h1').innerText()).toBe('Verder met uw aanvraag');
      expect(await other.locator('main').innerText()).not.toContain('Lies Peeters');
      await scan(other, 'resume check');
      await other.fill('#f-email', 'iemand@example.org');
      await clickAndWait(other, 'main button[type=submit]');
      expect(await other.locator('#f-email-error').innerText()).toContain('niet het e-mailadres');
      expect(await other.locator('main').innerText()).not.toContain('Lies Peeters');
      await other.fill('#f-email', 'Lies@Example.org');
      await clickAndWait(other, 'main button[type=submit]');

      // The form as saved: the answers, the address, the kept upload and the day it expires.
      expect(await other.locator('main [name="requesterName"]').inputValue()).toBe('Lies Peeters');
      expect(await other.locator('main [name="_email"]').inputValue()).toBe(EMAIL);
      const form = await other.locator('main').innerText();
      expect(form).toContain(`Toegevoegd bestand: ${EVIDENCE.name}`);
      expect(form).toContain(`verloopt op ${day}`);
      await scan(other, 'resumed form');
      await other.screenshot({ path: `${shots}/draft-resumed-nl.png`, fullPage: true });

      // On to the summary and the submit; the address is confirmed by mail as always.
      await clickAndWait(other, 'main button[name="_action"][value="next"]');
      for (
        let step = 1;
        (await other.locator('main button[name="_action"][value="submit"]').count()) === 0;
        step++
      ) {
        expect(step, await other.locator('main').innerText()).toBeLessThan(7);
        await fillFields(other, GRANDPARENT_ACT);
        await clickAndWait(other, 'main button[name="_action"][value="next"]');
      }
      await clickAndWait(other, 'main button[name="_action"][value="submit"]');
      await other.goto(url(await world.mailedPath(EMAIL, '/email/confirm/')));
      await Promise.all([other.waitForURL(/\/follow\//), other.locator('main button[type=submit]').click()]);
      const { id } = (await d.db.knex('requests').orderBy('created_at', 'desc').first('id')) as {
        id: string;
      };
      expect((await d.db.requests.get(id))?.state).toBe('in_review');
      expect((await d.db.unidentified.get(id))?.evidence).toEqual([upload.id]);
      expect((await d.db.uploads.get(upload.id))?.requestId).toBe(id);
      expect(await d.db.knex('drafts').where({ id: row.id }).first()).toBeUndefined();

      // The link went with the draft; both answers were audited, without the address.
      await first.goto(url(resume));
      expect(await first.locator('main').innerText()).toContain('Deze link werkt niet (meer)');
      const checks = await d.db.audit.list({ categories: ['resume_check_refused', 'resume_check_passed'] });
      expect(checks.map((a) => a.category).sort()).toEqual(['resume_check_passed', 'resume_check_refused']);
      expect(JSON.stringify(checks)).not.toContain('iemand@example.org');
    });
  },
);
