/** @jsxImportSource preact */
import { type Locale, localize, type Municipality } from '@smartloket/core';
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { GlobalHeaderPageData } from '../global-header.js';
import { t } from '../messages.js';

export interface PageContext {
  locale: Locale;
  municipality: Municipality;
  languages: readonly Locale[];
  /** Path of the current page, for the language switch. */
  path: string;
  /** The logged-in person (display only). */
  user?: { name: string; organisation?: string | undefined } | undefined;
  /** CSRF token of the session, for the logout button and forms. */
  csrf?: string | undefined;
  /** The Mijn Burgerprofiel header: its entry script and what the page tells it (decision 0301). */
  globalHeader?: { entryUrl: string; data: GlobalHeaderPageData } | undefined;
}

/** The page frame: header with the municipality, language switch, main, footer. */
export function Layout(props: { ctx: PageContext; title: string; children: ComponentChildren }) {
  const { ctx } = props;
  const name = localize(ctx.municipality.name, ctx.locale);
  return (
    <html lang={ctx.locale}>
      <head>
        {ctx.globalHeader ? <script src={ctx.globalHeader.entryUrl} /> : null}
        {ctx.globalHeader ? <script src="/assets/global-header.js" defer /> : null}
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} – ${name}`}</title>
        <link rel="icon" href={ctx.municipality.favicon ?? '/favicon.svg'} />
        <link rel="stylesheet" href="/assets/site.css" />
      </head>
      <body>
        <a class="skip" href="#main">
          {t(ctx.locale, 'skipToContent')}
        </a>
        {ctx.globalHeader ? (
          <div id="global-header" data-config={JSON.stringify(ctx.globalHeader.data)} />
        ) : null}
        <header class="site-header">
          <a class="brand" href="/">
            {ctx.municipality.logo ? <img class="logo" src={ctx.municipality.logo} alt="" /> : null}
            <span class="municipality">{name}</span> <span class="app">{t(ctx.locale, 'eLoket')}</span>
          </a>
          <nav aria-label={t(ctx.locale, 'mainNav')}>
            <ul class="menu">
              <li>
                <a href="/">{t(ctx.locale, 'home')}</a>
              </li>
              <li>
                <a href="/my">{t(ctx.locale, 'myRequests')}</a>
              </li>
              {ctx.user ? (
                <li class="account">
                  <span class="who">
                    {t(ctx.locale, 'loggedInAs')} {ctx.user.name}
                    {ctx.user.organisation
                      ? ` (${t(ctx.locale, 'forOrganisation')} ${ctx.user.organisation})`
                      : ''}
                  </span>{' '}
                  <form class="inline" method="post" action="/logout">
                    <input type="hidden" name="_csrf" value={ctx.csrf ?? ''} />
                    <button type="submit" class="link">
                      {t(ctx.locale, 'logout')}
                    </button>
                  </form>
                </li>
              ) : (
                <li class="account">
                  <a href={`/login?returnTo=${encodeURIComponent(ctx.path)}`}>{t(ctx.locale, 'login')}</a>
                </li>
              )}
            </ul>
          </nav>
          <nav aria-label={t(ctx.locale, 'language')}>
            <ul class="langs">
              {ctx.languages.map((l) => (
                <li>
                  <a
                    href={`${ctx.path}?lang=${l}`}
                    lang={l}
                    aria-current={l === ctx.locale ? 'true' : undefined}
                  >
                    {l.toUpperCase()}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main">{props.children}</main>
        <footer class="site-footer">
          <nav aria-label={t(ctx.locale, 'footerNav')}>
            <ul class="menu">
              <li>
                <a href="/privacy">{t(ctx.locale, 'privacy')}</a>
              </li>
              <li>
                <a href="/accessibility">{t(ctx.locale, 'accessibility')}</a>
              </li>
            </ul>
          </nav>
          <p>
            {name} · {ctx.municipality.address.street}, {ctx.municipality.address.postcode}{' '}
            {ctx.municipality.address.city}
          </p>
        </footer>
      </body>
    </html>
  );
}

/** Renders a page to an HTML document string (escaped by default). */
export function renderPage(node: preact.VNode<any>): string {
  return `<!doctype html>${renderToString(node)}`;
}
