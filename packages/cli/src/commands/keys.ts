import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateDevPki } from '@smartloket/signer-pades';
import { createCsr, Pkcs11Token, readPin } from '@smartloket/signer-pkcs11';
import { CliError, EXIT } from '../errors.js';
import type { Output } from '../output.js';

/** `smartloket keys generate`: test seal keys (a TEST CA), with how to trust them. */
export function keysGenerate(
  options: {
    cwd: string;
    dir?: string | undefined;
    organisation?: string | undefined;
    days?: number | undefined;
  },
  out: Output,
): void {
  const days = options.days ?? 365;
  if (!Number.isInteger(days) || days < 1) {
    throw new CliError(
      `--days must be a whole number of days (1 or more), not "${options.days}"`,
      EXIT.config,
    );
  }
  const dir = resolve(options.cwd, options.dir ?? '.data/keys');
  const pki = generateDevPki({
    dir,
    organisation: options.organisation ?? 'SmartLoket', // the dev PKI adds "(TEST)"
    validDays: days,
  });
  const how = (pki as { howToTrust?: { en?: string } }).howToTrust?.en ?? '';
  out.result(
    pki,
    `Test keys (NOT for production) in ${dir}\n  seal key  ${pki.sealKey}\n  chain     ${pki.chain}\n\n${how}`,
  );
}

/** Options of `smartloket keys generate --pkcs11`. */
export interface Pkcs11KeyOptions {
  cwd: string;
  module?: string | undefined;
  token?: string | undefined;
  keyLabel?: string | undefined;
  pinEnv?: string | undefined;
  pinFile?: string | undefined;
  /** `C=BE,O=Gemeente X,CN=Gemeente X e-zegel`. */
  subject?: string | undefined;
  keyType?: string | undefined;
  /** Where the CSR goes (default `<key label>.csr`). */
  csr?: string | undefined;
}

function parseSubject(subject: string): Array<[string, string]> {
  return subject.split(/,(?=\s*[A-Za-z]+=)/).map((part) => {
    const i = part.indexOf('=');
    if (i < 1) throw new CliError(`--subject: "${part.trim()}" is not NAME=value`, EXIT.config);
    return [part.slice(0, i).trim(), part.slice(i + 1).trim()];
  });
}

/**
 * `smartloket keys generate --pkcs11`: a seal key pair made inside the token (never leaves it)
 * and a PKCS#10 CSR signed by that key, for the trust service provider to certify.
 */
export async function keysGeneratePkcs11(options: Pkcs11KeyOptions, out: Output): Promise<void> {
  const need = (v: string | undefined, flag: string) => {
    if (!v) throw new CliError(`keys generate --pkcs11 needs ${flag}`, EXIT.config);
    return v;
  };
  const module = need(options.module, '--module <path of the PKCS#11 library>');
  const tokenLabel = need(options.token, '--token <token label>');
  const keyLabel = need(options.keyLabel, '--key-label <label>');
  const subject = parseSubject(need(options.subject, '--subject "C=BE,O=...,CN=..."'));
  const keyType = options.keyType ?? 'rsa-2048';
  if (keyType !== 'rsa-2048' && keyType !== 'rsa-3072' && keyType !== 'ec-p256') {
    throw new CliError(`--key-type must be rsa-2048, rsa-3072 or ec-p256, not "${keyType}"`, EXIT.config);
  }
  if (!options.pinEnv === !options.pinFile) {
    throw new CliError(
      'give exactly one of --pin-env <VAR> and --pin-file <file> (the token PIN)',
      EXIT.config,
    );
  }
  const pinSource = options.pinEnv ? { pinEnv: options.pinEnv } : { pinFile: options.pinFile! };
  let pin: string;
  try {
    pin = readPin(pinSource, options.cwd);
  } catch (e) {
    throw new CliError((e as Error).message, EXIT.config);
  }
  const token = new Pkcs11Token({ module, tokenLabel, pin: () => pin, poolSize: 1 });
  try {
    const key = await token.generateKey(keyLabel, keyType);
    const csrPem = await createCsr(token, keyLabel, key, { subject });
    const csrFile = resolve(options.cwd, options.csr ?? `${keyLabel}.csr`);
    writeFileSync(csrFile, csrPem);
    out.result(
      { token: tokenLabel, keyLabel, keyType, csr: csrFile },
      `Key "${keyLabel}" (${keyType}) made on token "${tokenLabel}"; it cannot leave the token.\n` +
        `  CSR  ${csrFile}\n\nSend the CSR to the trust service provider; put the certificate it issues, with its\n` +
        `chain, in signer.chainFile (signer.kind 'pkcs11', tokenLabel '${tokenLabel}', keyLabel '${keyLabel}').`,
    );
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`keys generate --pkcs11: ${(e as Error).message}`, EXIT.config);
  } finally {
    token.close();
  }
}
