/** @jsxImportSource preact */
import { type Locale, localize, type Municipality, type StaffRole } from '@smartloket/core';
import type { ComponentChildren } from 'preact';
import { bt } from '../../backoffice-messages.js';

export interface BackofficeContext {
  locale: Locale;
  municipality: Municipality;
  languages: readonly Locale[];
  path: string;
  csrf: string;
  user: { id: string; name: string; roles: readonly StaffRole[] };
}

/** The back-office frame: header, role-dependent menu, main. */
export function BackofficeLayout(props: {
  ctx: BackofficeContext;
  title: string;
  children: ComponentChildren;
}) {
  const { ctx } = props;
  const l = ctx.locale;
  const name = localize(ctx.municipality.name, l);
  const roles = ctx.user.roles;
  const links: [string, string][] = [];
  if (roles.includes('case_handler'))
    links.push(['/backoffice', 'inbox'], ['/backoffice/counter', 'counter']);
  if (roles.includes('administrator'))
    links.push(
      ['/backoffice/modules', 'modules'],
      ['/backoffice/grants', 'grants'],
      ['/backoffice/api-clients', 'apiClients'],
      ['/backoffice/settings', 'settings'],
      ['/backoffice/jobs', 'deadJobs'],
    );
  if (roles.includes('reporter') || roles.includes('administrator'))
    links.push(['/backoffice/reports', 'reports'], ['/backoffice/audit', 'auditTrail']);
  return (
    <html lang={l}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} – ${bt(l, 'backoffice')} – ${name}`}</title>
        <link rel="stylesheet" href="/assets/site.css" />
        <link rel="stylesheet" href="/backoffice/assets/backoffice.css" />
      </head>
      <body class="backoffice">
        <a class="skip" href="#main">
          {bt(l, 'skipToContent')}
        </a>
        <header class="site-header">
          <a class="brand" href="/backoffice">
            {name} · {bt(l, 'backoffice')}
          </a>
          <nav aria-label={bt(l, 'backofficeNav')}>
            <ul class="menu">
              {links.map(([href, key]) => (
                <li>
                  <a href={href} aria-current={ctx.path === href ? 'page' : undefined}>
                    {bt(l, key)}
                  </a>
                </li>
              ))}
              <li>
                <span class="who">{ctx.user.name}</span>{' '}
                <form class="inline" method="post" action="/logout">
                  <input type="hidden" name="_csrf" value={ctx.csrf} />
                  <button type="submit" class="link">
                    {bt(l, 'logout')}
                  </button>
                </form>
              </li>
            </ul>
          </nav>
          <nav aria-label={bt(l, 'language')}>
            <ul class="langs">
              {ctx.languages.map((lang) => (
                <li>
                  <a
                    href={`${ctx.path}?lang=${lang}`}
                    lang={lang}
                    aria-current={lang === l ? 'true' : undefined}
                  >
                    {lang.toUpperCase()}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main">{props.children}</main>
      </body>
    </html>
  );
}

/** The back-office stylesheet (served at /backoffice/assets/backoffice.css). */
export const BACKOFFICE_CSS = `.backoffice main{max-width:80rem}
.filters{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end;border:1px solid #ccc;padding:1rem;margin:1rem 0}
.filters label{display:block;font-weight:600}
.filters select,.filters input,.panel select,.panel input,.panel textarea{font:inherit;padding:.3rem;border:2px solid #505050;border-radius:3px}
.panel{border:1px solid #ccc;border-radius:4px;padding:1rem;margin:1rem 0}
.panel label.choice{display:inline;font-weight:400;margin:0}
.panel code.credential{display:inline-block;word-break:break-all;font-size:1.1rem;padding:.2rem .4rem;background:#f3f3f3;border:1px solid #ccc}
.panel dd{margin:0 0 .75rem 0}
.panel label{display:block;font-weight:600;margin-top:.5rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:1rem}
.state{font-weight:600}
.conflict{border-left:6px solid #b00020;padding:.5rem 1rem;background:#fdecee}
.chart text{font:12px system-ui,sans-serif;fill:#1a1a1a}
.num{text-align:right}
pre.manifest{white-space:pre-wrap;background:#f4f4f4;padding:.5rem}
`;
