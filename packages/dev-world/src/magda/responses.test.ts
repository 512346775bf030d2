import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { KBO_FUNCTIONS } from '@smartloket/dev-population';
import { MAGDA_SERVICES } from '@smartloket/source-magda';
import { afterAll, describe, expect, it } from 'vitest';
import { answerXml, functiesXml } from './responses.js';

// The repository's sibling folder ../shared (as in CI).
const XSD_ROOT = resolve(import.meta.dirname, '../../../../../shared/reference/magda-xsd');
const xsdsThere = existsSync(XSD_ROOT);
const xmllint = !spawnSync('xmllint', ['--version']).error;
if (process.env.CI && !xsdsThere) throw new Error(`the official MAGDA XSDs are missing at ${XSD_ROOT}`);
if (process.env.CI && !xmllint) throw new Error('xmllint is required in CI (Debian package libxml2-utils)');

const dir = mkdtempSync(join(tmpdir(), 'magda-responses-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(xsdsThere && xmllint)('simulator answers validate against the official response XSDs', () => {
  it('GeefFuncties', () => {
    const service = MAGDA_SERVICES.GeefFuncties;
    const xml = answerXml(
      {
        service,
        referte: 'r-1',
        vraagReferte: 'v-1',
        afzender: { identificatie: 'smartegem.example/smartloket', hoedanigheid: '1300' },
      },
      new Date('2026-12-07T10:00:00Z'),
      { inhoud: functiesXml(KBO_FUNCTIONS.slice(0, 3)) },
    );
    const body = /<soapenv:Body[^>]*>([\s\S]*)<\/soapenv:Body>/.exec(xml)![1]!;
    const file = join(dir, 'functies.xml');
    writeFileSync(file, body);
    const xsd = join(XSD_ROOT, service.xsdFolder!, 'WebService', `${service.naam}Response.xsd`);
    const r = spawnSync('xmllint', ['--noout', '--schema', xsd, file], { encoding: 'utf8' });
    expect(r.stderr).toContain('validates');
    expect(r.status).toBe(0);
    expect(
      execFileSync('xmllint', ['--xpath', 'count(//VolgNummer)', file], { encoding: 'utf8' }).trim(),
    ).toBe('3');
  });
});
