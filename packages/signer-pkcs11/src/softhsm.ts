import { execFileSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DevPki, generateDevPki, issueCertificate } from '@smartloket/signer-pades';
import { Pkcs11Token } from './token.js';

/** The SoftHSM2 module on Debian and Ubuntu. */
export const SOFTHSM2_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

/** True when `softhsm2-util` is on PATH. */
export function hasSoftHsm(): boolean {
  try {
    execFileSync('softhsm2-util', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** What {@link initSoftHsmToken} made. */
export interface SoftHsmToken {
  /** Set `SOFTHSM2_CONF` to this before loading the module. */
  conf: string;
  module: string;
  label: string;
  pin: string;
}

/**
 * A SoftHSM2 token in its own store under `dir` (for tests and test environments): writes the
 * config file, points `SOFTHSM2_CONF` of this process at it and initialises a token.
 */
export function initSoftHsmToken(dir: string, label = 'seal', pin = '1234', soPin = '5678'): SoftHsmToken {
  const tokens = join(dir, 'tokens');
  mkdirSync(tokens, { recursive: true });
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  process.env.SOFTHSM2_CONF = conf;
  execFileSync(
    'softhsm2-util',
    ['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', soPin],
    {
      env: { ...process.env, SOFTHSM2_CONF: conf },
      stdio: 'ignore',
    },
  );
  return { conf, module: SOFTHSM2_MODULE, label, pin };
}

/** What {@link softHsmDevSeal} made. */
export interface SoftHsmDevSeal extends SoftHsmToken {
  keyLabel: string;
  /** Seal certificate (issued to the token key) then the test CA, PEM. */
  chain: string;
  /** The dev PKI around it (test CA, NSS database for `pdfsig -nssdir sql:<nssDir>`). */
  pki: DevPki;
}

/**
 * A test seal in SoftHSM2: a token in its own store under `dir`, a key pair generated on the
 * token, and a seal certificate for it issued by a development CA. Never for real documents.
 */
export async function softHsmDevSeal(options: {
  dir: string;
  organisation?: string | undefined;
  keyType?: 'rsa-2048' | 'ec-p256' | undefined;
  keyLabel?: string | undefined;
  /** Token label (default "seal"). One process sees one SoftHSM2 store: add tokens to the same `dir`. */
  tokenLabel?: string | undefined;
}): Promise<SoftHsmDevSeal> {
  const organisation = options.organisation ?? 'Gemeente Zottegem';
  const keyLabel = options.keyLabel ?? 'seal';
  const t = initSoftHsmToken(options.dir, options.tokenLabel ?? 'seal');
  const pki = generateDevPki({ dir: join(options.dir, `pki-${t.label}`), organisation });
  const token = new Pkcs11Token({ module: t.module, tokenLabel: t.label, pin: () => t.pin });
  try {
    const key = await token.generateKey(keyLabel, options.keyType ?? 'rsa-2048');
    const caPem = readFileSync(pki.caCertificate, 'utf8');
    const now = new Date(Date.now() - 3_600_000);
    const leaf = issueCertificate({
      subject: [
        ['C', 'BE'],
        ['O', `${organisation} (TEST)`],
        ['CN', `TEST HSM seal ${organisation} - NOT FOR PRODUCTION`],
      ],
      publicKey: key.publicKey,
      issuerCertificate: new X509Certificate(caPem).raw,
      issuerKey: createPrivateKey(readFileSync(pki.caKey, 'utf8')),
      notBefore: now,
      notAfter: new Date(now.getTime() + 365 * 86_400_000),
      profile: 'seal',
    });
    const chain = `${new X509Certificate(leaf).toString()}${caPem}`;
    return { ...t, keyLabel, chain, pki };
  } finally {
    token.close();
  }
}
