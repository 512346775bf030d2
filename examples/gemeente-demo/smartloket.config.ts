import { DEMO_MUNICIPALITY } from '@smartloket/dev-population';
import { defineConfig } from '@smartloket/runtime';
import { createTestPlugin } from '@smartloket/testkit';

/**
 * The demo deployment: SQLite in .data/, every development part (MAGDA simulator, dev login,
 * dev mailbox, test seal keys) and every plugin of the repository.
 */
export default defineConfig({
  municipality: { ...DEMO_MUNICIPALITY, colours: { primary: '#1b4f72' } },
  database: { url: 'sqlite:.data/demo.sqlite' },
  server: { port: Number(process.env.PORT ?? 3000) },
  plugins: [createTestPlugin({ id: 'demo' })],
});
