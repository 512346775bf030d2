import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ManualClock } from '@smartloket/core';
import {
  DEMO_MUNICIPALITY,
  INSZ,
  KBO_FUNCTIONS,
  ORGANISATIONS,
  PEOPLE,
  UNKNOWN_PEOPLE,
} from '@smartloket/dev-population';
import { createMagdaClient, MAGDA_SERVICES, type MagdaClient, serviceFor } from '@smartloket/source-magda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DABS_MODELS, type MagdaSimulator, SIMULATED_ATTESTS, startMagdaSimulator } from './index.js';
import { answerXml, functiesXml } from './responses.js';

// The repository's sibling folder ../shared (as in CI); SMARTLOKET_SHARED_DIR points elsewhere
// (a git worktree has no sibling ../shared).
const SHARED = process.env.SMARTLOKET_SHARED_DIR ?? resolve(import.meta.dirname, '../../../../../shared');
const XSD_ROOT = join(SHARED, 'reference/magda-xsd');
const xsdsThere = existsSync(XSD_ROOT);
const xmllint = !spawnSync('xmllint', ['--version']).error;
if (process.env.CI && !xsdsThere) throw new Error(`the official MAGDA XSDs are missing at ${XSD_ROOT}`);
if (process.env.CI && !xmllint) throw new Error('xmllint is required in CI (Debian package libxml2-utils)');

const dir = mkdtempSync(join(tmpdir(), 'magda-responses-'));
const bodyOf = (envelope: string) => /<soapenv:Body[^>]*>([\s\S]*)<\/soapenv:Body>/.exec(envelope)?.[1] ?? '';

/** Validates XML bodies against one response XSD; returns xmllint's complaints (empty when valid). */
function validate(naam: string, bodies: { label: string; xml: string }[]): string[] {
  const service = serviceFor(naam, MAGDA_SERVICES[naam as keyof typeof MAGDA_SERVICES].versie)!;
  const xsd = join(XSD_ROOT, service.xsdFolder!, 'WebService', `${service.naam}Response.xsd`);
  const files = bodies.map((b, i) => {
    const file = join(dir, `${naam}-${i}.xml`);
    writeFileSync(file, b.xml);
    return file;
  });
  const r = spawnSync('xmllint', ['--noout', '--schema', xsd, ...files], { encoding: 'utf8' });
  return r.stderr
    .split('\n')
    .filter((l) => l && !l.endsWith(' validates'))
    .map((l) => {
      const i = files.findIndex((f) => l.startsWith(f));
      return i >= 0 ? `${bodies[i]!.label}: ${l.slice(files[i]!.length)}` : l;
    });
}

describe.runIf(xsdsThere && xmllint)('simulator answers validate against the official response XSDs', () => {
  const clock = new ManualClock('2026-12-07T09:00:00.000Z');
  let sim: MagdaSimulator;
  let magda: MagdaClient;
  /** Scenario label per call index of `sim.calls`. */
  const labels = new Map<number, string>();
  let n = 0;
  const ref = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

  /** Runs one call, success or failure, and labels what the simulator answered. */
  async function run(label: string, call: (c: MagdaClient, referte: string) => Promise<unknown>) {
    const before = sim.calls.length;
    await call(magda, ref()).catch(() => undefined);
    for (let i = before; i < sim.calls.length; i++) labels.set(i, `${label} [${sim.calls[i]!.naam}]`);
    expect(sim.calls.length, label).toBeGreaterThan(before);
  }

  beforeAll(async () => {
    sim = await startMagdaSimulator({ clock, strafregister: { delays: { '596.2': 60_000 } } });
    magda = createMagdaClient({
      endpoint: sim.url,
      afzender: { identificatie: 'smartegem.example/smartloket/test', hoedanigheid: '1300' },
      clock,
      timeouts: { requestMs: 60_000 },
      circuitBreaker: { failureThreshold: 1_000 },
    });
  });
  afterAll(async () => {
    magda?.close();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every operation the simulator serves, with success and with every failure it answers', async () => {
    const nis = DEMO_MUNICIPALITY.nisCode;
    const unknown = UNKNOWN_PEOPLE.find((u) => u.answer === '30003')!.insz;
    const noData = UNKNOWN_PEOPLE.find((u) => u.answer === '30001')!.insz;
    const renumbered = PEOPLE.find((p) => p.previousInsz?.length)!.previousInsz![0]!;
    const invalid = '85073012300';
    const attest = (insz: string, naam: string, taal: 'nl' | 'fr' | 'de' = 'nl') => ({
      insz,
      attest: naam,
      attestTaal: taal,
      gemeenteVanAfgifte: nis,
    });

    // GeefAttest: every model, in each language once; unknown model, unknown language, no data.
    for (const [i, model] of SIMULATED_ATTESTS.entries()) {
      const taal = (['nl', 'fr', 'de'] as const)[i % 3]!;
      const who = model === 'Wijze teraardebestelling' ? INSZ.godelieve : INSZ.jan;
      await run(`GeefAttest ${model} ${taal}`, (c, r) =>
        c.geefAttest(attest(who, model, taal), { referte: r }),
      );
    }
    await run('GeefAttest 45810', (c, r) => c.geefAttest(attest(INSZ.jan, 'Onbestaand'), { referte: r }));
    await run('GeefAttest 45811', (c, r) =>
      c.geefAttest({ ...attest(INSZ.jan, 'Leven'), attestTaal: 'en' as 'nl' }, { referte: r }),
    );
    await run('GeefAttest 30001', (c, r) =>
      c.geefAttest(attest(INSZ.jan, 'Wijze teraardebestelling'), { referte: r }),
    );
    await run('GeefAttest 30003', (c, r) => c.geefAttest(attest(unknown, 'Leven'), { referte: r }));
    await run('GeefAttest 20002', (c, r) => c.geefAttest(attest(invalid, 'Leven'), { referte: r }));
    await run('GeefAttest 30004', (c, r) => c.geefAttest(attest(renumbered, 'Leven'), { referte: r }));

    // The Rijksregister person services: every person of the population, and each failure.
    for (const p of PEOPLE) {
      await run(`GeefPersoon ${p.key}`, (c, r) => c.geefPersoon({ insz: p.insz }, { referte: r }));
      await run(`GeefHistoriekPersoon ${p.key}`, (c, r) =>
        c.geefHistoriekPersoon({ insz: p.insz }, { referte: r }),
      );
      await run(`GeefGezinssamenstelling ${p.key}`, (c, r) =>
        c.geefGezinssamenstelling({ insz: p.insz }, { referte: r }),
      );
    }
    for (const [label, insz] of [
      ['30003', unknown],
      ['30001', noData],
      ['20002', invalid],
      ['30004', renumbered],
    ] as const) {
      await run(`GeefPersoon ${label}`, (c, r) => c.geefPersoon({ insz }, { referte: r }));
      await run(`GeefHistoriekPersoon ${label}`, (c, r) => c.geefHistoriekPersoon({ insz }, { referte: r }));
      await run(`GeefGezinssamenstelling ${label}`, (c, r) =>
        c.geefGezinssamenstelling({ insz }, { referte: r }),
      );
    }

    // GeefFuncties: by person, by enterprise, none, invalid INSZ.
    await run('GeefFuncties by INSZ', (c, r) =>
      c.geefFuncties({ insz: KBO_FUNCTIONS[0]!.insz }, { referte: r }),
    );
    await run('GeefFuncties by KBO', (c, r) =>
      c.geefFuncties({ kbo: ORGANISATIONS.bouwbedrijf.kbo }, { referte: r }),
    );
    await run('GeefFuncties 30001', (c, r) => c.geefFuncties({ insz: INSZ.emma }, { referte: r }));
    await run('GeefFuncties 20002', (c, r) => c.geefFuncties({ insz: invalid }, { referte: r }));

    // Strafregister: types; an extract ready at once (MTOM), one that waits, fetched later; status.
    const gemeente = { nisCode: nis, aanvragerInsz: INSZ.jan };
    for (const taal of ['nl', 'fr'] as const) {
      await run(`GeefTypesUittrekselStrafregister ${taal}`, (c, r) =>
        c.geefTypesUittrekselStrafregister({ taal }, { referte: r }),
      );
    }
    await run('GeefUittrekselStrafregister 595 ready', (c, r) =>
      c.geefUittrekselStrafregister(
        { gemeente, insz: INSZ.jan, typeUittreksel: '595', taal: 'nl', referentie: 'SL-1' },
        { referte: r },
      ),
    );
    let pending = '';
    await run('GeefUittrekselStrafregister 596.2 pending', async (c, r) => {
      const x = await c.geefUittrekselStrafregister(
        { gemeente, insz: INSZ.els, typeUittreksel: '596.2', taal: 'fr', referentie: 'SL-2' },
        { referte: r },
      );
      pending = (x as { identificatienummer: string }).identificatienummer;
    });
    await run('GeefStatusUittrekselStrafregister with one pending', (c, r) =>
      c.geefStatusUittrekselStrafregister({ gemeente, insz: INSZ.els }, { referte: r }),
    );
    await run('GeefStatusUittrekselStrafregister none', (c, r) =>
      c.geefStatusUittrekselStrafregister(
        { gemeente, insz: INSZ.emma, klaarVoorDownload: true },
        { referte: r },
      ),
    );
    await run('GeefUittrekselStrafregister by id, pending', (c, r) =>
      c.geefUittrekselStrafregister({ gemeente, identificatienummer: pending }, { referte: r }),
    );
    clock.advance(120_000);
    await run('GeefStatusUittrekselStrafregister ready', (c, r) =>
      c.geefStatusUittrekselStrafregister({ gemeente, referentie: 'SL-2' }, { referte: r }),
    );
    await run('GeefUittrekselStrafregister by id, ready', (c, r) =>
      c.geefUittrekselStrafregister({ gemeente, identificatienummer: pending }, { referte: r }),
    );
    await run('GeefUittrekselStrafregister unknown id', (c, r) =>
      c.geefUittrekselStrafregister({ gemeente, identificatienummer: '20260101-999' }, { referte: r }),
    );
    for (const [label, insz, typeUittreksel, taal] of [
      ['20002', invalid, '595', 'nl'],
      ['30003', unknown, '595', 'nl'],
      ['30004', renumbered, '595', 'de'],
      ['unknown type', INSZ.jan, '999', 'nl'],
      ['45811', INSZ.jan, '595', 'en'],
    ] as const) {
      await run(`GeefUittrekselStrafregister ${label}`, (c, r) =>
        c.geefUittrekselStrafregister({ gemeente, insz, typeUittreksel, taal: taal as 'nl' }, { referte: r }),
      );
    }

    // DABS: search by person, by name and type, nothing, invalid INSZ; every act as afschrift and
    // as the Belgian extract, the international extract where it exists; unknown act, language.
    await run('ZoekAktenBurgerlijkeStand by INSZ', (c, r) =>
      c.zoekAktenBurgerlijkeStand({ insz: INSZ.jan, gemeenteVanAfgifte: nis }, { referte: r }),
    );
    await run('ZoekAktenBurgerlijkeStand by name and type', (c, r) =>
      c.zoekAktenBurgerlijkeStand(
        { naam: 'Peeters', documentType: '1', datumCreatie: { jaar: 2015 }, gemeenteVanAfgifte: nis },
        { referte: r },
      ),
    );
    await run('ZoekAktenBurgerlijkeStand 30001', (c, r) =>
      c.zoekAktenBurgerlijkeStand({ naam: 'Niemand', gemeenteVanAfgifte: nis }, { referte: r }),
    );
    await run('ZoekAktenBurgerlijkeStand 20002', (c, r) =>
      c.zoekAktenBurgerlijkeStand({ insz: invalid, gemeenteVanAfgifte: nis }, { referte: r }),
    );
    const { ACTS } = await import('@smartloket/dev-population');
    for (const act of ACTS) {
      await run(`GeefAkteBurgerlijkeStand afschrift ${act.referte}`, (c, r) =>
        c.geefAkteBurgerlijkeStand(
          { documentReferte: act.referte, soort: 'afschrift', documentTaal: 'nl', gemeenteVanAfgifte: nis },
          { referte: r },
        ),
      );
      for (const model of Object.values(DABS_MODELS)) {
        await run(`GeefAkteBurgerlijkeStand uittreksel ${model} ${act.referte}`, (c, r) =>
          c.geefAkteBurgerlijkeStand(
            {
              documentReferte: act.referte,
              soort: 'uittreksel',
              model,
              documentTaal: 'fr',
              gemeenteVanAfgifte: nis,
            },
            { referte: r },
          ),
        );
      }
    }
    await run('GeefAkteBurgerlijkeStand 30001', (c, r) =>
      c.geefAkteBurgerlijkeStand(
        {
          documentReferte: 'DABS-XXX-0000-0000',
          soort: 'afschrift',
          documentTaal: 'nl',
          gemeenteVanAfgifte: nis,
        },
        { referte: r },
      ),
    );
    await run('GeefAkteBurgerlijkeStand 45811', (c, r) =>
      c.geefAkteBurgerlijkeStand(
        {
          documentReferte: ACTS[0]!.referte,
          soort: 'afschrift',
          documentTaal: 'en' as 'nl',
          gemeenteVanAfgifte: nis,
        },
        { referte: r },
      ),
    );

    // Injected Uitzonderingen (faults.uitzondering), for every service: an error and the
    // repertorium's 13202 (after which the client registers again).
    for (const code of ['99997', '60006', '13202']) {
      sim.faults.uitzondering(code);
      await run(`injected ${code} GeefAttest`, (c, r) =>
        c.geefAttest(attest(INSZ.jan, 'Leven'), { referte: r }),
      );
      await run(`injected ${code} GeefPersoon`, (c, r) => c.geefPersoon({ insz: INSZ.jan }, { referte: r }));
      await run(`injected ${code} GeefHistoriekPersoon`, (c, r) =>
        c.geefHistoriekPersoon({ insz: INSZ.jan }, { referte: r }),
      );
      await run(`injected ${code} GeefGezinssamenstelling`, (c, r) =>
        c.geefGezinssamenstelling({ insz: INSZ.jan }, { referte: r }),
      );
      await run(`injected ${code} GeefFuncties`, (c, r) =>
        c.geefFuncties({ insz: INSZ.jan }, { referte: r }),
      );
      await run(`injected ${code} GeefTypesUittrekselStrafregister`, (c, r) =>
        c.geefTypesUittrekselStrafregister({ taal: 'nl' }, { referte: r }),
      );
      await run(`injected ${code} GeefUittrekselStrafregister`, (c, r) =>
        c.geefUittrekselStrafregister(
          { gemeente, insz: INSZ.jan, typeUittreksel: '595', taal: 'nl' },
          { referte: r },
        ),
      );
      await run(`injected ${code} GeefStatusUittrekselStrafregister`, (c, r) =>
        c.geefStatusUittrekselStrafregister({ gemeente, insz: INSZ.jan }, { referte: r }),
      );
      await run(`injected ${code} ZoekAktenBurgerlijkeStand`, (c, r) =>
        c.zoekAktenBurgerlijkeStand({ insz: INSZ.jan, gemeenteVanAfgifte: nis }, { referte: r }),
      );
      await run(`injected ${code} GeefAkteBurgerlijkeStand`, (c, r) =>
        c.geefAkteBurgerlijkeStand(
          {
            documentReferte: ACTS[0]!.referte,
            soort: 'afschrift',
            documentTaal: 'nl',
            gemeenteVanAfgifte: nis,
          },
          { referte: r },
        ),
      );
      sim.faults.clear();
    }

    // Latency answers as usual (validated with the rest); an outage answers HTTP 503 without a body,
    // a timeout never answers: neither has XML to validate.
    sim.faults.latency(5, 'GeefPersoon');
    await run('latency GeefPersoon', (c, r) => c.geefPersoon({ insz: INSZ.els }, { referte: r }));
    sim.faults.clear();
    sim.faults.outage(new Date(clock.now().getTime() + 60_000), 'GeefPersoon');
    await run('outage GeefPersoon', (c, r) => c.geefPersoon({ insz: INSZ.els }, { referte: r }));
    expect(sim.calls.at(-1)!.answer).toBe('outage');
    expect(sim.calls.at(-1)!.reply).toBe('');
    sim.faults.clear();

    // Group the answers per service and validate each group with xmllint against the official XSD.
    const groups = new Map<string, { label: string; xml: string }[]>();
    const answers = new Map<string, Set<string>>();
    sim.calls.forEach((call, i) => {
      const service = serviceFor(call.naam, call.versie);
      if (!service?.xsdFolder || !call.reply) return;
      const list = groups.get(call.naam) ?? [];
      list.push({ label: labels.get(i) ?? call.naam, xml: bodyOf(call.reply) });
      groups.set(call.naam, list);
      answers.set(call.naam, (answers.get(call.naam) ?? new Set()).add(call.answer));
    });
    const complaints = [...groups].flatMap(([naam, bodies]) => validate(naam, bodies));
    expect(complaints).toEqual([]);

    // Every service with an official XSD was exercised, with a success and with failures.
    const withXsd = Object.values(MAGDA_SERVICES)
      .filter((s) => s.xsdFolder)
      .map((s) => s.naam);
    expect([...groups.keys()].sort()).toEqual([...withXsd].sort());
    for (const naam of withXsd) {
      const seen = answers.get(naam)!;
      expect(seen.has('ok') || seen.has('30004'), `${naam} answered a success`).toBe(true);
      expect(
        [...seen].some((a) => /^\d{5}$/.test(a) && a !== '30004'),
        `${naam} answered a failure`,
      ).toBe(true);
    }
    const total = [...groups.values()].reduce((s, g) => s + g.length, 0);
    console.log(`validated ${total} simulator answers of ${groups.size} services against the official XSDs`);
  });

  it('GeefFuncties carries the required VolgNummer', () => {
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
    expect(validate('GeefFuncties', [{ label: 'functies', xml: bodyOf(xml) }])).toEqual([]);
    expect(bodyOf(xml).match(/<VolgNummer>/g)).toHaveLength(3);
  });
});
