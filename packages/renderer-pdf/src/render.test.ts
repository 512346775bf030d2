import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Municipality } from '@smartloket/core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createCertificateRenderer,
  normalizeVerificationCode,
  renderCertificate,
  sha256Hex,
} from './index.js';
import { generateVerificationCode } from './verification.js';

function has(tool: string): boolean {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI) throw new Error(`${tool} is missing (Debian package poppler-utils)`);
    console.warn(`skipping: ${tool} not installed (apt-get install poppler-utils)`);
    return false;
  }
}
const poppler = has('pdftotext') && has('pdfinfo') && has('pdffonts');

const dir = mkdtempSync(join(tmpdir(), 'renderer-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pdf(bytes: Uint8Array, tool: 'pdftotext' | 'pdfinfo' | 'pdffonts', ...args: string[]): string {
  const file = join(dir, `${sha256Hex(bytes).slice(0, 16)}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
}

// A 1x1 red PNG.
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

const municipality: Municipality = {
  name: { nl: 'Gemeente Zottegem', fr: 'Commune de Zottegem' },
  nisCode: '41081',
  address: { street: 'Markt 1', postcode: '9620', city: 'Zottegem' },
  email: 'loket@zottegem.be',
  logo: PNG,
  colours: { primary: '#004f9f' },
  baseUrl: 'https://loket.zottegem.be',
};
const NAMES = ['Łukasz Ødegaard-Çelik', 'Ağaoğlu', 'Weiß', 'Ștefan Nguyễn-Čermák'];
const verification = { code: '7K3M-Q9TX-2HRB', url: 'https://loket.zottegem.be/verify/7K3M-Q9TX-2HRB' };

describe.runIf(poppler)('renderCertificate', () => {
  it('renders names in Latin Extended and Vietnamese so that text extraction finds them', async () => {
    const bytes = await renderCertificate({
      municipality,
      locale: 'nl',
      title: { nl: 'Attest van gezinssamenstelling', fr: 'Certificat de composition de ménage' },
      blocks: [
        { type: 'heading', text: 'Gezin' },
        { type: 'keyValue', items: NAMES.map((n, i) => ({ key: `Lid ${i + 1}`, value: n })) },
        { type: 'paragraph', text: `Opgemaakt voor ${NAMES.join(', ')}.` },
      ],
      issuedAt: new Date('2026-01-05T09:00:00Z'),
      verification,
    });
    const text = pdf(bytes, 'pdftotext', '-layout');
    for (const name of NAMES) expect(text).toContain(name);
    expect(text).toContain('Gemeente Zottegem');
    expect(text).toContain('Attest van gezinssamenstelling');
    expect(text).toContain('Verificatiecode: 7K3M-Q9TX-2HRB');
    expect(text).toContain('Uitgereikt op 5 januari 2026');
    expect(text).toContain('Pagina 1 van 1');
    // Vietnamese typed decomposed (NFD) comes out precomposed.
    const nfd = await renderCertificate({
      municipality,
      locale: 'en',
      title: 'T',
      blocks: [{ type: 'paragraph', text: 'Nguyễn'.normalize('NFD') }],
      issuedAt: new Date(),
    });
    expect(pdf(nfd, 'pdftotext')).toContain('Nguyễn');
  });

  it('falls back to a second font for Greek and Cyrillic', async () => {
    const bytes = await renderCertificate({
      municipality,
      locale: 'fr',
      title: 'Certificat',
      blocks: [{ type: 'paragraph', text: 'Ελένη Παπαδοπούλου, Дмитрий Иванов' }],
      issuedAt: new Date('2026-01-05T09:00:00Z'),
    });
    const text = pdf(bytes, 'pdftotext');
    // Three subset fonts (regular, bold, fallback), each under its own name.
    const names = pdf(bytes, 'pdffonts')
      .split('\n')
      .slice(2)
      .filter(Boolean)
      .map((l) => l.split(/\s+/)[0]);
    expect(new Set(names).size).toBe(3);
    expect(text).toContain('Ελένη Παπαδοπούλου');
    expect(text).toContain('Дмитрий Иванов');
    expect(text).toContain('Délivré le 5 janvier 2026');
  });

  it('closes with place and date in the document language and the configured official', async () => {
    const official = {
      name: 'An Peeters',
      function: { nl: 'Algemeen directeur', fr: 'Directrice générale', de: 'Generaldirektorin' },
    };
    const expected = {
      nl: ['Zottegem, 7 december 2026', 'Algemeen directeur'],
      fr: ['Zottegem, le 7 décembre 2026', 'Directrice générale'],
      de: ['Zottegem, den 7. Dezember 2026', 'Generaldirektorin'],
    } as const;
    for (const locale of ['nl', 'fr', 'de'] as const) {
      const bytes = await renderCertificate({
        municipality: { ...municipality, official },
        locale,
        title: 'T',
        blocks: [{ type: 'paragraph', text: 'x' }],
        issuedAt: new Date('2026-12-07T09:00:00Z'),
      });
      const text = pdf(bytes, 'pdftotext');
      for (const line of expected[locale]) expect(text).toContain(line);
      expect(text).toContain('An Peeters');
    }
    // Without an official: the place and date line alone.
    const plain = pdf(
      await renderCertificate({
        municipality,
        locale: 'nl',
        title: 'T',
        blocks: [],
        issuedAt: new Date('2026-12-07T09:00:00Z'),
      }),
      'pdftotext',
    );
    expect(plain).toContain('Zottegem, 7 december 2026');
    expect(plain).not.toContain('An Peeters');
  });

  it('breaks a long table across pages, repeats its header and numbers the pages', async () => {
    const bytes = await renderCertificate({
      municipality,
      locale: 'de',
      title: { nl: 'Attest', de: 'Bescheinigung' },
      blocks: [
        {
          type: 'table',
          header: [['Name', 'Geburtsdatum', 'Beziehung']],
          rows: Array.from({ length: 120 }, (_, i) => [`Person ${i}`, '01.01.1990', 'Kind']),
          columnWidths: [3, 2, 2],
        },
        { type: 'spacer', height: 20 },
        { type: 'paragraph', text: 'Ende' },
      ],
      issuedAt: new Date('2026-01-05T09:00:00Z'),
      verification,
    });
    const pages = Number(pdf(bytes, 'pdfinfo').match(/Pages:\s+(\d+)/)![1]);
    expect(pages).toBeGreaterThan(2);
    for (let p = 1; p <= pages; p++) {
      const text = pdf(bytes, 'pdftotext', '-f', String(p), '-l', String(p));
      expect(text).toContain(`Seite ${p} von ${pages}`);
      expect(text).toContain('Geburtsdatum');
      expect(text).toContain('Prüfcode: 7K3M-Q9TX-2HRB');
    }
    const all = pdf(bytes, 'pdftotext');
    for (let i = 0; i < 120; i++) expect(all).toContain(`Person ${i}\n`);
    expect(all).toContain('Ende');
  });

  it('embeds only the glyphs a document draws: a one-page certificate stays small', async () => {
    const bytes = await renderCertificate({
      municipality,
      locale: 'nl',
      title: 'Attest van gezinssamenstelling',
      blocks: [
        { type: 'keyValue', items: NAMES.map((n, i) => ({ key: `Lid ${i + 1}`, value: n })) },
        { type: 'table', header: [['Naam', 'Relatie']], rows: NAMES.map((n) => [n, 'Kind']) },
      ],
      issuedAt: new Date('2026-01-05T09:00:00Z'),
      verification,
    });
    // 187 KB when the whole pre-subset fonts were embedded; ~25 KB with per-document subsets.
    expect(bytes.length).toBeLessThan(40_000);
    // Every font is marked as a subset (emb, sub and uni: yes) under a six-letter subset tag.
    const fonts = pdf(bytes, 'pdffonts').split('\n').slice(2).filter(Boolean);
    expect(fonts).toHaveLength(2);
    for (const f of fonts)
      expect(f).toMatch(/^[A-Z]{6}\+DejaVuSans\S*\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    for (const name of NAMES) expect(pdf(bytes, 'pdftotext')).toContain(name);
  });

  it('keeps text extractable when a document draws more than a hundred distinct glyphs', async () => {
    // Latin Extended-A and Vietnamese: the ToUnicode map needs several bfchar blocks of <= 100.
    let letters = '';
    for (let cp = 0x100; cp <= 0x17f; cp++) letters += String.fromCodePoint(cp);
    for (let cp = 0x1ea0; cp <= 0x1ef9; cp++) letters += String.fromCodePoint(cp);
    const bytes = await renderCertificate({
      municipality,
      locale: 'nl',
      title: 'T',
      blocks: [{ type: 'paragraph', text: letters.match(/.{1,40}/gu)!.join(' ') }],
      issuedAt: new Date('2026-01-05T09:00:00Z'),
    });
    const text = pdf(bytes, 'pdftotext').replace(/\s+/g, '');
    expect(text).toContain(letters);
  });

  it('writes title, author, language and dates into the PDF metadata', async () => {
    const issuedAt = new Date('2026-02-03T10:20:30Z');
    const bytes = await renderCertificate({
      municipality,
      locale: 'fr',
      title: { nl: 'Uittreksel', fr: 'Extrait' },
      blocks: [],
      issuedAt,
      metadata: { subject: 'Extrait d’acte de naissance', keywords: ['acte', 'naissance'] },
    });
    const info = pdf(bytes, 'pdfinfo', '-isodates');
    expect(info).toMatch(/Title:\s+Extrait/);
    expect(info).toMatch(/Author:\s+Commune de Zottegem/);
    expect(info).toMatch(/Subject:\s+Extrait d’acte de naissance/);
    expect(info).toMatch(/Keywords:\s+acte naissance/);
    expect(info).toMatch(/CreationDate:\s+2026-02-03T10:20:30/);
    expect(Buffer.from(bytes).toString('latin1')).toContain('/Lang (fr-BE)');
  });
});

describe('createCertificateRenderer', () => {
  it('adapts a layout to the core renderer contract', async () => {
    const renderer = createCertificateRenderer({
      id: 'test.attest',
      layout: (model) => ({
        municipality: model.municipality,
        locale: model.locale,
        title: 'Attest',
        blocks: [{ type: 'paragraph', text: String((model.data as { name: string }).name) }],
        issuedAt: model.issuedAt,
        verification: model.verification,
      }),
    });
    const doc = await renderer.render(
      {
        request: { reference: 'SL-2026-000123' } as never,
        data: { name: 'Weiß' },
        municipality,
        locale: 'nl',
        issuedAt: new Date('2026-01-05T09:00:00Z'),
        verification,
      },
      {},
    );
    expect(renderer.id).toBe('test.attest');
    expect(doc.mediaType).toBe('application/pdf');
    expect(doc.fileName).toBe('SL-2026-000123.pdf');
    expect(Buffer.from(doc.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    if (poppler) expect(pdf(doc.bytes, 'pdftotext')).toContain('Weiß');
  });
});

describe('verification codes', () => {
  it('are 12 Crockford base32 characters in three groups, and differ each time', () => {
    const codes = new Set(Array.from({ length: 1000 }, generateVerificationCode));
    expect(codes.size).toBe(1000);
    for (const c of codes) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}$/);
  });

  it('normalise what a person typed', () => {
    expect(normalizeVerificationCode(' 7k3m q9tx 2hrb ')).toBe('7K3M-Q9TX-2HRB');
    expect(normalizeVerificationCode('7K3M-Q9TX-2HRO')).toBe('7K3M-Q9TX-2HR0');
    expect(normalizeVerificationCode('7K3M-Q9TX-2HR')).toBeUndefined();
    expect(normalizeVerificationCode('7K3M-Q9TX-2HRU')).toBeUndefined();
  });

  it('hash documents with SHA-256', () => {
    expect(sha256Hex(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
