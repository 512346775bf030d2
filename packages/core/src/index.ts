/**
 * @smartloket/core: the kernel, the six extension points (request, authorisation, source,
 * renderer, signer, payment), the request lifecycle, identifiers and localized text. No I/O.
 *
 * Plugin authors start with {@link definePlugin} and {@link defineRequestType}, build forms with
 * {@link form} and {@link fields}, and decide with core's rules (e.g. {@link self}) or their own
 * {@link defineRule}. Core also re-exports `z` from zod (not listed here) so that plugins use the
 * same zod as the kernel.
 *
 * Stability: everything listed here is public API, versioned with semver, unless it is marked
 * **Internal** (used by SmartLoket's runtime; plugins must not rely on it). See
 * docs/building-plugins/design-rules.md.
 *
 * @packageDocumentation
 */

export { z } from 'zod';
export * from './authorisation.js';
export * from './clock.js';
export * from './errors.js';
export * from './extension-points.js';
export * from './fees.js';
export * from './forms.js';
export * from './handoff.js';
export * from './i18n.js';
export * from './identifiers/index.js';
export * from './identity.js';
export * from './kernel.js';
export * from './lifecycle.js';
export * from './mail-texts.js';
export * from './payments.js';
export * from './plugin.js';
export * from './prefill.js';
export * from './reports.js';
export * from './request-type.js';
export * from './rules.js';
export * from './services.js';
export * from './state-labels.js';
export * from './version.js';
export * from './working-days.js';
