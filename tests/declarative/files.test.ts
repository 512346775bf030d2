import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@smartloket/core';
import {
  createTestDeployment,
  fakeIdentities,
  type TestDeployment,
  type TestSeal,
  testSeal,
} from '@smartloket/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { feestzaalFixture, fileFeestzaal } from './feestzaal.js';

/**
 * Request types described as JSON, from the deployment's files (`requestTypes` in the config) to
 * a delivered, sealed document: registered beside the plugins' types with the same lifecycle,
 * versioned by content, and a filed request keeps its version.
 */
const fixture = feestzaalFixture;
const file = fileFeestzaal;
const clerk = { type: 'staff' as const, id: fakeIdentities.caseHandler().subject, name: 'Karin Goossens' };

let dir: string;
let seal: TestSeal;
let t: TestDeployment | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'smartloket-declarative-'));
  mkdirSync(join(dir, 'types'));
  seal = testSeal();
});
afterEach(async () => {
  await t?.close();
  t = undefined;
});
afterAll(() => {
  seal.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function deployment(database: string, extra: Record<string, unknown> = {}) {
  return createTestDeployment({
    plugins: [],
    services: [seal.service],
    baseDir: dir,
    databaseUrl: `sqlite:${join(dir, database)}`,
    config: { requestTypes: ['./types/*.json'], ...extra },
  });
}

describe('declarative request types from files', () => {
  it('registers the files of `requestTypes` beside plugins, and a clerk’s approval issues a sealed document with the answers', async () => {
    copyFileSync(fixture, join(dir, 'types/feestzaal.json'));
    t = await deployment('one.sqlite');
    const rt = t.kernel.requestType('gemeente.feestzaal');
    expect([rt?.pluginId, rt?.version, rt?.definition.kind]).toEqual(['declarative', 1, 'certificate']);
    expect(t.kernel.requestTypes().map((r) => r.definition.id)).toContain('gemeente.feestzaal');

    const request = await file(t, { datum: '2026-06-13', soort: 'feest', muziek: 'Jazz' });
    expect([request.state, request.typeVersion]).toEqual(['in_review', 1]);
    await t.requests.act(request.id, { action: 'approve' }, clerk);
    await t.runJobs();
    expect((await t.db.requests.get(request.id))?.state).toBe('delivered');
    const [doc] = await t.db.documents.listByRequest(request.id);
    const bytes = await t.db.documents.readBytes(doc!.id);
    const pdf = join(dir, 'feestzaal.pdf');
    writeFileSync(pdf, bytes!);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    // Filed in French: the French title and the choice's French label, the date as a person reads it.
    expect(text).toContain("Autorisation d'utilisation de la salle des fêtes");
    expect(text).toContain('13/06/2026');
    expect(text).toContain('Fête');
    expect(text).toContain(request.reference);
  });

  it('refuses bad input like a plugin’s form, and changes nothing', async () => {
    copyFileSync(fixture, join(dir, 'types/feestzaal.json'));
    t = await deployment('two.sqlite');
    await expect(file(t, { datum: '2026-02-31', soort: 'concert' })).rejects.toMatchObject({
      issues: expect.arrayContaining([expect.objectContaining({ path: 'datum', code: 'date.invalid' })]),
    });
    expect((await t.db.requests.list({}, { limit: 10 })).items).toHaveLength(0);
  });

  it('makes a new version when a file changes; a filed request keeps the version it was filed under', async () => {
    copyFileSync(fixture, join(dir, 'types/feestzaal.json'));
    t = await deployment('three.sqlite');
    const first = await file(t, { datum: '2026-06-13', soort: 'vergadering' });
    await t.close();
    t = undefined;

    const v2 = JSON.parse(readFileSync(fixture, 'utf8'));
    v2.steps[0].fields.push({
      name: 'gasten',
      kind: 'number',
      label: { nl: 'Aantal gasten', fr: "Nombre d'invités", en: 'Guests' },
      min: 1,
      max: 300,
    });
    writeFileSync(join(dir, 'types/feestzaal.json'), JSON.stringify(v2));
    t = await deployment('three.sqlite');
    expect(t.kernel.requestType('gemeente.feestzaal')?.version).toBe(2);
    await expect(file(t, { datum: '2026-06-14', soort: 'vergadering' })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: 'gasten', code: 'required' })],
    });
    const second = await file(t, { datum: '2026-06-14', soort: 'vergadering', gasten: '120' });
    expect(second.typeVersion).toBe(2);
    const old = await t.db.requests.get(first.id);
    expect(old?.typeVersion).toBe(1);
    expect(
      Object.keys(t.kernel.requestType(old!.typeId, old!.typeVersion)!.definition.form.fields),
    ).not.toContain('gasten');
    // Starting again with the same file makes no third version.
    await t.close();
    t = await deployment('three.sqlite');
    expect((await t.db.declarativeTypes.versions('gemeente.feestzaal')).map((v) => v.version)).toEqual([
      1, 2,
    ]);
  });

  it('names the file and the path of an invalid definition at start', async () => {
    const bad = JSON.parse(readFileSync(fixture, 'utf8'));
    bad.steps[0].fields[0].label = { nl: '<b>Datum</b>' };
    writeFileSync(join(dir, 'types/feestzaal.json'), JSON.stringify(bad));
    const start = deployment('four.sqlite');
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow(
      /types\/feestzaal\.json: steps\[0\]\.fields\[0\]\.label\.nl: plain text only: no HTML tags or entities/,
    );
  });
});
