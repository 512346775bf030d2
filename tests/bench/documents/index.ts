/**
 * Documents benchmark: our render, our seal and both, against two floors (bare pdf-lib drawing
 * the same lines with the same font bytes; one crypto.sign with a loaded key) and the peer
 * @signpdf/signpdf with its P12 signer sealing the same PDF. Prints figures; asserts nothing.
 *
 *   node --import tsx tests/bench/documents/index.ts [iterations]
 */
import { spawnSync } from 'node:child_process';
import { createPrivateKey, sign as cryptoSign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Workspace packages resolve to their sources through the `source` condition: re-run with it.
if (!process.execArgv.some((a) => a.includes('conditions=source')) && !process.env.SMARTLOKET_BENCH_CHILD) {
  const r = spawnSync(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit', env: { ...process.env, SMARTLOKET_BENCH_CHILD: '1' } },
  );
  process.exit(r.status ?? 1);
}

const fontkit = (await import('@pdf-lib/fontkit')).default;
const { PDFDocument, rgb } = await import('pdf-lib');
const { renderCertificate, fontFiles } = await import('@smartloket/renderer-pdf');
const { createPadesSigner, generateDevPki } = await import('@smartloket/signer-pades');
const { SignPdf } = await import('@signpdf/signpdf');
const { P12Signer } = await import('@signpdf/signer-p12');
const { pdflibAddPlaceholder } = await import('@signpdf/placeholder-pdf-lib');

const N = Number(process.argv[2] ?? 200);
const dir = mkdtempSync(join(tmpdir(), 'bench-documents-'));
const pki = generateDevPki({ dir, organisation: 'Gemeente Benchmark', nss: false });
const keyPem = readFileSync(pki.sealKey, 'utf8');
const chainPem = readFileSync(pki.chain, 'utf8');
const p12 = readFileSync(pki.sealPkcs12!);

const rows = Array.from({ length: 8 }, (_, i) => [`Ștefan Nguyễn-Čermák ${i}`, '01.02.1990', 'Kind']);
const spec = {
  municipality: {
    name: { nl: 'Gemeente Zottegem' },
    nisCode: '41081',
    address: { street: 'Markt 1', postcode: '9620', city: 'Zottegem' },
    email: 'loket@zottegem.be',
    baseUrl: 'https://loket.zottegem.be',
  },
  locale: 'nl' as const,
  title: 'Attest van gezinssamenstelling',
  blocks: [
    { type: 'heading' as const, text: 'Referentiepersoon' },
    {
      type: 'keyValue' as const,
      items: [
        { key: 'Naam', value: 'Łukasz Ødegaard-Çelik' },
        { key: 'Adres', value: 'Weißstraat 12, 9620 Zottegem' },
        { key: 'Partner', value: 'Ayşe Ağaoğlu' },
      ],
    },
    {
      type: 'paragraph' as const,
      text: 'De burgemeester verklaart dat volgende personen het gezin vormen. '.repeat(3),
    },
    { type: 'table' as const, header: [['Naam', 'Geboortedatum', 'Relatie']], rows },
  ],
  issuedAt: new Date(),
  verification: { code: '7K3M-Q9TX-2HRB', url: 'https://loket.zottegem.be/verify/7K3M-Q9TX-2HRB' },
};
const lines = [
  'Gemeente Zottegem',
  'Markt 1, 9620 Zottegem',
  'Attest van gezinssamenstelling',
  'Referentiepersoon',
  'Naam  Łukasz Ødegaard-Çelik',
  'Adres  Weißstraat 12, 9620 Zottegem',
  'Partner  Ayşe Ağaoğlu',
  'De burgemeester verklaart dat volgende personen het gezin vormen.',
  'De burgemeester verklaart dat volgende personen het gezin vormen.',
  'Naam  Geboortedatum  Relatie',
  ...rows.map((r) => r.join('  ')),
  'Uitgereikt op 5 januari 2026',
  'Verificatiecode: 7K3M-Q9TX-2HRB',
  'Pagina 1 van 1',
];
const meta = { reason: 'Attest', location: 'Zottegem', name: 'Gemeente Zottegem', signingTime: new Date() };

const ours = createPadesSigner({ key: keyPem, certificateChain: [chainPem] });
const key = createPrivateKey(keyPem);
const peer = new SignPdf();
const fontBytes = fontFiles().regular;

async function floorRender(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(fontBytes, { subset: false });
  const page = doc.addPage([595.28, 841.89]);
  lines.forEach((l, i) => {
    page.drawText(l, { x: 50, y: 780 - i * 16, size: 10, font, color: rgb(0, 0, 0) });
  });
  return doc.save({ useObjectStreams: false });
}

async function peerSeal(pdf: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf);
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: 'Attest',
    contactInfo: '',
    name: 'Gemeente Zottegem',
    location: 'Zottegem',
  });
  const withPlaceholder = await doc.save({ useObjectStreams: false });
  // A P12Signer consumes its buffer on sign() (it re-parses the PKCS#12 every time): one per call.
  return peer.sign(Buffer.from(withPlaceholder), new P12Signer(p12, { passphrase: pki.passphrase }));
}

const pdf = await renderCertificate(spec);
const toSign = Buffer.alloc(200, 7);

async function time(name: string, fn: () => Promise<unknown> | unknown): Promise<number> {
  for (let i = 0; i < Math.min(20, N); i++) await fn(); // warm-up: fonts, keys, JIT
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await fn();
  const ms = (performance.now() - t0) / N;
  console.log(
    `${name.padEnd(40)} ${ms.toFixed(3).padStart(9)} ms/doc ${(1000 / ms).toFixed(0).padStart(8)} docs/s`,
  );
  return ms;
}

console.log(`documents benchmark: ${N} iterations each, one process, Node ${process.version}`);
const render = await time('ours: render', () => renderCertificate(spec));
const seal = await time('ours: seal (PAdES B-B, RSA-2048)', () => ours.sign(pdf, meta));
const both = await time('ours: render + seal', async () => ours.sign(await renderCertificate(spec), meta));
const floorR = await time('floor: bare pdf-lib lines, same font', floorRender);
const floorS = await time('floor: one crypto.sign (KeyObject)', () => cryptoSign('sha256', toSign, key));
const peerS = await time('peer: @signpdf/signpdf + P12Signer seal', () => peerSeal(pdf));

const limit = 1.5 * (floorR + floorS);
console.log('');
console.log(
  `target 1: render + seal <= 1.5 x (floor render + floor sign): ${both.toFixed(2)} <= ${limit.toFixed(2)} ms: ${both <= limit ? 'MET' : 'NOT MET'}`,
);
console.log(
  `target 2: our seal faster than the peer's: ${seal.toFixed(2)} < ${peerS.toFixed(2)} ms (${(peerS / seal).toFixed(1)}x): ${seal < peerS ? 'MET' : 'NOT MET'}`,
);
console.log(`(render alone ${render.toFixed(2)} ms; document ${pdf.length} bytes)`);
rmSync(dir, { recursive: true, force: true });
