/**
 * Civil-status acts end to end: SOAP over HTTPS (mutual TLS, WS-Security) to the MAGDA simulator,
 * whose DABS PDFs are sealed with a test key of "DABS (simulated)" and checked with pdfsig.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Identity, ManualClock, MEANS_LEVEL } from '@smartloket/core';
import { INSZ, ORGANISATIONS, personByKey } from '@smartloket/dev-population';
import {
  createSealedDocumentFactory,
  DABS_EXTRACT_FIELDS,
  dabsTitle,
  type MagdaDevSimulator,
  startMagdaDevSimulator,
} from '@smartloket/dev-world/magda';
import { type DevPki, generateDevPki } from '@smartloket/signer-pades';
import { createMagdaClientFactory, serviceFor } from '@smartloket/source-magda';
import { createTestDeployment, identityOf, type TestDeployment } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACT_TYPES,
  type ActTypeKey,
  actAccessRef,
  createBurgerlijkeStandPlugin,
  RULE_MESSAGES,
} from '../../plugins/burgerlijke-stand/src/index.js';

const has = (tool: string) => !spawnSync('which', [tool]).status;
const tools = has('pdfsig') && has('pdftotext') && has('certutil');
if (!tools && process.env.CI)
  throw new Error('pdfsig, pdftotext and certutil are needed (poppler-utils, libnss3-tools)');
const XSD_ROOT = resolve(import.meta.dirname, '../../../shared/reference/magda-xsd');

function citizen(key: string): Identity {
  const p = personByKey(key);
  return {
    subject: `dev:${p.key}`,
    issuer: 'testkit',
    insz: p.insz,
    givenName: p.givenNames[0],
    familyName: p.familyName,
    email: `${p.key}@example.org`,
    emailVerified: true,
    means: 'itsme',
    level: MEANS_LEVEL.itsme,
    capacity: 'BUR',
    legalRepresentativeOf: [],
    roles: [],
    staffRoles: [],
  };
}

describe.runIf(tools)('burgerlijke stand end to end (DABS through the MAGDA simulator)', () => {
  let dir: string;
  let pki: DevPki;
  let sim: MagdaDevSimulator;
  let d: TestDeployment;
  let n = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'burgerlijke-stand-e2e-'));
    const clock = new ManualClock(new Date());
    pki = generateDevPki({ dir: join(dir, 'dabs'), organisation: 'DABS (simulated)' });
    sim = await startMagdaDevSimulator({
      certificatesDir: join(dir, 'magda'),
      clock,
      dabsDocuments: createSealedDocumentFactory(pki),
    });
    d = await createTestDeployment({
      clock,
      plugins: [{ plugin: createBurgerlijkeStandPlugin(), options: {} }],
      services: [
        createMagdaClientFactory({
          ...sim.clientConfig,
          afzender: { identificatie: 'smartegem.example/smartloket', hoedanigheid: '1300' },
          timeouts: { requestMs: 10_000 },
        }),
      ],
    });
  });
  afterAll(async () => {
    await d?.close();
    await sim?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const file = (bytes: Uint8Array) => {
    const f = join(dir, `doc-${++n}.pdf`);
    writeFileSync(f, bytes);
    return f;
  };
  const pdfsig = (bytes: Uint8Array) => {
    try {
      return execFileSync('pdfsig', ['-nssdir', `sql:${pki.nssDir}`, file(bytes)], { encoding: 'utf8' });
    } catch (error) {
      return String((error as { stdout?: string }).stdout ?? error);
    }
  };
  const pdftotext = (bytes: Uint8Array) =>
    execFileSync('pdftotext', [file(bytes), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

  async function request(type: ActTypeKey, identity: Identity, input: Record<string, unknown>) {
    const { request } = await d.requests.submit({
      typeId: `burgerlijke-stand.${type}`,
      input: { purpose: 'administration', ...input },
      locale: 'nl',
      identity,
    });
    await d.runJobs();
    const fresh = (await d.db.requests.get(request.id))!;
    const docs = await d.db.documents.listByRequest(request.id);
    const bytes = docs[0] ? new Uint8Array((await d.db.documents.readBytes(docs[0].id))!) : undefined;
    const events = await d.db.events.list(request.id);
    return { request: fresh, docs, bytes, last: events.at(-1)! };
  }

  // Each act type for a person involved with a role that gives access.
  const cases: [ActTypeKey, string, Record<string, unknown>][] = [
    ['adoptie', 'ann', { forWhom: 'self' }],
    ['belgische-nationaliteit', 'youssef', { forWhom: 'self' }],
    ['echtscheiding', 'veerle', { forWhom: 'self' }],
    ['erkenning-kind', 'ann', { forWhom: 'self' }],
    ['erkenning-voor-geboorte', 'jan', { forWhom: 'self' }],
    ['gerechtelijke-afwezigheid', 'frank', { forWhom: 'self' }],
    ['geslachtsverandering', 'alex', { forWhom: 'self' }],
    ['levenloos-kind', 'sofie', { forWhom: 'self' }],
    ['naamkeuze', 'youssef', { forWhom: 'other', subjectInsz: INSZ.amira, relation: 'involved' }],
    ['naamwijziging', 'giulia', { forWhom: 'self' }],
    ['voornaamwijziging', 'tom', { forWhom: 'self' }],
    ['geboorte', 'fatima', { forWhom: 'other', subjectInsz: INSZ.amira, relation: 'involved' }],
    ['huwelijk', 'bart', { forWhom: 'self', actYear: 2014 }],
    ['overlijden', 'katrien', { forWhom: 'other', subjectInsz: INSZ.dirk, relation: 'involved' }],
  ];
  const both = cases.flatMap(([type, person, input]) =>
    (['uittreksel', 'afschrift'] as const).map((document) => [type, document, person, input] as const),
  );

  it.each(both)(
    '%s (%s) for %s: delivered automatically, sealed by DABS, with a QR code',
    async (type, document, person, input) => {
      const before = sim.calls.length;
      const r = await request(type, citizen(person), { ...input, document });
      expect(r.request.decision?.outcome, JSON.stringify(r.request.decision?.reasons)).toBe('auto');
      expect(r.request.state).toBe('delivered');
      expect(r.docs[0]!.sealedBy).toBe('DABS');
      const report = pdfsig(r.bytes!);
      expect(report).toContain('Signature is Valid.');
      expect(report).toContain('Certificate is Trusted.');
      expect(report).toContain('DABS (simulated)');
      const text = pdftotext(r.bytes!);
      // The fields of the act per type (what the real extract of that type prints).
      expect(text).toContain(dabsTitle(type, document, 'nl'));
      for (const field of DABS_EXTRACT_FIELDS[type]) expect(text, type).toContain(field);
      expect(text).toContain(
        document === 'afschrift' ? 'Voor eensluidend afschrift.' : 'Voor eensluidend uittreksel.',
      );
      expect(text).toContain('https://dabs.simulated.example/verify/');
      const geef = sim.calls.slice(before).filter((c) => c.naam === 'GeefAkteBurgerlijkeStand');
      expect(geef).toHaveLength(1);
      expect(geef[0]!.raw).toContain(
        document === 'afschrift' ? '<CriteriaAfschrift>' : '<CriteriaUittreksel>',
      );
      expect(geef[0]!.raw).toContain('<GemeenteVanAfgifte>99001</GemeenteVanAfgifte>');
      // Every DABS call of the pipeline is in the consultation audit under its referte.
      const audit = await d.db.audit.list({ requestId: r.request.id, categories: ['consultation_started'] });
      const refertes = new Set(audit.map((a) => a.referte));
      for (const c of sim.calls.slice(before).filter((c) => c.naam === 'GeefAkteBurgerlijkeStand'))
        expect(refertes.has(c.referte)).toBe(true);
    },
  );

  it('the declarant and the registrar are on the act and get nothing for it', async () => {
    const declarant = await request('geboorte', citizen('samir'), {
      forWhom: 'other',
      subjectInsz: INSZ.amira,
      relation: 'involved',
    });
    expect(declarant.request.state).toBe('denied');
    const registrar = await request('huwelijk', citizen('hilde'), {
      forWhom: 'other',
      subjectInsz: INSZ.bart,
      relation: 'involved',
    });
    expect(registrar.request.state).toBe('denied');
    expect(registrar.docs).toHaveLength(0);
  });

  it('a stated relation goes to review with that ground', async () => {
    const r = await request('huwelijk', citizen('jan'), {
      forWhom: 'other',
      subjectInsz: INSZ.godelieve,
      relation: 'descendant',
      ground: 'zoon van beide echtgenoten',
    });
    expect(r.request.state).toBe('in_review');
    expect(JSON.stringify(r.request.decision)).toContain('zoon van beide echtgenoten');
  });

  it('an act with a registered change of gender: the person automatically, an heir via review, others denied', async () => {
    const self = await request('geboorte', citizen('alex'), { forWhom: 'self' });
    expect(self.request.state).toBe('delivered');
    const input = { forWhom: 'other', subjectInsz: INSZ.alex };
    expect((await request('geboorte', citizen('marie'), { ...input, relation: 'heir' })).request.state).toBe(
      'in_review',
    );
    const sibling = await request('geboorte', citizen('marie'), { ...input, relation: 'ascendant' });
    expect(sibling.request.state).toBe('denied');
    expect(sibling.docs).toHaveLength(0);
  });

  it('an act older than 100 years goes to anyone (genealogy), and the purpose is recorded', async () => {
    const r = await request('geboorte', citizen('marie'), {
      forWhom: 'other',
      familyName: 'Peeters',
      givenName: 'Petrus',
      actYear: 1921,
      relation: 'none',
      purpose: 'genealogy',
      purposeDetail: 'stamboom Peeters',
    });
    expect(r.request.state).toBe('delivered');
    expect(r.request.purpose).toBe('Genealogie: stamboom Peeters');
    expect(pdftotext(r.bytes!)).toContain('Kind: Naam: Peeters Voornamen: Petrus Geslacht: mannelijk');
  });

  it('several acts: the requester chooses among those they may receive, without seeing the others', async () => {
    // Two marriages of a Peeters: 1948 (public) and 1972 (not public for a stranger).
    const input = { forWhom: 'other', familyName: 'Peeters', relation: 'none', purpose: 'genealogy' };
    const first = await request('huwelijk', citizen('marie'), input);
    expect(first.request.state).toBe('in_review');
    expect(first.request.decision?.reasons[0]?.reason).toEqual(RULE_MESSAGES.several);
    const [{ acts }] = [await d.kernel.resolveDeps({ acts: actAccessRef })];
    const choices = await acts.choices({
      requestTypeId: 'burgerlijke-stand.huwelijk',
      requester: { kind: 'citizen', id: 'x', insz: INSZ.marie, level: 'high' },
      identity: citizen('marie'),
      subject: { relation: 'other' },
      form: input,
      now: d.clock.now(),
    });
    expect(choices.map((c) => c.referte)).toEqual(['DABS-HUW-1948-0020']);
    const chosen = await request('huwelijk', citizen('marie'), { ...input, act: choices[0]!.referte });
    expect(chosen.request.state).toBe('delivered');
    expect(pdftotext(chosen.bytes!)).toContain('Naam: Claes Voornamen: Maria');
    // Choosing the act one may not receive is denied.
    const other = await request('huwelijk', citizen('marie'), { ...input, act: 'DABS-HUW-1972-0107' });
    expect(other.request.state).toBe('denied');
  });

  it('no act found: review with a message that the act may predate DABS', async () => {
    const r = await request('overlijden', citizen('jan'), { forWhom: 'self' });
    expect(r.request.state).toBe('in_review');
    expect(r.request.decision?.reasons[0]?.reason).toEqual(RULE_MESSAGES.notFound);
    expect(RULE_MESSAGES.notFound.nl).toMatch(/april 2019/);
  });

  it('an organisation with a grant is automatic, also for an act with a change of gender; without a grant: review', async () => {
    const notary = identityOf('notaris');
    const input = { forWhom: 'organisation', subjectInsz: INSZ.alex };
    expect((await request('geslachtsverandering', notary, input)).request.state).toBe('in_review');
    await d.db.grants.add(
      { kbo: ORGANISATIONS.notaris.kbo, requestTypeId: 'burgerlijke-stand.geslachtsverandering' },
      { type: 'staff', id: 'test' },
    );
    const r = await request('geslachtsverandering', notary, input);
    expect(r.request.state).toBe('delivered');
  });

  it('foreign use and the international model go to review', async () => {
    const foreign = await request('huwelijk', citizen('bart'), { forWhom: 'self', use: 'foreign' });
    expect(foreign.request.state).toBe('in_review');
    const international = await request('huwelijk', citizen('nathalie'), {
      forWhom: 'self',
      model: 'internationaal',
    });
    expect(international.request.state).toBe('in_review');
    expect(international.request.decision?.reasons.map((x) => x.ruleId)).toEqual([
      'burgerlijke-stand.foreign',
    ]);
  });

  it('in French and German, and the multilingual model where the municipality delivers it automatically', async () => {
    const intl = await createTestDeployment({
      clock: d.clock,
      plugins: [{ plugin: createBurgerlijkeStandPlugin(), options: { allowInternationalModel: true } }],
      services: [
        createMagdaClientFactory({
          ...sim.clientConfig,
          afzender: { identificatie: 'smartegem.example/smartloket', hoedanigheid: '1300' },
          timeouts: { requestMs: 10_000 },
        }),
      ],
    });
    try {
      const ask = async (type: ActTypeKey, person: string, input: Record<string, unknown>) => {
        const { request } = await intl.requests.submit({
          typeId: `burgerlijke-stand.${type}`,
          input: { purpose: 'administration', ...input },
          locale: 'nl',
          identity: citizen(person),
        });
        await intl.runJobs();
        const docs = await intl.db.documents.listByRequest(request.id);
        expect((await intl.db.requests.get(request.id))!.state, type).toBe('delivered');
        return new Uint8Array((await intl.db.documents.readBytes(docs[0]!.id))!);
      };
      const multilingual = await ask('huwelijk', 'nathalie', {
        forWhom: 'self',
        model: 'internationaal',
        language: 'de',
      });
      const text = pdftotext(multilingual);
      for (const t of [
        'Mehrsprachiger Auszug aus der Heiratsurkunde',
        'Wiener Übereinkommen vom 8. September 1976',
        'Datum van het huwelijk / Date du mariage / Datum der Eheschließung / Date of marriage: 23.08.2014',
        'Echtgenoot / Époux / Ehegatte / Spouse 2:',
        'Naam / Nom / Name / Surname: Goris',
        'Geslacht / Sexe / Geschlecht / Sex: F',
        'Codes: M = mannelijk / masculin / männlich / male',
      ])
        expect(text).toContain(t);
      expect(pdfsig(multilingual)).toContain('Signature is Valid.');
      const french = pdftotext(
        await ask('geboorte', 'fatima', {
          forWhom: 'other',
          subjectInsz: INSZ.amira,
          relation: 'involved',
          language: 'fr',
        }),
      );
      for (const t of [
        'Extrait d’acte de naissance',
        'Naissance : Smartegem, le 03.03.2015 à 08:42',
        'Père : Nom : El Amrani Prénoms : Youssef Sexe : masculin Né(e) à Tanger le 17.02.1983',
        'Pour extrait conforme.',
      ])
        expect(french).toContain(t);
      const german = pdftotext(
        await ask('overlijden', 'katrien', {
          forWhom: 'other',
          subjectInsz: INSZ.dirk,
          relation: 'involved',
          language: 'de',
          document: 'afschrift',
        }),
      );
      for (const t of [
        'Abschrift der Sterbeurkunde',
        'Tod: AZ Smartegem, Smartegem, am 03.11.2021 um 03:15',
        'Anmeldende(r):',
        'Für gleichlautende Abschrift.',
      ])
        expect(german).toContain(t);
      // One rendering as an image, for a person to look at (SMARTLOKET_KEEP_RENDERINGS keeps it).
      if (process.env.SMARTLOKET_KEEP_RENDERINGS) {
        const out = process.env.SMARTLOKET_KEEP_RENDERINGS;
        writeFileSync(`${out}/huwelijk-internationaal-de.pdf`, multilingual);
        execFileSync('pdftoppm', [
          '-png',
          '-r',
          '60',
          '-f',
          '1',
          '-l',
          '1',
          `${out}/huwelijk-internationaal-de.pdf`,
          `${out}/huwelijk-internationaal-de`,
        ]);
      }
    } finally {
      await intl.close();
    }
  });

  it('every DABS request validates against the official XSDs', (ctx) => {
    if (!existsSync(XSD_ROOT)) {
      console.log(`skipped: official MAGDA XSDs not found at ${XSD_ROOT}`);
      ctx.skip();
    }
    if (spawnSync('xmllint', ['--version']).error) {
      if (process.env.CI) throw new Error('xmllint is required in CI (Debian package libxml2-utils)');
      console.log('skipped: xmllint not installed (Debian package libxml2-utils)');
      ctx.skip();
    }
    const dabs = sim.calls.filter(
      (c) => c.naam.includes('AkteBurgerlijkeStand') || c.naam.includes('AktenBurgerlijkeStand'),
    );
    expect(new Set(dabs.map((c) => c.naam))).toEqual(
      new Set(['ZoekAktenBurgerlijkeStand', 'GeefAkteBurgerlijkeStand']),
    );
    // One message of each shape: by INSZ, by name and date, uittreksel, afschrift.
    const samples = [
      dabs.find((c) => c.naam === 'ZoekAktenBurgerlijkeStand' && c.raw.includes('<INSZ>')),
      dabs.find((c) => c.naam === 'ZoekAktenBurgerlijkeStand' && c.raw.includes('<Naam>')),
      dabs.find((c) => c.raw.includes('<CriteriaUittreksel>')),
      dabs.find((c) => c.raw.includes('<CriteriaAfschrift>')),
    ];
    samples.forEach((call, i) => {
      expect(call).toBeDefined();
      const service = serviceFor(call!.naam, call!.versie)!;
      const f = join(dir, `msg-${i}.xml`);
      writeFileSync(f, /<soapenv:Body[^>]*>([\s\S]*)<\/soapenv:Body>/.exec(call!.raw)?.[1] ?? '');
      const xsd = join(XSD_ROOT, service.xsdFolder!, 'WebService', `${service.naam}.xsd`);
      expect(
        execFileSync('xmllint', ['--noout', '--schema', xsd, f], { encoding: 'utf8', stdio: 'pipe' }),
      ).toBe('');
    });
  });

  it('every act type has a case above', () => {
    expect(new Set(cases.map(([t]) => t))).toEqual(new Set(Object.keys(ACT_TYPES)));
  });
});
