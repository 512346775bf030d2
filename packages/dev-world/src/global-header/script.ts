/**
 * The stand-in for the Mijn Burgerprofiel global header's scripts (entry and embed). It defines
 * `window.globalHeaderClient` with every method of the real client API
 * (`@govflanders/vl-widget-global-header-types`, listed in {@link STAND_IN_METHODS}) and draws a
 * plain bar with the access menu: "Aanmelden", or the person, for whom they act, "Wisselen van
 * account" and "Afmelden", leading to the URLs the page gave in `setProfile`. The real header is
 * served from Digitaal Vlaanderen's widget servers, which tests cannot reach.
 */

/** Every method of the real client the stand-in offers, as `area.method` or `method`. */
export const STAND_IN_METHODS = [
  'mount',
  'unmount',
  'getConfig',
  'setNavigationEnabled',
  'accessMenu.setMainLinks',
  'accessMenu.addApplicationMenuLink',
  'accessMenu.addApplicationMenuLinks',
  'accessMenu.setApplicationMenuLinks',
  'accessMenu.setProfile',
  'accessMenu.getProfile',
  'accessMenu.getApplicationName',
  'accessMenu.setApplicationName',
  'accessMenu.setVisibility',
  'contact.getServicePoints',
  'contact.setServicePoints',
  'contact.resetServicePoints',
  'contact.open',
  'contact.close',
  'contact.toggle',
  'contact.isOpen',
  'branding.getLevel',
  'branding.setLevel',
  'branding.getColors',
  'branding.getColor',
  'branding.setColors',
  'branding.setColor',
  'branding.getHost',
  'branding.setHost',
  'branding.getUmbrella',
  'branding.setUmbrella',
  'branding.getVariables',
] as const;

/** The stand-in's stylesheet (served from its own origin, so the portal's CSP must allow it). */
export const STAND_IN_CSS = `.gh-standin{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:1rem;padding:.5rem 2rem;background:#ffe615;color:#333332;font:16px/1.4 system-ui,sans-serif}
.gh-standin a{color:#333332}.gh-standin .gh-brand{font-weight:700}.gh-standin ul{display:flex;gap:1rem;list-style:none;margin:0;padding:0;align-items:center}
.gh-standin .gh-note{font-weight:400;font-size:.85rem}
`;

/** The script for a widget: `entry` defines the client, `embed` also mounts where it stands. */
export function standInScript(options: { origin: string; widgetId: string; embed: boolean }): string {
  const settings = JSON.stringify({
    origin: options.origin,
    widgetId: options.widgetId,
    embed: options.embed,
  });
  return `(function () {
  var settings = ${settings};
  var here = document.currentScript;
  var TEXT = {
    nl: { login: 'Aanmelden', logout: 'Afmelden', switchAccount: 'Wisselen van account', forWhom: 'voor', note: '(stand-in van de dev world)', label: 'Vlaamse overheid' },
    fr: { login: 'Se connecter', logout: 'Se déconnecter', switchAccount: 'Changer de compte', forWhom: 'pour', note: '(remplaçant du dev world)', label: 'Autorité flamande' },
    en: { login: 'Log in', logout: 'Log out', switchAccount: 'Switch account', forWhom: 'for', note: '(dev world stand-in)', label: 'Flemish government' }
  };
  var state = {
    mounted: null, navigation: true, visible: true, applicationName: '', profile: {}, mainLinks: [],
    applicationMenuLinks: [], servicePoints: {}, contactOpen: false, level: 1,
    colors: {}, host: {}, umbrella: {}
  };
  function text() {
    var lang = (document.documentElement.lang || 'nl').slice(0, 2);
    return TEXT[lang] || TEXT.nl;
  }
  function ok(value) { return Promise.resolve(value); }
  function link(href, label) {
    var a = document.createElement('a');
    a.href = href;
    a.textContent = label;
    return a;
  }
  function item(child) {
    var li = document.createElement('li');
    li.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    return li;
  }
  function draw() {
    var root = state.mounted;
    if (!root) return;
    var tx = text();
    while (root.firstChild) root.removeChild(root.firstChild);
    var bar = document.createElement('div');
    bar.className = 'gh-standin';
    bar.setAttribute('role', 'navigation');
    bar.setAttribute('aria-label', tx.label);
    var brand = document.createElement('span');
    brand.className = 'gh-brand';
    brand.textContent = 'Vlaanderen' + (state.applicationName ? ' · ' + state.applicationName : '') + ' ';
    var note = document.createElement('span');
    note.className = 'gh-note';
    note.textContent = tx.note;
    brand.appendChild(note);
    bar.appendChild(brand);
    var menu = document.createElement('ul');
    var p = state.profile || {};
    if (state.visible && state.navigation) {
      if (p.active) {
        var idp = p.idpData || {};
        var user = idp.user || {};
        var who = [user.firstName, user.name].filter(Boolean).join(' ');
        var behalf = idp.activeIdentity && idp.activeIdentity.onBehalfOf;
        if (behalf && behalf.code !== 'BUR') who += ' ' + tx.forWhom + ' ' + behalf.name;
        menu.appendChild(item(who));
        if (p.switchCapacityUrl) menu.appendChild(item(link(p.switchCapacityUrl, tx.switchAccount)));
        if (p.logoutUrl) menu.appendChild(item(link(p.logoutUrl, tx.logout)));
      } else if (p.loginUrl) {
        menu.appendChild(item(link(p.loginUrl, tx.login)));
      }
    }
    bar.appendChild(menu);
    root.appendChild(bar);
  }
  function addStyles() {
    if (document.querySelector('link[data-gh-standin]')) return;
    var css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = settings.origin + '/api/v2/widget/' + settings.widgetId + '/style.css';
    css.setAttribute('data-gh-standin', '');
    document.head.appendChild(css);
  }
  function merge(target, source) {
    for (var k in source) if (Object.prototype.hasOwnProperty.call(source, k)) target[k] = source[k];
    return target;
  }
  var client = {
    mount: function (element) {
      var root = element || document.createElement('div');
      if (!element) document.body.insertBefore(root, document.body.firstChild);
      state.mounted = root;
      addStyles();
      draw();
      return ok(true);
    },
    unmount: function () {
      if (!state.mounted) return ok(false);
      while (state.mounted.firstChild) state.mounted.removeChild(state.mounted.firstChild);
      state.mounted = null;
      return ok(true);
    },
    getConfig: function () { return ok({ widgetId: settings.widgetId, standIn: true }); },
    setNavigationEnabled: function (enabled) { state.navigation = !!enabled; draw(); return ok(true); },
    accessMenu: {
      setMainLinks: function (links) { state.mainLinks = links || []; return ok(true); },
      addApplicationMenuLink: function (l) { state.applicationMenuLinks.push(l); return ok(state.applicationMenuLinks); },
      addApplicationMenuLinks: function (ls) { state.applicationMenuLinks = state.applicationMenuLinks.concat(ls || []); return ok(state.applicationMenuLinks); },
      setApplicationMenuLinks: function (ls) { state.applicationMenuLinks = ls || []; return ok(state.applicationMenuLinks); },
      setProfile: function (profile) { state.profile = merge({}, profile || {}); draw(); return ok(true); },
      getProfile: function () { return ok(state.profile); },
      getApplicationName: function () { return ok(state.applicationName); },
      setApplicationName: function (name) { state.applicationName = typeof name === 'string' ? name : (name && (name[text() === TEXT.fr ? 'fr' : 'nl'] || '')) || ''; draw(); return ok(true); },
      setVisibility: function (visible) { state.visible = !!visible; draw(); return ok(true); }
    },
    contact: {
      getServicePoints: function () { return ok(state.servicePoints); },
      setServicePoints: function (points) { state.servicePoints = points || {}; return ok(state.servicePoints); },
      resetServicePoints: function () { state.servicePoints = {}; return ok(true); },
      open: function () { state.contactOpen = true; return ok(true); },
      close: function () { state.contactOpen = false; return ok(true); },
      toggle: function () { state.contactOpen = !state.contactOpen; return ok(true); },
      isOpen: function () { return ok(state.contactOpen); }
    },
    branding: {
      getLevel: function () { return ok(state.level); },
      setLevel: function (level) { state.level = level; return ok(true); },
      getColors: function () { return ok(state.colors); },
      getColor: function (type) { return ok(state.colors[type]); },
      setColors: function (colors) { state.colors = merge({}, colors || {}); return ok(true); },
      setColor: function (args) { state.colors[args.type] = args.value; return ok(true); },
      getHost: function () { return ok(state.host); },
      setHost: function (host) { state.host = merge({}, host || {}); return ok(true); },
      getUmbrella: function () { return ok(state.umbrella); },
      setUmbrella: function (umbrella) { state.umbrella = merge({}, umbrella || {}); return ok(true); },
      getVariables: function () { return ok({}); }
    }
  };
  window.globalHeaderClient = client;
  if (settings.embed && here && here.parentNode) {
    var spot = document.createElement('div');
    here.parentNode.insertBefore(spot, here);
    client.mount(spot);
  }
})();
`;
}
