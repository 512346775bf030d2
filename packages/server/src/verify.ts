import { type Locale, type LocalizedText, localize, normalizeVerificationCode } from '@smartloket/core';
import type { DocumentRecord } from '@smartloket/db';
import type { Deployment } from '@smartloket/runtime';
import { verifyPdf } from '@smartloket/signer-pades';

/**
 * Public verification of delivered documents (decision 1001): by the printed code, and by an
 * uploaded PDF (its SHA-256 against the delivered documents, and its PAdES signatures). Answers
 * only what the holder of the document already has: type, issue date, issuer, validity.
 */

/** Status of a document found by code or hash. */
export type VerificationStatus = 'valid' | 'expired' | 'withdrawn' | 'unknown';

/** What the page and the JSON endpoint say about a document. */
export interface VerificationResult {
  status: VerificationStatus;
  document?: {
    type: LocalizedText;
    issuedAt: string;
    issuedBy: LocalizedText;
    validUntil: string | null;
    withdrawnAt: string | null;
  };
}

/** Result of checking an uploaded file. */
export interface UploadVerification extends VerificationResult {
  /** SHA-256 of the uploaded file. */
  sha256: string;
  /** True when exactly these bytes were delivered by this counter. */
  delivered: boolean;
  signatures: {
    /** Signed ranges intact and CMS signature correct. */
    intact: boolean;
    /** The signature covers the whole file (nothing was appended after it). */
    coversWholeDocument: boolean;
    /** Chains to one of the deployment's trusted certificates (null when none are configured). */
    trusted: boolean | null;
    signer: string | null;
    signingTime: string | null;
  }[];
}

/** Looks a document up by code and describes it. */
export async function verifyByCode(deployment: Deployment, input: string): Promise<VerificationResult> {
  const code = normalizeVerificationCode(input);
  if (!code) return { status: 'unknown' };
  const doc = await deployment.db.documents.getByVerificationCode(code);
  return doc ? describe(deployment, doc) : { status: 'unknown' };
}

/** Checks an uploaded PDF: was it delivered here (hash), and do its signatures hold. */
export async function verifyUpload(
  deployment: Deployment,
  bytes: Uint8Array,
  trustedCertificatesPem: string[] | undefined,
): Promise<UploadVerification> {
  const trusted =
    trustedCertificatesPem && trustedCertificatesPem.length > 0 ? trustedCertificatesPem : undefined;
  let report: Awaited<ReturnType<typeof verifyPdf>> | undefined;
  try {
    report = await verifyPdf(bytes, { trustedCertificatesPem: trusted ?? [], now: deployment.clock.now() });
  } catch {
    report = undefined; // not a readable PDF: no signatures to report
  }
  const { createHash } = await import('node:crypto');
  const sha256 = report?.sha256 ?? createHash('sha256').update(bytes).digest('hex');
  const row = await deployment.db
    .knex('documents')
    .where({ sha256 })
    .orderBy('created_at', 'desc')
    .first('id');
  const doc = row ? await deployment.db.documents.get(row.id as string) : undefined;
  const described = doc ? await describe(deployment, doc) : { status: 'unknown' as const };
  return {
    ...described,
    sha256,
    delivered: doc !== undefined,
    signatures: (report?.signatures ?? []).map((s) => ({
      intact: s.digestOk && s.signatureOk,
      coversWholeDocument: s.coversWholeDocument,
      trusted: trusted
        ? s.certificate.trusted && !s.certificate.expiredAtSigning && s.certificate.revoked !== true
        : null,
      signer: s.signer ? organisationOf(s.signer.subject) : null,
      signingTime: (s.timestamp?.time ?? s.signingTime)?.toISOString() ?? null,
    })),
  };
}

/** The organisation (O) or common name of a seal certificate subject; never more. */
function organisationOf(subject: string): string {
  const parts = Object.fromEntries(
    subject.split(/\n|,\s*/).map((p) => {
      const i = p.indexOf('=');
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()];
    }),
  );
  return (parts.O ?? parts.CN ?? '').slice(0, 200);
}

async function describe(deployment: Deployment, doc: DocumentRecord): Promise<VerificationResult> {
  const request = await deployment.db.requests.get(doc.requestId);
  const now = deployment.clock.now().getTime();
  const rt = request ? deployment.kernel.requestType(request.typeId, request.typeVersion) : undefined;
  const expired = (doc.expiresAt !== null && doc.expiresAt.getTime() <= now) || request?.state === 'expired';
  const status: VerificationStatus = doc.withdrawnAt ? 'withdrawn' : expired ? 'expired' : 'valid';
  return {
    status,
    document: {
      type: rt?.definition.title ?? { nl: request?.typeId ?? 'document' },
      issuedAt: doc.createdAt.toISOString(),
      issuedBy: deployment.municipality.name,
      validUntil: doc.expiresAt?.toISOString() ?? null,
      withdrawnAt: doc.withdrawnAt?.toISOString() ?? null,
    },
  };
}

/** UI text of the verification pages (nl, fr, en). */
export const VERIFY_TEXT = {
  title: { nl: 'Document controleren', fr: 'Vérifier un document', en: 'Verify a document' },
  intro: {
    nl: 'Controleer of een document echt door de gemeente werd afgeleverd: typ de verificatiecode die op het document staat, of laad het PDF-bestand op.',
    fr: "Vérifiez qu'un document a bien été délivré par la commune : tapez le code de vérification imprimé sur le document, ou chargez le fichier PDF.",
    en: 'Check that a document was really issued by the municipality: type the verification code printed on it, or upload the PDF file.',
  },
  codeLabel: { nl: 'Verificatiecode', fr: 'Code de vérification', en: 'Verification code' },
  codeHelp: {
    nl: 'Bijvoorbeeld 7K3M-Q9TX-2HRB',
    fr: 'Par exemple 7K3M-Q9TX-2HRB',
    en: 'For example 7K3M-Q9TX-2HRB',
  },
  check: { nl: 'Controleren', fr: 'Vérifier', en: 'Check' },
  fileLabel: { nl: 'PDF-bestand', fr: 'Fichier PDF', en: 'PDF file' },
  upload: { nl: 'Bestand controleren', fr: 'Vérifier le fichier', en: 'Check the file' },
  byCode: { nl: 'Met de code', fr: 'Avec le code', en: 'With the code' },
  byFile: { nl: 'Met het bestand', fr: 'Avec le fichier', en: 'With the file' },
  valid: {
    nl: 'Dit document werd door de gemeente afgeleverd en is geldig.',
    fr: 'Ce document a été délivré par la commune et est valable.',
    en: 'This document was issued by the municipality and is valid.',
  },
  expired: {
    nl: 'Dit document werd door de gemeente afgeleverd, maar de geldigheid is verlopen.',
    fr: 'Ce document a été délivré par la commune, mais sa validité a expiré.',
    en: 'This document was issued by the municipality, but it has expired.',
  },
  withdrawn: {
    nl: 'Dit document werd door de gemeente ingetrokken en is niet meer geldig.',
    fr: "Ce document a été retiré par la commune et n'est plus valable.",
    en: 'This document was withdrawn by the municipality and is no longer valid.',
  },
  unknownCode: {
    nl: 'Deze verificatiecode is niet bekend. Controleer of u ze juist hebt overgetypt.',
    fr: "Ce code de vérification est inconnu. Vérifiez que vous l'avez bien recopié.",
    en: 'This verification code is not known. Check that you typed it correctly.',
  },
  notDelivered: {
    nl: 'Dit bestand is niet precies een document dat de gemeente afleverde: het werd gewijzigd of komt van elders.',
    fr: "Ce fichier n'est pas exactement un document délivré par la commune : il a été modifié ou provient d'ailleurs.",
    en: 'This file is not exactly a document the municipality issued: it was changed or comes from elsewhere.',
  },
  delivered: {
    nl: 'Dit bestand is precies het document dat de gemeente afleverde.',
    fr: 'Ce fichier est exactement le document délivré par la commune.',
    en: 'This file is exactly the document the municipality issued.',
  },
  type: { nl: 'Soort document', fr: 'Type de document', en: 'Type of document' },
  issuedAt: { nl: 'Uitgereikt op', fr: 'Délivré le', en: 'Issued on' },
  issuedBy: { nl: 'Uitgereikt door', fr: 'Délivré par', en: 'Issued by' },
  validUntil: { nl: 'Geldig tot', fr: "Valable jusqu'au", en: 'Valid until' },
  withdrawnAt: { nl: 'Ingetrokken op', fr: 'Retiré le', en: 'Withdrawn on' },
  signatures: {
    nl: 'Elektronische handtekeningen',
    fr: 'Signatures électroniques',
    en: 'Electronic signatures',
  },
  noSignatures: {
    nl: 'Het bestand bevat geen elektronische handtekening.',
    fr: 'Le fichier ne contient aucune signature électronique.',
    en: 'The file contains no electronic signature.',
  },
  sigOk: { nl: 'Handtekening intact', fr: 'Signature intacte', en: 'Signature intact' },
  sigBroken: {
    nl: 'Handtekening ongeldig: het bestand werd na ondertekening gewijzigd',
    fr: 'Signature invalide : le fichier a été modifié après la signature',
    en: 'Signature invalid: the file was changed after signing',
  },
  sigTrusted: { nl: 'vertrouwd certificaat', fr: 'certificat de confiance', en: 'trusted certificate' },
  sigUntrusted: {
    nl: 'certificaat niet vertrouwd',
    fr: 'certificat non reconnu',
    en: 'certificate not trusted',
  },
  sigAppended: {
    nl: 'na de handtekening werd nog iets toegevoegd',
    fr: 'quelque chose a été ajouté après la signature',
    en: 'something was added after the signature',
  },
  noFile: { nl: 'Kies een PDF-bestand.', fr: 'Choisissez un fichier PDF.', en: 'Choose a PDF file.' },
  tooMany: {
    nl: 'Te veel controles na elkaar. Probeer het over enkele minuten opnieuw.',
    fr: 'Trop de vérifications successives. Réessayez dans quelques minutes.',
    en: 'Too many checks in a row. Try again in a few minutes.',
  },
  again: {
    nl: 'Een ander document controleren',
    fr: 'Vérifier un autre document',
    en: 'Check another document',
  },
} satisfies Record<string, LocalizedText>;

/** A verification text in `locale`. */
export function vt(locale: Locale, key: keyof typeof VERIFY_TEXT): string {
  return localize(VERIFY_TEXT[key], locale);
}
