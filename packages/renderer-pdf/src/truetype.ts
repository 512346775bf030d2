/**
 * A small TrueType (glyf) subsetter for PDF embedding: keeps the glyphs a document draws (and the
 * components of composite glyphs), renumbered densely, and the tables a CIDFontType2 program
 * needs. The font is parsed once per process; a subset costs one copy of the glyphs it keeps.
 */

/** A TrueType font whose tables are located once. */
export interface TrueTypeFont {
  bytes: Uint8Array;
  tables: Map<string, Uint8Array>;
  numGlyphs: number;
  unitsPerEm: number;
  /** Start offset of every glyph in `glyf` (numGlyphs + 1 entries). */
  loca: Uint32Array;
  /** Advance width and left side bearing per glyph, in font units. */
  advance: Uint16Array;
  lsb: Int16Array;
}

/** Tables copied unchanged into a subset (hinting included, so that hinted rasterisers still work). */
const COPIED = ['OS/2', 'cvt ', 'fpgm', 'gasp', 'name', 'post', 'prep'];

/** A copy (a Buffer's `slice` would share memory with the font every document uses). */
function copy(b: Uint8Array): Uint8Array {
  return new Uint8Array(b);
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** Locates the tables of a TrueType font (not a collection, not CFF). */
export function parseTrueType(bytes: Uint8Array): TrueTypeFont {
  const v = view(bytes);
  const count = v.getUint16(4);
  const tables = new Map<string, Uint8Array>();
  for (let i = 0; i < count; i++) {
    const at = 12 + 16 * i;
    const tag = String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
    const offset = v.getUint32(at + 8);
    const length = v.getUint32(at + 12);
    tables.set(tag, bytes.subarray(offset, offset + length));
  }
  const need = (tag: string) => {
    const t = tables.get(tag);
    if (!t) throw new Error(`not a TrueType font with glyf outlines: no '${tag}' table`);
    return t;
  };
  const head = view(need('head'));
  const numGlyphs = view(need('maxp')).getUint16(4);
  const longLoca = head.getInt16(50) === 1;
  const locaView = view(need('loca'));
  const loca = new Uint32Array(numGlyphs + 1);
  for (let g = 0; g <= numGlyphs; g++) {
    loca[g] = longLoca ? locaView.getUint32(4 * g) : 2 * locaView.getUint16(2 * g);
  }
  need('glyf');
  const metrics = view(need('hmtx'));
  const numberOfHMetrics = view(need('hhea')).getUint16(34);
  const advance = new Uint16Array(numGlyphs);
  const lsb = new Int16Array(numGlyphs);
  for (let g = 0; g < numGlyphs; g++) {
    if (g < numberOfHMetrics) {
      advance[g] = metrics.getUint16(4 * g);
      lsb[g] = metrics.getInt16(4 * g + 2);
    } else {
      advance[g] = advance[numberOfHMetrics - 1]!;
      lsb[g] = metrics.getInt16(4 * numberOfHMetrics + 2 * (g - numberOfHMetrics));
    }
  }
  return { bytes, tables, numGlyphs, unitsPerEm: head.getUint16(18), loca, advance, lsb };
}

// Composite glyph component flags (OpenType 'glyf').
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;

function glyphData(font: TrueTypeFont, gid: number): Uint8Array {
  return font.tables.get('glyf')!.subarray(font.loca[gid]!, font.loca[gid + 1]!);
}

/** Calls `fn` with the byte offset (in `data`) of each component glyph index of a composite glyph. */
function forEachComponent(data: Uint8Array, fn: (indexAt: number) => void): void {
  if (data.length < 10) return;
  const v = view(data);
  if (v.getInt16(0) >= 0) return; // a simple glyph
  let at = 10;
  for (;;) {
    const flags = v.getUint16(at);
    fn(at + 2);
    at += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
    if (flags & WE_HAVE_A_SCALE) at += 2;
    else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) at += 4;
    else if (flags & WE_HAVE_A_TWO_BY_TWO) at += 8;
    if (!(flags & MORE_COMPONENTS)) return;
  }
}

/** The result of subsetting: the font program and each kept glyph's new index. */
export interface TrueTypeSubset {
  bytes: Uint8Array;
  /** Original glyph index -> index in the subset. */
  newIndex: Map<number, number>;
}

/**
 * Builds a font with glyph 0 (.notdef), then `glyphs` in the given order (their new indices are
 * 1, 2, ...), then the components composite glyphs refer to. Drops cmap and the OpenType layout
 * tables: a PDF addresses glyphs by index (CIDToGIDMap Identity) and does no shaping.
 */
export function subsetTrueType(font: TrueTypeFont, glyphs: Iterable<number>): TrueTypeSubset {
  const order: number[] = [0];
  const newIndex = new Map<number, number>([[0, 0]]);
  const add = (gid: number) => {
    if (gid >= font.numGlyphs || newIndex.has(gid)) return;
    newIndex.set(gid, order.length);
    order.push(gid);
  };
  for (const g of glyphs) add(g);
  for (let i = 0; i < order.length; i++) {
    const data = glyphData(font, order[i]!);
    const v = view(data);
    forEachComponent(data, (at) => add(v.getUint16(at)));
  }

  const n = order.length;
  let glyfLength = 0;
  for (const g of order) glyfLength += (glyphData(font, g).length + 3) & ~3;
  const glyf = new Uint8Array(glyfLength);
  const loca = new Uint8Array(4 * (n + 1));
  const locaView = view(loca);
  const hmtx = new Uint8Array(4 * n);
  const hmtxView = view(hmtx);
  let at = 0;
  order.forEach((g, i) => {
    locaView.setUint32(4 * i, at);
    hmtxView.setUint16(4 * i, font.advance[g]!);
    hmtxView.setInt16(4 * i + 2, font.lsb[g]!);
    const data = glyphData(font, g);
    glyf.set(data, at);
    const copy = glyf.subarray(at, at + data.length);
    const cv = view(copy);
    forEachComponent(copy, (p) => cv.setUint16(p, newIndex.get(cv.getUint16(p))!));
    at += (data.length + 3) & ~3;
  });
  locaView.setUint32(4 * n, at);

  const head = copy(font.tables.get('head')!);
  view(head).setUint32(8, 0); // checkSumAdjustment, set below
  view(head).setInt16(50, 1); // indexToLocFormat: long offsets
  const hhea = copy(font.tables.get('hhea')!);
  view(hhea).setUint16(34, n); // numberOfHMetrics
  const maxp = copy(font.tables.get('maxp')!);
  view(maxp).setUint16(4, n); // numGlyphs

  const out = new Map<string, Uint8Array>([
    ['glyf', glyf],
    ['head', head],
    ['hhea', hhea],
    ['hmtx', hmtx],
    ['loca', loca],
    ['maxp', maxp],
  ]);
  for (const tag of COPIED) {
    const t = font.tables.get(tag);
    if (t) out.set(tag, t);
  }
  const bytes = writeTables(out);
  // checkSumAdjustment makes the whole font sum to 0xB1B0AFBA.
  const headAt = tableOffset(bytes, 'head');
  view(bytes).setUint32(headAt + 8, (0xb1b0afba - checksum(bytes)) >>> 0);
  return { bytes, newIndex };
}

function checksum(b: Uint8Array): number {
  const v = view(b);
  let sum = 0;
  const whole = b.length & ~3;
  for (let i = 0; i < whole; i += 4) sum = (sum + v.getUint32(i)) >>> 0;
  if (whole < b.length) {
    let last = 0;
    for (let i = whole; i < whole + 4; i++) last = (last << 8) | (i < b.length ? b[i]! : 0);
    sum = (sum + (last >>> 0)) >>> 0;
  }
  return sum;
}

/** Writes an sfnt with the given tables (sorted by tag, each 4-byte aligned, with checksums). */
function writeTables(tables: Map<string, Uint8Array>): Uint8Array {
  const tags = [...tables.keys()].sort();
  const count = tags.length;
  let size = 12 + 16 * count;
  for (const t of tags) size += (tables.get(t)!.length + 3) & ~3;
  const out = new Uint8Array(size);
  const v = view(out);
  let entrySelector = 0;
  while (2 ** (entrySelector + 1) <= count) entrySelector++;
  const searchRange = 16 * 2 ** entrySelector;
  v.setUint32(0, 0x00010000);
  v.setUint16(4, count);
  v.setUint16(6, searchRange);
  v.setUint16(8, entrySelector);
  v.setUint16(10, 16 * count - searchRange);
  let at = 12 + 16 * count;
  tags.forEach((tag, i) => {
    const data = tables.get(tag)!;
    const entry = 12 + 16 * i;
    for (let k = 0; k < 4; k++) out[entry + k] = tag.charCodeAt(k);
    v.setUint32(entry + 4, checksum(data));
    v.setUint32(entry + 8, at);
    v.setUint32(entry + 12, data.length);
    out.set(data, at);
    at += (data.length + 3) & ~3;
  });
  return out;
}

function tableOffset(bytes: Uint8Array, tag: string): number {
  const v = view(bytes);
  const count = v.getUint16(4);
  for (let i = 0; i < count; i++) {
    const at = 12 + 16 * i;
    if (String.fromCharCode(...bytes.subarray(at, at + 4)) === tag) return v.getUint32(at + 8);
  }
  throw new Error(`no '${tag}' table`);
}
