/**
 * PKCS#11 benchmark: the same PAdES seal with the key in memory (node:crypto) and with the key
 * in SoftHSM2 (through a pool of 4 sessions), one at a time and 50 in parallel. Target: the
 * token within 2x of memory. Prints figures; asserts nothing. Needs softhsm2.
 *
 *   node --import tsx tests/bench/pkcs11/index.ts [iterations]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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

const { renderCertificate } = await import('@smartloket/renderer-pdf');
const { createPadesSigner, generateDevPki } = await import('@smartloket/signer-pades');
const { createPkcs11Signer, hasSoftHsm, Pkcs11Token, softHsmDevSeal } = await import(
  '@smartloket/signer-pkcs11'
);
const { readFileSync } = await import('node:fs');

if (!hasSoftHsm()) {
  console.log('pkcs11: softhsm2 not installed (apt-get install softhsm2); skipped');
  process.exit(0);
}

const N = Number(process.argv[2] ?? 200);
const dir = mkdtempSync(join(tmpdir(), 'bench-pkcs11-'));
const meta = { reason: 'Attest', location: 'Zottegem', name: 'Gemeente Zottegem', signingTime: new Date() };
try {
  const pdf = await renderCertificate({
    municipality: {
      name: { nl: 'Gemeente Zottegem' },
      nisCode: '41081',
      address: { street: 'Markt 1', postcode: '9620', city: 'Zottegem' },
      baseUrl: 'https://loket.zottegem.be',
    },
    locale: 'nl',
    title: 'Attest van woonst',
    blocks: [{ type: 'paragraph', text: 'Łukasz Ødegaard-Çelik woont in Zottegem.' }],
    issuedAt: new Date(),
  });
  const pki = generateDevPki({ dir: join(dir, 'mem'), organisation: 'Gemeente Benchmark', nss: false });
  const memory = createPadesSigner({
    key: readFileSync(pki.sealKey, 'utf8'),
    certificateChain: [readFileSync(pki.chain, 'utf8')],
  });
  const seal = await softHsmDevSeal({ dir: join(dir, 'hsm'), keyType: 'rsa-2048' });
  const token = new Pkcs11Token({
    module: seal.module,
    tokenLabel: seal.label,
    pin: () => seal.pin,
    poolSize: 4,
  });
  const hsm = createPkcs11Signer({ token, keyLabel: seal.keyLabel, certificateChain: seal.chain });

  type S = { sign(pdf: Uint8Array, m: typeof meta): Promise<Uint8Array> };
  const serial = async (s: S) => {
    for (let i = 0; i < 10; i++) await s.sign(pdf, meta); // warm-up
    const t0 = performance.now();
    for (let i = 0; i < N; i++) await s.sign(pdf, meta);
    return (performance.now() - t0) / N;
  };
  const parallel = async (s: S) => {
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 50 }, () => s.sign(pdf, meta)));
    return (performance.now() - t0) / 50;
  };
  const m1 = await serial(memory);
  const h1 = await serial(hsm);
  const m50 = await parallel(memory);
  const h50 = await parallel(hsm);
  token.close();
  const f = (ms: number) => `${ms.toFixed(2)} ms`;
  console.log(`pkcs11: RSA-2048 PAdES B-B seal, ${N} sequential and 50 in parallel (per seal)`);
  console.log(`  in memory (node:crypto)   ${f(m1)}   parallel ${f(m50)}`);
  console.log(`  SoftHSM2 (4 sessions)     ${f(h1)}   parallel ${f(h50)}`);
  console.log(
    `  ratio token/memory        ${(h1 / m1).toFixed(2)}x   parallel ${(h50 / m50).toFixed(2)}x (target: within 2x)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
