import { AssertionError } from 'node:assert';
import { documentSignature, documentText, type SignatureCheck } from './documents.js';

/** Assertions on a delivered document; each throws an AssertionError (any test runner shows it). */
export interface DocumentAssertion {
  /**
   * The bytes are a PDF (`%PDF-` header). Returns the same assertion, so checks chain:
   * `await assertDocument(bytes).isPdf().containsText('Parkeerkaart')`.
   */
  isPdf(): DocumentAssertion;
  /**
   * The document's text contains every `expected` string (whitespace-insensitive: PDF text
   * extraction breaks lines and spaces freely). Uses pdftotext when installed.
   */
  containsText(...expected: string[]): Promise<void>;
  /** The document's text contains none of the strings (e.g. a name that must not show). */
  notContainsText(...unexpected: string[]): Promise<void>;
  /**
   * The PDF carries at least one PAdES signature and every one is intact, checked by the real
   * verifier of @smartloket/signer-pades. With `trustedCertificatesPem` (e.g.
   * {@link TestSeal.caCertificatePem}) the chain must also lead to that CA and the certificate
   * must be valid at signing. With `signer`, a signer certificate subject must contain it.
   * Resolves to the check for further assertions.
   */
  signatureValid(options?: {
    trustedCertificatesPem?: string | string[];
    signer?: string;
  }): Promise<SignatureCheck>;
  /** The PDF carries no signature at all (e.g. a document delivered unsealed). */
  unsigned(): Promise<void>;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

function excerpt(text: string): string {
  const s = squash(text);
  return s.length > 400 ? `${s.slice(0, 400)}…` : s;
}

/**
 * Assertions on a document's bytes, e.g.
 * `await assertDocument(bytes).containsText('Uittreksel', 'Jan Peeters')` and
 * `await assertDocument(bytes).signatureValid({ trustedCertificatesPem: seal.caCertificatePem })`.
 */
export function assertDocument(bytes: Uint8Array | undefined | null): DocumentAssertion {
  if (!bytes) throw new AssertionError({ message: 'assertDocument: no document bytes' });
  const data = bytes;
  let text: Promise<string> | undefined;
  const textOf = () => {
    text ??= documentText(data);
    return text;
  };
  const assertion: DocumentAssertion = {
    isPdf() {
      if (Buffer.from(data.subarray(0, 5)).toString('latin1') !== '%PDF-') {
        throw new AssertionError({ message: 'expected a PDF (no %PDF- header)' });
      }
      return assertion;
    },
    async containsText(...expected) {
      const actual = squash(await textOf());
      const missing = expected.filter((e) => !actual.includes(squash(e)));
      if (missing.length > 0) {
        throw new AssertionError({
          message: `document text lacks ${missing.map((m) => JSON.stringify(m)).join(', ')}; text: ${excerpt(actual)}`,
          actual,
          expected: missing,
          operator: 'containsText',
        });
      }
    },
    async notContainsText(...unexpected) {
      const actual = squash(await textOf());
      const present = unexpected.filter((e) => actual.includes(squash(e)));
      if (present.length > 0) {
        throw new AssertionError({
          message: `document text contains ${present.map((m) => JSON.stringify(m)).join(', ')}`,
          actual,
          expected: present,
          operator: 'notContainsText',
        });
      }
    },
    async signatureValid(options = {}) {
      const check = await documentSignature(
        data,
        options.trustedCertificatesPem ? { trustedCertificatesPem: options.trustedCertificatesPem } : {},
      );
      if (check.signatures === 0) throw new AssertionError({ message: 'document is not signed' });
      if (!check.valid) {
        throw new AssertionError({
          message: `document signature is not valid (${check.signatures} signature(s); signers: ${check.signers.join('; ')})`,
        });
      }
      if (options.signer && !check.signers.some((s) => s.includes(options.signer!))) {
        throw new AssertionError({
          message: `no signer matches ${JSON.stringify(options.signer)}; signers: ${check.signers.join('; ')}`,
        });
      }
      return check;
    },
    async unsigned() {
      const check = await documentSignature(data);
      if (check.signatures > 0) {
        throw new AssertionError({ message: `document carries ${check.signatures} signature(s)` });
      }
    },
  };
  return assertion;
}
