import { resolve } from 'node:path';
import { generateDevPki } from '@smartloket/signer-pades';
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
