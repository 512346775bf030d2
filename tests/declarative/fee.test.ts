import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDeployment, type TestDeployment, type TestSeal, testSeal } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryPaymentProvider } from '../support/fee-plugin.js';
import { fillRequest, startTestPortal, type TestPortal } from '../support/portal.js';

/**
 * A declarative type's fee (`feeCents`, `feePayment`) is its default fee through core's fees
 * extension, charged like a plugin's: the catalogue shows it, the portal sends the requester to
 * the checkout before filing, and a request keeps the fee it was filed under.
 */
const standplaats = (extra: Record<string, unknown>) => ({
  id: 'gemeente.standplaats',
  title: { nl: 'Standplaats op de markt', fr: 'Emplacement au marché', en: 'Market pitch' },
  theme: 'ondernemen',
  steps: [
    {
      id: 'plaats',
      title: { nl: 'Uw standplaats', fr: 'Votre emplacement', en: 'Your pitch' },
      fields: [{ name: 'waren', kind: 'text', label: { nl: 'Wat verkoopt u?', fr: 'Que vendez-vous ?' } }],
    },
  ],
  document: {
    title: { nl: 'Toelating standplaats' },
    blocks: [{ type: 'keyValue', items: [{ key: { nl: 'Waren' }, value: { nl: '{waren}' } }] }],
  },
  feeCents: 1250,
  ...extra,
});

describe('the fee of a declarative type', () => {
  let dir: string;
  let seal: TestSeal;
  let d: TestDeployment;
  let portal: TestPortal;
  const memory = memoryPaymentProvider();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'smartloket-declarative-fee-'));
    mkdirSync(join(dir, 'types'));
    writeFileSync(join(dir, 'types/standplaats.json'), JSON.stringify(standplaats({})));
    writeFileSync(
      join(dir, 'types/terras.json'),
      JSON.stringify({
        ...standplaats({ feePayment: 'after_approval', payWithinDays: 14, feeCents: 4000 }),
        id: 'gemeente.terras',
        title: { nl: 'Terrasvergunning', fr: 'Autorisation de terrasse', en: 'Terrace permit' },
      }),
    );
    seal = testSeal();
    d = await createTestDeployment({
      plugins: [memory.plugin],
      services: [seal.service],
      baseDir: dir,
      databaseUrl: `sqlite:${join(dir, 'db.sqlite')}`,
      config: { requestTypes: ['./types/*.json'], payments: { provider: 'memory' } },
    });
    portal = await startTestPortal({ deployment: d });
  });
  afterAll(async () => {
    await portal?.close();
    await d?.close();
    seal?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is the type’s fee policy, with its moment of payment', () => {
    expect(d.kernel.requestType('gemeente.standplaats')?.definition.fee).toMatchObject({
      amountCents: 1250,
      payment: 'before_submit',
    });
    expect(d.kernel.requestType('gemeente.terras')?.definition.fee).toMatchObject({
      amountCents: 4000,
      payment: 'after_approval',
      payWithinDays: 14,
    });
  });

  it('is shown in the catalogue and paid before filing, like a plugin’s; the request keeps it', async () => {
    const jan = await portal.login('jan', 'itsme');
    const catalogue = await jan.get('/');
    expect(catalogue.text).toMatch(/Standplaats op de markt[\s\S]{0,600}12,50/);
    const { draft, csrf } = await fillRequest(jan, 'gemeente.standplaats', [{ waren: 'Kaas' }]);
    const before = await d.db.requests.count({});
    const submit = await jan.post('/request/gemeente.standplaats', {
      _csrf: csrf,
      _draft: draft,
      _action: 'submit',
    });
    expect(submit.location).toMatch(/^https:\/\/pay\.example\/checkout\/tr_mem\d+/);
    expect(await d.db.requests.count({})).toBe(before);
    const providerId = /checkout\/(tr_mem\d+)/.exec(submit.location!)![1]!;
    memory.setStatus(providerId, 'paid');
    await portal.client().post('/payments/memory/notify', { id: providerId });
    const [request] = (await d.db.requests.list({ typeIds: ['gemeente.standplaats'] }, { limit: 5 })).items;
    expect([request?.state, request?.typeVersion, request?.fee?.amountCents]).toEqual(['in_review', 1, 1250]);
  });
});
