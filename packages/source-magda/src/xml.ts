/** A tiny XML writer: MAGDA messages are small, fixed shapes, written in XSD sequence order. */

/** Escapes text and attribute values. */
export function esc(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A child: an XML string made by {@link el}, or nothing (skipped). */
export type Child = string | undefined | null | false;

/**
 * Writes an element. `content` is a text value (escaped) or a list of child elements (already
 * XML). Undefined text or an empty list of children yields an empty string when `optional`.
 */
export function el(
  name: string,
  content: string | number | Child[] | undefined,
  attrs?: Record<string, string | undefined>,
): string {
  const a = attrs
    ? Object.entries(attrs)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => ` ${k}="${esc(v as string)}"`)
        .join('')
    : '';
  if (content === undefined) return '';
  if (Array.isArray(content)) return `<${name}${a}>${content.filter(Boolean).join('')}</${name}>`;
  return `<${name}${a}>${esc(String(content))}</${name}>`;
}

/** Normalises an optional, possibly repeated parsed element to an array. */
export function arr<T>(value: T | T[] | undefined | null): T[] {
  if (value === undefined || value === null || (value as unknown) === '') return [];
  return Array.isArray(value) ? value : [value];
}

/** The text of a parsed element (fast-xml-parser puts text in `#text` when attributes exist). */
export function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (typeof value === 'object' && '#text' in (value as Record<string, unknown>)) {
    return String((value as Record<string, unknown>)['#text']);
  }
  return undefined;
}
