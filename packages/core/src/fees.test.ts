import { describe, expect, it } from 'vitest';
import { defineFee, defineFeeWaiver, feeOnDay, formatEuro, isCents } from './fees.js';
import { fields, form } from './forms.js';
import { defineRequestType } from './request-type.js';

describe('fees', () => {
  it('formats euro cents the way each language writes them', () => {
    const plain = (s: string) => s.replace(/\u00a0|\u202f/g, ' ');
    expect(plain(formatEuro(750, 'nl'))).toBe('€ 7,50');
    expect(plain(formatEuro(750, 'fr'))).toBe('7,50 €');
    expect(plain(formatEuro(750, 'de'))).toBe('7,50 €');
    expect(formatEuro(750, 'en')).toBe('€7.50');
    expect(plain(formatEuro(123456, 'nl'))).toBe('€ 1.234,56');
  });

  it('takes the schedule entry with the latest day on or before the day, else the default', () => {
    const schedule = [
      { from: '2026-01-01', amountCents: 500 },
      { from: '2026-07-01', amountCents: 750 },
    ];
    expect(feeOnDay(schedule, '2025-12-31', 300)).toBe(300);
    expect(feeOnDay(schedule, '2026-01-01', 300)).toBe(500);
    expect(feeOnDay(schedule, '2026-06-30', 300)).toBe(500);
    expect(feeOnDay(schedule, '2026-07-01', 300)).toBe(750);
    expect(feeOnDay([...schedule].reverse(), '2027-01-01', 300)).toBe(750);
  });

  it('accepts whole cents only and defaults to paying before submitting', () => {
    expect(defineFee({ amountCents: 750 })).toMatchObject({
      amountCents: 750,
      payment: 'before_submit',
      payWithinDays: 30,
      waivers: [],
    });
    expect(() => defineFee({ amountCents: 7.5 })).toThrow(TypeError);
    expect(() => defineFee({ amountCents: -1 })).toThrow(TypeError);
    expect(() => defineFee({ amountCents: 100, payWithinDays: 0 })).toThrow(TypeError);
    expect(isCents(0)).toBe(true);
    expect(isCents('7')).toBe(false);
    expect(() => defineFeeWaiver({ id: 'nodot', reason: { nl: 'x' }, applies: () => true })).toThrow(
      TypeError,
    );
  });

  it('makes a fee of a type that only declares costCents', () => {
    const base = {
      kind: 'report' as const,
      title: { nl: 'Melding' },
      theme: 'openbaar-domein',
      form: form({ what: fields.text({ label: { nl: 'Wat' } }) }),
      subject: () => ({ relation: 'none' as const }),
      rules: [],
    };
    expect(defineRequestType({ ...base, id: 'x.a', costCents: 300 }).fee?.amountCents).toBe(300);
    expect(defineRequestType({ ...base, id: 'x.b' }).fee).toBeUndefined();
    expect(
      defineRequestType({ ...base, id: 'x.c', costCents: 300, fee: defineFee({ amountCents: 900 }) }).fee
        ?.amountCents,
    ).toBe(900);
    expect(() => defineRequestType({ ...base, id: 'x.d', costCents: 2.5 })).toThrow(TypeError);
  });
});
