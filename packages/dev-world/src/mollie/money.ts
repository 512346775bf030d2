/** Mollie amounts: `{ currency: 'EUR', value: '12.50' }`, a string with exactly two decimals. */
export interface MollieAmount {
  currency: string;
  value: string;
}

/** Integer euro cents as Mollie's amount value, e.g. 1250 -> "12.50". */
export function centsToValue(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Mollie's amount value as integer cents, or undefined when it is not a value with two decimals. */
export function valueToCents(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{1,9})\.(\d{2})$/.exec(value);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number(m[2]);
}

/** An amount in euro as Mollie writes it. */
export const eur = (cents: number): MollieAmount => ({ currency: 'EUR', value: centsToValue(cents) });
