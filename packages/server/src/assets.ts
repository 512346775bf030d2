import type { Municipality } from '@smartloket/core';

/** The site stylesheet, with the municipality's colours. */
export function SITE_CSS(m: Municipality): string {
  const primary = m.colours?.primary ?? '#1b4f72';
  return `:root{--primary:${primary};--text:#1a1a1a;--muted:#4a4a4a;--bg:#fff;--focus:#ffbf47}
*{box-sizing:border-box}body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--text);background:var(--bg);line-height:1.5}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--focus);padding:.5rem;z-index:10}
.site-header{display:flex;justify-content:space-between;align-items:center;padding:1rem 2rem;background:var(--primary);color:#fff}
.site-header a{color:#fff}.brand{font-weight:700;text-decoration:none;font-size:1.2rem}
.langs{display:flex;gap:.75rem;list-style:none;margin:0;padding:0}.langs a[aria-current]{font-weight:700;text-decoration:underline}
main{max-width:60rem;margin:0 auto;padding:1.5rem 2rem}
a{color:var(--primary)}a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid var(--focus);outline-offset:2px}
.catalogue{list-style:none;padding:0;display:grid;gap:1rem}.catalogue li{border:1px solid #ccc;border-radius:4px;padding:1rem}
.meta{color:var(--muted);font-size:.95rem}
.site-footer{border-top:1px solid #ddd;padding:1rem 2rem;color:var(--muted)}
`;
}
