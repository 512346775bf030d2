/**
 * @smartloket/server: the HTTP side of a deployment (portal, personal page, back-office, JSON API,
 * embed script, login routes).
 */

export * from './api/index.js';
export * from './app.js';
export { allowedEmbedOrigins } from './embed-routes.js';
export {
  createMetricsApp,
  listenMetrics,
  type MetricsAccess,
  metricsAccess,
  metricsEndpoint,
  metricsRegistry,
  type Registry as MetricsRegistry,
} from './metrics.js';
export { type UploadVerification, type VerificationResult, verifyByCode, verifyUpload } from './verify.js';
export type { VerifyRouteOptions } from './verify-routes.js';
