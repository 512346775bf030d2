import {
  type AssessedFee,
  type AuthorisationContext,
  brusselsDay,
  type FeePolicy,
  type FeeScheduleEntry,
  type FeeWaiver,
  feeOnDay,
  isCents,
  isIsoDay,
  type Kernel,
} from '@smartloket/core';
import type { SettingsReader } from './deadlines.js';

/**
 * The municipality's fee schedule of a request type (back-office setting): a list of
 * `{ from: 'YYYY-MM-DD', amountCents }`, each the fee from that Brussels day on.
 */
export const feeScheduleSetting = (typeId: string) => `requestType.${typeId}.fees`;

/** The entries of a stored schedule that are well formed, oldest first (anything else is left out). */
export function parseFeeSchedule(value: unknown): FeeScheduleEntry[] {
  if (!Array.isArray(value)) return [];
  const byDay = new Map<string, number>();
  for (const v of value) {
    if (!v || typeof v !== 'object') continue;
    const { from, amountCents } = v as Partial<FeeScheduleEntry>;
    if (typeof from === 'string' && isIsoDay(from) && isCents(amountCents)) byDay.set(from, amountCents);
  }
  return [...byDay.entries()]
    .map(([from, amountCents]) => ({ from, amountCents }))
    .sort((a, b) => a.from.localeCompare(b.from));
}

/** A free type's policy: nothing to pay, unless the municipality sets a fee. */
const FREE: FeePolicy = Object.freeze({
  amountCents: 0,
  payment: 'before_submit' as const,
  payWithinDays: 30,
  waivers: [],
});

/**
 * Fees of request types (issue 21): the plugin's default, the municipality's schedule on top
 * (from a day on), and the waivers of the fee regulation. A request keeps what {@link assess}
 * gave at submission.
 */
export class Fees {
  constructor(
    private readonly kernel: Kernel,
    private readonly settings: SettingsReader,
  ) {}

  /** The type's fee policy (the plugin's, or free). */
  policy(typeId: string): FeePolicy {
    return this.kernel.requestType(typeId)?.definition.fee ?? FREE;
  }

  /** The municipality's schedule of the type, oldest first. */
  async schedule(typeId: string): Promise<FeeScheduleEntry[]> {
    return parseFeeSchedule(await this.settings.cached(feeScheduleSetting(typeId)));
  }

  /** The fee in force at `at` in euro cents, before waivers (0: free). */
  async amountAt(typeId: string, at: Date): Promise<number> {
    return feeOnDay(await this.schedule(typeId), brusselsDay(at), this.policy(typeId).amountCents);
  }

  /**
   * The fee a request filed now owes: the amount in force, or 0 with the first waiver that
   * applies. Undefined when the type is free (nothing is stored with the request).
   */
  async assess(typeId: string, ctx: AuthorisationContext): Promise<AssessedFee | undefined> {
    const scheduledCents = await this.amountAt(typeId, ctx.now);
    if (scheduledCents === 0) return undefined;
    for (const waiver of this.policy(typeId).waivers) {
      if (applies(waiver, ctx)) {
        return {
          amountCents: 0,
          currency: 'EUR',
          scheduledCents,
          waiver: { id: waiver.id, reason: waiver.reason },
        };
      }
    }
    return { amountCents: scheduledCents, currency: 'EUR', scheduledCents };
  }
}

/** Whether a waiver applies; a waiver that throws does not (the fee stays due). */
function applies(waiver: FeeWaiver, ctx: AuthorisationContext): boolean {
  try {
    return waiver.applies(ctx) === true;
  } catch {
    return false;
  }
}
