import {
  DEMO_MUNICIPALITY,
  INSZ,
  INVALID_INSZ,
  ORGANISATIONS,
  UNKNOWN_PEOPLE,
} from '@smartloket/dev-population';
import { attestTitle } from '@smartloket/dev-world/magda';
import { assertDocument, identityOf, type TestDeployment } from '@smartloket/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CERTIFICATES, MESSAGES } from '../../plugins/bevolking/src/index.js';
import { citizen, hasTool, lastEvent, startWorld, type World } from './support.js';

const tools = hasTool('pdfsig') && hasTool('pdftotext') && hasTool('certutil');
if (!tools && process.env.CI)
  throw new Error('pdfsig, pdftotext and certutil are needed (poppler-utils, libnss3-tools)');

describe.runIf(tools)('bevolking certificates end to end (SOAP over HTTPS to the MAGDA simulator)', () => {
  let world: World;
  let d: TestDeployment;
  let fromData: TestDeployment;

  beforeAll(async () => {
    world = await startWorld();
    d = await world.deploy({ extras: ['belgisch-kiezer', 'uittreksel-registers'] });
    fromData = await world.deploy({
      renderFromData: Object.keys(CERTIFICATES).filter(
        (k) => CERTIFICATES[k as keyof typeof CERTIFICATES].renderable,
      ),
    });
  });
  afterAll(async () => {
    await world?.close();
  });

  /** Submits, runs the pipeline, returns the request and its document (if delivered). */
  async function request(
    dep: TestDeployment,
    typeKey: string,
    identity: ReturnType<typeof citizen>,
    input: Record<string, unknown> = {},
  ) {
    const { request } = await dep.requests.submit({
      typeId: `bevolking.${typeKey}`,
      input: { forWhom: 'self', ...input },
      locale: 'nl',
      identity,
    });
    await dep.runJobs();
    const fresh = (await dep.db.requests.get(request.id))!;
    const docs = await dep.db.documents.listByRequest(request.id);
    const bytes = docs[0] ? await dep.db.documents.readBytes(docs[0].id) : undefined;
    return { request: fresh, docs, bytes: bytes ? new Uint8Array(bytes) : undefined };
  }

  // Each certificate for a person of whom it is true, in the three document languages.
  const cases: [key: string, person: string, language: 'nl' | 'fr' | 'de'][] = [
    ['belgische-nationaliteit', 'jan', 'nl'],
    ['gezinssamenstelling', 'jan', 'fr'],
    ['hoofdverblijfplaats', 'jan', 'de'],
    ['hoofdverblijfplaats-historiek-gemeente', 'jan', 'nl'],
    ['hoofdverblijfplaats-historiek', 'jan', 'nl'],
    ['leven', 'marie', 'fr'],
    ['verblijf-nationaliteit', 'jan', 'fr'],
    ['verblijfplaats-huwelijk', 'jan', 'nl'],
    ['wettelijke-samenwoning', 'jan', 'nl'],
    ['teraardebestelling', 'godelieve', 'nl'],
    ['belgisch-kiezer', 'jan', 'nl'],
    ['uittreksel-registers', 'jan', 'de'],
  ];

  it.each(cases)(
    '%s for %s (%s) is delivered, opens and carries a valid seal',
    async (key, person, language) => {
      const callsBefore = world.sim.calls.length;
      const {
        request: r,
        docs,
        bytes,
      } = await request(d, key, citizen(person), { language, purpose: 'werkgever' });
      expect(r.state).toBe('delivered');
      expect(docs).toHaveLength(1);
      const info = CERTIFICATES[key as keyof typeof CERTIFICATES];
      const fromRijksregister = info.attest !== undefined;
      expect(docs[0]!.sealedBy).toBe(fromRijksregister ? 'FOD Binnenlandse Zaken' : 'Gemeente Smartegem');
      const report = world.pdfsig(bytes!, fromRijksregister);
      expect(report).toContain('Signature is Valid.');
      expect(report).toContain('Certificate is Trusted.');
      const text = world.pdftotext(bytes!).replace(/\s+/g, ' ');
      if (fromRijksregister) {
        // The Rijksregister's PDF as received: its title in the language asked, for the person
        // asked about, with no English.
        expect(text).toContain(attestTitle(info.attest!, language));
        expect(text).not.toMatch(/simulated|Signed by|Born on/);
        const sent = world.sim.calls.slice(callsBefore).find((c) => c.naam === 'GeefAttest')!;
        expect(sent.raw).toContain(`<Taal>${language}</Taal>`);
      } else {
        expect(text).toContain(info.title[language] ?? info.title.nl);
        expect(text).toMatch(/Jan Frans Peeters/);
      }
      // Every message sent for this request is in the consultation audit under its referte
      // (repertorium registrations carry the consultation's referte as Vraag Referte).
      const audit = await d.db.audit.list({ requestId: r.id, categories: ['consultation_started'] });
      const refertes = new Set(audit.map((a) => a.referte));
      const calls = world.sim.calls.slice(callsBefore);
      expect(calls.length).toBeGreaterThan(0);
      for (const c of calls)
        expect(refertes.has(c.naam === 'RegistreerInschrijving' ? c.vraagReferte : c.referte)).toBe(true);
      expect(audit.every((a) => a.legalBasis?.includes('8 augustus 1983'))).toBe(true);
    },
  );

  it('a household certificate rendered by the municipality reads in the language asked: place and date, the configured official, Zoon/Dochter, file name', async () => {
    const day = (tag: string) =>
      new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: 'Europe/Brussels' }).format(
        world.clock.now(),
      );
    const signed = await world.deploy(
      { renderFromData: ['gezinssamenstelling'] },
      {
        config: {
          municipality: {
            ...DEMO_MUNICIPALITY,
            official: {
              name: 'Karel Verhoeven',
              function: { nl: 'Algemeen directeur', fr: 'Directeur général', de: 'Generaldirektor' },
            },
          },
        },
      },
    );
    const expected = {
      nl: {
        text: [
          'Attest van gezinssamenstelling',
          `Smartegem, ${day('nl-BE')}`,
          'Algemeen directeur',
          'Samenstelling van het gezin',
          'Referentiepersoon',
          'Dochter',
          'Zoon',
          'Wettelijk samenwonende',
        ],
        file: /^attest-van-gezinssamenstelling-.+\.pdf$/,
      },
      fr: {
        text: [
          'Certificat de composition de ménage',
          `Smartegem, le ${day('fr-BE')}`,
          'Directeur général',
          'Composition du ménage',
          'Personne de référence',
          'Fille',
          'Fils',
          'Cohabitante légale',
        ],
        file: /^certificat-de-composition-de-menage-.+\.pdf$/,
      },
      de: {
        text: [
          `Smartegem, den ${day('de-BE')}`,
          'Generaldirektor',
          'Haushaltszusammensetzung',
          'Bezugsperson',
          'Tochter',
          'Sohn',
          'Gesetzlich Zusammenwohnende',
        ],
        file: /\.pdf$/,
      },
    } as const;
    for (const language of ['nl', 'fr', 'de'] as const) {
      const {
        request: r,
        docs,
        bytes,
      } = await request(signed, 'gezinssamenstelling', citizen('jan'), { language });
      expect(r.state).toBe('delivered');
      expect(docs[0]!.fileName).toMatch(expected[language].file);
      const doc = assertDocument(bytes);
      await doc.containsText('Karel Verhoeven', 'Emma Peeters', 'Lucas Peeters', ...expected[language].text);
      await doc.notContainsText('Zoon/dochter', 'Fils/fille');
    }
    const de = await request(signed, 'gezinssamenstelling', citizen('jan'), { language: 'de' });
    const title = CERTIFICATES.gezinssamenstelling.title.de!;
    await assertDocument(de.bytes).containsText(title);
    expect(de.docs[0]!.fileName).not.toContain('gezinssamenstelling');
  });

  it('"in deze gemeente" lists only this municipality’s addresses; the full history lists all', async () => {
    const here = await request(d, 'hoofdverblijfplaats-historiek-gemeente', citizen('jan'));
    const all = await request(fromData, 'hoofdverblijfplaats-historiek', citizen('jan'));
    expect(all.request.state).toBe('delivered');
    expect(all.docs[0]!.sealedBy).toBe('Gemeente Smartegem');
    const hereText = world.pdftotext(here.bytes!);
    const allText = world.pdftotext(all.bytes!);
    // Jan: Molenweg 3 Smartegem (1985-2010), Kerkstraat 3 Andergem (2010-2012), Kerkstraat 12 Smartegem.
    expect(hereText).toContain('Molenweg 3');
    expect(hereText).toContain('Kerkstraat 12');
    expect(hereText).not.toContain('Andergem');
    expect(allText).toContain('Molenweg 3');
    expect(allText).toContain('Kerkstraat 3, 9998 Andergem');
    expect(allText).toContain('Kerkstraat 12');
  });

  it('renders every one of the ten from data when configured (renderFromData), sealed by the municipality', async () => {
    const callsBefore = world.sim.calls.length;
    for (const key of Object.keys(CERTIFICATES).filter(
      (k) => CERTIFICATES[k as keyof typeof CERTIFICATES].renderable,
    )) {
      const person = key === 'teraardebestelling' ? 'godelieve' : 'jan';
      const { request: r, bytes } = await request(fromData, key, citizen(person), { language: 'nl' });
      expect(r.state, key).toBe('delivered');
      expect(world.pdfsig(bytes!, false)).toContain('Signature is Valid.');
      if (key === 'teraardebestelling') {
        // From GeefPersoon's LijkbezorgingEnRitueel (WijzeVanLijkbezorging, Ritueel, PlaatsRegistratie).
        const text = world.pdftotext(bytes!).replace(/\s+/g, ' ');
        for (const t of [
          'Godelieve Maria Verbruggen',
          'Wijze van teraardebestelling Begraving',
          'Rituelen Katholiek',
          'te Smartegem op 10.05.2019',
        ])
          expect(text).toContain(t);
        continue;
      }
      expect(world.pdftotext(bytes!)).toContain('Jan Frans Peeters');
    }
    const names = new Set(world.sim.calls.slice(callsBefore).map((c) => c.naam));
    expect(names.has('GeefAttest')).toBe(false);
    expect(names.has('GeefHistoriekPersoon')).toBe(true);
  });

  describe('who may have it', () => {
    it('a parent for their minor child is automatic (parents from GeefPersoon), both parents', async () => {
      for (const parent of ['jan', 'els']) {
        const { request: r } = await request(d, 'hoofdverblijfplaats', citizen(parent), {
          forWhom: 'child',
          subjectInsz: INSZ.emma,
        });
        expect(r.decision?.outcome, parent).toBe('auto');
        expect(r.state).toBe('delivered');
      }
      const audit = await d.db.audit.list({ subjectId: INSZ.emma, categories: ['consultation_started'] });
      expect(audit.some((a) => a.service === 'magda:GeefPersoon-02.02' && a.requestId === null)).toBe(true);
    });

    it('someone who is not the parent goes to review', async () => {
      const { request: r } = await request(d, 'hoofdverblijfplaats', citizen('marie'), {
        forWhom: 'child',
        subjectInsz: INSZ.emma,
      });
      expect(r.state).toBe('in_review');
    });

    it('another person goes to review with the stated ground', async () => {
      const { request: r } = await request(d, 'leven', citizen('marie'), {
        forWhom: 'other',
        subjectInsz: INSZ.jan,
        ground: 'volmacht van de betrokkene',
      });
      expect(r.state).toBe('in_review');
      expect(JSON.stringify(r.decision)).toContain('volmacht van de betrokkene');
    });

    it('gezinssamenstelling: own household only (child in the household: automatic; another household: review)', async () => {
      const own = await request(d, 'gezinssamenstelling', citizen('els'), {
        forWhom: 'child',
        subjectInsz: INSZ.lucas,
      });
      expect(own.request.state).toBe('delivered');
      const other = await request(d, 'gezinssamenstelling', citizen('marie'), {
        forWhom: 'other',
        subjectInsz: INSZ.jan,
        ground: 'volmacht',
      });
      expect(other.request.state).toBe('in_review');
      const verdict = other.request.decision!.verdicts.find((v) => v.ruleId === 'bevolking.own-household');
      expect(verdict?.outcome).toBe('review');
    });

    it('an organisation with a grant is automatic; without one it goes to review', async () => {
      const notary = identityOf('notaris');
      const input = { forWhom: 'organisation', subjectInsz: INSZ.jan };
      const before = await request(d, 'hoofdverblijfplaats', notary, input);
      expect(before.request.state).toBe('in_review');
      await d.db.grants.add(
        { kbo: ORGANISATIONS.notaris.kbo, requestTypeId: 'bevolking.hoofdverblijfplaats' },
        { type: 'staff', id: 'test' },
      );
      const after = await request(d, 'hoofdverblijfplaats', notary, input);
      expect(after.request.decision?.outcome).toBe('auto');
      expect(after.request.state).toBe('delivered');
    });

    it('foreign use goes to review, even for oneself', async () => {
      const { request: r } = await request(d, 'leven', citizen('jan'), { use: 'foreign' });
      expect(r.state).toBe('in_review');
    });
  });

  describe('answers of the register', () => {
    it('an unknown person: to staff, with a message the citizen understands', async () => {
      const unknown = UNKNOWN_PEOPLE.find((u) => u.answer === '30003')!.insz;
      const { request: r } = await request(d, 'hoofdverblijfplaats', citizen('jan', unknown));
      expect(r.state).toBe('in_review');
      expect((await lastEvent(d, r.id)).reason).toMatch(/niet gevonden in de authentieke bron/);
    });

    it('an invalid INSZ: refused at the form, and refused when it comes from the source', async () => {
      await expect(
        d.requests.submit({
          typeId: 'bevolking.leven',
          input: { forWhom: 'child', subjectInsz: INVALID_INSZ },
          locale: 'nl',
          identity: citizen('jan'),
        }),
      ).rejects.toMatchObject({ issues: [{ path: 'subjectInsz', code: 'insz.invalid' }] });
      const { request: r } = await request(d, 'leven', citizen('jan', INVALID_INSZ));
      expect(r.state).toBe('refused');
      expect((await lastEvent(d, r.id)).reason).toBe('Het rijksregisternummer is ongeldig.');
    });

    it('a person with a new INSZ: refused with the reason, no document about another number', async () => {
      const previous = INSZ.alexPrevious;
      for (const dep of [d, fromData]) {
        const { request: r, docs } = await request(dep, 'hoofdverblijfplaats', citizen('alex', previous));
        expect(r.state).toBe('refused');
        expect(docs).toHaveLength(0);
        expect((await lastEvent(dep, r.id)).reason).toBe(MESSAGES.newInsz.nl);
      }
    });
  });
});
