import type { Municipality } from '@smartloket/core';
import { DEFAULT_PRIMARY, FLEMISH_FONT, FLEMISH_YELLOW, SAFE_FONT } from './municipality-settings.js';

/** The site stylesheet, with the municipality's colours. */
export function SITE_CSS(m: Municipality): string {
  const primary = m.colours?.primary ?? DEFAULT_PRIMARY;
  const accent =
    m.colours?.accent && /^#[0-9a-fA-F]{6}$/.test(m.colours.accent) ? m.colours.accent : FLEMISH_YELLOW;
  const font = m.fontFamily && SAFE_FONT.test(m.fontFamily) ? m.fontFamily : FLEMISH_FONT;
  return `:root{--primary:${primary};--accent:${accent};--text:#333332;--muted:#4a4a4a;--bg:#fff;--focus:#ffbf47}
*{box-sizing:border-box}body{margin:0;font-family:${font};color:var(--text);background:var(--bg);line-height:1.5}
.site-header{border-bottom:6px solid var(--accent)}
.brand .municipality{font-weight:700}.brand .app{font-weight:400;opacity:.9}
.brand .app::before{content:"· "}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--focus);padding:.5rem;z-index:10}
.site-header{display:flex;justify-content:space-between;align-items:center;padding:1rem 2rem;background:var(--primary);color:#fff}
.site-header a{color:#fff}.brand{font-weight:700;text-decoration:none;font-size:1.2rem}
.langs{display:flex;gap:.75rem;list-style:none;margin:0;padding:0}.langs a[aria-current]{font-weight:700;text-decoration:underline}
main{max-width:60rem;margin:0 auto;padding:1.5rem 2rem}
a{color:var(--primary)}a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid var(--focus);outline-offset:2px}
.catalogue{list-style:none;padding:0;display:grid;gap:1rem}.catalogue li{border:1px solid #ccc;border-radius:4px;padding:1rem}
.answer-photos{display:flex;flex-wrap:wrap;gap:.75rem;list-style:none;padding:0}.answer-photos img{display:block;max-width:10rem;max-height:10rem;border:1px solid #8a94a0}
.meta{color:var(--muted);font-size:.95rem}
.site-footer{border-top:1px solid #ddd;padding:1rem 2rem;color:var(--muted)}
.site-footer .menu{display:flex;gap:1rem;list-style:none;margin:0;padding:0}
.menu{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;list-style:none;margin:0;padding:0}
.logo{height:2rem;vertical-align:middle;margin-right:.5rem}
.inline{display:inline}
.global-header-mounted .site-header .account{display:none}
button,.button{display:inline-block;font:inherit;padding:.5rem 1rem;border:2px solid var(--primary);border-radius:4px;background:var(--primary);color:#fff;cursor:pointer;text-decoration:none}
button.secondary,.button.secondary{background:#fff;color:var(--primary)}
button.link{background:none;border:none;padding:0;color:inherit;text-decoration:underline}
.site-header button.link{color:#fff}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.field{margin:0 0 1.25rem;border:0;padding:0}.field label,.field legend{display:block;font-weight:600}
.field .choice{font-weight:400}
input[type=text],input[type=email],input[type=date],input[type=search],textarea{font:inherit;padding:.4rem;border:2px solid #505050;border-radius:3px;max-width:100%;width:30rem}
.sub{margin:.5rem 0}.sub.short input{width:8rem}
.help{color:var(--muted);margin:.25rem 0}
.prefilled{margin:.25rem 0;padding-left:.75rem;border-left:4px solid var(--muted)}
input[readonly]{background:#eceff2;border-style:dotted}
.error{color:#b00020;font-weight:600;margin:.25rem 0}.invalid input,.invalid textarea{border-color:#b00020}
.error-summary{border:4px solid #b00020;padding:1rem;margin:1rem 0}.error-summary a{color:#b00020}
.actions{display:flex;gap:1rem;margin-top:1.5rem}
.summary dl div,.facts div,.meta div{display:flex;gap:.5rem}.summary dt,.facts dt,.meta dt{font-weight:600}.summary dt::after,.facts dt::after,.meta dt::after{content:":"}:lang(fr) .summary dt::after,:lang(fr) .facts dt::after,:lang(fr) .meta dt::after{content:"\\a0:"}.summary dt.punctuated::after,.facts dt.punctuated::after{content:none}
.summary dd,.facts dd,.meta dd{margin:0}
.search{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:1rem 0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.5rem;border-bottom:1px solid #ccc}
.notice{border-left:6px solid #1e7b34;padding:.5rem 1rem;background:#eef7f0}
.timeline{padding-left:1.25rem}
.buttons{list-style:none;padding:0;display:flex;gap:1rem;flex-wrap:wrap}
`;
}

/**
 * Progressive enhancement for generated forms: hides (and disables) a field whose `showWhen`
 * condition is false while the requester fills in the step that holds the controlling field.
 * Forms work the same without it: the server ignores fields that do not apply. Served as a file
 * because the CSP allows no inline script.
 */
export const FORMS_JS = `(function () {
  function valueOf(form, name) {
    var inputs = form.querySelectorAll('[name="' + CSS.escape(name) + '"]');
    if (!inputs.length) return null;
    var value = '';
    inputs.forEach(function (input) {
      if (input.type === 'radio' || input.type === 'checkbox') { if (input.checked) value = input.value; }
      else value = input.value;
    });
    return value;
  }
  function update(form) {
    form.querySelectorAll('[data-show-when]').forEach(function (el) {
      var spec = el.getAttribute('data-show-when');
      var at = spec.indexOf('=');
      var value = valueOf(form, spec.slice(0, at));
      if (value === null) return;
      var show = spec.slice(at + 1).split(',').indexOf(value) >= 0;
      el.hidden = !show;
      el.querySelectorAll('input, select, textarea').forEach(function (input) { input.disabled = !show; });
    });
  }
  document.querySelectorAll('form').forEach(function (form) {
    if (!form.querySelector('[data-show-when]')) return;
    update(form);
    form.addEventListener('change', function () { update(form); });
  });
})();
`;

/**
 * The default favicon (a municipal building in the primary colour on the accent), served when the
 * municipality set none.
 */
export function FAVICON_SVG(m: Municipality): string {
  const primary = /^#[0-9a-fA-F]{6}$/.test(m.colours?.primary ?? '') ? m.colours!.primary : DEFAULT_PRIMARY;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="${primary}"/><path d="M16 5 5 11v2h22v-2z" fill="${FLEMISH_YELLOW}"/><path d="M8 14h3v9H8zm6.5 0h3v9h-3zM21 14h3v9h-3zM5 24h22v3H5z" fill="#fff"/></svg>`;
}
