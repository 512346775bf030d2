/**
 * MAGDA transport for SmartLoket: SOAP messages with the MAGDA Context, mutual TLS, a WS-Security
 * signature in the profile of MAGDA's connector, Uitzondering mapping to typed errors, repertorium
 * registration, and a circuit breaker per service. The simulator is at `./simulator`.
 */
export { CircuitBreaker, type CircuitBreakerOptions, type CircuitState } from './breaker.js';
export {
  createMagdaClient,
  createMagdaClientFactory,
  type GeefAttestResult,
  type MagdaCallObservation,
  type MagdaCallOptions,
  type MagdaClient,
  type MagdaClientConfig,
  type MagdaMeta,
  magdaClientRef,
  type StatusUittrekselInfo,
  type UittrekselStrafregisterResult,
} from './client.js';
export { errorForUitzonderingen, MagdaPermanentError, MagdaTransientError } from './errors.js';
export * from './messages.js';
export {
  buildMtom,
  isMultipartRelated,
  type MimePart,
  type MtomAttachment,
  type MtomMessage,
  parseHeaderValue,
  parseMtom,
  resolveXopHref,
  XOP_NS,
} from './mtom.js';
export type {
  MagdaAdres,
  MagdaAkteSynopsis,
  MagdaCode,
  MagdaFunctie,
  MagdaGezinslid,
  MagdaHistoriekPersoon,
  MagdaLijkbezorging,
  MagdaNaam,
  MagdaPersoon,
} from './parse.js';
export { type MagdaProbeOptions, type MagdaProbeResult, probeMagda } from './probe.js';
export { MAGDA_SERVICES, type MagdaServiceInfo, type MagdaServiceName, serviceFor } from './services.js';
export type { TlsOptions } from './transport.js';
export {
  type MagdaUitzondering,
  PERMANENT_CODES,
  TRANSIENT_CODES,
  UITZONDERING_RULES,
  type UitzonderingRule,
} from './uitzonderingen.js';
export {
  decodePkiPath,
  encodePkiPath,
  type SigningMaterial,
  signEnvelope,
  type VerifyResult,
  verifyEnvelope,
} from './wssec.js';
