/** Mollie's amount: `{ currency: 'EUR', value: '7.50' }`, the value a string with exactly two decimals. */
export interface MollieAmount {
  currency: string;
  value: string;
}

/**
 * Whole euro cents as Mollie's amount value: 750 -> `"7.50"`, 5 -> `"0.05"`.
 * @throws RangeError when `cents` is not a whole, non-negative number.
 */
export function centsToMollieValue(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) {
    throw new RangeError(`an amount must be whole, non-negative cents (got ${String(cents)})`);
  }
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** Mollie's amount value as whole cents (`"7.50"` -> 750), or undefined when it is not one. */
export function mollieValueToCents(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{1,10})\.(\d{2})$/.exec(value);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number(m[2]);
}

/** An amount in euro as Mollie writes it. */
export const euro = (cents: number): MollieAmount => ({ currency: 'EUR', value: centsToMollieValue(cents) });
