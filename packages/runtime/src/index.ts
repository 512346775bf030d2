/**
 * @smartloket/runtime: the kernel wired to the database. Request service (submit, staff actions),
 * the delivery pipeline, workers, retention, and the deployment configuration.
 */
export * from './audit-anchor.js';
export * from './config.js';
export * from './deadlines.js';
export * from './declarative-types.js';
export * from './deployment.js';
export * from './digest.js';
export * from './ebox.js';
export * from './fees.js';
export * from './jobs.js';
export * from './logger.js';
export * from './mail.js';
export * from './metrics.js';
export * from './payment-deadlines.js';
export * from './payments.js';
export * from './pipeline.js';
export * from './question-deadlines.js';
export * from './request-service.js';
export * from './retention-terms.js';
export * from './scheduler.js';
export * from './telemetry.js';
export * from './webhook-destination.js';
export * from './webhooks.js';
export * from './worker.js';
