import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import {
  CustomFontEmbedder,
  type PDFContext,
  type PDFDocument,
  PDFFont,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRawStream,
  type PDFRef,
  PDFString,
} from 'pdf-lib';
import { parseTrueType, subsetTrueType, type TrueTypeFont } from './truetype.js';

/**
 * The fonts shipped with the package (DejaVu Sans, pre-subset by `scripts/subset-fonts.mjs` to
 * the scripts Belgian registers hold). Read and parsed once per process. Every document embeds
 * only the glyphs it draws (see `truetype.ts` and decision 0100): a subset costs a copy of those
 * glyphs and a deflate of a few kilobytes, far less than the full font objects it replaces.
 */
export interface FontFiles {
  regular: Uint8Array;
  bold: Uint8Array;
  fallback: Uint8Array;
}

type FontkitFont = ReturnType<typeof fontkit.create>;

let files: FontFiles | undefined;

function fontPath(name: string): string {
  // src/fonts.ts and dist/index.js both sit one folder below the package root.
  return fileURLToPath(new URL(`../fonts/${name}`, import.meta.url));
}

/** The font bytes, read once per process. */
export function fontFiles(): FontFiles {
  files ??= {
    regular: readFileSync(fontPath('SmartLoketSans-Regular.ttf')),
    bold: readFileSync(fontPath('SmartLoketSans-Bold.ttf')),
    fallback: readFileSync(fontPath('SmartLoketSans-Fallback.ttf')),
  };
  return files;
}

/** What one font face shares between documents: parsed tables, metrics, glyphs by code point. */
interface Face {
  bytes: Uint8Array;
  fontkit: FontkitFont;
  ttf: TrueTypeFont;
  /** 1000 / unitsPerEm. */
  scale: number;
  descriptor: {
    flags: number;
    bbox: [number, number, number, number];
    italicAngle: number;
    ascent: number;
    descent: number;
    capHeight: number;
    xHeight: number;
  };
  glyph(codePoint: number): { id: number; advance: number };
}

const faces = new Map<Uint8Array, Face>();

/** A face, parsed once per process per byte array. */
function face(bytes: Uint8Array): Face {
  let f = faces.get(bytes);
  if (f) return f;
  const fk = fontkit.create(bytes as Buffer);
  const ttf = parseTrueType(bytes);
  const scale = 1000 / ttf.unitsPerEm;
  const glyphs = new Map<number, { id: number; advance: number }>();
  const { minX, minY, maxX, maxY } = fk.bbox;
  const familyClass = (fk as unknown as { 'OS/2'?: { sFamilyClass: number } })['OS/2']?.sFamilyClass ?? 0;
  // As pdf-lib derives them: symbolic (glyphs addressed by index), serif from the OS/2 class.
  const flags = 4 | (familyClass >= 1 && familyClass <= 7 ? 2 : 0);
  f = {
    bytes,
    fontkit: fk,
    ttf,
    scale,
    descriptor: {
      flags,
      bbox: [minX * scale, minY * scale, maxX * scale, maxY * scale],
      italicAngle: fk.italicAngle,
      ascent: fk.ascent * scale,
      descent: fk.descent * scale,
      capHeight: (fk.capHeight || fk.ascent) * scale,
      xHeight: (fk.xHeight || 0) * scale,
    },
    // Glyphs by code point without shaping (fontkit's layout runs the GSUB/GPOS engine on every
    // string, which costs more than the whole rest of a page). Texts are NFC-normalised first,
    // so precomposed letters (Vietnamese included) map to one glyph each.
    glyph(cp) {
      let g = glyphs.get(cp);
      if (!g) {
        const id = fk.glyphForCodePoint(cp).id;
        g = { id, advance: (ttf.advance[id] ?? 0) * scale };
        glyphs.set(cp, g);
      }
      return g;
    },
  };
  faces.set(bytes, f);
  return f;
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/** UTF-16BE hex of a code point, for a ToUnicode map. */
function utf16Hex(cp: number): string {
  if (cp < 0x10000) return hex4(cp);
  const v = cp - 0x10000;
  return hex4(0xd800 + (v >> 10)) + hex4(0xdc00 + (v & 0x3ff));
}

/** A ToUnicode CMap for CIDs 1..n (at most 100 entries per bfchar block, as the format demands). */
function toUnicodeCmap(codePoints: number[]): string {
  const blocks: string[] = [];
  for (let i = 0; i < codePoints.length; i += 100) {
    const chunk = codePoints.slice(i, i + 100);
    blocks.push(
      `${chunk.length} beginbfchar\n${chunk.map((cp, k) => `<${hex4(i + k + 1)}> <${utf16Hex(cp)}>`).join('\n')}\nendbfchar`,
    );
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <ffff>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

function flate(context: PDFContext, bytes: Uint8Array, extra: Record<string, number> = {}): PDFRef {
  const data = deflateSync(bytes);
  const dict = context.obj({ Filter: 'FlateDecode', Length: data.length });
  for (const [k, v] of Object.entries(extra)) dict.set(PDFName.of(k), PDFNumber.of(v));
  return context.register(PDFRawStream.of(dict, data));
}

/**
 * The font of one document: CIDs are handed out in the order glyphs are first drawn (1, 2, ...),
 * and on save the font program, widths and ToUnicode map hold exactly those glyphs. A subclass
 * of pdf-lib's embedder because `PDFFont` accepts only that class; every method pdf-lib calls on
 * it (encodeText, widthOfTextAtSize, heightOfFontAtSize, sizeOfFontAtHeight, embedIntoContext)
 * is ours or uses only the fontkit metrics.
 */
class SubsetEmbedder extends CustomFontEmbedder {
  readonly #face: Face;
  /** Original glyph index -> CID, and per CID (from 1) its glyph and first code point. */
  readonly #cids = new Map<number, number>();
  readonly #used: { gid: number; cp: number }[] = [];

  constructor(f: Face) {
    super(f.fontkit as never, f.bytes);
    this.#face = f;
  }

  override encodeText(text: string): PDFHexString {
    let hex = '';
    for (const ch of text.normalize('NFC')) {
      const cp = ch.codePointAt(0)!;
      const { id } = this.#face.glyph(cp);
      let cid = this.#cids.get(id);
      if (cid === undefined) {
        this.#used.push({ gid: id, cp });
        cid = this.#used.length;
        this.#cids.set(id, cid);
      }
      hex += hex4(cid);
    }
    return PDFHexString.of(hex);
  }

  override widthOfTextAtSize(text: string, size: number): number {
    let w = 0;
    for (const ch of text.normalize('NFC')) w += this.#face.glyph(ch.codePointAt(0)!).advance;
    return (w * size) / 1000;
  }

  override async embedIntoContext(context: PDFContext, ref?: PDFRef): Promise<PDFRef> {
    const f = this.#face;
    const used = this.#used;
    const gids = used.map((u) => u.gid);
    const subset = subsetTrueType(f.ttf, gids);
    // The PDF convention for a subset font: a six-letter tag, here derived from the face and the
    // glyphs kept, so that the same text gives the same bytes and two faces of one document (the
    // regular and fallback faces share the PostScript name DejaVuSans) never share a name.
    const digest = createHash('sha256')
      .update(this.fontName)
      .update(String(f.bytes.length))
      .update(Uint16Array.from(gids))
      .digest();
    const tag = Array.from(digest.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join('');
    const baseFont = `${tag}+${this.fontName}`;
    const d = f.descriptor;
    const descriptor = context.register(
      context.obj({
        Type: 'FontDescriptor',
        FontName: baseFont,
        Flags: d.flags,
        FontBBox: d.bbox,
        ItalicAngle: d.italicAngle,
        Ascent: d.ascent,
        Descent: d.descent,
        CapHeight: d.capHeight,
        XHeight: d.xHeight,
        StemV: 0,
        FontFile2: flate(context, subset.bytes, { Length1: subset.bytes.length }),
      }),
    );
    const cidFont = context.register(
      context.obj({
        Type: 'Font',
        Subtype: 'CIDFontType2',
        CIDToGIDMap: 'Identity',
        BaseFont: baseFont,
        CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
        FontDescriptor: descriptor,
        DW: 0,
        W: used.length ? [1, used.map((u) => Math.round(f.ttf.advance[u.gid]! * f.scale * 1000) / 1000)] : [],
      }),
    );
    const toUnicode = flate(context, Buffer.from(toUnicodeCmap(used.map((u) => u.cp)), 'latin1'));
    const font = context.obj({
      Type: 'Font',
      Subtype: 'Type0',
      BaseFont: baseFont,
      Encoding: 'Identity-H',
      DescendantFonts: [cidFont],
      ToUnicode: toUnicode,
    });
    if (ref) {
      context.assign(ref, font);
      return ref;
    }
    return context.register(font);
  }
}

/** Adds a face to a document; its glyphs are embedded (subset) when the document is saved. */
function embedSubset(doc: PDFDocument, bytes: Uint8Array): PDFFont {
  const font = PDFFont.of(doc.context.nextRef(), doc, new SubsetEmbedder(face(bytes)));
  // What PDFDocument.embedFont does after choosing an embedder: the font is embedded on save.
  (doc as unknown as { fonts: PDFFont[] }).fonts.push(font);
  return font;
}

/** The fonts of one document. */
export interface DocumentFonts {
  regular: PDFFont;
  bold: PDFFont;
  /** Adds the fallback font (Greek, Cyrillic, ...) to the document on first use. */
  fallback(): Promise<PDFFont>;
  /** Whether the primary fonts have a glyph for this code point. */
  hasPrimary(codePoint: number): boolean;
  /** Whether the fallback font has a glyph for this code point. */
  hasFallback(codePoint: number): boolean;
}

/** Adds the package fonts to `doc`. */
export async function embedFonts(doc: PDFDocument): Promise<DocumentFonts> {
  const f = fontFiles();
  const primary = face(f.regular).fontkit;
  const secondary = face(f.fallback).fontkit;
  let fallback: PDFFont | undefined;
  return {
    regular: embedSubset(doc, f.regular),
    bold: embedSubset(doc, f.bold),
    fallback: async () => {
      fallback ??= embedSubset(doc, f.fallback);
      return fallback;
    },
    hasPrimary: (cp) => primary.hasGlyphForCodePoint(cp),
    hasFallback: (cp) => secondary.hasGlyphForCodePoint(cp),
  };
}
