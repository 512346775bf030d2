/** @jsxImportSource preact */
import { type Locale, localize, type RequestTypeDefinition } from '@smartloket/core';
import { renderToString } from 'preact-render-to-string';

const TEXT = {
  title: { nl: 'E-loket', fr: 'Guichet électronique', en: 'E-counter' },
  start: { nl: 'Aanvragen', fr: 'Demander', en: 'Request' },
  login: { nl: 'Aanmelden', fr: 'Se connecter', en: 'Log in' },
  myPage: { nl: 'Mijn aanvragen', fr: 'Mes demandes', en: 'My requests' },
  opensCounter: {
    nl: '(opent het e-loket van de gemeente)',
    fr: '(ouvre le guichet électronique de la commune)',
    en: "(opens the municipality's e-counter)",
  },
  none: { nl: 'Geen producten gevonden.', fr: 'Aucun produit trouvé.', en: 'No products found.' },
  refused: {
    nl: 'Deze website mag het e-loket niet insluiten.',
    fr: "Ce site n'est pas autorisé à intégrer le guichet électronique.",
    en: 'This website may not embed the e-counter.',
  },
};
const tx = (l: Locale, k: keyof typeof TEXT) => localize(TEXT[k], l);

/**
 * The embedded catalogue. Everything that needs a login or the personal page opens top-level
 * (`target="_top"`) on the counter's own origin, with a way back to the embedding page.
 */
export function renderEmbedCatalogue(props: {
  locale: Locale;
  municipality: string;
  types: RequestTypeDefinition[];
  parentUrl: string;
  parentOrigin: string;
  theme: 'light' | 'dark';
  accent: string | undefined;
}): string {
  const l = props.locale;
  const back = `/embed/return?to=${encodeURIComponent(props.parentUrl)}`;
  const top = (path: string) =>
    `/embed/open?to=${encodeURIComponent(path)}&return=${encodeURIComponent(props.parentUrl)}&lang=${l}`;
  const page = (
    <html lang={l}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${tx(l, 'title')} – ${props.municipality}`}</title>
        <link rel="stylesheet" href="/assets/site.css" />
        <link rel="stylesheet" href={`/embed/style.css${props.accent ? `?accent=${props.accent}` : ''}`} />
      </head>
      <body class={`embed theme-${props.theme}`}>
        <main id="main">
          <h1 class="visually-hidden">{`${tx(l, 'title')} – ${props.municipality}`}</h1>
          {props.types.length === 0 ? <p>{tx(l, 'none')}</p> : null}
          <ul class="embed-items">
            {props.types.map((d) => (
              <li data-type={d.id}>
                <h2>{localize(d.title, l)}</h2>
                {d.description ? <p>{localize(d.description, l)}</p> : null}
                <a class="button" href={top(`/request/${d.id}`)} target="_top">
                  {tx(l, 'start')}
                  <span class="visually-hidden">
                    {' '}
                    {localize(d.title, l)} {tx(l, 'opensCounter')}
                  </span>
                </a>
              </li>
            ))}
          </ul>
          <p>
            <a
              href={`/login?returnTo=${encodeURIComponent(back)}&lang=${l}`}
              target="_top"
              data-embed-login="1"
            >
              {tx(l, 'login')}
            </a>{' '}
            ·{' '}
            <a href={top('/my')} target="_top">
              {tx(l, 'myPage')}
            </a>
          </p>
        </main>
        <script src="/embed-frame.js" data-parent-origin={props.parentOrigin} />
      </body>
    </html>
  );
  return `<!doctype html>${renderToString(page)}`;
}

/** The refusal shown when the embedding page's origin is not allowed. */
export function renderEmbedRefused(locale: Locale): string {
  return `<!doctype html>${renderToString(
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <title>{tx(locale, 'title')}</title>
      </head>
      <body>
        <main>
          <p>{tx(locale, 'refused')}</p>
        </main>
      </body>
    </html>,
  )}`;
}
