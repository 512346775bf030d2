/**
 * @smartloket/renderer-pdf: the certificate layout kit on pdf-lib.
 * @packageDocumentation
 */

export { fontFiles } from './fonts.js';
export { labels } from './labels.js';
export { renderCertificate } from './render.js';
export { createCertificateRenderer } from './renderer.js';
export type {
  Block,
  CertificateSpec,
  HeadingBlock,
  KeyValueBlock,
  ParagraphBlock,
  SpacerBlock,
  TableBlock,
  Text,
} from './spec.js';
export { generateVerificationCode, normalizeVerificationCode, sha256Hex } from './verification.js';
