import escapeHtml from 'escape-html';

/**
 * A fragment of HTML that is safe to insert as is: it was produced by {@link html}, so every
 * value interpolated into it has been escaped.
 */
export class SafeHtml {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  toString(): string {
    return this.#value;
  }
}

/** A value {@link html} accepts: text is escaped, SafeHtml is kept, lists are joined, nothing is dropped. */
export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

function part(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map(part).join('');
  // escape-html (jshttp, used by express) escapes & < > " ' so the result is safe in text and
  // in double- or single-quoted attribute values.
  return escapeHtml(String(value));
}

/**
 * Tagged template that escapes every interpolated value (unless it is already {@link SafeHtml}).
 * The only way templates and the dev mailbox page build markup.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) {
    out += part(values[i]) + (strings[i + 1] ?? '');
  }
  return new SafeHtml(out);
}

/**
 * Returns `url` when it is an absolute http(s) URL; throws otherwise. Links in mails must never
 * carry `javascript:` or other schemes, whatever the data says.
 */
export function safeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError('notifier-mail: a link is not an absolute URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new TypeError(`notifier-mail: a link has the unsupported scheme ${parsed.protocol}`);
  }
  return parsed.href;
}

const DEFAULT_PRIMARY = '#1d4f91';

/** The municipality's primary colour when it is a hex colour, else a neutral blue. */
export function primaryColour(colour: string | undefined): string {
  return colour && /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(colour) ? colour.toLowerCase() : DEFAULT_PRIMARY;
}

function luminance(hex: string): number {
  const h = hex.slice(1);
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  const channel = (i: number) => {
    const c = Number.parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
}

/** White or near-black, whichever contrasts best (WCAG) with the background colour `hex`. */
export function textColourOn(hex: string): string {
  const l = luminance(hex);
  const onWhite = 1.05 / (l + 0.05);
  const onDark = (l + 0.05) / (luminance('#111827') + 0.05);
  return onWhite >= onDark ? '#ffffff' : '#111827';
}
