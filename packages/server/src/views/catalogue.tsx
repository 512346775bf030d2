/** @jsxImportSource preact */
import { localize, type RequestTypeDefinition, themeTitle } from '@smartloket/core';
import { formatCost, t } from '../messages.js';
import { Layout, type PageContext } from './layout.js';

/** The catalogue: enabled request types grouped by theme, with a search box. */
export function CataloguePage(props: {
  ctx: PageContext;
  types: RequestTypeDefinition[];
  query?: string | undefined;
  /** The fee in force of each type in euro cents (absent or 0: free). */
  fees?: Readonly<Record<string, number>> | undefined;
}) {
  const { ctx } = props;
  const l = ctx.locale;
  const themes = new Map<string, RequestTypeDefinition[]>();
  for (const def of props.types) themes.set(def.theme, [...(themes.get(def.theme) ?? []), def]);
  const query = props.query?.trim() ?? '';
  return (
    <Layout ctx={ctx} title={t(l, 'catalogue')}>
      <h1>{t(l, 'catalogue')}</h1>
      <form method="get" action="/" class="search">
        <label for="q">{t(l, 'searchLabel')}</label>
        <input id="q" name="q" type="search" value={query} />
        <button type="submit">{t(l, 'searchButton')}</button>
      </form>
      {query ? (
        <p role="status">
          {t(l, 'searchResults')} “{query}”: {props.types.length}
        </p>
      ) : null}
      {props.types.length === 0 ? <p>{t(l, query ? 'searchNone' : 'catalogueEmpty')}</p> : null}
      {[...themes.entries()].map(([theme, defs]) => (
        <section aria-labelledby={`theme-${theme}`}>
          <h2 id={`theme-${theme}`}>
            {localize(themeTitle(theme, defs.find((d) => d.themeTitle)?.themeTitle), l)}
          </h2>
          <ul class="catalogue">
            {defs.map((def) => (
              <li>
                <h3>
                  <a href={`/request/${def.id}`}>{localize(def.title, l)}</a>
                </h3>
                <p>{localize(def.description, l)}</p>
                <dl class="meta">
                  <div>
                    <dt>{t(l, 'whoMayAsk')}</dt>
                    <dd>{def.audience.map((a) => t(l, `audience.${a}`, a)).join(', ')}</dd>
                  </div>
                  <div>
                    <dt>{t(l, 'cost')}</dt>
                    <dd>
                      {(props.fees?.[def.id] ?? def.fee?.amountCents ?? 0) > 0
                        ? formatCost(l, props.fees?.[def.id] ?? def.fee?.amountCents ?? 0)
                        : t(l, 'free')}
                    </dd>
                  </div>
                  <div>
                    <dt>{t(l, 'expectedDelivery')}</dt>
                    <dd>{localize(def.expectedDelivery, l)}</dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Layout>
  );
}

/** Types matching a free-text query (title, description, theme, id), in any UI language. */
export function searchTypes(
  types: RequestTypeDefinition[],
  query: string | undefined,
): RequestTypeDefinition[] {
  const words = (query ?? '')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .split(/\s+/)
    .filter(Boolean);
  if (words.length === 0) return types;
  return types.filter((def) => {
    const hay = [
      ...Object.values(def.title),
      ...Object.values(def.description),
      ...Object.values(themeTitle(def.theme, def.themeTitle)),
      def.theme,
      def.id,
    ]
      .join(' ')
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{Diacritic}/gu, '');
    return words.every((w) => hay.includes(w));
  });
}
