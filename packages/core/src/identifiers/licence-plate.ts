/**
 * Belgian licence plates (nummerplaten, plaques d'immatriculation) in the three formats still on
 * the road: `1-ABC-234` (since November 2010: a digit, three letters, three digits), `ABC-123`
 * (1973–2008) and `123-ABC` (2008–2010). Personalised plates are not recognised.
 */

const FORMATS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^([1-9])([A-Z]{3})(\d{3})$/, (m) => `${m[1]}-${m[2]}-${m[3]}`],
  [/^([A-Z]{3})(\d{3})$/, (m) => `${m[1]}-${m[2]}`],
  [/^(\d{3})([A-Z]{3})$/, (m) => `${m[1]}-${m[2]}`],
];

/**
 * The plate as it is printed, e.g. `1abc234`, `1 ABC 234` and `1.abc.234` become `1-ABC-234`;
 * `undefined` when the input is not a Belgian plate in one of the three formats.
 */
export function normalizeLicencePlate(input: string): string | undefined {
  const compact = input.toUpperCase().replace(/[\s.\-_/]/g, '');
  for (const [re, format] of FORMATS) {
    const m = compact.match(re);
    if (m) return format(m);
  }
  return undefined;
}

/** True when `input` is a Belgian licence plate (any separators, any case). */
export function isValidLicencePlate(input: string): boolean {
  return normalizeLicencePlate(input) !== undefined;
}
