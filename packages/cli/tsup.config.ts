import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/bin.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // A dev dependency `smartloket dev` imports on demand: never bundled, absent in production.
  external: ['@smartloket/dev-world'],
  banner: ({ format }) => (format === 'esm' ? {} : {}),
});
