/**
 * The world of the tests of certificates requested without login (issue 20, decisions 1401 and
 * 0803): the MAGDA simulator with sealed DABS documents (a dev PKI), the dev mailbox behind the
 * outbox mail sender, a test deployment with the burgerlijke-stand plugin (and any others), and
 * a portal serving it. The grandparent of the scenario, Petrus Peeters, is in the simulator's
 * civil-status acts (born in Smartegem in 1921, no national number).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, type PluginEntry } from '@smartloket/core';
import { DEMO_MUNICIPALITY } from '@smartloket/dev-population';
import {
  createSealedDocumentFactory,
  type MagdaDevSimulator,
  startMagdaDevSimulator,
} from '@smartloket/dev-world/magda';
import { type DevMailbox, startDevMailbox } from '@smartloket/dev-world/mailbox';
import { createSmtpMailer } from '@smartloket/notifier-mail';
import { generateDevPki } from '@smartloket/signer-pades';
import { createMagdaClientFactory } from '@smartloket/source-magda';
import { createTestDeployment, type TestDeployment } from '@smartloket/testkit';
import { createOutboxMailSender } from '../../packages/cli/src/compose/mail.js';
import { createBurgerlijkeStandPlugin } from '../../plugins/burgerlijke-stand/src/index.js';
import { startTestPortal, type TestPortal, type TestPortalOptions } from './portal.js';

/** The request type of the scenario: an extract of a birth act. */
export const BIRTH_EXTRACT = 'burgerlijke-stand.geboorte';

/** Step one ("Wie vraagt aan?") of the scenario, without the e-mail address. */
export const WHO_ASKS: Record<string, string> = {
  requesterName: 'Lies Peeters',
  requesterRelation: 'kleindochter',
  personName: 'Petrus Peeters',
  personBirthDate: '1921-01-10',
  personBirthPlace: 'Smartegem',
  requestPurpose: 'Stamboomonderzoek',
};

/** The birth extract's own questions for the grandparent. */
export const GRANDPARENT_ACT: Record<string, string> = {
  forWhom: 'other',
  familyName: 'Peeters',
  givenName: 'Petrus',
  relation: 'descendant',
  actYear: '1921',
  purpose: 'genealogy',
};

/** The identity document uploaded as evidence. */
export const EVIDENCE = {
  name: 'id-kaart.pdf',
  mimeType: 'application/pdf',
  buffer: Buffer.from('%PDF-1.4 identiteitskaart'),
};

/** True when pdfsig and certutil are there (the sealed documents need them); throws in CI. */
export function sealToolsAvailable(): boolean {
  const has = (tool: string) => !spawnSync('which', [tool]).status;
  const tools = has('pdfsig') && has('certutil');
  if (!tools && process.env.CI)
    throw new Error('pdfsig and certutil are needed (poppler-utils, libnss3-tools)');
  return tools;
}

/** The links in mails point at this base URL; tests follow their paths on the portal. */
const MAIL_BASE = 'http://localhost:3000';

export interface WithoutLoginWorld {
  dir: string;
  clock: ManualClock;
  sim: MagdaDevSimulator;
  mailbox: DevMailbox;
  d: TestDeployment;
  portal: TestPortal;
  /** Sends due mails; the path of the newest link to `to` containing `part` (throws if none). */
  mailedPath(to: string, part: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts the world; `database` is a PostgreSQL test database (else SQLite). */
export async function startWithoutLoginWorld(
  options: {
    database?: { url: string; ownerUrl?: string | undefined } | undefined;
    /** More plugins beside burgerlijke-stand. */
    plugins?: PluginEntry[];
    config?: Record<string, unknown>;
    app?: TestPortalOptions['app'];
  } = {},
): Promise<WithoutLoginWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'without-login-'));
  const clock = new ManualClock(new Date());
  const started: { stop(): Promise<void> }[] = [];
  try {
    const pki = generateDevPki({ dir: join(dir, 'dabs'), organisation: 'DABS (simulated)' });
    const sim = await startMagdaDevSimulator({
      certificatesDir: join(dir, 'magda'),
      clock,
      dabsDocuments: createSealedDocumentFactory(pki),
    });
    started.push(sim);
    const mailbox = await startDevMailbox({ smtpPort: 0, httpPort: 0 });
    started.push(mailbox);
    const d = await createTestDeployment({
      clock,
      databaseUrl: options.database?.url,
      databaseOwnerUrl: options.database?.ownerUrl,
      plugins: [{ plugin: createBurgerlijkeStandPlugin(), options: {} }, ...(options.plugins ?? [])],
      services: [
        createMagdaClientFactory({
          ...sim.clientConfig,
          afzender: { identificatie: 'smartegem.example/smartloket', hoedanigheid: '1300' },
          timeouts: { requestMs: 10_000 },
        }),
      ],
      config: { deliveryWaitMs: 0, ...options.config },
      mailSender: createOutboxMailSender({
        mailer: createSmtpMailer({
          ...mailbox.smtp,
          from: { name: 'Smartegem', address: 'loket@smartegem.example' },
        }),
        municipality: { ...DEMO_MUNICIPALITY, baseUrl: MAIL_BASE },
      }),
    });
    started.push({ stop: () => d.close() });
    const portal = await startTestPortal({ deployment: d, ...(options.app ? { app: options.app } : {}) });
    started.push({ stop: () => portal.close() });
    return {
      dir,
      clock,
      sim,
      mailbox,
      d,
      portal,
      async mailedPath(to, part) {
        await d.runJobs();
        const mail = [...mailbox.messages()]
          .reverse()
          .find((m) => m.envelope.to.includes(to) && m.links.some((l) => l.includes(part)));
        const link = mail?.links.find((l) => l.includes(part));
        if (!link) throw new Error(`no ${part} link mailed to ${to}`);
        return new URL(link).pathname;
      },
      close: () => stopAll(started, dir),
    };
  } catch (error) {
    await stopAll(started, dir);
    throw error;
  }
}

async function stopAll(started: { stop(): Promise<void> }[], dir: string): Promise<void> {
  for (const s of started.reverse()) await s.stop();
  rmSync(dir, { recursive: true, force: true });
}
