import type { AuthorisationContext } from './authorisation.js';
import type { Locale, LocalizedText } from './i18n.js';

// ── fees (retributies) ─────────────────────────────────────────────────────────────────────
// A request type declares its default fee; the municipality sets its own per type with the day
// from which it applies; a waiver of the fee regulation sets it to nothing, with its reason. The
// fee a request was filed under is stored with it. Money is integer euro cents everywhere.

/**
 * When the requester pays: `before_submit` (the request is filed, and delivered, only once paid;
 * suits automatic delivery) or `after_approval` (a clerk approves first; the requester gets a
 * payment link and the document is delivered once paid).
 */
export type PaymentMoment = 'before_submit' | 'after_approval';

/** A rule of the fee regulation that waives the fee (e.g. a purpose the regulation exempts). */
export interface FeeWaiver {
  /** Namespaced id, recorded with the request (e.g. `bevolking.waiver-adoption`). */
  readonly id: string;
  /** Why the fee is waived; the requester sees it on the summary and the receipt. */
  readonly reason: LocalizedText;
  /** True when the waiver applies to this request (the form, the requester, the purpose). */
  applies(ctx: AuthorisationContext): boolean;
}

/** A request type's fee (retributie), see {@link RequestTypeDefinition.fee}. */
export interface FeePolicy {
  /** The default fee in euro cents (a whole number, 0 for free); the municipality may set its own. */
  readonly amountCents: number;
  /** When the requester pays [`before_submit`]. */
  readonly payment: PaymentMoment;
  /**
   * `after_approval`: days an approved request waits for its payment before it lapses [30]; a
   * reminder goes out 7 days before.
   */
  readonly payWithinDays: number;
  /** Rules of the fee regulation that waive the fee, the first that applies wins. */
  readonly waivers: readonly FeeWaiver[];
}

/** What {@link defineFee} accepts. */
export interface FeeOptions {
  /** The default fee in euro cents (a whole number, 0 for free). */
  amountCents: number;
  /** When the requester pays [`before_submit`]. */
  payment?: PaymentMoment;
  /** `after_approval`: days an approved request waits for its payment [30]. */
  payWithinDays?: number;
  /** Rules of the fee regulation that waive the fee, the first that applies wins. */
  waivers?: readonly FeeWaiver[];
}

const WAIVER_ID = /^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$/;

/**
 * Declares a request type's fee.
 *
 * @example
 * ```ts
 * fee: defineFee({ amountCents: 750, payment: 'before_submit', waivers: [adoptionWaiver] }),
 * ```
 * @throws TypeError when an amount or term is not a whole non-negative number.
 */
export function defineFee(options: FeeOptions): FeePolicy {
  if (!isCents(options.amountCents)) {
    throw new TypeError(`defineFee: amountCents must be whole euro cents, got ${options.amountCents}`);
  }
  const days = options.payWithinDays ?? 30;
  if (!Number.isInteger(days) || days < 1 || days > 365) {
    throw new TypeError(`defineFee: payWithinDays must be a whole number of days from 1 to 365`);
  }
  return Object.freeze({
    amountCents: options.amountCents,
    payment: options.payment ?? 'before_submit',
    payWithinDays: days,
    waivers: Object.freeze([...(options.waivers ?? [])]),
  });
}

/**
 * Declares a waiver of the fee regulation.
 *
 * @example
 * ```ts
 * const adoption = defineFeeWaiver({
 *   id: 'bevolking.waiver-adoption',
 *   reason: { nl: 'Vrijgesteld: adoptie', fr: 'Exonéré : adoption', en: 'Exempt: adoption' },
 *   applies: (ctx) => ctx.form.purpose === 'adoptie',
 * });
 * ```
 * @throws TypeError when the id is not namespaced.
 */
export function defineFeeWaiver(waiver: {
  id: string;
  reason: LocalizedText;
  applies(ctx: AuthorisationContext): boolean;
}): FeeWaiver {
  if (!WAIVER_ID.test(waiver.id)) {
    throw new TypeError(
      `defineFeeWaiver: id "${waiver.id}" must look like "plugin.waiver" (lowercase, dashes)`,
    );
  }
  return Object.freeze({ ...waiver });
}

/** True for a whole, non-negative number of cents below a million euro. */
export function isCents(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 100_000_000;
}

/** One entry of a municipality's fee schedule: the fee from a Brussels day on. */
export interface FeeScheduleEntry {
  /** The first day (`YYYY-MM-DD`, Europe/Brussels) the fee applies. */
  from: string;
  /** The fee in euro cents. */
  amountCents: number;
}

/**
 * The fee in force on `day` (`YYYY-MM-DD`): the schedule's entry with the latest `from` on or
 * before it, else `fallbackCents` (the type's default).
 */
export function feeOnDay(schedule: readonly FeeScheduleEntry[], day: string, fallbackCents: number): number {
  let best: FeeScheduleEntry | undefined;
  for (const e of schedule) {
    if (e.from <= day && (!best || e.from > best.from)) best = e;
  }
  return best ? best.amountCents : fallbackCents;
}

/** A waiver that applied to a request, as stored with it. */
export interface AppliedWaiver {
  /** The waiver's id ({@link FeeWaiver.id}). */
  id: string;
  /** Why the fee is waived, as the requester read it. */
  reason: LocalizedText;
}

/** The fee a request was filed under, stored with it. */
export interface AssessedFee {
  /** What the requester owes in euro cents (0 when free or waived). */
  amountCents: number;
  /** Always euro. */
  currency: 'EUR';
  /** The fee before a waiver, in euro cents. */
  scheduledCents: number;
  /** The waiver that applied, with its reason. */
  waiver?: AppliedWaiver | undefined;
}

/**
 * An amount of euro cents as the requester reads it: `€ 7,50` in Dutch, `7,50 €` in French and
 * German, `€7.50` in English (the space is a no-break space, so the amount never wraps).
 */
export function formatEuro(cents: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : `${locale}-BE`, {
    style: 'currency',
    currency: 'EUR',
  }).format(cents / 100);
}
