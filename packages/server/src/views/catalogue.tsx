/** @jsxImportSource preact */
import { localize, type RequestTypeDefinition } from '@smartloket/core';
import { t } from '../messages.js';
import { Layout, type PageContext } from './layout.js';

/** The catalogue: enabled request types grouped by theme. */
export function CataloguePage(props: { ctx: PageContext; types: RequestTypeDefinition[] }) {
  const { ctx } = props;
  const themes = new Map<string, RequestTypeDefinition[]>();
  for (const def of props.types) themes.set(def.theme, [...(themes.get(def.theme) ?? []), def]);
  return (
    <Layout ctx={ctx} title={t(ctx.locale, 'catalogue')}>
      <h1>{t(ctx.locale, 'catalogue')}</h1>
      {props.types.length === 0 ? <p>{t(ctx.locale, 'catalogueEmpty')}</p> : null}
      {[...themes.entries()].map(([theme, defs]) => (
        <section aria-labelledby={`theme-${theme}`}>
          <h2 id={`theme-${theme}`}>{t(ctx.locale, `theme.${theme}`, theme)}</h2>
          <ul class="catalogue">
            {defs.map((def) => (
              <li>
                <h3>{localize(def.title, ctx.locale)}</h3>
                <p>{localize(def.description, ctx.locale)}</p>
                <p class="meta">
                  {t(ctx.locale, 'expectedDelivery')}: {localize(def.expectedDelivery, ctx.locale)}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Layout>
  );
}
