import { brusselsDay, type Locale, type LocalizedText, localize, startOfBrusselsDay } from '@smartloket/core';
import type { PaymentRecord } from '@smartloket/db';

// ── the financial overview (issue 21, decision 1701) ─────────────────────────────────────
// Money is counted where it moved: a payment on the Brussels day it was paid, a refund on the
// day it was asked. Every figure on the screen is a sum of the export's rows.

/** A stored payment with the reference of the request it filed (null before it is filed). */
export type LedgerPayment = PaymentRecord & { reference: string | null };

/** One movement of money: a payment received or a refund paid back. */
export interface LedgerMovement {
  kind: 'payment' | 'refund';
  /** The request's reference (SL-2026-000123), or null when the payment filed nothing yet. */
  reference: string | null;
  paymentId: string;
  typeId: string;
  /** When the money moved. */
  at: Date;
  /** Received, in euro cents (0 on a refund row). */
  amountCents: number;
  /** Paid back, in euro cents (0 on a payment row). */
  refundCents: number;
  method: string | null;
  providerPaymentId: string | null;
  providerRefundId: string | null;
}

/** The totals of one request type (or of all: `typeId` `*`). */
export interface FinanceLine {
  typeId: string;
  /** Payments received. */
  payments: number;
  /** Refunds paid back. */
  refunds: number;
  grossCents: number;
  refundsCents: number;
  netCents: number;
}

/** A period of the overview: one Brussels day or one calendar month. */
export interface FinancePeriod {
  view: 'day' | 'month';
  /** `YYYY-MM-DD` (day) or `YYYY-MM` (month). */
  key: string;
  /** The day the clerk asked for (`YYYY-MM-DD`). */
  day: string;
  from: Date;
  to: Date;
}

/** The period of `day` (`YYYY-MM-DD`): that Brussels day, or its month. */
export function financePeriod(view: 'day' | 'month', day: string): FinancePeriod {
  if (view === 'day') {
    const next = new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    return { view, key: day, day, from: startOfBrusselsDay(day), to: startOfBrusselsDay(next) };
  }
  const [y, m] = day.split('-').map(Number) as [number, number];
  const first = `${day.slice(0, 7)}-01`;
  const next = new Date(Date.UTC(m === 12 ? y + 1 : y, m % 12, 1)).toISOString().slice(0, 10);
  return { view, key: day.slice(0, 7), day, from: startOfBrusselsDay(first), to: startOfBrusselsDay(next) };
}

/**
 * The movements of [`from`, `to`): each payment paid in it, each refund asked in it (failed or
 * cancelled refunds returned nothing and are left out), oldest first.
 */
export function ledgerMovements(payments: readonly LedgerPayment[], from: Date, to: Date): LedgerMovement[] {
  const inWindow = (d: Date | null) => !!d && d.getTime() >= from.getTime() && d.getTime() < to.getTime();
  const out: LedgerMovement[] = [];
  for (const p of payments) {
    if (p.status !== 'paid' || !p.paidAt) continue;
    const base = {
      reference: p.reference,
      paymentId: p.id,
      typeId: p.typeId,
      method: p.method,
      providerPaymentId: p.providerPaymentId,
    };
    if (inWindow(p.paidAt)) {
      out.push({
        ...base,
        kind: 'payment',
        at: p.paidAt,
        amountCents: p.amountCents,
        refundCents: 0,
        providerRefundId: null,
      });
    }
    for (const r of p.refunds) {
      if (r.status === 'failed' || r.status === 'canceled' || !inWindow(r.createdAt)) continue;
      out.push({
        ...base,
        kind: 'refund',
        at: r.createdAt,
        amountCents: 0,
        refundCents: r.amountCents,
        providerRefundId: r.providerRefundId,
      });
    }
  }
  const kind = { payment: 0, refund: 1 };
  return out.sort(
    (a, b) =>
      a.at.getTime() - b.at.getTime() ||
      (a.reference ?? '\uffff').localeCompare(b.reference ?? '\uffff') ||
      kind[a.kind] - kind[b.kind] ||
      a.paymentId.localeCompare(b.paymentId),
  );
}

function line(typeId: string, movements: readonly LedgerMovement[]): FinanceLine {
  const gross = movements.reduce((s, m) => s + m.amountCents, 0);
  const refunds = movements.reduce((s, m) => s + m.refundCents, 0);
  return {
    typeId,
    payments: movements.filter((m) => m.kind === 'payment').length,
    refunds: movements.filter((m) => m.kind === 'refund').length,
    grossCents: gross,
    refundsCents: refunds,
    netCents: gross - refunds,
  };
}

/** The totals per request type (sorted by the label `label` gives), then the total (`*`). */
export function financeLines(
  movements: readonly LedgerMovement[],
  label: (typeId: string) => string = (id) => id,
): FinanceLine[] {
  const byType = new Map<string, LedgerMovement[]>();
  for (const m of movements) byType.set(m.typeId, [...(byType.get(m.typeId) ?? []), m]);
  const lines = [...byType].map(([typeId, ms]) => line(typeId, ms));
  lines.sort((a, b) => label(a.typeId).localeCompare(label(b.typeId), 'nl'));
  return [...lines, line('*', movements)];
}

/** The totals per Brussels day of a month (days without movements left out). */
export function financeDays(movements: readonly LedgerMovement[]): FinanceLine[] {
  const byDay = new Map<string, LedgerMovement[]>();
  for (const m of movements) {
    const day = brusselsDay(m.at);
    byDay.set(day, [...(byDay.get(day) ?? []), m]);
  }
  return [...byDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, ms]) => line(day, ms));
}

/**
 * The columns of the CSV and Excel export (documented in docs/functional-admins/financial-overview.md):
 * amounts are integer euro cents, dates the Brussels day and the instant in UTC.
 */
export const FINANCE_COLUMNS = [
  'reference',
  'date',
  'at',
  'request_type',
  'movement',
  'amount_cents',
  'refund_cents',
  'method',
  'method_label',
  'provider_payment_id',
  'provider_refund_id',
] as const;

/** One export row of a movement. */
export function financeRow(
  m: LedgerMovement,
  locale: Locale,
  methodLabel: (method: string) => LocalizedText | undefined,
): (string | number | null)[] {
  const label = m.method ? methodLabel(m.method) : undefined;
  return [
    m.reference,
    brusselsDay(m.at),
    m.at.toISOString(),
    m.typeId,
    m.kind,
    m.amountCents,
    m.refundCents,
    m.method,
    label ? localize(label, locale) : m.method,
    m.providerPaymentId,
    m.providerRefundId,
  ];
}
