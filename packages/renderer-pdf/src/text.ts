import type { PDFFont, PDFPage, RGB } from 'pdf-lib';
import type { DocumentFonts } from './fonts.js';

/** A piece of text drawn with one font. */
interface Run {
  text: string;
  font: PDFFont;
}

/**
 * Draws and measures text with the document's primary fonts, switching to the fallback font for
 * characters the primary fonts lack. A character that no font has is drawn as U+FFFD.
 */
export class TextEngine {
  #fallback: PDFFont | undefined;

  private constructor(private readonly fonts: DocumentFonts) {}

  /** Prepares an engine; embeds the fallback font only when one of `texts` needs it. */
  static async create(fonts: DocumentFonts, texts: Iterable<string>): Promise<TextEngine> {
    const engine = new TextEngine(fonts);
    for (const t of texts) {
      for (const ch of t.normalize('NFC')) {
        const cp = ch.codePointAt(0)!;
        if (cp >= 0x20 && !fonts.hasPrimary(cp) && fonts.hasFallback(cp)) {
          engine.#fallback = await fonts.fallback();
          return engine;
        }
      }
    }
    return engine;
  }

  /** Replaces control characters and splits the text into runs per font. */
  runs(text: string, bold: boolean): Run[] {
    const primary = bold ? this.fonts.bold : this.fonts.regular;
    const out: Run[] = [];
    let current: Run | undefined;
    for (let ch of text.normalize('NFC')) {
      const cp = ch.codePointAt(0)!;
      let font = primary;
      if (cp < 0x20) ch = ' ';
      else if (!this.fonts.hasPrimary(cp)) {
        if (this.#fallback && this.fonts.hasFallback(cp)) font = this.#fallback;
        else ch = '\uFFFD';
      }
      if (current && current.font === font) current.text += ch;
      else {
        current = { text: ch, font };
        out.push(current);
      }
    }
    return out;
  }

  /** Width of `text` in points. */
  width(text: string, size: number, bold = false): number {
    let w = 0;
    for (const r of this.runs(text, bold)) w += r.font.widthOfTextAtSize(r.text, size);
    return w;
  }

  /** Draws `text` with its baseline at (x, y). */
  draw(page: PDFPage, text: string, x: number, y: number, size: number, color: RGB, bold = false): void {
    for (const r of this.runs(text, bold)) {
      page.drawText(r.text, { x, y, size, font: r.font, color });
      x += r.font.widthOfTextAtSize(r.text, size);
    }
  }

  /** Breaks `text` into lines no wider than `maxWidth`; explicit newlines are kept. */
  wrap(text: string, size: number, maxWidth: number, bold = false): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split(/\r?\n/)) {
      let line = '';
      for (const word of paragraph.split(/ +/)) {
        const candidate = line ? `${line} ${word}` : word;
        if (this.width(candidate, size, bold) <= maxWidth) {
          line = candidate;
          continue;
        }
        if (line) lines.push(line);
        line = '';
        // A word wider than the line is cut by characters.
        let rest = word;
        while (this.width(rest, size, bold) > maxWidth && rest.length > 1) {
          let cut = rest.length - 1;
          while (cut > 1 && this.width(rest.slice(0, cut), size, bold) > maxWidth) cut--;
          lines.push(rest.slice(0, cut));
          rest = rest.slice(cut);
        }
        line = rest;
      }
      lines.push(line);
    }
    return lines;
  }
}
