import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeKbo } from '@smartloket/core';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { parseCsv, parseDay, validateGrantsCsv } from './commands/grants.js';
import { EXIT } from './errors.js';
import { runCaptured } from './test-support.js';

let dir: string;
let n = 0;
const dirs: string[] = [];
/** A fresh deployment (own SQLite file) per test, so counts do not leak between tests. */
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'smartloket-grants-import-'));
  dirs.push(dir);
  writeFileSync(
    join(dir, 'smartloket.config.mjs'),
    `export default { municipality: { name: { nl: 'Gemeente Test' }, nisCode: '99001', address: { street: 'Markt 1', postcode: '9999', city: 'Test' } }, database: { url: 'sqlite:.data/test.sqlite' }, plugins: [] };\n`,
  );
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const run = (...args: string[]) => runCaptured(dir, ...args);

function csv(text: string): string {
  const name = `grants-${++n}.csv`;
  writeFileSync(join(dir, name), text);
  return name;
}

async function listed() {
  const { code, stdout } = await run('grants', 'list', '--json');
  expect(code).toBe(EXIT.ok);
  return JSON.parse(stdout).grants as {
    kbo: string;
    requestTypeId: string;
    validUntil: string | null;
    note: string | null;
  }[];
}

const A = makeKbo('04174971'); // 0417497106
const B = makeKbo('02021496');
const C = makeKbo('08765432');

describe('grants import', () => {
  it('imports every row of a valid file (comma separated) in one go', async () => {
    const file = csv(
      `kbo,type,until,note\n${A},bevolking.*,2099-12-31,OCMW\n0${B.slice(1, 4)}.${B.slice(4, 7)}.${B.slice(7)},*,,\n${C},bevolking.uittreksel-bevolkingsregister,,"Notaris, kantoor Gent"\n`,
    );
    const { code, stdout } = await run('grants', 'import', file, '--json');
    expect(code).toBe(EXIT.ok);
    const summary = JSON.parse(stdout);
    expect(summary).toMatchObject({ file, dryRun: false, rows: 3, imported: 3, skipped: [] });
    expect(summary.grantIds).toHaveLength(3);
    const grants = await listed();
    expect(grants).toHaveLength(3);
    expect(grants.map((g) => [g.kbo, g.requestTypeId, g.validUntil, g.note]).sort()).toEqual(
      [
        [A, 'bevolking.*', '2099-12-31T00:00:00.000Z', 'OCMW'],
        [B, '*', null, null],
        [C, 'bevolking.uittreksel-bevolkingsregister', null, 'Notaris, kantoor Gent'],
      ].sort(),
    );
  });

  it('accepts ; as Belgian Excel writes it (BOM, CRLF, DD/MM/YYYY) and skips grants already active', async () => {
    const file = csv(`\uFEFFKBO;Type;Until;Note\r\n${A};bevolking.*;31/12/2099;\r\n${B};*;;\r\n;;;\r\n`);
    const first = await run('grants', 'import', file);
    expect(first.code).toBe(EXIT.ok);
    expect(first.stdout).toContain('Imported 2 grant(s) from 2 row(s); 0 skipped.');
    expect((await listed()).find((g) => g.kbo === A)?.validUntil).toBe('2099-12-31T00:00:00.000Z');

    // Again, with one new row and one repeated within the file: the known ones are skipped.
    const again = csv(
      `kbo;type;until;note\n${A};bevolking.*;2099-12-31;other note\n${B};*;;\n${C};*;;\n${C};*;;\n`,
    );
    const second = await run('grants', 'import', again, '--json');
    expect(second.code).toBe(EXIT.ok);
    const summary = JSON.parse(second.stdout);
    expect(summary.imported).toBe(1);
    expect(summary.skipped).toEqual([
      { line: 2, kbo: A, requestTypeId: 'bevolking.*', reason: 'already active' },
      { line: 3, kbo: B, requestTypeId: '*', reason: 'already active' },
      { line: 5, kbo: C, requestTypeId: '*', reason: 'same as line 4' },
    ]);
    expect(await listed()).toHaveLength(3);
  });

  it('imports nothing when one row is invalid and names its line', async () => {
    const file = csv(`kbo;type;until\n${A};bevolking.*;\n0123.456.789;bevolking.*;\n${C};*;\n`);
    const { code, stderr } = await run('grants', 'import', file);
    expect(code).toBe(EXIT.input);
    expect(stderr).toContain(`${file}, line 3: kbo "0123.456.789" is not a valid KBO number`);
    expect(stderr).toContain('1 invalid row(s)');
    expect(stderr).toContain('nothing imported');
    expect(stderr).not.toContain('line 2');
    expect(await listed()).toEqual([]);
  });

  it('reports every invalid row as JSON with --json', async () => {
    const file = csv(`kbo,type,until\n${A},Bevolking,\n${B},*,31/02/2099\n${C},*,2001-01-01\n`);
    const { code, stdout } = await run('grants', 'import', file, '--json');
    expect(code).toBe(EXIT.input);
    expect(JSON.parse(stdout)).toEqual({
      file,
      imported: 0,
      errors: [
        { line: 2, message: 'type "Bevolking" is not a request type id, family.* or *' },
        { line: 3, message: 'until "31/02/2099" is not a date (YYYY-MM-DD or DD/MM/YYYY)' },
        { line: 4, message: 'until 2001-01-01 is not in the future' },
      ],
    });
  });

  it('--dry-run validates and counts but changes nothing', async () => {
    const file = csv(`kbo;type\n${A};bevolking.*\n${B};*\n`);
    const { code, stdout } = await run('grants', 'import', file, '--dry-run', '--json');
    expect(code).toBe(EXIT.ok);
    expect(JSON.parse(stdout)).toMatchObject({ dryRun: true, rows: 2, imported: 2, grantIds: [] });
    expect(await listed()).toEqual([]);
    const text = await run('grants', 'import', file, '--dry-run');
    expect(text.stdout).toContain('Dry run, nothing changed: 2 of 2 row(s) would be imported');
  });

  it('refuses a missing file, a bad header and a missing argument', async () => {
    expect((await run('grants', 'import', 'nope.csv')).code).toBe(EXIT.input);
    const bad = await run('grants', 'import', csv('kbo;soort\n'));
    expect(bad.code).toBe(EXIT.input);
    expect(bad.stderr).toContain('line 1: header: missing column(s) type; unknown column(s) soort');
    expect((await run('grants', 'import')).code).toBe(EXIT.config);
  });
});

describe('grants file parsing', () => {
  it('splits quoted cells with separators, quotes and line breaks, and keeps line numbers', () => {
    const { separator, records } = parseCsv('a;b\r\n"x;1";"say ""hi"""\n"two\nlines";z\nlast;row');
    expect(separator).toBe(';');
    expect(records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x;1', 'say "hi"'] },
      { line: 3, cells: ['two\nlines', 'z'] },
      { line: 5, cells: ['last', 'row'] },
    ]);
  });

  it('names the line of a quoted cell that is never closed', () => {
    const { rows, errors } = validateGrantsCsv(
      'kbo;type\n0417497106;bevolking.*\n"0417497106;x\n',
      new Date(),
    );
    expect(rows).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('cannot read the file as CSV');
  });

  it('reads ISO and Belgian dates and refuses impossible ones', () => {
    expect(parseDay('2026-03-01')?.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(parseDay('1/3/2026')?.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(parseDay('29/02/2027')).toBeUndefined();
    expect(parseDay('2026-13-01')).toBeUndefined();
  });

  it('complains about extra cells', () => {
    const { errors } = validateGrantsCsv(`kbo,type\n${A},*,extra\n`, new Date());
    expect(errors).toEqual([{ line: 2, message: '3 cells, the header has 2' }]);
  });
});
