import { resolve } from 'node:path';
import { generateDevPki } from '@smartloket/signer-pades';
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
  const dir = resolve(options.cwd, options.dir ?? '.data/keys');
  const pki = generateDevPki({
    dir,
    organisation: options.organisation ?? 'SmartLoket (TEST)',
    validDays: options.days ?? 365,
  });
  const how = (pki as { howToTrust?: { en?: string } }).howToTrust?.en ?? '';
  out.result(
    pki,
    `Test keys (NOT for production) in ${dir}\n  seal key  ${pki.sealKey}\n  chain     ${pki.chain}\n\n${how}`,
  );
}
