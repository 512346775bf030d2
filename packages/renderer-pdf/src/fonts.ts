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
} from 'pdf-lib';

/**
 * The fonts shipped with the package (DejaVu Sans, pre-subset by `scripts/subset-fonts.mjs`).
 * Read from disk, parsed, compressed and measured once per process: a document only adds the
 * ready-made font objects (no per-document subsetting, parsing or compression). The fallback
 * font (Greek, Cyrillic, ...) is embedded, subset, only in a document whose text needs it.
 */
export interface FontFiles {
  regular: Uint8Array;
  bold: Uint8Array;
  fallback: Uint8Array;
}

type FontkitFont = ReturnType<typeof fontkit.create>;

let files: FontFiles | undefined;
const parsed = new Map<Uint8Array, FontkitFont>();

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

/** A parsed font, parsed once per process per byte array. */
function parsedFont(bytes: Uint8Array): FontkitFont {
  let font = parsed.get(bytes);
  if (!font) {
    font = fontkit.create(bytes as Buffer);
    parsed.set(bytes, font);
  }
  return font;
}

/** A fontkit facade for pdf-lib that hands out the fonts parsed by this module. */
const cachingFontkit = { create: (bytes: Uint8Array) => parsedFont(bytes) };

/**
 * Internals of pdf-lib's CustomFontEmbedder that we replace with cached versions. They are
 * `protected` in its typings; the class has been stable since pdf-lib 1.x.
 */
interface EmbedderInternals {
  font: FontkitFont;
  scale: number;
  encodeText(text: string): PDFHexString;
  widthOfTextAtSize(text: string, size: number): number;
  computeWidths(): (number | number[])[];
  embedFontStream(context: PDFContext): Promise<PDFRef>;
  embedUnicodeCmap(context: PDFContext): PDFRef;
}

const embedders = new Map<Uint8Array, Promise<CustomFontEmbedder>>();

/**
 * One embedder per font per process, whose font file, ToUnicode map and width table are
 * computed and deflated on first use and then reused by every document.
 */
function sharedEmbedder(bytes: Uint8Array): Promise<CustomFontEmbedder> {
  let hit = embedders.get(bytes);
  if (!hit) {
    hit = CustomFontEmbedder.for(cachingFontkit as never, bytes).then((embedder) => {
      const e = embedder as unknown as EmbedderInternals;
      // Glyphs by code point without shaping (fontkit's layout runs the GSUB/GPOS engine on every
      // string, which costs more than the whole rest of a page). Texts are NFC-normalised first,
      // so precomposed letters (Vietnamese included) map to one glyph each.
      const glyphs = new Map<number, { hex: string; advance: number }>();
      const glyph = (cp: number) => {
        let g = glyphs.get(cp);
        if (!g) {
          const fg = e.font.glyphForCodePoint(cp);
          g = { hex: fg.id.toString(16).padStart(4, '0'), advance: fg.advanceWidth * e.scale };
          glyphs.set(cp, g);
        }
        return g;
      };
      e.encodeText = (text) => {
        let hex = '';
        for (const ch of text.normalize('NFC')) hex += glyph(ch.codePointAt(0)!).hex;
        return PDFHexString.of(hex);
      };
      e.widthOfTextAtSize = (text, size) => {
        let w = 0;
        for (const ch of text.normalize('NFC')) w += glyph(ch.codePointAt(0)!).advance;
        return (w * size) / 1000;
      };
      const widths = e.computeWidths();
      e.computeWidths = () => widths;
      const fontFile = deflateSync(bytes);
      e.embedFontStream = async (context) => {
        const dict = context.obj({ Filter: 'FlateDecode', Length: fontFile.length });
        dict.set(PDFName.of('Length1'), PDFNumber.of(bytes.length));
        return context.register(PDFRawStream.of(dict, fontFile));
      };
      let cmap: Uint8Array | undefined;
      const originalCmap = e.embedUnicodeCmap.bind(e);
      e.embedUnicodeCmap = (context) => {
        if (!cmap) {
          // Let pdf-lib build the map once, then keep its deflated bytes.
          const ref = originalCmap(context);
          cmap = (context.lookup(ref) as PDFRawStream).getContents();
          return ref;
        }
        return context.register(
          PDFRawStream.of(context.obj({ Filter: 'FlateDecode', Length: cmap.length }), cmap),
        );
      };
      return embedder;
    });
    embedders.set(bytes, hit);
  }
  return hit;
}

/** Adds a shared (pre-measured, pre-compressed) font to a document. */
async function embedShared(doc: PDFDocument, bytes: Uint8Array): Promise<PDFFont> {
  const embedder = await sharedEmbedder(bytes);
  const font = PDFFont.of(doc.context.nextRef(), doc, embedder);
  // What PDFDocument.embedFont does after choosing an embedder: the font is embedded on save.
  (doc as unknown as { fonts: PDFFont[] }).fonts.push(font);
  return font;
}

/** The fonts of one document. */
export interface DocumentFonts {
  regular: PDFFont;
  bold: PDFFont;
  /** Embeds the fallback font (subset to the document's text) on first use. */
  fallback(): Promise<PDFFont>;
  /** Whether the primary fonts have a glyph for this code point. */
  hasPrimary(codePoint: number): boolean;
  /** Whether the fallback font has a glyph for this code point. */
  hasFallback(codePoint: number): boolean;
}

/** Embeds the package fonts into `doc`. */
export async function embedFonts(doc: PDFDocument): Promise<DocumentFonts> {
  const f = fontFiles();
  const [regular, bold] = await Promise.all([embedShared(doc, f.regular), embedShared(doc, f.bold)]);
  const primary = parsedFont(f.regular);
  const secondary = parsedFont(f.fallback);
  let fallback: Promise<PDFFont> | undefined;
  return {
    regular,
    bold,
    fallback: () => {
      doc.registerFontkit(fontkit);
      fallback ??= doc.embedFont(f.fallback, { subset: true });
      return fallback;
    },
    hasPrimary: (cp) => primary.hasGlyphForCodePoint(cp),
    hasFallback: (cp) => secondary.hasGlyphForCodePoint(cp),
  };
}
