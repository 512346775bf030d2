import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { localize } from '@smartloket/core';
import {
  concatTransformationMatrix,
  fill,
  PDFDocument,
  type PDFDocument as PDFDocumentType,
  type PDFImage,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  type RGB,
  rectangle,
  rgb,
  setFillingColor,
} from 'pdf-lib';
import QRCode from 'qrcode';
import { embedFonts } from './fonts.js';
import { labels, languageTags } from './labels.js';
import type { Block, CertificateSpec, Text } from './spec.js';
import { TextEngine } from './text.js';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const FOOTER_HEIGHT = 78;
const BLACK = rgb(0.1, 0.1, 0.1);
const GREY = rgb(0.4, 0.4, 0.4);
const RULE = rgb(0.8, 0.8, 0.8);
const SHADE = rgb(0.94, 0.94, 0.94);

/** Parses `#rrggbb` (or `#rgb`) into a pdf-lib colour. */
function colour(hex: string | undefined, fallback: RGB): RGB {
  const m = hex?.trim().match(/^#?([0-9a-f]{3}|[0-9a-f]{6})$/i);
  if (!m) return fallback;
  let h = m[1]!;
  if (h.length === 3) h = [...h].map((c) => c + c).join('');
  const n = Number.parseInt(h, 16);
  return rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255);
}

const logoCache = new Map<string, Promise<{ bytes: Uint8Array; png: boolean } | undefined>>();

/** Reads the logo (data URL or file path, PNG or JPEG) once per process. */
function loadLogo(logo: string, assetsDir: string | undefined) {
  const key = `${assetsDir ?? ''}\0${logo}`;
  let hit = logoCache.get(key);
  if (!hit) {
    hit = (async () => {
      let bytes: Uint8Array;
      const data = logo.match(/^data:image\/(png|jpe?g);base64,(.*)$/i);
      if (data) bytes = Buffer.from(data[2]!, 'base64');
      else bytes = await readFile(isAbsolute(logo) ? logo : resolve(assetsDir ?? process.cwd(), logo));
      const png = bytes[0] === 0x89 && bytes[1] === 0x50;
      const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
      return png || jpeg ? { bytes, png } : undefined;
    })();
    logoCache.set(key, hit);
  }
  return hit;
}

/** Draws a QR code for `url` as filled rectangles (one per horizontal run of dark modules). */
function drawQr(page: PDFPage, url: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + 2 * quiet);
  // In module units (one unit per module, rows growing downwards) each dark run is one short
  // `re` with integer operands: a quarter of the bytes of absolute coordinates.
  const ops = [
    pushGraphicsState(),
    setFillingColor(rgb(0, 0, 0)),
    concatTransformationMatrix(cell, 0, 0, -cell, x + quiet * cell, y + size - quiet * cell),
  ];
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!qr.modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && qr.modules.get(row, col)) col++;
      ops.push(rectangle(start, row, col - start, 1));
    }
  }
  ops.push(fill(), popGraphicsState());
  page.pushOperators(...ops);
}

/**
 * The closing lines: "Place, date" in the document language (`Zottegem, le 7 décembre 2026`),
 * then the official's function and name when the municipality has one configured.
 */
function closingLines(spec: CertificateSpec, t: (x: Text) => string, date: string): string[] {
  const lines = [localize(labels.placeAndDate, spec.locale, { place: spec.municipality.address.city, date })];
  const official = spec.municipality.official;
  if (official) lines.push(t(official.function), official.name);
  return lines;
}

/** Every text of the spec, to decide whether the fallback font is needed. */
function* allTexts(spec: CertificateSpec, t: (x: Text) => string): Generator<string> {
  yield t(spec.title);
  yield t(spec.municipality.name);
  yield* closingLines(spec, t, '');
  for (const b of spec.blocks) {
    if (b.type === 'heading' || b.type === 'paragraph') yield t(b.text);
    else if (b.type === 'keyValue') for (const i of b.items) yield t(i.key) + t(i.value);
    else if (b.type === 'table') for (const r of [...b.header, ...b.rows]) for (const c of r) yield t(c);
  }
}

/**
 * Renders a certificate to PDF bytes: municipality header (logo, name, address), title, the
 * blocks (tables break across pages and repeat their header rows), and on every page a footer
 * with the issue date, page x of y, the verification code and a QR code to the verification page.
 * The output uses a classic cross-reference table so that a seal can be appended incrementally.
 */
export async function renderCertificate(spec: CertificateSpec): Promise<Uint8Array> {
  const { locale, municipality } = spec;
  const t = (x: Text) => localize(x, locale);
  const doc: PDFDocumentType = await PDFDocument.create({ updateMetadata: false });
  const fonts = await embedFonts(doc);
  const engine = await TextEngine.create(fonts, allTexts(spec, t));
  const primary = colour(municipality.colours?.primary, rgb(0.1, 0.25, 0.45));
  const municipalityName = t(municipality.name);
  const title = t(spec.title);

  let logo: PDFImage | undefined;
  if (municipality.logo) {
    const l = await loadLogo(municipality.logo, spec.assetsDir);
    if (l) logo = l.png ? await doc.embedPng(l.bytes) : await doc.embedJpg(l.bytes);
  }

  const [pageW, pageH] = A4;
  const width = pageW - 2 * MARGIN;
  const bottom = MARGIN + FOOTER_HEIGHT;
  const pages: PDFPage[] = [];
  let page!: PDFPage;
  let y = 0;

  const newPage = () => {
    page = doc.addPage(A4);
    pages.push(page);
    y = pageH - MARGIN;
    if (pages.length === 1) {
      // Full header on the first page.
      let textX = MARGIN;
      if (logo) {
        const h = 48;
        const w = (logo.width / logo.height) * h;
        page.drawImage(logo, { x: MARGIN, y: y - h, width: w, height: h });
        textX += w + 12;
      }
      engine.draw(page, municipalityName, textX, y - 16, 16, primary, true);
      const a = municipality.address;
      engine.draw(page, `${a.street}, ${a.postcode} ${a.city}`, textX, y - 31, 9, GREY);
      const contact = [municipality.phone, municipality.email, municipality.website]
        .filter(Boolean)
        .join('  ·  ');
      if (contact) engine.draw(page, contact, textX, y - 43, 9, GREY);
      y -= 58;
      page.drawRectangle({ x: MARGIN, y, width, height: 2, color: primary });
      y -= 30;
      for (const line of engine.wrap(title, 18, width, true)) {
        engine.draw(page, line, MARGIN, y, 18, BLACK, true);
        y -= 24;
      }
      y -= 6;
    } else {
      // A short running header on the next pages.
      engine.draw(page, `${municipalityName} — ${title}`, MARGIN, y - 9, 9, GREY);
      y -= 16;
      page.drawRectangle({ x: MARGIN, y, width, height: 0.75, color: RULE });
      y -= 18;
    }
  };

  /** Makes room for `h` points, starting a new page when needed. Returns true on a page break. */
  const ensure = (h: number): boolean => {
    if (y - h >= bottom) return false;
    newPage();
    return true;
  };

  const date = new Intl.DateTimeFormat(languageTags[locale], {
    dateStyle: 'long',
    timeZone: spec.timeZone ?? 'Europe/Brussels',
  }).format(spec.issuedAt);

  newPage();
  for (const block of spec.blocks) drawBlock(block);
  // Closing: place and date, then the official's function and name when configured.
  const closing = closingLines(spec, t, date);
  ensure(closing.length * 14 + 24);
  y -= 18;
  closing.forEach((line, i) => {
    engine.draw(page, line, MARGIN, y - 10, 10, BLACK, i === closing.length - 1 && closing.length > 1);
    y -= i === 0 && closing.length > 1 ? 28 : 14;
  });

  function drawBlock(block: Block): void {
    switch (block.type) {
      case 'spacer':
        y -= block.height ?? 12;
        return;
      case 'heading': {
        const lines = engine.wrap(t(block.text), 12, width, true);
        ensure(lines.length * 16 + 24);
        y -= 6;
        for (const line of lines) {
          engine.draw(page, line, MARGIN, y - 12, 12, primary, true);
          y -= 16;
        }
        y -= 6;
        return;
      }
      case 'paragraph': {
        const size = block.size ?? 10;
        const lead = size * 1.4;
        for (const line of engine.wrap(t(block.text), size, width, block.bold)) {
          ensure(lead);
          engine.draw(page, line, MARGIN, y - size, size, BLACK, block.bold);
          y -= lead;
        }
        y -= 6;
        return;
      }
      case 'keyValue': {
        const keyW = width * (block.keyWidth ?? 0.35);
        const valueW = width - keyW - 10;
        for (const item of block.items) {
          const keys = engine.wrap(t(item.key), 10, keyW - 4, true);
          const values = engine.wrap(t(item.value), 10, valueW);
          const h = Math.max(keys.length, values.length) * 14 + 4;
          ensure(h);
          keys.forEach((l, i) => {
            engine.draw(page, l, MARGIN, y - 10 - i * 14, 10, GREY, true);
          });
          values.forEach((l, i) => {
            engine.draw(page, l, MARGIN + keyW + 10, y - 10 - i * 14, 10, BLACK);
          });
          y -= h;
        }
        y -= 6;
        return;
      }
      case 'table': {
        const cols = Math.max(...block.header.map((r) => r.length), ...block.rows.map((r) => r.length), 1);
        const rel = block.columnWidths ?? Array.from({ length: cols }, () => 1);
        const sum = rel.reduce((a, b) => a + b, 0) || 1;
        const colW = Array.from({ length: cols }, (_, i) => (width * (rel[i] ?? 1)) / sum);
        const pad = 4;
        const size = 9;
        const lead = 12;
        const layoutRow = (row: Text[], bold: boolean) => {
          const cells = colW.map((w, i) => engine.wrap(t(row[i] ?? ''), size, w - 2 * pad, bold));
          return { cells, h: Math.max(...cells.map((c) => c.length), 1) * lead + 2 * pad };
        };
        const headers = block.header.map((r) => layoutRow(r, true));
        const headerH = headers.reduce((a, r) => a + r.h, 0);
        const drawRow = (r: { cells: string[][]; h: number }, bold: boolean, shade: boolean) => {
          if (shade) page.drawRectangle({ x: MARGIN, y: y - r.h, width, height: r.h, color: SHADE });
          let x = MARGIN;
          r.cells.forEach((lines, i) => {
            lines.forEach((l, j) => {
              engine.draw(page, l, x + pad, y - pad - size - j * lead, size, BLACK, bold);
            });
            x += colW[i]!;
          });
          y -= r.h;
          page.drawLine({
            start: { x: MARGIN, y },
            end: { x: MARGIN + width, y },
            thickness: 0.5,
            color: RULE,
          });
        };
        const drawHeader = () => {
          for (const h of headers) drawRow(h, true, true);
        };
        const first = block.rows[0] ? layoutRow(block.rows[0], false) : { h: 0 };
        ensure(headerH + first.h);
        drawHeader();
        for (const row of block.rows) {
          const r = layoutRow(row, false);
          if (ensure(r.h)) drawHeader();
          drawRow(r, false, false);
        }
        y -= 10;
        return;
      }
    }
  }

  // Footers, now that the page count is known.
  const qrSize = 64;
  pages.forEach((p, i) => {
    const top = MARGIN + FOOTER_HEIGHT - 10;
    p.drawLine({
      start: { x: MARGIN, y: top },
      end: { x: MARGIN + width, y: top },
      thickness: 0.5,
      color: RULE,
    });
    const textW = spec.verification ? width - qrSize - 10 : width;
    const lines = [
      localize(labels.issuedOn, locale, { date }),
      // Only documents that will be sealed say so (a receipt is not).
      ...(spec.sealed === false ? [] : [localize(labels.sealed, locale, { municipality: municipalityName })]),
    ];
    if (spec.verification) {
      lines.push(localize(labels.verificationCode, locale, { code: spec.verification.code }));
      lines.push(...engine.wrap(localize(labels.verifyAt, locale, { url: spec.verification.url }), 8, textW));
      drawQr(p, spec.verification.url, MARGIN + width - qrSize, MARGIN, qrSize);
    }
    let ly = top - 14;
    for (const line of lines) {
      engine.draw(p, line, MARGIN, ly, 8, GREY);
      ly -= 11;
    }
    const pageLabel = localize(labels.page, locale, { page: i + 1, pages: pages.length });
    engine.draw(p, pageLabel, MARGIN, MARGIN - 20, 8, GREY);
  });

  doc.setTitle(title, { showInWindowTitleBar: true });
  doc.setAuthor(municipalityName);
  doc.setCreator('SmartLoket');
  doc.setProducer('SmartLoket renderer-pdf (pdf-lib)');
  doc.setLanguage(languageTags[locale]);
  doc.setCreationDate(spec.issuedAt);
  doc.setModificationDate(spec.issuedAt);
  if (spec.metadata?.subject) doc.setSubject(spec.metadata.subject);
  if (spec.metadata?.keywords?.length) doc.setKeywords(spec.metadata.keywords);
  return doc.save({ useObjectStreams: false });
}
