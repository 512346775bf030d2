import type { Municipality, RequestTypeDefinition } from '@smartloket/core';
import type { PageContext } from './views/layout.js';

/** At most this many pages per municipality settings copy (languages × paths; never queries). */
const MAX_PAGES = 32;

/**
 * The catalogue page as a visitor without a session sees it, rendered once and reused. The page
 * depends only on the municipality (its settings copy: a change made through this process gives a
 * new object at once, another process's change within the settings copy's age), the enabled
 * request types and their fees (part of the key, so enabling or disabling one, or a new fee, shows at once), the
 * language and the path. Logged-in pages (name, CSRF token) and searches are never cached.
 */
export class CatalogueCache {
  readonly #pages = new WeakMap<Municipality, Map<string, string>>();

  /** The cached page for `ctx` and `types`, or `render()` once and kept. */
  html(
    ctx: PageContext,
    types: readonly RequestTypeDefinition[],
    fees: Readonly<Record<string, number>>,
    render: () => string,
  ): string {
    if (ctx.user || ctx.csrf) return render();
    // The fee of each type is part of the key: a new fee (set, or starting today) shows at once.
    const ids = types.map((t) => `${t.id}:${fees[t.id] ?? 0}`).join(',');
    const key = `${ctx.locale}\n${ctx.path}\n${ctx.languages.join(',')}\n${ids}`;
    let pages = this.#pages.get(ctx.municipality);
    if (!pages) {
      pages = new Map();
      this.#pages.set(ctx.municipality, pages);
    }
    const cached = pages.get(key);
    if (cached !== undefined) return cached;
    const html = render();
    if (pages.size < MAX_PAGES) pages.set(key, html);
    return html;
  }
}
