/**
 * @smartloket/testkit: for plugin authors and SmartLoket's own tests. A test plugin, scripted
 * sources, fake identities of the synthetic population, minimal PDFs, and a test deployment on
 * SQLite (or PostgreSQL) with a moved clock.
 */

export * from './documents.js';
export * from './fakes.js';
export * from './identities.js';
export * from './pdf.js';
export * from './test-deployment.js';
export * from './test-kernel.js';
export * from './test-plugin.js';
