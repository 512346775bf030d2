/**
 * Localized text. SmartLoket speaks Dutch first, then French and English; documents may also be
 * issued in German (an official language of Belgium).
 */
export const UI_LOCALES = ['nl', 'fr', 'en'] as const;
/** The languages documents can be issued in: the UI languages and German. */
export const DOCUMENT_LOCALES = ['nl', 'fr', 'de', 'en'] as const;
/** A language of the portal and e-mails. */
export type UiLocale = (typeof UI_LOCALES)[number];
/** A language a document or text can be in (a {@link UiLocale} or German). */
export type Locale = (typeof DOCUMENT_LOCALES)[number];

/** A text in several languages. Dutch is required; the others fall back (see {@link localize}). */
export type LocalizedText = {
  /** Dutch, always present. */
  nl: string;
} & Partial<Record<Locale, string>>;

/** The order in which languages are tried when the asked one is missing. */
const FALLBACK: Record<Locale, Locale[]> = {
  nl: ['nl', 'en', 'fr', 'de'],
  fr: ['fr', 'nl', 'en', 'de'],
  en: ['en', 'nl', 'fr', 'de'],
  de: ['de', 'fr', 'nl', 'en'],
};

/** True when `value` is one of the {@link DOCUMENT_LOCALES}. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (DOCUMENT_LOCALES as readonly string[]).includes(value);
}

/**
 * Picks the text for `locale`, falling back in a fixed order (German falls back to French,
 * French and English to Dutch). Placeholders `{name}` are replaced from `params`.
 */
export function localize(
  text: LocalizedText | string,
  locale: Locale,
  params?: Record<string, string | number>,
): string {
  let out: string;
  if (typeof text === 'string') {
    out = text;
  } else {
    out = text.nl;
    for (const candidate of FALLBACK[locale]) {
      const value = text[candidate];
      if (value !== undefined) {
        out = value;
        break;
      }
    }
  }
  if (params) {
    out = out.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
  }
  return out;
}

/**
 * Helper to declare a localized text with type checking.
 *
 * @example
 * ```ts
 * const title = text({ nl: 'Melding openbaar domein', fr: 'Signalement domaine public', en: 'Public space report' });
 * localize(title, 'de'); // falls back to French: 'Signalement domaine public'
 * ```
 */
export function text(value: LocalizedText): LocalizedText {
  return value;
}

/**
 * Picks the best UI locale from an Accept-Language header or a list of preferences.
 * Unknown languages are ignored; Dutch is the default.
 */
export function negotiateLocale(
  accept: string | undefined | null,
  offered: readonly Locale[] = UI_LOCALES,
): Locale {
  if (!accept) return offered[0] ?? 'nl';
  const prefs = accept
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='));
      return { lang: tag.toLowerCase().split('-')[0] ?? '', q: q ? Number(q.slice(2)) : 1 };
    })
    // q=0 means "not acceptable" (RFC 9110); an unreadable q drops the entry.
    .filter((p) => p.lang && !Number.isNaN(p.q) && p.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const p of prefs) {
    const hit = offered.find((l) => l === p.lang);
    if (hit) return hit;
  }
  return offered[0] ?? 'nl';
}
