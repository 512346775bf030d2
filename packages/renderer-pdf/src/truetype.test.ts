import fontkit from '@pdf-lib/fontkit';
import { describe, expect, it } from 'vitest';
import { fontFiles } from './fonts.js';
import { parseTrueType, subsetTrueType } from './truetype.js';

const regular = fontFiles().regular;
const original = fontkit.create(regular as Buffer);
const ttf = parseTrueType(regular);

function glyphIds(text: string): number[] {
  return [...text.normalize('NFC')].map((ch) => original.glyphForCodePoint(ch.codePointAt(0)!).id);
}

/** Sum of a font's 32-bit words, as checkSumAdjustment defines it. */
function fileChecksum(b: Uint8Array): number {
  const padded = new Uint8Array((b.length + 3) & ~3);
  padded.set(b);
  const v = new DataView(padded.buffer);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + v.getUint32(i)) >>> 0;
  return sum;
}

describe('subsetTrueType', () => {
  it('keeps the given glyphs in order, with the same outlines and advances, behind .notdef', () => {
    const text = 'Nguyễn-Čermák Łukasz Ødegaard-Çelik Ağaoğlu Weiß Ștefan ř';
    const ids = [...new Set(glyphIds(text))];
    const { bytes, newIndex } = subsetTrueType(ttf, ids);
    expect(ids.map((id) => newIndex.get(id))).toEqual(ids.map((_, i) => i + 1));
    expect(newIndex.get(0)).toBe(0);
    const sub = fontkit.create(Buffer.from(bytes));
    expect(sub.numGlyphs).toBe(newIndex.size);
    for (const id of [0, ...ids]) {
      const a = original.getGlyph(id);
      const b = sub.getGlyph(newIndex.get(id)!);
      expect(b.path.toSVG()).toBe(a.path.toSVG());
      expect(b.advanceWidth).toBe(a.advanceWidth);
    }
    expect(bytes.length).toBeLessThan(regular.length / 4);
    expect(fileChecksum(bytes)).toBe(0xb1b0afba);
  });

  it('leaves the font it subsets unchanged (it is shared by every document of the process)', () => {
    const before = Buffer.from(regular).toString('base64');
    subsetTrueType(ttf, glyphIds('Weiß'));
    expect(Buffer.isBuffer(regular)).toBe(true);
    expect(Buffer.from(regular).toString('base64')).toBe(before);
  });

  it('adds the components of composite glyphs and renumbers them inside the composite', () => {
    // Accented capitals in DejaVu Sans are composites (base letter + accent).
    const composite = glyphIds('ŘǑẾĘŠŽÇ').find(isComposite);
    expect(composite).toBeDefined();
    const { bytes, newIndex } = subsetTrueType(ttf, [composite!]);
    expect(newIndex.size).toBeGreaterThan(2);
    const sub = fontkit.create(Buffer.from(bytes));
    expect(sub.getGlyph(1).path.toSVG()).toBe(original.getGlyph(composite!).path.toSVG());
  });
});

function isComposite(id: number): boolean {
  const data = ttf.tables.get('glyf')!.subarray(ttf.loca[id]!, ttf.loca[id + 1]!);
  return data.length >= 2 && new DataView(data.buffer, data.byteOffset).getInt16(0) < 0;
}
