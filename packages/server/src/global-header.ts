import { type Capacity, displayName, type Identity } from '@smartloket/core';

/**
 * The profile handed to the Mijn Burgerprofiel header's client API
 * (`globalHeaderClient.accessMenu.setProfile`), shaped like `ProfileConfig` of
 * `@govflanders/vl-widget-global-header-types` (checked by a type test in global-header.test.ts).
 */
export interface GlobalHeaderProfile {
  /** True when someone is logged in to SmartLoket. */
  active: boolean;
  /** Where "Aanmelden" leads: SmartLoket's login, back to the same page. */
  loginUrl: string;
  /** Where "Afmelden" leads: SmartLoket's logout question (the logout itself is a POST). */
  logoutUrl: string;
  /** Where "Wisselen van account" leads: a new ACM/IDM login that asks for the capacity again. */
  switchCapacityUrl: string;
  /** Who is logged in and for whom they act (absent when nobody is). */
  idpData?: {
    user: { firstName: string; name: string };
    activeIdentity: { onBehalfOf: GlobalHeaderEntity };
  };
}

/** The person or organisation someone acts for, as the header names it (`Entity`). */
export type GlobalHeaderEntity =
  | { code: 'BUR'; name: string; firstName: string }
  | { code: Exclude<Capacity, 'BUR'>; name: string; identifier?: string };

/** What the page hands to `/assets/global-header.js` (as JSON in a `data-config` attribute). */
export interface GlobalHeaderPageData {
  profile: GlobalHeaderProfile;
  /** The application name the header shows ("E-loket"). */
  applicationName: string;
}

/** The header's profile for a page at `path`, for a visitor with or without a session. */
export function globalHeaderProfile(path: string, identity: Identity | undefined): GlobalHeaderProfile {
  const back = encodeURIComponent(path);
  const profile: GlobalHeaderProfile = {
    active: identity !== undefined,
    loginUrl: `/login?returnTo=${back}`,
    logoutUrl: '/logout',
    switchCapacityUrl: `/login?switch=1&returnTo=${back}`,
  };
  if (!identity) return profile;
  const firstName = identity.givenName ?? '';
  const name = identity.familyName ?? (displayName(identity) || identity.subject);
  const { capacity, organisation } = identity;
  const onBehalfOf: GlobalHeaderEntity =
    capacity !== 'BUR' && organisation
      ? { code: capacity, name: organisation.name ?? organisation.kbo, identifier: organisation.kbo }
      : { code: 'BUR', name, firstName };
  profile.idpData = { user: { firstName, name }, activeIdentity: { onBehalfOf } };
  return profile;
}

/** The origin of a header entry script, for the CSP. */
export function globalHeaderOrigin(entryUrl: string): string {
  return new URL(entryUrl).origin;
}

/**
 * Mounts the header in `#global-header` once the entry script has defined
 * `window.globalHeaderClient`, then tells it the login state. When the header is mounted the
 * page's own login/logout links are hidden (class `global-header-mounted` on `<html>`); when the
 * script cannot load (blocked, offline), the page keeps its own. Served as a file because the CSP
 * allows no inline script.
 */
export const GLOBAL_HEADER_JS = `(function () {
  var el = document.getElementById('global-header');
  var client = window.globalHeaderClient;
  if (!el || !client) return;
  var data;
  try { data = JSON.parse(el.getAttribute('data-config') || '{}'); } catch (e) { return; }
  client.mount(el).then(function (mounted) {
    if (!mounted) return;
    document.documentElement.classList.add('global-header-mounted');
    var steps = [client.accessMenu.setProfile(data.profile)];
    if (data.applicationName) steps.push(client.accessMenu.setApplicationName(data.applicationName));
    return Promise.all(steps);
  }).catch(function () {
    document.documentElement.classList.remove('global-header-mounted');
  });
})();
`;
