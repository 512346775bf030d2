/**
 * @smartloket/dev-world/identity: a development-only OpenID Connect provider issuing
 * ACM/IDM-shaped ID tokens for the dev population's personas, and `loginAs` to drive its login
 * page over plain HTTP in tests. Never part of a production deployment (see {@link DEV_ONLY}).
 */

export type { LoginAsOptions, LoginAsResult } from './login-as.js';
export { CookieJar, loginAs } from './login-as.js';
export type { DevClient, DevIdentityProvider, DevIdentityProviderOptions } from './provider.js';
export {
  DEV_MEANS,
  DEV_ONLY,
  DevOnlyError,
  devPersonaClaims,
  devSubject,
  startDevIdentityProvider,
} from './provider.js';
