/**
 * @smartloket/testkit: for plugin authors and SmartLoket's own tests. A test deployment (SQLite
 * in memory, or PostgreSQL) and a test kernel without a database, both with a moved clock; fake
 * identities of the synthetic population (citizen, parent and child, organisation employee,
 * case handler, anonymous); scripted sources; one extension point replaced by a fake; document
 * assertions (text, PAdES signature); a real test seal; minimal PDFs and a test plugin.
 * @packageDocumentation
 */

/** The clock tests move (`clock.advance(ms)`, `clock.set(date)`), re-exported from core. */
export { ManualClock } from '@smartloket/core';
export * from './assert-document.js';
export * from './documents.js';
export * from './fakes.js';
export * from './identities.js';
export * from './pdf.js';
export * from './seal.js';
export * from './test-deployment.js';
export * from './test-kernel.js';
export * from './test-plugin.js';
