/**
 * @smartloket/core: the kernel, the five extension points (request, authorisation, source,
 * renderer, signer), the request lifecycle, identifiers and localized text. No I/O.
 */

export { z } from 'zod';
export * from './authorisation.js';
export * from './clock.js';
export * from './errors.js';
export * from './extension-points.js';
export * from './forms.js';
export * from './handoff.js';
export * from './i18n.js';
export * from './identifiers/index.js';
export * from './identity.js';
export * from './kernel.js';
export * from './lifecycle.js';
export * from './plugin.js';
export * from './request-type.js';
export * from './rules.js';
export * from './services.js';
export * from './version.js';
