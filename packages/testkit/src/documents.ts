import { execFile } from 'node:child_process';
import { inflateSync } from 'node:zlib';
import { verifyPdf } from '@smartloket/signer-pades';

/** Runs `pdftotext` (poppler-utils) on the bytes; undefined when it is not installed. */
function pdftotext(bytes: Uint8Array): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'pdftotext',
      ['-layout', '-enc', 'UTF-8', '-', '-'],
      { encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 },
      (error, stdout) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') resolve(undefined);
        else if (error) reject(new Error(`pdftotext failed: ${error.message}`));
        else resolve(stdout);
      },
    );
    child.stdin?.on('error', () => {});
    child.stdin?.end(Buffer.from(bytes));
  });
}

/**
 * The literal strings of a PDF's content streams (inflated when compressed). A fallback for
 * machines without pdftotext: it reads simple PDFs (such as {@link minimalPdf}) but not text set
 * in embedded subset fonts, which renderer-pdf uses.
 */
export function naivePdfText(bytes: Uint8Array): string {
  const raw = Buffer.from(bytes).toString('latin1');
  const parts: string[] = [];
  const streams = /stream\r?\n([\s\S]*?)\r?\nendstream/g;
  for (let m = streams.exec(raw); m; m = streams.exec(raw)) {
    let body = m[1]!;
    try {
      body = inflateSync(Buffer.from(body, 'latin1')).toString('latin1');
    } catch {
      // not compressed
    }
    const strings = /\(((?:\\.|[^\\)])*)\)\s*Tj/g;
    for (let s = strings.exec(body); s; s = strings.exec(body)) {
      parts.push(s[1]!.replace(/\\([()\\])/g, '$1'));
    }
  }
  return parts.join('\n');
}

/**
 * The text of a PDF, for assertions such as `expect(await documentText(pdf)).toContain('Jan')`.
 * Uses `pdftotext` (poppler-utils) when installed, else {@link naivePdfText}.
 */
export async function documentText(bytes: Uint8Array): Promise<string> {
  if (Buffer.from(bytes.subarray(0, 5)).toString('latin1') !== '%PDF-') {
    throw new TypeError('documentText: not a PDF');
  }
  return (await pdftotext(bytes)) ?? naivePdfText(bytes);
}

/** Whitespace-insensitive "contains": PDF text extraction breaks lines and spaces freely. */
export async function documentContains(bytes: Uint8Array, expected: string): Promise<boolean> {
  const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
  return squash(await documentText(bytes)).includes(squash(expected));
}

/** What {@link documentSignature} reports. */
export interface SignatureCheck {
  /**
   * At least one signature and every one intact (digest and signature check out); with
   * `trustedCertificatesPem`, also trusted and valid at signing.
   */
  valid: boolean;
  signatures: number;
  /** Signer certificate subjects, for assertions. */
  signers: string[];
}

/**
 * Checks the PAdES signatures of a PDF with @smartloket/signer-pades. Without trusted
 * certificates only integrity is checked (a test key's CA is rarely at hand in a plugin test).
 */
export async function documentSignature(
  bytes: Uint8Array,
  options: { trustedCertificatesPem?: string | string[] } = {},
): Promise<SignatureCheck> {
  const report = await verifyPdf(bytes, { trustedCertificatesPem: options.trustedCertificatesPem ?? [] });
  const intact = report.signatures.length > 0 && report.signatures.every((s) => s.digestOk && s.signatureOk);
  return {
    valid: options.trustedCertificatesPem ? report.valid : intact,
    signatures: report.signatures.length,
    signers: report.signatures.map((s) => s.signer?.subject ?? ''),
  };
}
