import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@smartloket/core';
import { openDatabase } from '@smartloket/db';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { validateStaffCsv, validateTeamsCsv } from './commands/staff.js';
import { EXIT } from './errors.js';
import { runCaptured } from './test-support.js';

let dir: string;
let n = 0;
const dirs: string[] = [];
/** A fresh deployment (own SQLite file) per test. */
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'smartloket-staff-import-'));
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
  const name = `file-${++n}.csv`;
  writeFileSync(join(dir, name), text);
  return name;
}
/** Reads the deployment's database as the back-office would. */
async function directory() {
  const db = await openDatabase({ url: `sqlite:${join(dir, '.data/test.sqlite')}`, clock: systemClock });
  try {
    return { staff: await db.teams.staff(), teams: await db.teams.teams(), audit: await db.audit.list({}) };
  } finally {
    await db.close();
  }
}

describe('staff import and teams import', () => {
  it('imports teams, then staff into the directory and the teams, so colleagues can be picked before they log in', async () => {
    const teams = csv(
      'team;types\nBurgerzaken;bevolking.* burgerlijke-stand.*\n"Openbaar domein";meldingen.*|vergunning.evenement\n',
    );
    const t = await run('teams', 'import', teams, '--json');
    expect(t.code, t.stderr).toBe(EXIT.ok);
    expect(JSON.parse(t.stdout)).toEqual({ file: teams, dryRun: false, rows: 2, created: 2, updated: 0 });

    const staff = csv(
      [
        'subject;name;roles;scopes;teams',
        'karin-sub;Karin Goossens;case_handler;bevolking.* burgerlijke-stand.*;Burgerzaken',
        'pieter-sub;Pieter Wouters;administrator|case_handler;*;Burgerzaken|Openbaar domein',
        'ann-sub;Ann Lambert;reporter;;',
        '',
      ].join('\r\n'),
    );
    const dry = await run('staff', 'import', staff, '--dry-run', '--json');
    expect(dry.code).toBe(EXIT.ok);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, rows: 3, created: 3, updated: 0 });
    expect((await directory()).staff).toEqual([]);

    const s = await run('staff', 'import', staff);
    expect(s.code, s.stderr).toBe(EXIT.ok);
    expect(s.stdout).toContain('Imported 3 staff member(s): 3 new, 0 updated.');
    const after = await directory();
    expect(after.staff.map((m) => [m.subject, m.name, m.roles, m.scopes])).toEqual([
      ['ann-sub', 'Ann Lambert', ['reporter'], []],
      ['karin-sub', 'Karin Goossens', ['case_handler'], ['bevolking.*', 'burgerlijke-stand.*']],
      ['pieter-sub', 'Pieter Wouters', ['administrator', 'case_handler'], ['*']],
    ]);
    const byName = new Map(after.teams.map((x) => [x.name, x]));
    expect(byName.get('Burgerzaken')?.members).toEqual(['karin-sub', 'pieter-sub']);
    expect(byName.get('Burgerzaken')?.typePatterns).toEqual(['bevolking.*', 'burgerlijke-stand.*']);
    expect(byName.get('Openbaar domein')?.members).toEqual(['pieter-sub']);
    const imported = after.audit.filter((a) => a.category === 'staff_imported');
    expect(imported).toHaveLength(3);
    // Names of staff stay out of the audit data; the subject identifies the account.
    expect(JSON.stringify(imported)).not.toContain('Goossens');

    // Again, with a team's types changed: the team keeps its members; staff are updated.
    const again = csv('team,types\nBurgerzaken,bevolking.*\n');
    expect((await run('teams', 'import', again)).stdout).toContain('Imported 1 team(s): 0 new, 1 updated.');
    const second = await run('staff', 'import', staff, '--json');
    expect(JSON.parse(second.stdout)).toMatchObject({ created: 0, updated: 3 });
    const final = new Map((await directory()).teams.map((x) => [x.name, x]));
    expect(final.get('Burgerzaken')).toMatchObject({
      typePatterns: ['bevolking.*'],
      members: ['karin-sub', 'pieter-sub'],
    });
  });

  it('checks every row first and imports nothing when one is wrong (exit 4, each error with its line)', async () => {
    await run('teams', 'import', csv('team;types\nBurgerzaken;bevolking.*\n'));
    const bad = csv(
      [
        'subject;name;roles;scopes;teams',
        'karin-sub;Karin Goossens;case_handler;bevolking.*;Burgerzaken',
        'jan sub;;boss;;',
        'karin-sub;Karin G;case_handler;;',
      ].join('\n'),
    );
    const r = await run('staff', 'import', bad);
    expect(r.code).toBe(EXIT.input);
    expect(r.stderr).toContain(
      `${bad}, line 3: subject "jan sub" is not an identifier; name is empty; role "boss" is not one of case_handler, administrator, reporter`,
    );
    expect(r.stderr).toContain(
      `${bad}, line 4: subject "karin-sub" is already on line 2; a case_handler needs scopes`,
    );
    expect((await directory()).staff).toEqual([]);

    // A team that does not exist is found before anything is written too.
    const unknown = csv(
      'subject;name;roles;scopes;teams\nkarin-sub;Karin;case_handler;*;Burgerzaken|Financien\n',
    );
    const u = await run('staff', 'import', unknown, '--json');
    expect(u.code).toBe(EXIT.input);
    expect(JSON.parse(u.stdout)).toEqual({
      file: unknown,
      imported: 0,
      errors: [
        { line: 2, message: 'team(s) "Financien" do not exist (teams import or Beheer → Teams first)' },
      ],
    });
    expect((await directory()).staff).toEqual([]);

    const teams = await run('teams', 'import', csv('team;types\n;bevolking.*\nX;not a type\nX;*\n'));
    expect(teams.code).toBe(EXIT.input);
    expect(teams.stderr).toContain('line 2: team is empty');
    expect(teams.stderr).toContain('line 3: type "not" is not a request type id, family.* or *');
    expect((await run('staff', 'import')).code).toBe(EXIT.config);
    expect((await run('staff', 'import', 'missing.csv')).code).toBe(EXIT.input);
  });

  it('reads headers in any order and case and refuses unknown columns', () => {
    expect(validateStaffCsv('Name;Subject;Roles\nAnn;ann;reporter\n').rows).toEqual([
      { line: 2, subject: 'ann', name: 'Ann', roles: ['reporter'], scopes: [], teams: [] },
    ]);
    expect(validateStaffCsv('subject;name;roles;email\n').errors[0]?.message).toBe(
      'header: unknown column(s) email (expected subject, name, roles, scopes, teams)',
    );
    expect(validateTeamsCsv('team\nX\n').errors[0]?.message).toBe(
      'header: missing column(s) types (expected team, types)',
    );
  });
});
