import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { StaffRole } from '@smartloket/core';
import type { Repositories } from '@smartloket/db';
import { CsvError } from 'csv-parse/sync';
import { CliError, EXIT } from '../errors.js';
import type { Output } from '../output.js';
import { decodeCsv, parseCsv, type RowError } from './grants.js';
import { OPERATOR, type OpsOptions, withDatabase } from './shared.js';

/** Roles a staff member can have (the identity provider's role names). */
const ROLES: readonly StaffRole[] = ['case_handler', 'administrator', 'reporter', 'finance'];
/** A request type id, a family wildcard (`bevolking.*`) or `*` (as in grants and scopes). */
const TYPE_PATTERN = /^(\*|[a-z][a-z0-9-]*\.\*|[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+)$/;
/** Lists inside one cell: `|` or spaces (a `,` may be the file's separator). */
const list = (cell: string) => cell.split(/[|\s]+/).filter(Boolean);

/** One valid row of a staff file. */
export interface StaffRow {
  line: number;
  subject: string;
  name: string;
  roles: StaffRole[];
  scopes: string[];
  teams: string[];
}

/** One valid row of a teams file. */
export interface TeamRow {
  line: number;
  name: string;
  typePatterns: string[];
}

/** What `staff import` / `teams import` prints (`--json`). */
export interface StaffImportSummary {
  file: string;
  dryRun: boolean;
  rows: number;
  /** Staff members or teams that are new. */
  created: number;
  /** Staff members or teams that existed and were updated. */
  updated: number;
}

/** Reads the header and data rows of a file, checking the column names. */
function records(
  text: string,
  required: readonly string[],
  optional: readonly string[],
): { names: string[]; rows: { line: number; cells: string[] }[] } | RowError {
  let parsed: { line: number; cells: string[] }[];
  try {
    ({ records: parsed } = parseCsv(text));
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return {
      line: (error as CsvError & { lines?: number }).lines ?? 1,
      message: `cannot read the file as CSV (${error.code})`,
    };
  }
  const all = [...required, ...optional];
  const nonBlank = parsed.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const header = nonBlank[0];
  if (!header) return { line: 1, message: `the file is empty (expected a header ${all.join(';')})` };
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const missing = required.filter((n) => !names.includes(n));
  const unknown = names.filter((n) => n !== '' && !all.includes(n));
  if (missing.length || unknown.length) {
    const parts = [
      ...(missing.length ? [`missing column(s) ${missing.join(', ')}`] : []),
      ...(unknown.length ? [`unknown column(s) ${unknown.join(', ')}`] : []),
    ];
    return { line: header.line, message: `header: ${parts.join('; ')} (expected ${all.join(', ')})` };
  }
  return { names, rows: nonBlank.slice(1) };
}

const cell = (names: string[], cells: string[], name: string) => {
  const i = names.indexOf(name);
  return i < 0 ? '' : (cells[i] ?? '').trim();
};

/**
 * Checks every row of a staff file (header `subject;name;roles;scopes;teams`; `scopes` and `teams`
 * optional): the identity provider's subject, the name colleagues pick, the roles, the request
 * types the person may handle, and the teams they join (by name; checked against the database
 * by the import).
 */
export function validateStaffCsv(text: string): { rows: StaffRow[]; errors: RowError[] } {
  const read = records(text, ['subject', 'name', 'roles'], ['scopes', 'teams']);
  if ('message' in read) return { rows: [], errors: [read] };
  const rows: StaffRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of read.rows) {
    const get = (n: string) => cell(read.names, cells, n);
    const problems: string[] = [];
    const subject = get('subject');
    if (!subject) problems.push('subject is empty');
    else if (/\s/.test(subject) || subject.length > 200)
      problems.push(`subject "${subject}" is not an identifier`);
    else if (seen.has(subject)) problems.push(`subject "${subject}" is already on line ${seen.get(subject)}`);
    const name = get('name');
    if (!name) problems.push('name is empty');
    else if (name.length > 200) problems.push('name is longer than 200 characters');
    const roles = list(get('roles'));
    if (roles.length === 0) problems.push('roles is empty (case_handler, administrator, reporter, finance)');
    for (const r of roles) {
      if (!(ROLES as readonly string[]).includes(r)) {
        problems.push(`role "${r}" is not one of ${ROLES.join(', ')}`);
      }
    }
    const scopes = list(get('scopes'));
    for (const s of scopes) {
      if (!TYPE_PATTERN.test(s)) problems.push(`scope "${s}" is not a request type id, family.* or *`);
    }
    if (roles.includes('case_handler') && scopes.length === 0) {
      problems.push('a case_handler needs scopes (request type ids, family.* or *)');
    }
    const teams = get('teams')
      .split('|')
      .map((t) => t.trim())
      .filter(Boolean);
    if (problems.length) errors.push({ line, message: problems.join('; ') });
    else {
      seen.set(subject, line);
      rows.push({ line, subject, name, roles: roles as StaffRole[], scopes, teams: [...new Set(teams)] });
    }
  }
  return { rows, errors };
}

/** Checks every row of a teams file (header `team;types`): a name and the request types it holds. */
export function validateTeamsCsv(text: string): { rows: TeamRow[]; errors: RowError[] } {
  const read = records(text, ['team', 'types'], []);
  if ('message' in read) return { rows: [], errors: [read] };
  const rows: TeamRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of read.rows) {
    const problems: string[] = [];
    const name = cell(read.names, cells, 'team');
    if (!name) problems.push('team is empty');
    else if (name.length > 100) problems.push('team name is longer than 100 characters');
    else if (seen.has(name.toLowerCase()))
      problems.push(`team "${name}" is already on line ${seen.get(name.toLowerCase())}`);
    const types = list(cell(read.names, cells, 'types'));
    if (types.length === 0) problems.push('types is empty (request type ids, family.* or *)');
    for (const t of types) {
      if (!TYPE_PATTERN.test(t)) problems.push(`type "${t}" is not a request type id, family.* or *`);
    }
    if (problems.length) errors.push({ line, message: problems.join('; ') });
    else {
      seen.set(name.toLowerCase(), line);
      rows.push({ line, name, typePatterns: [...new Set(types)] });
    }
  }
  return { rows, errors };
}

async function readInput(file: string, cwd: string): Promise<string> {
  try {
    return decodeCsv(await readFile(resolve(cwd, file)));
  } catch (error) {
    throw new CliError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      EXIT.input,
    );
  }
}

function fail(file: string, errors: RowError[], out: Output): never {
  if (out.json) out.result({ file, imported: 0, errors }, '');
  else for (const e of errors) process.stderr.write(`${file}, line ${e.line}: ${e.message}\n`);
  throw new CliError(`${errors.length} invalid row(s) in ${file}: nothing imported`, EXIT.input);
}

/** Rows naming a team the database does not have (checked before anything is written). */
async function unknownTeams(db: Repositories, rows: StaffRow[]): Promise<RowError[]> {
  const known = new Set((await db.teams.teams()).map((t) => t.name));
  return rows
    .map((r) => ({ line: r.line, missing: r.teams.filter((t) => !known.has(t)) }))
    .filter((r) => r.missing.length > 0)
    .map((r) => ({
      line: r.line,
      message: `team(s) ${r.missing.map((t) => `"${t}"`).join(', ')} do not exist (teams import or Beheer → Teams first)`,
    }));
}

/**
 * `smartloket staff import <file.csv>`: fills the staff directory before people log in (so
 * colleagues can be picked by name from day one) and adds them to teams. Every row is checked
 * first (exit 4, nothing written, when one is wrong); then one transaction. At each login the
 * identity provider's name, roles and scopes replace the imported ones.
 */
async function importStaff(
  file: string,
  options: OpsOptions & { dryRun: boolean },
  out: Output,
): Promise<void> {
  const { rows, errors } = validateStaffCsv(await readInput(file, options.cwd));
  if (errors.length) fail(file, errors, out);
  await withDatabase(options, async (db) => {
    const missing = await unknownTeams(db, rows);
    if (missing.length) fail(file, missing, out);
    const summary: StaffImportSummary = {
      file,
      dryRun: options.dryRun,
      rows: rows.length,
      created: 0,
      updated: 0,
    };
    const plan = async (d: Repositories) => {
      const known = await d.teams.staffBySubject(rows.map((r) => r.subject));
      return rows.map((r) => ({ row: r, exists: known.has(r.subject) }));
    };
    const count = (p: { exists: boolean }[]) => {
      summary.updated = p.filter((x) => x.exists).length;
      summary.created = p.length - summary.updated;
    };
    if (options.dryRun) count(await plan(db));
    else {
      await db.transaction(async (tx) => {
        const todo = await plan(tx);
        const bar = out.progress('staff import', todo.length);
        try {
          for (const { row } of todo) {
            await tx.teams.recordStaff(row);
            await tx.audit.append({
              category: 'staff_imported',
              actor: OPERATOR,
              data: { subject: row.subject, roles: row.roles, scopes: row.scopes, teams: row.teams },
            });
            bar.tick(1, `line ${row.line}`);
          }
        } finally {
          bar.stop();
        }
        // Team memberships are added to (never removed): one save per team concerned.
        for (const team of await tx.teams.teams()) {
          const joining = rows.filter((r) => r.teams.includes(team.name)).map((r) => r.subject);
          if (joining.some((s) => !team.members.includes(s))) {
            await tx.teams.saveTeam(
              { name: team.name, typePatterns: team.typePatterns, members: [...team.members, ...joining] },
              OPERATOR,
              team.id,
            );
          }
        }
        count(todo);
      });
    }
    out.result(
      summary,
      options.dryRun
        ? `Dry run, nothing changed: ${summary.created} staff member(s) would be added, ${summary.updated} updated.`
        : `Imported ${summary.rows} staff member(s): ${summary.created} new, ${summary.updated} updated.`,
    );
  });
}

/**
 * `smartloket teams import <file.csv>`: creates teams with their request types, or replaces the
 * types of a team with the same name (its members stay). Checked first, then one transaction;
 * each team saved is audited (`team_saved`).
 */
async function importTeams(
  file: string,
  options: OpsOptions & { dryRun: boolean },
  out: Output,
): Promise<void> {
  const { rows, errors } = validateTeamsCsv(await readInput(file, options.cwd));
  if (errors.length) fail(file, errors, out);
  await withDatabase(options, async (db) => {
    const summary: StaffImportSummary = {
      file,
      dryRun: options.dryRun,
      rows: rows.length,
      created: 0,
      updated: 0,
    };
    const run = async (d: Repositories, write: boolean) => {
      const existing = new Map((await d.teams.teams()).map((t) => [t.name, t]));
      for (const row of rows) {
        const team = existing.get(row.name);
        if (team) summary.updated++;
        else summary.created++;
        if (write) {
          await d.teams.saveTeam(
            { name: row.name, typePatterns: row.typePatterns, members: team?.members ?? [] },
            OPERATOR,
            team?.id,
          );
        }
      }
    };
    if (options.dryRun) await run(db, false);
    else await db.transaction((tx) => run(tx, true));
    out.result(
      summary,
      options.dryRun
        ? `Dry run, nothing changed: ${summary.created} team(s) would be created, ${summary.updated} updated.`
        : `Imported ${summary.rows} team(s): ${summary.created} new, ${summary.updated} updated.`,
    );
  });
}

/** `smartloket staff import <file.csv>` and `smartloket teams import <file.csv>`. */
export async function staffOrTeams(
  what: 'staff' | 'teams',
  action: string,
  args: { file?: string | undefined; dryRun?: boolean | undefined },
  options: OpsOptions,
  out: Output,
): Promise<void> {
  if (action !== 'import') throw new CliError(`unknown ${what} action "${action}" (use import)`, EXIT.config);
  if (!args.file) throw new CliError(`${what} import needs a file: ${what} import <file.csv>`, EXIT.config);
  const o = { ...options, dryRun: args.dryRun === true };
  return what === 'staff' ? importStaff(args.file, o, out) : importTeams(args.file, o, out);
}
