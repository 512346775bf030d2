import { defineConfig } from 'tsup';

export default defineConfig({
  entry: [
    'src/index.ts',
    'src/magda/index.ts',
    'src/identity/index.ts',
    'src/mailbox/index.ts',
    'src/csc/index.ts',
    'src/trust/index.ts',
    'src/mollie/index.ts',
    'src/ebox/index.ts',
    'src/global-header/index.ts',
    'src/geo/index.ts',
  ],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
