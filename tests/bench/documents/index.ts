/**
 * Documents benchmark, one run, side by side: our render (and the document size); our PAdES seal
 * with the key in memory, in SoftHSM2 over PKCS#11 and at the CSC v2 simulator with and without
 * batching of hashes (one at a time and 50 in parallel); render + seal; two floors (bare pdf-lib
 * drawing the same lines with the whole font; one crypto.sign with a loaded key) and the peer
 * @signpdf/signpdf with its P12 signer. Prints figures and targets; asserts nothing.
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
const { createCscSigner, createPadesSigner, generateDevPki } = await import('@smartloket/signer-pades');
const { createPkcs11Signer, hasSoftHsm, Pkcs11Token, softHsmDevSeal } = await import(
  '@smartloket/signer-pkcs11'
);
const { startCscSimulator } = await import('@smartloket/dev-world/csc');
const { generateMagdaDevCertificates } = await import('@smartloket/dev-world/magda');
const { SignPdf } = await import('@signpdf/signpdf');
const { P12Signer } = await import('@signpdf/signer-p12');
const { pdflibAddPlaceholder } = await import('@signpdf/placeholder-pdf-lib');

const N = Number(process.argv[2] ?? 200);
const PARALLEL = 50;
/** The same one-page certificate with whole fonts embedded, at commit 6b2c1be (decision 0100). */
const BEFORE_SUBSETTING = 186_943;

const dir = mkdtempSync(join(tmpdir(), 'bench-documents-'));
const pki = generateDevPki({ dir: join(dir, 'pki'), organisation: 'Gemeente Benchmark', nss: false });
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

type Sealer = { sign(pdf: Uint8Array, m: typeof meta): Promise<Uint8Array> };
const memory = createPadesSigner({ key: keyPem, certificateChain: [chainPem] });
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
const ms = (v: number) => `${v.toFixed(2).padStart(8)} ms`;

async function time(name: string, fn: () => Promise<unknown> | unknown, n = N): Promise<number> {
  for (let i = 0; i < Math.min(20, n); i++) await fn(); // warm-up: fonts, keys, JIT, connections
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  const per = (performance.now() - t0) / n;
  console.log(`${name.padEnd(44)} ${ms(per)}/doc ${(1000 / per).toFixed(0).padStart(8)} docs/s`);
  return per;
}

interface SealPath {
  name: string;
  sealer: Sealer;
  /** signHash calls the service received so far (CSC only). */
  calls?: () => number;
  one: number;
  par: number;
  size: number;
  note: string;
}

/**
 * Measures the seal paths interleaved, round by round, so that a busy machine slows them alike:
 * ROUNDS rounds of N/ROUNDS seals one at a time per path, then ROUNDS rounds of PARALLEL seals
 * started at once per path. Times are per seal.
 */
async function measureSeals(paths: SealPath[]): Promise<void> {
  const ROUNDS = 5;
  const per = Math.max(1, Math.round(N / ROUNDS));
  for (const p of paths) {
    p.size = (await p.sealer.sign(pdf, meta)).length;
    for (let i = 0; i < Math.min(20, N); i++) await p.sealer.sign(pdf, meta); // keys, pools, JIT
    await Promise.all(Array.from({ length: PARALLEL }, () => p.sealer.sign(pdf, meta))); // connections
  }
  const one = new Map<SealPath, number>(paths.map((p) => [p, 0]));
  const par = new Map<SealPath, number>(paths.map((p) => [p, 0]));
  const calls = new Map<SealPath, number>(paths.map((p) => [p, 0]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const p of paths) {
      const t0 = performance.now();
      for (let i = 0; i < per; i++) await p.sealer.sign(pdf, meta);
      one.set(p, one.get(p)! + (performance.now() - t0));
    }
  }
  for (let r = 0; r < ROUNDS; r++) {
    for (const p of paths) {
      const c0 = p.calls?.() ?? 0;
      const t0 = performance.now();
      await Promise.all(Array.from({ length: PARALLEL }, () => p.sealer.sign(pdf, meta)));
      par.set(p, par.get(p)! + (performance.now() - t0));
      calls.set(p, calls.get(p)! + (p.calls?.() ?? 0) - c0);
    }
  }
  for (const p of paths) {
    p.one = one.get(p)! / (ROUNDS * per);
    p.par = par.get(p)! / (ROUNDS * PARALLEL);
    if (p.calls) p.note = `${(calls.get(p)! / ROUNDS).toFixed(0)} signHash calls per ${PARALLEL} seals`;
  }
}

const path = (name: string, sealer: Sealer, calls?: () => number): SealPath => ({
  name,
  sealer,
  ...(calls ? { calls } : {}),
  one: 0,
  par: 0,
  size: 0,
  note: '',
});

console.log(`documents benchmark: ${N} iterations each, one process, Node ${process.version}`);
console.log('');
console.log('render');
const render = await time('ours: render', () => renderCertificate(spec));
const floorR = await time('floor: bare pdf-lib lines, whole font', floorRender);

console.log('');
console.log(`seal (PAdES B-B, RSA-2048), ${N} one at a time and ${PARALLEL} in parallel, per seal`);
const mem = path('in memory (node:crypto)', memory);
const paths: SealPath[] = [mem];
const cleanup: (() => Promise<void> | void)[] = [];

let hsm: SealPath | undefined;
if (hasSoftHsm()) {
  const seal = await softHsmDevSeal({ dir: join(dir, 'hsm'), keyType: 'rsa-2048' });
  const token = new Pkcs11Token({
    module: seal.module,
    tokenLabel: seal.label,
    pin: () => seal.pin,
    poolSize: 4,
  });
  cleanup.push(() => token.close());
  hsm = path(
    'SoftHSM2 over PKCS#11 (4 sessions)',
    createPkcs11Signer({ token, keyLabel: seal.keyLabel, certificateChain: seal.chain }),
  );
  paths.push(hsm);
} else {
  console.log('SoftHSM2: not installed (apt-get install softhsm2); skipped');
}

const tls = generateMagdaDevCertificates(join(dir, 'tls'));
const cscPaths: SealPath[] = [];
for (const [label, multisign, batchMs] of [
  ['CSC simulator, no batching (1 hash/call)', 1, 0],
  [`CSC simulator, batching (<= ${PARALLEL} hashes/call)`, PARALLEL, 10],
] as const) {
  const sim = await startCscSimulator({
    tls: tls.server,
    seal: { key: keyPem, chain: chainPem },
    clientId: 'bench',
    clientSecret: 'bench-secret',
    multisign,
  });
  cleanup.push(() => sim.stop());
  const signer = await createCscSigner({
    url: sim.url,
    clientId: 'bench',
    clientSecret: 'bench-secret',
    credentialId: sim.credentialId,
    ca: tls.ca.cert,
    batchMs,
  });
  const signHashes = () => sim.calls.filter((c) => c.path === 'signatures/signHash').length;
  cscPaths.push(path(label, signer, signHashes));
}
paths.push(...cscPaths);
await measureSeals(paths);
for (const c of cleanup) await c();

const name = (s: string) => s.padEnd(44);
console.log(
  `${name('')} ${'one at a time'.padStart(14)} ${`${PARALLEL} in parallel`.padStart(16)}  sealed size`,
);
for (const r of paths) {
  console.log(
    `${name(r.name)} ${ms(r.one).padStart(14)} ${ms(r.par).padStart(16)}  ${String(r.size).padStart(7)} B  ${r.note}`,
  );
}

console.log('');
console.log('render + seal, floors and peer');
const both = await time('ours: render + seal in memory', async () =>
  memory.sign(await renderCertificate(spec), meta),
);
const floorS = await time('floor: one crypto.sign (KeyObject)', () => cryptoSign('sha256', toSign, key));
const peerS = await time('peer: @signpdf/signpdf + P12Signer seal', () => peerSeal(pdf));

console.log('');
console.log('document size (the one-page certificate above)');
const floorSize = (await floorRender()).length;
console.log(`${name('rendered, fonts subset per document')} ${String(pdf.length).padStart(8)} bytes`);
console.log(`${name('before: whole fonts (commit 6b2c1be)')} ${String(BEFORE_SUBSETTING).padStart(8)} bytes`);
console.log(`${name('floor: bare lines, one whole font')} ${String(floorSize).padStart(8)} bytes`);
console.log(`${name('sealed in memory (B-B)')} ${String(mem.size).padStart(8)} bytes`);
const long = await renderCertificate({
  ...spec,
  blocks: [
    ...spec.blocks,
    {
      type: 'table' as const,
      header: [['Naam', 'Geboortedatum', 'Relatie']],
      rows: Array.from({ length: 120 }, (_, i) => [`Ștefan Nguyễn-Čermák ${i}`, '01.02.1990', 'Kind']),
    },
  ],
});
const pages = (await PDFDocument.load(long)).getPageCount();
console.log(`${name(`${pages} pages (128 table rows)`)} ${String(long.length).padStart(8)} bytes`);

const limit = 1.5 * (floorR + floorS);
console.log('');
console.log(
  `target 1: render + seal <= 1.5 x (floor render + floor sign): ${both.toFixed(2)} <= ${limit.toFixed(2)} ms: ${both <= limit ? 'MET' : 'NOT MET'}`,
);
console.log(
  `target 2: our seal faster than the peer's: ${mem.one.toFixed(2)} < ${peerS.toFixed(2)} ms (${(peerS / mem.one).toFixed(1)}x): ${mem.one < peerS ? 'MET' : 'NOT MET'}`,
);
if (hsm) {
  const r1 = hsm.one / mem.one;
  const rp = hsm.par / mem.par;
  console.log(
    `target 3: PKCS#11 seal within 2 x the in-memory seal: ${r1.toFixed(2)}x one at a time, ${rp.toFixed(2)}x in parallel: ${r1 <= 2 && rp <= 2 ? 'MET' : 'NOT MET'}`,
  );
} else {
  console.log('target 3: PKCS#11 seal within 2 x the in-memory seal: not measured (no SoftHSM2)');
}
const [unbatched, batched] = cscPaths;
if (unbatched && batched) {
  console.log(
    `(CSC: batching makes ${PARALLEL} parallel seals ${(unbatched.par / batched.par).toFixed(1)}x faster; render alone ${render.toFixed(2)} ms)`,
  );
}
rmSync(dir, { recursive: true, force: true });
