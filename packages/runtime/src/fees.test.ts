import { forEachDatabase } from '@smartloket/db/testing';
import {
  createTestDeployment,
  createTestPlugin,
  fakeIdentities,
  type TestDeployment,
} from '@smartloket/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { feePlugin } from '../../../tests/support/fee-plugin.js';
import { Fees, feeScheduleSetting, parseFeeSchedule } from './fees.js';

it('reads only well-formed schedule entries, one per day, oldest first', () => {
  expect(
    parseFeeSchedule([
      { from: '2026-07-01', amountCents: 900 },
      { from: '2026-01-01', amountCents: 500 },
      { from: '2026-07-01', amountCents: 950 },
      { from: 'tomorrow', amountCents: 1 },
      { from: '2026-02-01', amountCents: 1.5 },
      'junk',
    ]),
  ).toEqual([
    { from: '2026-01-01', amountCents: 500 },
    { from: '2026-07-01', amountCents: 950 },
  ]);
  expect(parseFeeSchedule(undefined)).toEqual([]);
});

forEachDatabase('fees of request types', (url, tdb) => {
  let t: TestDeployment;
  const jan = fakeIdentities.citizen();
  beforeAll(async () => {
    t = await createTestDeployment({
      plugins: [createTestPlugin(), feePlugin()],
      databaseUrl: url(),
      databaseOwnerUrl: tdb.ownerUrl,
      settingsCache: { maxAgeMs: 0 },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  const submit = (typeId: string, purpose?: string) =>
    t.requests.submit({ typeId, input: { forWhom: 'self', purpose }, locale: 'nl', identity: jan });

  it("stores the plugin's fee with the request, and nothing for a free type", async () => {
    const { request } = await submit('fees.paid', 'school');
    expect(request.fee).toEqual({ amountCents: 750, currency: 'EUR', scheduledCents: 750 });
    expect((await t.db.requests.get(request.id))?.fee).toEqual(request.fee);
    const free = await submit('fees.free');
    expect(free.request.fee).toBeNull();
  });

  it('records a waiver with its reason; a waiver that throws waives nothing', async () => {
    const { request } = await submit('fees.paid', 'adoptie');
    expect(request.fee).toEqual({
      amountCents: 0,
      currency: 'EUR',
      scheduledCents: 750,
      waiver: {
        id: 'fees.adoption',
        reason: { nl: 'Vrijgesteld: adoptie', fr: 'Exonéré : adoption', en: 'Exempt: adoption' },
      },
    });
    const quote = await t.requests.quote({
      typeId: 'fees.paid',
      input: { forWhom: 'self', purpose: 'adoptie' },
      locale: 'nl',
      identity: jan,
    });
    expect(quote?.waiver?.id).toBe('fees.adoption');
  });

  it("applies the municipality's fee from its day on; a request keeps the fee it was filed under", async () => {
    const today = t.clock.now();
    const tomorrow = new Date(today.getTime() + 86_400_000).toISOString().slice(0, 10);
    await t.db.settings.set(feeScheduleSetting('fees.paid'), [{ from: tomorrow, amountCents: 900 }], {
      type: 'staff',
      id: 'admin',
    });
    const before = await submit('fees.paid', 'school');
    expect(before.request.fee?.amountCents).toBe(750);
    expect(await t.fees.amountAt('fees.paid', today)).toBe(750);
    t.clock.advance(86_400_000);
    const after = await submit('fees.paid', 'school');
    expect(after.request.fee?.amountCents).toBe(900);
    expect((await t.db.requests.get(before.request.id))?.fee?.amountCents).toBe(750);
    // The municipality may charge for a type its plugin gives for free.
    await t.db.settings.set(feeScheduleSetting('fees.free'), [{ from: '2026-01-01', amountCents: 200 }], {
      type: 'staff',
      id: 'admin',
    });
    expect((await submit('fees.free')).request.fee?.amountCents).toBe(200);
  });

  it('reads a settings map as well (no database needed)', async () => {
    const fees = new Fees(t.kernel, {
      cached: async () => [{ from: '2020-01-01', amountCents: 100 }] as never,
    });
    expect(await fees.amountAt('fees.paid', t.clock.now())).toBe(100);
    expect(fees.policy('test.attest').amountCents).toBe(0);
  });
});
