import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isValidKbo, normalizeKbo, systemClock } from '@smartloket/core';
import type { GrantRecord } from '@smartloket/db';
import { CsvError, parse as parseCsvText } from 'csv-parse/sync';
import { CliError, EXIT } from '../errors.js';
import type { Output } from '../output.js';
import { OPERATOR, type OpsOptions, withDatabase } from './shared.js';

/** `smartloket grants list|add|revoke|import`. */
export async function grants(
  action: string,
  args: {
    kbo?: string;
    type?: string;
    until?: string;
    id?: string;
    note?: string;
    file?: string | undefined;
    dryRun?: boolean | undefined;
  },
  options: OpsOptions,
  out: Output,
): Promise<void> {
  if (!['list', 'add', 'revoke', 'import'].includes(action)) {
    throw new CliError(`unknown grants action "${action}" (use list, add, revoke or import)`, EXIT.config);
  }
  if (action === 'import') {
    if (!args.file) throw new CliError('grants import needs a file: grants import <file.csv>', EXIT.config);
    return importGrants(args.file, { ...options, dryRun: args.dryRun === true }, out);
  }
  let kbo: string | undefined;
  if (args.kbo !== undefined) {
    if (!isValidKbo(args.kbo))
      throw new CliError(`--kbo "${args.kbo}" is not a valid KBO number`, EXIT.config);
    kbo = normalizeKbo(args.kbo);
  }
  let until: Date | undefined;
  if (args.until !== undefined) {
    until = new Date(args.until);
    if (Number.isNaN(until.getTime())) throw new CliError('--until must be a date (YYYY-MM-DD)', EXIT.config);
  }
  if (action === 'add' && (!kbo || !args.type)) {
    throw new CliError('grants add needs --kbo and --type (a request type id, family.* or *)', EXIT.config);
  }
  if (action === 'revoke' && !args.id) throw new CliError('grants revoke needs --id', EXIT.config);
  await withDatabase(options, async (db) => {
    if (action === 'list') {
      const list = await db.grants.list(kbo ? { kbo } : {});
      out.result(
        { grants: list },
        list
          .map(
            (g) =>
              `${g.id}  ${g.kbo}  ${g.requestTypeId}  ${g.validFrom.toISOString().slice(0, 10)}…${g.validUntil?.toISOString().slice(0, 10) ?? ''}${g.revokedAt ? '  revoked' : ''}`,
          )
          .join('\n') || 'No grants.',
      );
    } else if (action === 'add') {
      const g = await db.grants.add(
        { kbo: kbo!, requestTypeId: args.type!, validUntil: until ?? null, note: args.note ?? null },
        OPERATOR,
      );
      out.result({ grant: g }, `Added grant ${g.id}: ${g.kbo} may receive ${g.requestTypeId}.`);
    } else {
      const g = await db.grants.revoke(args.id!, OPERATOR, args.note);
      out.result({ grant: g }, `Revoked grant ${g.id}.`);
    }
  });
}

/** One valid row of a grants file. */
export interface GrantRow {
  /** 1-based line of the file where the row starts. */
  line: number;
  /** Normalised (10 digits). */
  kbo: string;
  requestTypeId: string;
  /** Exclusive end (UTC midnight of the day), or null for no end. */
  validUntil: Date | null;
  note: string | null;
}

/** A row that cannot be imported. */
export interface RowError {
  line: number;
  message: string;
}

/** The summary `grants import` prints (`--json`). */
export interface ImportSummary {
  file: string;
  dryRun: boolean;
  /** Data rows in the file (blank rows not counted). */
  rows: number;
  /** Grants added (with `--dry-run`: that would be added). */
  imported: number;
  /** Rows left out because the same grant is already active, or earlier in the file. */
  skipped: { line: number; kbo: string; requestTypeId: string; reason: string }[];
  /** Ids of the grants added (empty with `--dry-run`). */
  grantIds: string[];
}

const COLUMNS = ['kbo', 'type', 'until', 'note'] as const;
/** A request type id, a family wildcard (`bevolking.*`) or `*`. */
const TYPE_PATTERN = /^(\*|[a-z][a-z0-9-]*\.\*|[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+)$/;

/**
 * Reads a grants file: UTF-8 (with or without BOM) or, failing that, Windows-1252 as older
 * Excel versions save it.
 */
export function decodeCsv(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/**
 * Splits CSV text into records (csv-parse) with the line each starts on. Quoted fields (`"a;b"`,
 * `""` for a quote) may hold separators and line breaks; a stray quote inside a cell is kept as
 * text. The separator is `;` when the first line has one (Belgian Excel), else `,`. Throws a
 * `CsvError` (with `lines`) on a quote that is never closed.
 */
export function parseCsv(text: string): { separator: string; records: { line: number; cells: string[] }[] } {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const separator = firstLine.includes(';') ? ';' : ',';
  const parsed = parseCsvText(text, {
    delimiter: separator,
    // Mixed line endings happen in hand-edited files; csv-parse would guess from the first line.
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    info: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  // Empty lines are records too (not skipped), so each record starts after the previous one ends.
  let end = 0;
  const records = parsed.map(({ record, info }) => {
    const line = end + 1;
    end = info.lines;
    return { line, cells: record };
  });
  return { separator, records };
}

/** A day as `YYYY-MM-DD` or `DD/MM/YYYY` (Belgian Excel), as UTC midnight; undefined when invalid. */
export function parseDay(input: string): Date | undefined {
  const s = input.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  let y: number;
  let mo: number;
  let d: number;
  if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else {
    m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
    if (!m) return undefined;
    [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
    ? date
    : undefined;
}

/**
 * Checks every row of a grants file (header `kbo;type;until;note`, `until` and `note` optional
 * columns) and returns the valid rows and, for the others, what is wrong with them by line.
 */
export function validateGrantsCsv(text: string, now: Date): { rows: GrantRow[]; errors: RowError[] } {
  let records: { line: number; cells: string[] }[];
  try {
    ({ records } = parseCsv(text));
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines ?? 1;
    return { rows: [], errors: [{ line, message: `cannot read the file as CSV (${error.code})` }] };
  }
  const blank = (cells: string[]) => cells.every((c) => c.trim() === '');
  const nonBlank = records.filter((r) => !blank(r.cells));
  const header = nonBlank[0];
  if (!header)
    return {
      rows: [],
      errors: [{ line: 1, message: 'the file is empty (expected a header kbo;type;until;note)' }],
    };
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const errors: RowError[] = [];
  const unknown = names.filter((n) => n !== '' && !(COLUMNS as readonly string[]).includes(n));
  const missing = (['kbo', 'type'] as const).filter((n) => !names.includes(n));
  if (unknown.length || missing.length) {
    const parts = [
      ...(missing.length ? [`missing column(s) ${missing.join(', ')}`] : []),
      ...(unknown.length ? [`unknown column(s) ${unknown.join(', ')}`] : []),
    ];
    return {
      rows: [],
      errors: [
        { line: header.line, message: `header: ${parts.join('; ')} (expected kbo, type, until, note)` },
      ],
    };
  }
  const col = (cells: string[], name: (typeof COLUMNS)[number]) => {
    const i = names.indexOf(name);
    return i < 0 ? '' : (cells[i] ?? '').trim();
  };
  const rows: GrantRow[] = [];
  for (const { line, cells } of nonBlank.slice(1)) {
    const problems: string[] = [];
    if (cells.length > names.length && !blank(cells.slice(names.length))) {
      problems.push(`${cells.length} cells, the header has ${names.length}`);
    }
    const kbo = col(cells, 'kbo');
    if (!kbo) problems.push('kbo is empty');
    else if (!isValidKbo(kbo)) problems.push(`kbo "${kbo}" is not a valid KBO number`);
    const type = col(cells, 'type');
    if (!type) problems.push('type is empty');
    else if (!TYPE_PATTERN.test(type)) {
      problems.push(`type "${type}" is not a request type id, family.* or *`);
    }
    const untilText = col(cells, 'until');
    let validUntil: Date | null = null;
    if (untilText) {
      const day = parseDay(untilText);
      if (!day) problems.push(`until "${untilText}" is not a date (YYYY-MM-DD or DD/MM/YYYY)`);
      else if (day.getTime() <= now.getTime()) problems.push(`until ${untilText} is not in the future`);
      else validUntil = day;
    }
    if (problems.length) errors.push({ line, message: problems.join('; ') });
    else {
      const note = col(cells, 'note');
      rows.push({ line, kbo: normalizeKbo(kbo), requestTypeId: type, validUntil, note: note || null });
    }
  }
  return { rows, errors };
}

/** The same grant: KBO, type and end (the note does not change what a grant allows). */
const sameGrant = (g: { kbo: string; requestTypeId: string; validUntil: Date | null }) =>
  `${g.kbo}|${g.requestTypeId}|${g.validUntil?.getTime() ?? ''}`;

/**
 * `smartloket grants import <file.csv>`: validates every row first and imports nothing when one
 * is wrong (exit 4, each error with its line); then adds the grants in one transaction, skipping
 * those already active. `--dry-run` validates and counts only.
 */
async function importGrants(
  file: string,
  options: OpsOptions & { dryRun: boolean },
  out: Output,
): Promise<void> {
  const path = resolve(options.cwd, file);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new CliError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      EXIT.input,
    );
  }
  const { rows, errors } = validateGrantsCsv(decodeCsv(bytes), systemClock.now());
  if (errors.length) {
    if (out.json) out.result({ file, imported: 0, errors }, '');
    else for (const e of errors) process.stderr.write(`${file}, line ${e.line}: ${e.message}\n`);
    throw new CliError(`${errors.length} invalid row(s) in ${file}: nothing imported`, EXIT.input);
  }
  await withDatabase(options, async (db) => {
    const now = db.clock.now();
    const summary: ImportSummary = {
      file,
      dryRun: options.dryRun,
      rows: rows.length,
      imported: 0,
      skipped: [],
      grantIds: [],
    };
    const plan = (active: GrantRecord[]) => {
      const seen = new Map(active.map((g) => [sameGrant(g), 'already active']));
      const todo: GrantRow[] = [];
      for (const row of rows) {
        const reason = seen.get(sameGrant(row));
        if (reason) {
          summary.skipped.push({ line: row.line, kbo: row.kbo, requestTypeId: row.requestTypeId, reason });
        } else {
          seen.set(sameGrant(row), `same as line ${row.line}`);
          todo.push(row);
        }
      }
      return todo;
    };
    if (options.dryRun) {
      summary.imported = plan(await db.grants.list({ activeAt: now })).length;
    } else {
      await db.transaction(async (tx) => {
        const todo = plan(await tx.grants.list({ activeAt: now }));
        const bar = out.progress('grants import', todo.length);
        try {
          for (const row of todo) {
            const g = await tx.grants.add(
              { kbo: row.kbo, requestTypeId: row.requestTypeId, validUntil: row.validUntil, note: row.note },
              OPERATOR,
            );
            summary.grantIds.push(g.id);
            bar.tick(1, `line ${row.line}`);
          }
        } finally {
          bar.stop();
        }
      });
      summary.imported = summary.grantIds.length;
    }
    const SHOWN = 20;
    const skipped = summary.skipped
      .slice(0, SHOWN)
      .map((s) => `  line ${s.line}: ${s.kbo} ${s.requestTypeId} (${s.reason})`);
    if (summary.skipped.length > SHOWN) {
      skipped.push(`  … and ${summary.skipped.length - SHOWN} more (all of them with --json)`);
    }
    out.result(
      summary,
      [
        options.dryRun
          ? `Dry run, nothing changed: ${summary.imported} of ${summary.rows} row(s) would be imported, ${summary.skipped.length} skipped.`
          : `Imported ${summary.imported} grant(s) from ${summary.rows} row(s); ${summary.skipped.length} skipped.`,
        ...(skipped.length ? ['Skipped:', ...skipped] : []),
      ].join('\n'),
    );
  });
}
