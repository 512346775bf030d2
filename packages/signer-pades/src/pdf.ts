import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef } from 'pdf-lib';

/** The PDF could not be prepared for a signature. */
export class PdfStructureError extends Error {
  override readonly name = 'PdfStructureError';
}

const latin1 = (s: string) => Buffer.from(s, 'latin1');

/** `D:YYYYMMDDHHmmSSZ` */
export function pdfDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

/** The offset of the last cross-reference section (`startxref`). */
export function lastStartXref(pdf: Uint8Array): number {
  const tail = Buffer.from(pdf.subarray(Math.max(0, pdf.length - 1024))).toString('latin1');
  const m = [...tail.matchAll(/startxref\s+(\d+)/g)].pop();
  if (!m) throw new PdfStructureError('no startxref: not a PDF or a truncated one');
  return Number(m[1]);
}

/** Writes objects and a classic cross-reference section appended to `base` (an incremental update). */
export function appendUpdate(
  base: Uint8Array,
  objects: Array<{ num: number; body: Buffer }>,
  trailer: string,
): { bytes: Buffer; offsets: Map<number, number> } {
  const prev = lastStartXref(base);
  const chunks: Buffer[] = [Buffer.from(base)];
  let pos = base.length;
  const push = (b: Buffer) => {
    chunks.push(b);
    pos += b.length;
  };
  if (base[base.length - 1] !== 0x0a) push(latin1('\n'));
  const offsets = new Map<number, number>();
  for (const o of objects) {
    offsets.set(o.num, pos);
    push(latin1(`${o.num} 0 obj\n`));
    push(o.body);
    push(latin1('\nendobj\n'));
  }
  const xrefAt = pos;
  let xref = 'xref\n0 1\n0000000000 65535 f \n';
  for (const o of [...objects].sort((a, b) => a.num - b.num)) {
    xref += `${o.num} 1\n${String(offsets.get(o.num)).padStart(10, '0')} 00000 n \n`;
  }
  push(latin1(`${xref}trailer\n<<${trailer} /Prev ${prev}>>\nstartxref\n${xrefAt}\n%%EOF\n`));
  return { bytes: Buffer.concat(chunks), offsets };
}

/** What the signature step leaves for a later DSS update. */
export interface PreparedSignature {
  /** The PDF with the placeholder; `/Contents` is zeros. */
  bytes: Buffer;
  /** The two byte ranges covered by the signature. */
  byteRange: [number, number, number, number];
  /** Offset of the first hex digit of `/Contents` and its number of hex digits. */
  contentsAt: number;
  contentsHexLength: number;
  catalogNum: number;
  /** The catalog dictionary as written, without its closing `>>`. */
  catalogOpen: string;
  trailerBase: string;
  nextNum: number;
}

export interface PlaceholderOptions {
  reason: string;
  location: string;
  name: string;
  contactInfo?: string | undefined;
  signingTime: Date;
  /** Bytes reserved for the CMS. */
  reserve: number;
  /**
   * A document timestamp (PAdES B-LTA archive timestamp: `/Type /DocTimeStamp`, subfilter
   * `ETSI.RFC3161`, `/Contents` an RFC 3161 token) rather than a seal; name, reason and location
   * are then not written.
   */
  docTimeStamp?: boolean | undefined;
}

const BR_PLACEHOLDER = '/ByteRange [0 0000000000 0000000000 0000000000]';

/**
 * Adds an invisible signature field and a signature dictionary with a zeroed `/Contents` as an
 * incremental update. The original bytes are kept as they are.
 */
export async function preparePlaceholder(pdf: Uint8Array, o: PlaceholderOptions): Promise<PreparedSignature> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false, ignoreEncryption: false });
  } catch (cause) {
    throw new PdfStructureError('the PDF cannot be read', { cause });
  }
  const ctx = doc.context;
  const catalogRef = ctx.trailerInfo.Root as PDFRef | undefined;
  if (!(catalogRef instanceof PDFRef)) throw new PdfStructureError('the PDF has no /Root reference');
  const catalog = doc.catalog.clone(ctx);
  const page = doc.getPage(0);
  const pageDict = page.node.clone(ctx);
  let next = ctx.largestObjectNumber + 1;
  const sigNum = next++;
  const widgetNum = next++;
  const widgetRef = PDFRef.of(widgetNum);

  // Page: /Annots gets the widget.
  const annots = pageDict.lookup(PDFName.of('Annots'));
  const newAnnots = annots instanceof PDFArray ? annots.clone(ctx) : ctx.obj([]);
  newAnnots.push(widgetRef);
  pageDict.set(PDFName.of('Annots'), newAnnots);

  // Catalog: /AcroForm lists the field and says the file holds signatures.
  const existingForm = catalog.lookup(PDFName.of('AcroForm'));
  const form = existingForm instanceof PDFDict ? existingForm.clone(ctx) : ctx.obj({});
  const fields = form.lookup(PDFName.of('Fields'));
  const newFields = fields instanceof PDFArray ? fields.clone(ctx) : ctx.obj([]);
  newFields.push(widgetRef);
  form.set(PDFName.of('Fields'), newFields);
  form.set(PDFName.of('SigFlags'), ctx.obj(3));
  catalog.set(PDFName.of('AcroForm'), form);

  const existingNames = new Set(
    (fields instanceof PDFArray ? fields.asArray() : []).map((f) => {
      const d = ctx.lookup(f);
      return d instanceof PDFDict ? String(d.get(PDFName.of('T')) ?? '') : '';
    }),
  );
  const prefix = o.docTimeStamp ? 'Timestamp' : 'Seal';
  let fieldName = `${prefix}1`;
  for (let i = 2; existingNames.has(PDFHexString.fromText(fieldName).toString()); i++)
    fieldName = `${prefix}${i}`;

  const text = (s: string) => PDFHexString.fromText(s).toString();
  const hexLen = o.reserve * 2;
  const sigHead = o.docTimeStamp
    ? `<</Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161 ${BR_PLACEHOLDER} /Contents <`
    : `<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ${BR_PLACEHOLDER} /Contents <`;
  const sigTail = o.docTimeStamp
    ? '>>>'
    : `> /M (${pdfDate(o.signingTime)}) /Name ${text(o.name)} /Reason ${text(o.reason)} /Location ${text(o.location)}` +
      (o.contactInfo ? ` /ContactInfo ${text(o.contactInfo)}` : '') +
      '>>';
  const sigBody = Buffer.concat([latin1(sigHead), Buffer.alloc(hexLen, 0x30), latin1(sigTail)]);
  const widget = `<</Type /Annot /Subtype /Widget /FT /Sig /Rect [0 0 0 0] /F 132 /T ${text(fieldName)} /V ${sigNum} 0 R /P ${page.ref.toString()}>>`;

  const catalogStr = catalog.toString();
  const catalogOpen = catalogStr.slice(0, catalogStr.lastIndexOf('>>'));
  const t = ctx.trailerInfo;
  let trailerBase = ` /Root ${catalogRef.toString()}`;
  if (t.Info) trailerBase += ` /Info ${t.Info.toString()}`;
  if (t.ID) trailerBase += ` /ID ${t.ID.toString()}`;

  const { bytes, offsets } = appendUpdate(
    pdf,
    [
      { num: sigNum, body: sigBody },
      { num: widgetNum, body: latin1(widget) },
      { num: page.ref.objectNumber, body: latin1(pageDict.toString()) },
      { num: catalogRef.objectNumber, body: latin1(catalogStr) },
    ],
    ` /Size ${next}${trailerBase}`,
  );

  const sigAt = offsets.get(sigNum)! + `${sigNum} 0 obj\n`.length;
  const contentsStart = sigAt + sigHead.length - 1; // the '<'
  const contentsEnd = contentsStart + hexLen + 2; // after the '>'
  const byteRange: [number, number, number, number] = [
    0,
    contentsStart,
    contentsEnd,
    bytes.length - contentsEnd,
  ];
  const brAt = sigAt + sigHead.indexOf(BR_PLACEHOLDER);
  const br = `/ByteRange [${byteRange.join(' ')}]`.padEnd(BR_PLACEHOLDER.length, ' ');
  if (br.length !== BR_PLACEHOLDER.length) throw new PdfStructureError('PDF too large for the byte range');
  bytes.write(br, brAt, 'latin1');
  return {
    bytes,
    byteRange,
    contentsAt: contentsStart + 1,
    contentsHexLength: hexLen,
    catalogNum: catalogRef.objectNumber,
    catalogOpen,
    trailerBase,
    nextNum: next,
  };
}

/** SHA-256 over the two signed byte ranges. */
export function digestRanges(bytes: Uint8Array, br: readonly number[]): Buffer {
  return createHash('sha256')
    .update(bytes.subarray(br[0]!, br[0]! + br[1]!))
    .update(bytes.subarray(br[2]!, br[2]! + br[3]!))
    .digest();
}

/** Writes the CMS into the placeholder. */
export function fillContents(p: PreparedSignature, cms: Uint8Array): Buffer {
  const hex = Buffer.from(cms).toString('hex').toUpperCase();
  if (hex.length > p.contentsHexLength) {
    throw new PdfStructureError(
      `signature of ${cms.length} bytes exceeds the reserved ${p.contentsHexLength / 2}`,
    );
  }
  p.bytes.write(hex, p.contentsAt, 'latin1');
  return p.bytes;
}

/** What goes into the Document Security Store. */
export interface DssContent {
  certs: Uint8Array[];
  ocsps: Uint8Array[];
  crls: Uint8Array[];
  /** The CMS bytes of the signature (the VRI key is the SHA-1 of `/Contents`). */
  signatureContents: Uint8Array;
}

/**
 * Appends a second incremental update with a DSS dictionary (certificates, OCSP responses, CRLs
 * and a VRI entry for the signature), as PAdES B-LT asks. The signature stays valid.
 */
export function appendDss(signed: Buffer, p: PreparedSignature, dss: DssContent): Buffer {
  let num = p.nextNum;
  const objects: Array<{ num: number; body: Buffer }> = [];
  const streams = (list: Uint8Array[]) =>
    list.map((b) => {
      const n = num++;
      objects.push({
        num: n,
        body: Buffer.concat([
          latin1(`<</Length ${b.length}>>\nstream\n`),
          Buffer.from(b),
          latin1('\nendstream'),
        ]),
      });
      return `${n} 0 R`;
    });
  const certs = streams(dss.certs);
  const ocsps = streams(dss.ocsps);
  const crls = streams(dss.crls);
  const vriKey = createHash('sha1').update(dss.signatureContents).digest('hex').toUpperCase();
  let vri = `/Cert [${certs.join(' ')}]`;
  if (ocsps.length) vri += ` /OCSP [${ocsps.join(' ')}]`;
  if (crls.length) vri += ` /CRL [${crls.join(' ')}]`;
  let dssDict = `<</Type /DSS /Certs [${certs.join(' ')}]`;
  if (ocsps.length) dssDict += ` /OCSPs [${ocsps.join(' ')}]`;
  if (crls.length) dssDict += ` /CRLs [${crls.join(' ')}]`;
  dssDict += ` /VRI <</${vriKey} <<${vri}>>>>>>`;
  const dssNum = num++;
  objects.push({ num: dssNum, body: latin1(dssDict) });
  objects.push({ num: p.catalogNum, body: latin1(`${p.catalogOpen} /DSS ${dssNum} 0 R>>`) });
  return appendUpdate(signed, objects, ` /Size ${num}${p.trailerBase}`).bytes;
}
