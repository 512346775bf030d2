import { describe, expect, it } from 'vitest';
import { DEFAULT_POLL, pollInterval, STAFF_SCOPE, staffMayView, strafregisterOptions } from './index.js';

describe('strafregister plugin', () => {
  it('polls at doubling intervals, capped', () => {
    const minutes = [0, 1, 2, 3, 6, 7, 50].map((n) => pollInterval(n) / 60_000);
    expect(minutes).toEqual([5, 10, 20, 40, 320, 360, 360]);
    expect(pollInterval(3, { ...DEFAULT_POLL, firstMs: 1000, maxIntervalMs: 5000 })).toBe(5000);
  });

  it('criminal-record requests are visible only to staff with a matching scope', () => {
    const staff = (staffScopes?: string[]) => ({ staffRoles: ['case_handler' as const], staffScopes });
    expect(staffMayView(staff([STAFF_SCOPE]), 'strafregister.model-596-2')).toBe(true);
    expect(staffMayView(staff(['*']), 'strafregister.model-595')).toBe(true);
    expect(staffMayView(staff(['strafregister.model-595']), 'strafregister.model-595')).toBe(true);
    expect(staffMayView(staff(['strafregister.model-595']), 'strafregister.model-593')).toBe(false);
    expect(staffMayView(staff(['bevolking.*']), 'strafregister.model-595')).toBe(false);
    expect(staffMayView(staff(['strafregisterx.*']), 'strafregister.model-595')).toBe(false);
    expect(staffMayView(staff(undefined), 'strafregister.model-595')).toBe(false);
    expect(staffMayView({ staffRoles: [], staffScopes: ['*'] }, 'strafregister.model-595')).toBe(false);
  });

  it('validates its options', () => {
    expect(strafregisterOptions.parse({}).maxPendingDays).toBe(10);
    expect(() => strafregisterOptions.parse({ models: ['597'] })).toThrow();
    expect(() => strafregisterOptions.parse({ maxPendingDays: 0 })).toThrow();
  });
});
