/** Naming rules of plugins and request types (docs/building-plugins/design-rules.md). */

const ID_PART = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** A plugin id or request type name: lowercase letters, digits and single dashes. */
export function isIdPart(value: string): boolean {
  return ID_PART.test(value);
}

/** `openbaar-domein` → `openbaarDomein` (for TypeScript identifiers). */
export function camel(value: string): string {
  return value.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `openbaar-domein` → `OpenbaarDomein`. */
export function pascal(value: string): string {
  const c = camel(value);
  return c.charAt(0).toUpperCase() + c.slice(1);
}

/** `openbaar-domein` → `Openbaar domein` (a first title until the author writes one). */
export function humanize(value: string): string {
  const s = value.replace(/-/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A string as a single-quoted TypeScript literal. */
export function lit(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
