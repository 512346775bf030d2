import type { Person } from '@smartloket/dev-population';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** What the simulator asks a {@link DocumentFactory} to make. */
export interface SimulatedDocumentSpec {
  kind: 'attest' | 'akte' | 'strafregister';
  /** The attest name, act type or extract model. */
  title: string;
  /** The source the document stands for, e.g. `FOD Binnenlandse Zaken`. */
  source: string;
  /** The source as printed in the document's language (default `source`). */
  sourceName?: string;
  language: 'nl' | 'fr' | 'de';
  /** The person it is about (absent for old acts of people without an INSZ). */
  person?: Person;
  /** NIS code of the issuing municipality. */
  gemeenteVanAfgifte: string;
  issuedAt: Date;
  /** Body lines (already worded). */
  lines: string[];
  /** Where the document can be verified; printed with a QR code when given. */
  verificationUrl?: string;
}

/** The mark of a simulated document, in its language. */
export const SIMULATED = { nl: 'simulatie', fr: 'simulation', de: 'Simulation' } as const;

/** What the footer of a simulated document says, in its language. */
const NO_VALUE = {
  nl: 'Getekend door {source} ({mark}) - testdocument zonder rechtsgeldigheid',
  fr: 'Signé par {source} ({mark}) - document de test sans valeur légale',
  de: 'Unterzeichnet von {source} ({mark}) - Testdokument ohne Rechtsgültigkeit',
} as const;

/** The issuer's name as the document prints it: `FOD Binnenlandse Zaken (simulatie)`. */
export function printedSource(spec: SimulatedDocumentSpec): string {
  return `${spec.sourceName ?? spec.source} (${SIMULATED[spec.language]})`;
}

/**
 * Renders and seals the documents the simulator returns. The default writes a plain PDF; a
 * deployment's dev setup can plug in renderer-pdf and signer-pades with test keys marked
 * "(simulated)".
 */
export interface DocumentFactory {
  render(spec: SimulatedDocumentSpec): Promise<Uint8Array>;
}

/**
 * Stop-gap factory: a one-page PDF (pdf-lib) that states it stands for a document signed by the
 * source "(simulated)". It carries no cryptographic signature.
 */
export function createPlainDocumentFactory(): DocumentFactory {
  return {
    async render(spec) {
      const pdf = await PDFDocument.create();
      pdf.setTitle(`${spec.title} (simulated)`);
      pdf.setProducer('SmartLoket MAGDA simulator');
      pdf.setAuthor(`${spec.source} (simulated)`);
      pdf.setCreationDate(spec.issuedAt);
      pdf.setModificationDate(spec.issuedAt);
      const page = pdf.addPage([595.28, 841.89]);
      const font = await pdf.embedFont(StandardFonts.Helvetica);
      const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
      // Standard fonts are WinAnsi: replace what they cannot draw.
      const safe = (s: string) =>
        s
          .replace(/[\u2018\u2019]/g, "'")
          .normalize('NFKD')
          .replace(/[^\x20-\x7e\u00a0-\u00ff]/g, '');
      let y = 780;
      page.drawText(safe(spec.title), { x: 50, y, size: 18, font: bold });
      y -= 28;
      page.drawText(safe(printedSource(spec)), { x: 50, y, size: 11, font });
      y -= 30;
      for (const line of spec.lines) {
        page.drawText(safe(line), { x: 50, y, size: 11, font });
        y -= 16;
      }
      y -= 20;
      const footer = NO_VALUE[spec.language]
        .replace('{source}', spec.sourceName ?? spec.source)
        .replace('{mark}', SIMULATED[spec.language]);
      page.drawText(safe(footer), {
        x: 50,
        y,
        size: 9,
        font,
      });
      return pdf.save();
    },
  };
}
