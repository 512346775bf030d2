import type { Clock, Municipality } from '@smartloket/core';

/** The default primary colour (portal and back-office). */
export const DEFAULT_PRIMARY = '#1b4f72';
/**
 * The Flemish government's look as defaults (its Web Universum conventions): Flanders Art Sans
 * with common fallbacks, and the Flemish yellow as the accent under the header.
 */
export const FLEMISH_FONT = '"Flanders Art Sans", "Fira Sans", Calibri, Arial, sans-serif';
export const FLEMISH_YELLOW = '#ffe615';
/** A path on this site or an https URL, without spaces or quotes (it goes into HTML and CSS). */
export const SAFE_URL = /^(\/[^\s"'()<>]*|https:\/\/[^\s"'()<>]+)$/;
/** A CSS font stack: names, quotes, commas and spaces only (it goes into the stylesheet). */
export const SAFE_FONT = /^[A-Za-z0-9 ,"'-]{1,200}$/;

/** The settings keys of the back-office's municipality screen (`municipality.<key>`). */
const KEY = 'municipality.';

/**
 * The municipality as the portal and back-office pages show it: the configuration, with the
 * administrators' settings from the back-office on top (name in Dutch, address, logo, primary
 * colour, contact e-mail and phone). A setting that cannot be read as its kind (an address that
 * is not "street, postcode city") leaves the configured value.
 */
export function applyMunicipalitySettings(base: Municipality, values: Record<string, unknown>): Municipality {
  const text = (key: string) => {
    const v = values[`${KEY}${key}`];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const m: Municipality = { ...base };
  const name = text('name');
  if (name) m.name = { ...base.name, nl: name };
  const address = /^(.+),\s*(\d{4})\s+(.+)$/.exec(text('address') ?? '');
  if (address) m.address = { street: address[1]!.trim(), postcode: address[2]!, city: address[3]!.trim() };
  const logo = text('logo');
  if (logo) m.logo = logo;
  const colour = text('primaryColour');
  if (colour) m.colours = { ...base.colours, primary: colour };
  const accent = text('accentColour');
  if (accent && /^#[0-9a-fA-F]{6}$/.test(accent))
    m.colours = { primary: m.colours?.primary ?? DEFAULT_PRIMARY, ...m.colours, accent };
  const favicon = text('favicon');
  if (favicon && SAFE_URL.test(favicon)) m.favicon = favicon;
  const font = text('fontFamily');
  if (font && SAFE_FONT.test(font)) m.fontFamily = font;
  const email = text('contactEmail');
  if (email) m.email = email;
  const phone = text('contactPhone');
  if (phone) m.phone = phone;
  return m;
}

/**
 * Reads the municipality settings at most once per `ttlMs` per process (default 5 s), so a
 * change in the back-office reaches every server process within seconds; the process that saved
 * it calls {@link MunicipalitySettings.invalidate} and shows it at once.
 */
export class MunicipalitySettings {
  #cached: { at: number; value: Municipality } | undefined;
  #loading: Promise<Municipality> | undefined;

  constructor(
    private readonly base: Municipality,
    private readonly list: () => Promise<{ key: string; value: unknown }[]>,
    private readonly clock: Clock,
    private readonly ttlMs = 5000,
  ) {}

  /** The current municipality. */
  async current(): Promise<Municipality> {
    const now = this.clock.now().getTime();
    if (this.#cached && now - this.#cached.at < this.ttlMs) return this.#cached.value;
    this.#loading ??= this.list()
      .then((rows) => {
        const values = Object.fromEntries(
          rows.filter((r) => r.key.startsWith(KEY)).map((r) => [r.key, r.value]),
        );
        const value = applyMunicipalitySettings(this.base, values);
        this.#cached = { at: now, value };
        return value;
      })
      .finally(() => {
        this.#loading = undefined;
      });
    return this.#loading;
  }

  /** Forgets the cached value (after a change in this process). */
  invalidate(): void {
    this.#cached = undefined;
  }
}
