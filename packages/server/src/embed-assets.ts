/**
 * Static scripts of the embedding (served as files from the counter's origin; the pages carry no
 * inline script, so a strict CSP holds).
 */

/**
 * `/embed.js`, placed on the municipality's page:
 * `<script src="https://loket.example.be/embed.js" data-smartloket="catalogue" data-lang="nl"
 * data-theme="light"></script>` or `data-smartloket="request:<type id>"`. It inserts an iframe
 * after the script tag and sets its height from the frame's messages (only from the counter's
 * origin, only numbers).
 */
export const EMBED_JS = `(function () {
  'use strict';
  var scripts = document.querySelectorAll('script[data-smartloket]');
  for (var i = 0; i < scripts.length; i++) setUp(scripts[i]);
  function setUp(script) {
    if (script.getAttribute('data-smartloket-ready')) return;
    script.setAttribute('data-smartloket-ready', '1');
    var origin = new URL(script.src, location.href).origin;
    var what = script.getAttribute('data-smartloket') || 'catalogue';
    var q = new URLSearchParams();
    if (what.indexOf('request:') === 0) q.set('type', what.slice(8));
    var lang = script.getAttribute('data-lang') || document.documentElement.lang || '';
    if (lang) q.set('lang', lang.slice(0, 2).toLowerCase());
    var theme = script.getAttribute('data-theme');
    if (theme) q.set('theme', theme);
    var accent = script.getAttribute('data-accent');
    if (accent) q.set('accent', accent.replace('#', ''));
    q.set('parent', location.href.split('#')[0]);
    var frame = document.createElement('iframe');
    frame.src = origin + '/embed/catalogue?' + q.toString();
    frame.title = script.getAttribute('data-title') || 'E-loket';
    frame.setAttribute('data-smartloket-frame', what);
    frame.style.width = '100%';
    frame.style.border = '0';
    frame.style.height = '400px';
    frame.setAttribute('scrolling', 'no');
    script.parentNode.insertBefore(frame, script.nextSibling);
    window.addEventListener('message', function (event) {
      if (event.origin !== origin || event.source !== frame.contentWindow) return;
      var d = event.data;
      if (!d || d.smartloket !== 'height' || typeof d.height !== 'number') return;
      var h = Math.max(100, Math.min(20000, Math.ceil(d.height)));
      frame.style.height = h + 'px';
    });
  }
})();
`;

/**
 * `/embed-frame.js`, loaded by the pages inside the frame: tells the parent page its height
 * whenever it changes. The parent's origin comes from the script tag (checked by the server).
 */
export const EMBED_FRAME_JS = `(function () {
  'use strict';
  var me = document.currentScript;
  var parentOrigin = me && me.getAttribute('data-parent-origin');
  if (!parentOrigin || window.parent === window) return;
  var last = 0;
  function send() {
    var h = document.documentElement.scrollHeight;
    if (h === last) return;
    last = h;
    window.parent.postMessage({ smartloket: 'height', height: h }, parentOrigin);
  }
  if (typeof ResizeObserver === 'function') new ResizeObserver(send).observe(document.documentElement);
  window.addEventListener('load', send);
  send();
})();
`;

/** Extra CSS of the embedded pages: compact, light or dark, an accent colour. */
export function embedCss(accent: string | undefined): string {
  const colour = accent && /^[0-9a-fA-F]{6}$/.test(accent) ? `#${accent}` : undefined;
  return `body.embed { margin: 0; }
body.embed .site-header, body.embed .site-footer, body.embed .skip { display: none; }
body.embed main { padding: 0.5rem 1rem; max-width: none; }
body.embed.theme-dark { background: #1d1d1f; color: #f2f2f2; }
body.embed.theme-dark a { color: #9cc8ff; }
body.embed .embed-items { list-style: none; padding: 0; }
body.embed .embed-items li { margin: 0 0 0.75rem; padding: 0.5rem 0; border-bottom: 1px solid #ccc; }
${colour ? `body.embed a, body.embed .button { color: ${colour}; }` : ''}
`;
}
