/**
 * @smartloket/dev-world: the development servers of SmartLoket, for `smartloket dev`, tests and
 * the demo. A deployment adds it as a dev dependency; no production package depends on it.
 *
 * - `./magda`: the MAGDA simulator (SOAP over mutual TLS, the dev population's answers, faults).
 * - `./identity`: the dev OpenID Connect provider with personas, and `loginAs` for tests.
 * - `./mailbox`: the dev mailbox (SMTP + web page) and a flaky SMTP server for tests.
 * - `./csc`: a CSC API v2 remote-signing simulator.
 * - `./global-header`: a stand-in for the Mijn Burgerprofiel global header's widget server.
 * - `./mollie`: a Mollie v2 payments/refunds simulator with a test checkout page and notifications.
 * - `./ebox`: an e-Box REST 2.1 simulator (OAuth2 private-key JWT token endpoint, `publishMessage`
 *   validated against the official definitions, a page per e-Box).
 * - `./geo`: the Flemish address register (address match), the Geolocation reverse lookup and a
 *   map tile stand-in, for the meldingen plugin.
 * - `./trust`: the test PKI's trust services: an RFC 3161 timestamp authority, an RFC 6960 OCSP
 *   responder and a CRL distribution point on one stable loopback port.
 *
 * The synthetic people themselves are in `@smartloket/dev-population` (the testkit needs them
 * without any server).
 */

export {
  type EboxSimulator,
  type EboxSimulatorOptions,
  generateEboxSenderCredentials,
  startEboxSimulator,
} from './ebox/index.js';
export {
  type DevGlobalHeader,
  type DevGlobalHeaderOptions,
  startDevGlobalHeader,
} from './global-header/index.js';
export * from './identity/index.js';
export * from './magda/index.js';
export * from './mailbox/index.js';
export {
  type CheckoutOutcome,
  MOLLIE_DEV_API_KEY,
  type MollieSimulator,
  type MollieSimulatorOptions,
  startMollieSimulator,
} from './mollie/index.js';
export { type DevTrustOptions, type DevTrustServices, startDevTrustServices } from './trust/index.js';
