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
  /** The meldingen plugin is enabled: administrators get its categories page. */
  meldingen?: boolean | undefined;
}

/** The back-office frame: header, role-dependent menu, main. */
export function BackofficeLayout(props: {
  ctx: BackofficeContext;
  title: string;
  children: ComponentChildren;
  /** Scripts of this page (progressive enhancement only: every page works without them). */
  scripts?: readonly string[] | undefined;
}) {
  const { ctx } = props;
  const l = ctx.locale;
  const name = localize(ctx.municipality.name, l);
  const roles = ctx.user.roles;
  const links: [string, string][] = [];
  if (roles.includes('case_handler'))
    links.push(
      ['/backoffice', 'inbox'],
      ...(ctx.meldingen ? ([['/backoffice/meldingen', 'reportsOnMap']] as [string, string][]) : []),
      ['/backoffice/counter', 'counter'],
    );
  if (roles.includes('administrator'))
    links.push(
      ['/backoffice/modules', 'modules'],
      ['/backoffice/grants', 'grants'],
      ['/backoffice/teams', 'teams'],
      ...(ctx.meldingen
        ? ([['/backoffice/meldingen/categories', 'reportCategories']] as [string, string][])
        : []),
      ['/backoffice/api-clients', 'apiClients'],
      ['/backoffice/settings', 'settings'],
      ['/backoffice/jobs', 'deadJobs'],
    );
  if (roles.includes('functional_admin')) links.push(['/backoffice/designer', 'designer']);
  if (roles.includes('reporter') || roles.includes('administrator'))
    links.push(['/backoffice/reports', 'reports'], ['/backoffice/audit', 'auditTrail']);
  if (roles.includes('finance') || roles.includes('administrator'))
    links.push(['/backoffice/finance', 'financeNav']);
  return (
    <html lang={l}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} – ${bt(l, 'backoffice')} – ${name}`}</title>
        <link rel="icon" href={ctx.municipality.favicon ?? '/favicon.svg'} />
        <link rel="stylesheet" href="/assets/site.css" />
        <link rel="stylesheet" href="/backoffice/assets/backoffice.css" />
        {(props.scripts ?? []).map((src) => (
          <script src={src} defer />
        ))}
      </head>
      <body class="backoffice">
        <a class="skip" href="#main">
          {bt(l, 'skipToContent')}
        </a>
        <header class="site-header">
          <a class="brand" href="/backoffice">
            {ctx.municipality.logo ? <img class="logo" src={ctx.municipality.logo} alt="" /> : null}
            <span class="municipality">{name}</span> <span class="app">{bt(l, 'backoffice')}</span>
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

/**
 * Keyboard navigation of the inbox (progressive enhancement): j or the down arrow moves the focus
 * to the next request link, k or the up arrow to the previous one; Enter opens it as any link.
 * Keys typed in a form field are left alone. Served as a file: the CSP allows no inline script.
 */
export const INBOX_JS = `(function () {
  var table = document.querySelector('table[data-keyboard-nav]');
  if (!table) return;
  var links = Array.prototype.slice.call(table.querySelectorAll('a.request-link'));
  if (!links.length) return;
  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(t.tagName) && t.type !== 'checkbox')) return;
    var step = e.key === 'j' || e.key === 'ArrowDown' ? 1 : e.key === 'k' || e.key === 'ArrowUp' ? -1 : 0;
    if (!step) return;
    var row = t && t.closest ? t.closest('tr') : null;
    var at = -1;
    for (var i = 0; i < links.length; i++) if (row && links[i].closest('tr') === row) at = i;
    var next = at < 0 ? (step > 0 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, at + step));
    e.preventDefault();
    links[next].focus();
  });
})();
`;

/** The back-office stylesheet (served at /backoffice/assets/backoffice.css). */
export const BACKOFFICE_CSS = `.backoffice main{max-width:80rem}
.badge{display:inline-block;border-radius:3px;padding:.05rem .5rem;font-weight:700}
.badge.warning{background:#fff4ce;color:#4d3900;border:1px solid #b38f00}
.unidentified{border-left:4px solid #b38f00;padding-left:1rem}
.counts{display:flex;flex-wrap:wrap;gap:2rem;margin:0 0 1rem}
.counts h3{font-size:1rem;margin:0 0 .25rem}
.counts ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}
.counts li a,.counts li>span:first-child{display:inline-block}
.counts li{border:1px solid #cbd2da;border-radius:3px;padding:.2rem .6rem}
.counts .count{font-weight:700;font-size:1.15rem;margin-right:.25rem}
.views{list-style:none;margin:0 0 1rem;padding:0;display:flex;gap:0;border-bottom:2px solid var(--primary)}
.views a{display:inline-block;padding:.4rem 1rem;text-decoration:none}
.views a[aria-current]{background:var(--primary);color:#fff;font-weight:700}
details.find{border:1px solid #cbd2da;border-radius:3px;padding:.5rem 1rem;margin:0 0 1rem}
details.find summary{cursor:pointer;font-weight:600;color:var(--primary)}
details.find .active{font-weight:400;color:var(--muted)}
.filters .check,.filters div:has(>input[type=checkbox]){display:flex;align-items:center;gap:.4rem;align-self:center}
.filters input[type=checkbox]+label{display:inline;font-weight:400}
.filters .hint,.hint{display:block;color:var(--muted);font-size:.9rem}
.filters input[type=text]{width:9rem}
.saved label{margin-right:.5rem}
.bulk{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.75rem 0;padding:.5rem;background:#f3f5f6}
.bulk .label{font-weight:600}
.bulk select{font:inherit;padding:.3rem;border:2px solid #505050;border-radius:3px}
.pages{display:flex;gap:1rem;margin:1rem 0}
table.inbox tr:focus-within{background:#fff9cc}
.teams-admin fieldset{border:1px solid #cbd2da;margin:.5rem 0}
.categories-admin fieldset{border:1px solid #cbd2da;margin:.5rem 0}
.categories-admin tr.sub th{font-weight:400;padding-left:1.5rem}
.categories-admin label.inline{display:inline;font-weight:400}
.teams-admin .choices{display:flex;flex-wrap:wrap;gap:.25rem 1.5rem}
.teams-admin .choices label{display:inline;font-weight:400;margin:0}
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
