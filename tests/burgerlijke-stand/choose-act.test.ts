/**
 * "Choose your act" in the portal: a dynamic choice loaded from DABS (ZoekAkten through the
 * MAGDA simulator, audited with the requester as actor), delivered end to end by the worker.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHOICE_MESSAGES, FIELD_MESSAGES, ManualClock } from '@smartloket/core';
import { INSZ } from '@smartloket/dev-population';
import {
  createSealedDocumentFactory,
  type MagdaDevSimulator,
  startMagdaDevSimulator,
} from '@smartloket/dev-world/magda';
import { generateDevPki } from '@smartloket/signer-pades';
import { createMagdaClientFactory } from '@smartloket/source-magda';
import { createTestDeployment, type TestDeployment } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createBurgerlijkeStandPlugin,
  DEFAULT_LEGAL_BASIS,
  RULE_MESSAGES,
  ZOEK_AKTEN,
} from '../../plugins/burgerlijke-stand/src/index.js';
import { fillRequest, type PortalClient, startTestPortal, type TestPortal } from '../support/portal.js';

const has = (tool: string) => !spawnSync('which', [tool]).status;
const tools = has('pdfsig') && has('pdftotext') && has('certutil');
if (!tools && process.env.CI)
  throw new Error('pdfsig, pdftotext and certutil are needed (poppler-utils, libnss3-tools)');

const TYPE = 'burgerlijke-stand.huwelijk';
const PEETERS = { forWhom: 'other', familyName: 'Peeters', relation: 'none', purpose: 'genealogy' };

describe.runIf(tools)('burgerlijke stand: choose your act in the portal', () => {
  let dir: string;
  let sim: MagdaDevSimulator;
  let d: TestDeployment;
  let portal: TestPortal;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bs-choose-'));
    const clock = new ManualClock(new Date());
    const pki = generateDevPki({ dir: join(dir, 'dabs'), organisation: 'DABS (simulated)' });
    sim = await startMagdaDevSimulator({
      certificatesDir: join(dir, 'magda'),
      clock,
      dabsDocuments: createSealedDocumentFactory(pki),
    });
    d = await createTestDeployment({
      clock,
      plugins: [{ plugin: createBurgerlijkeStandPlugin(), options: {} }],
      services: [
        createMagdaClientFactory({
          ...sim.clientConfig,
          afzender: { identificatie: 'smartegem.example/smartloket', hoedanigheid: '1300' },
          timeouts: { requestMs: 10_000 },
        }),
      ],
      config: { deliveryWaitMs: 15_000 },
    });
    portal = await startTestPortal({ deployment: d });
    d.worker.start();
  });
  afterAll(async () => {
    await d?.worker.stop(1000);
    await portal?.close();
    await d?.close();
    await sim?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const pdftotext = (bytes: Uint8Array) => {
    const f = join(dir, `doc-${Math.random().toString(36).slice(2)}.pdf`);
    writeFileSync(f, bytes);
    return execFileSync('pdftotext', [f, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  };

  async function submit(client: PortalClient, draft: string, csrf: string) {
    const done = await client.post(`/request/${TYPE}`, { _csrf: csrf, _draft: draft, _action: 'submit' });
    expect(done.status).toBe(303);
    const id = /\/my\/requests\/([0-9a-f-]{36})/.exec(done.location ?? '')?.[1] as string;
    return (await d.db.requests.get(id))!;
  }

  it('several acts: only the acts the requester may receive are offered; the chosen one is delivered', async () => {
    const sofie = await portal.login('sofie');
    const since = d.clock.now();
    const { draft, csrf, last } = await fillRequest(sofie, TYPE, [PEETERS]);
    expect(last.status).toBe(200);
    expect(last.text).toContain('Welke akte bedoelt u?');
    // 1948 is public (older than 75 years); the 1972 marriage is not, and is never shown.
    expect(last.text).toContain('value="DABS-HUW-1948-0020"');
    expect(last.text).toContain('Huwelijksakte, 15 mei 1948');
    expect(last.text).not.toContain('1972');
    expect(last.text).toContain(CHOICE_MESSAGES.none.nl);

    // The consultation that listed the acts is in the audit log: the requester as actor, the
    // legal basis of the manifest, no request yet.
    const listed = (await d.db.audit.list({ categories: ['consultation_started'], from: since })).filter(
      (a) => a.requestId === null,
    );
    expect(listed.length).toBeGreaterThan(0);
    for (const a of listed) {
      expect(a.service).toBe(ZOEK_AKTEN);
      expect(a.legalBasis).toBe(DEFAULT_LEGAL_BASIS[ZOEK_AKTEN]);
      expect(a.actor.type).toBe('citizen');
    }
    const refertes = new Set(listed.map((a) => a.referte));
    expect(sim.calls.some((c) => c.naam === 'ZoekAktenBurgerlijkeStand' && refertes.has(c.referte))).toBe(
      true,
    );

    // A value that was not offered is refused at the step (never trust the client).
    const forged = await sofie.post(`/request/${TYPE}`, {
      _csrf: csrf,
      _draft: draft,
      _step: '1',
      _action: 'next',
      act: 'DABS-HUW-1972-0107',
    });
    expect(forged.status).toBe(422);
    expect(forged.text).toContain(FIELD_MESSAGES['choice.invalid'].nl);

    const summary = await sofie.post(`/request/${TYPE}`, {
      _csrf: csrf,
      _draft: draft,
      _step: '1',
      _action: 'next',
      act: 'DABS-HUW-1948-0020',
    });
    expect(summary.text).toContain('Controleer uw aanvraag');
    expect(summary.text).toContain('Huwelijksakte, 15 mei 1948');
    const request = await submit(sofie, draft, csrf);
    expect(request.state).toBe('delivered');
    expect(request.form?.act).toBe('DABS-HUW-1948-0020');
    const docs = await d.db.documents.listByRequest(request.id);
    const bytes = new Uint8Array((await d.db.documents.readBytes(docs[0]!.id))!);
    const text = pdftotext(bytes);
    expect(text).toContain('Naam: Claes Voornamen: Maria');
    expect(text).not.toContain('Godelieve');
  });

  it('one act: no choice step, straight to the summary, delivered', async () => {
    const bart = await portal.login('bart', 'itsme', { capacity: 'BUR' });
    const { draft, csrf, last } = await fillRequest(bart, TYPE, [
      { forWhom: 'self', purpose: 'administration' },
    ]);
    expect(last.text).toContain('Controleer uw aanvraag');
    expect(last.text).not.toContain('Welke akte bedoelt u?');
    const request = await submit(bart, draft, csrf);
    expect(request.state).toBe('delivered');
    expect(request.form?.act).toBeUndefined();
  });

  it('the search for the choice is on the "who looked me up" trail of the person searched by INSZ', async () => {
    const jan = await portal.login('jan');
    const since = d.clock.now();
    const { last } = await fillRequest(jan, TYPE, [
      { forWhom: 'other', subjectInsz: INSZ.jozef, relation: 'descendant', purpose: 'estate' },
    ]);
    // One act of Jozef: nothing to choose.
    expect(last.text).toContain('Controleer uw aanvraag');
    const rows = await d.db.audit.list({
      subjectId: INSZ.jozef,
      categories: ['consultation_started'],
      from: since,
    });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]!.legalBasis).toBe(DEFAULT_LEGAL_BASIS[ZOEK_AKTEN]);
    expect(rows[0]!.actor.type).toBe('citizen');
  });

  it('DABS down: the step says so, the form goes on, and the request goes to review', async () => {
    const sofie = await portal.login('sofie');
    sim.faults.outage(new Date(d.clock.now().getTime() + 3_600_000), 'ZoekAktenBurgerlijkeStand');
    try {
      const { draft, csrf, last } = await fillRequest(sofie, TYPE, [PEETERS]);
      expect(last.status).toBe(200);
      expect(last.text).toContain(RULE_MESSAGES.choicesUnavailable.nl);
      const summary = await sofie.post(`/request/${TYPE}`, {
        _csrf: csrf,
        _draft: draft,
        _step: '1',
        _action: 'next',
      });
      expect(summary.text).toContain('Controleer uw aanvraag');
      const request = await submit(sofie, draft, csrf);
      expect(request.state).toBe('in_review');
    } finally {
      sim.faults.clear();
    }
  });
});
