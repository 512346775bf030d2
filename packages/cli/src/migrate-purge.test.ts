import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { ManualClock, systemClock } from '@smartloket/core';
import { MIGRATIONS, openDatabase } from '@smartloket/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purge } from './commands/purge.js';
import { EXIT } from './errors.js';
import { onFakeTerminal, runCaptured } from './test-support.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'smartloket-migrate-purge-'));
  writeFileSync(
    join(dir, 'smartloket.config.mjs'),
    `export default { municipality: { name: { nl: 'Gemeente Test' }, nisCode: '99001', address: { street: 'Markt 1', postcode: '9999', city: 'Test' } }, database: { url: 'sqlite:.data/test.sqlite' }, plugins: [] };\n`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => runCaptured(dir, ...args);

describe('migrate and purge output', () => {
  it('migrate up applies every migration, reports them as JSON, and draws nothing on a pipe', async () => {
    const up = await run('migrate', '--json');
    expect(up.code).toBe(EXIT.ok);
    expect(JSON.parse(up.stdout)).toEqual({ applied: MIGRATIONS.map((m) => m.name) });
    expect(up.stderr).toBe(''); // stderr is not a terminal here: no progress bar
    const status = await run('migrate', 'status', '--json');
    expect(JSON.parse(status.stdout).migrations.every((m: { applied: boolean }) => m.applied)).toBe(true);
    expect((await run('migrate', 'up')).stdout).toBe('Already up to date.\n');
    expect((await run('migrate', 'sideways')).code).toBe(EXIT.config);
  });

  it('purge --json gives the counts; --batch-size is checked', async () => {
    const { code, stdout, stderr } = await run('purge', '--batch-size', '50', '--json');
    expect(code).toBe(EXIT.ok);
    expect(JSON.parse(stdout)).toMatchObject({ documents: 0, sessions: 0, audit: 0, dryRun: false });
    expect(stderr).toBe('');
    const bad = await run('purge', '--batch-size', '0');
    expect(bad.code).toBe(EXIT.config);
    expect(bad.stderr).toContain('--batch-size');
  });

  it('purge draws a bar per category on a terminal and still prints its result', async () => {
    // Sessions that expired long ago, written with a clock in the past.
    const old = await openDatabase({
      url: `sqlite:${join(dir, '.data/test.sqlite')}`,
      clock: new ManualClock('2020-01-01T00:00:00Z'),
    });
    try {
      for (let i = 0; i < 7; i++) {
        await old.sessions.create(`old-${i}`, {
          data: {},
          identity: { subject: 's' },
          expiresAt: new Date('2020-01-02T00:00:00Z'),
        });
      }
    } finally {
      await old.close();
    }
    const { terminal, stdout } = await onFakeTerminal((out) => purge({ cwd: dir, batchSize: 3 }, out));
    expect(stripVTControlCharacters(terminal)).toContain('purge sessions');
    expect(stripVTControlCharacters(terminal)).toContain('7/7');
    expect(stdout).toMatch(/sessions\s+7/);
  });

  it("purge applies each request type's own terms, as the daily purge does", async () => {
    // A plugin whose request type keeps its form data 365 days; the config's term is 90.
    const keep = `{ $$type: '@smartloket/plugin', apiVersion: 1, id: 'keep', version: '1.0.0', compat: { core: '^0.1.0' }, sources: {}, register({ requestTypes }) { requestTypes.add({ id: 'keep.long', kind: 'report', title: { nl: 'Lang' }, theme: 'x', form: { fields: {} }, rules: [], audience: ['citizen'], minimumLevel: 'low', sign: 'default', expectedDelivery: { nl: 'x' }, subject: () => ({ relation: 'none' }), retention: { formDataDays: 365 } }); } }`;
    writeFileSync(
      join(dir, 'keep.config.mjs'),
      `export default { municipality: { name: { nl: 'Gemeente Test' }, nisCode: '99001', address: { street: 'Markt 1', postcode: '9999', city: 'Test' } }, database: { url: 'sqlite:.data/keep.sqlite' }, plugins: [${keep}] };\n`,
    );
    expect((await run('migrate', '--config', 'keep.config.mjs')).code).toBe(EXIT.ok);
    const closedAt = new Date(Date.now() - 100 * 86_400_000); // past 90 days, within 365
    const db = await openDatabase({ url: `sqlite:${join(dir, '.data/keep.sqlite')}`, clock: systemClock });
    const ids: string[] = [];
    try {
      for (const typeId of ['keep.long', 'keep.gone']) {
        const r = await db.requests.insert({
          pluginId: 'keep',
          typeId,
          kind: 'report',
          locale: 'nl',
          requester: { kind: 'citizen', id: 'u', level: 'low' },
          subject: { relation: 'none' },
          form: { what: typeId },
        });
        await db.requests.transition(r.id, { to: 'resolved', patch: { closedAt } });
        ids.push(r.id);
      }
      const { code, stdout, stderr } = await run('purge', '--config', 'keep.config.mjs', '--json');
      expect(stderr).toBe('');
      expect(code).toBe(EXIT.ok);
      expect(JSON.parse(stdout)).toMatchObject({ forms: 1 });
      expect((await db.requests.get(ids[0]!))?.form).toEqual({ what: 'keep.long' });
      expect((await db.requests.get(ids[1]!))?.form).toBeNull();
    } finally {
      await db.close();
    }
  });
});
