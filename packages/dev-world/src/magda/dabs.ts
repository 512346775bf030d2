/**
 * DABS in the simulator: ZoekAktenBurgerlijkeStand 02.00 and GeefAkteBurgerlijkeStand 02.00 over
 * the acts of the synthetic population (`@smartloket/dev-population` ACTS). Answers follow the
 * official Persoon-02.00 types (AkteBurgerlijkeStandSynopsisLijst, AkteBurgerlijkeStand); type,
 * role, status and origin codes are assumed.
 */

import { isValidInsz } from '@smartloket/core';
import {
  ACT_ROLE_CODES,
  ACT_TYPE_CODES,
  ACTS,
  type ActTypeKey,
  type CivilStatusAct,
  DEMO_MUNICIPALITY,
  personByInsz,
} from '@smartloket/dev-population';
import { tijdstip } from '@smartloket/source-magda';
import { el, obj, text } from '@smartloket/source-magda/xml';
import { type DabsLanguage, dabsLines, dabsTitle, MULTILINGUAL_ACT_TYPES } from './dabs-documents.js';
import type { DocumentFactory } from './documents.js';

/** DABS as the documents name it (in French: Banque de données des actes de l'état civil). */
const DABS_NAME: Record<DabsLanguage, string> = { nl: 'DABS', fr: 'BAEC', de: 'DABS' };

/** Uittreksel models of the simulator (assumed names); the international one for three act types. */
export const DABS_MODELS = { belgisch: 'BELGISCH', internationaal: 'INTERNATIONAAL' } as const;
const INTERNATIONAL: readonly ActTypeKey[] = MULTILINGUAL_ACT_TYPES;

const TITLES: Record<ActTypeKey, string> = {
  adoptie: 'Akte van adoptie',
  'belgische-nationaliteit': 'Akte van Belgische nationaliteit',
  echtscheiding: 'Akte van echtscheiding',
  'erkenning-kind': 'Akte van erkenning',
  'erkenning-voor-geboorte': 'Akte van erkenning voor de geboorte',
  'gerechtelijke-afwezigheid': 'Akte van gerechtelijke afwezigheid',
  geslachtsverandering: 'Akte van wijziging van de registratie van het geslacht',
  'levenloos-kind': 'Akte van een levenloos kind',
  naamkeuze: 'Akte van naamkeuze',
  naamwijziging: 'Akte van naamswijziging',
  voornaamwijziging: 'Akte van voornaamswijziging',
  geboorte: 'Geboorteakte',
  huwelijk: 'Huwelijksakte',
  overlijden: 'Overlijdensakte',
};

type Answer = { inhoud: string } | { code: string };

const partieel = (v: unknown) => {
  const x = obj(v);
  const j = text(x.Jaar);
  return j ? { jaar: j, maand: text(x.Maand), dag: text(x.Dag) } : undefined;
};

const matchesDate = (act: CivilStatusAct, d: ReturnType<typeof partieel>) => {
  if (!d) return true;
  const [y, m, day] = act.date.split('-');
  return (
    Number(y) === Number(d.jaar) &&
    (!d.maand || Number(m) === Number(d.maand)) &&
    (!d.dag || Number(day) === Number(d.dag))
  );
};

const norm = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();

function synopsisXml(act: CivilStatusAct): string {
  const [y, m, d] = act.date.split('-');
  return el('AkteBurgerlijkeStandSynopsis', [
    el('DocumentReferte', act.referte),
    el('DatumCreatie', [el('Jaar', y), el('Maand', m), el('Dag', d)]),
    el('DocumentType', [el('Code', ACT_TYPE_CODES[act.type]), el('Omschrijving', TITLES[act.type])]),
    el('DocumentStatus', [el('Code', '1'), el('Omschrijving', 'Definitief')]),
    el('HerkomstAkte', [
      el('Code', act.date >= '2019-04-01' ? '1' : '2'),
      el('Omschrijving', act.date >= '2019-04-01' ? 'DABS' : 'Gedigitaliseerd'),
    ]),
    el(
      'BetrokkenPersonen',
      act.persons.map((p) =>
        el('BetrokkenPersoon', [
          el('INSZ', p.insz),
          el('Rol', [el('Code', ACT_ROLE_CODES[p.role]), el('Omschrijving', p.role)]),
          el('HerkomstINSZ', [el('Code', p.insz ? '1' : '0')]),
        ]),
      ),
    ),
    el('GemeenteVanOpmaak', act.municipalityNis),
  ]);
}

/** ZoekAktenBurgerlijkeStand: every act matching all given criteria; 30001 when none. */
export function zoekAkten(criteria: Record<string, unknown>, acts: readonly CivilStatusAct[] = ACTS): Answer {
  const insz = text(criteria.INSZ);
  if (insz !== undefined && !isValidInsz(insz)) return { code: '20002' };
  const type = text(criteria.DocumentType);
  const naam = text(criteria.Naam);
  const voornaam = text(criteria.Voornaam);
  const gemeente = text(criteria.GemeenteVanOpmaak);
  const datum = partieel(criteria.DatumCreatie);
  if (!insz && !naam && !type) return { code: '30001' };
  const found = acts.filter(
    (a) =>
      (!type || ACT_TYPE_CODES[a.type] === type) &&
      (!gemeente || a.municipalityNis === gemeente) &&
      matchesDate(a, datum) &&
      (!insz || a.persons.some((p) => p.insz === insz)) &&
      (!naam ||
        a.persons.some(
          (p) =>
            norm(p.familyName) === norm(naam) &&
            (!voornaam || norm(p.givenNames).split(/\s+/).includes(norm(voornaam))),
        )),
  );
  if (found.length === 0) return { code: '30001' };
  return { inhoud: el('AkteBurgerlijkeStandSynopsisLijst', found.map(synopsisXml)) };
}

/** GeefAkteBurgerlijkeStand: the act's afschrift or uittreksel as a sealed PDF (base64). */
export async function geefAkte(
  inhoud: Record<string, unknown>,
  documents: DocumentFactory,
  now: Date,
  acts: readonly CivilStatusAct[] = ACTS,
): Promise<Answer> {
  const criteria = obj(inhoud.Criteria);
  const afschrift = criteria.CriteriaAfschrift ? obj(criteria.CriteriaAfschrift) : undefined;
  const uittreksel = criteria.CriteriaUittreksel ? obj(criteria.CriteriaUittreksel) : undefined;
  const c = afschrift ?? uittreksel;
  if (!c) return { code: '30001' };
  const referte = text(c.DocumentReferte) ?? '';
  const taal = text(c.Taal) ?? 'nl';
  if (!['nl', 'fr', 'de'].includes(taal)) return { code: '45811' };
  const act = acts.find((a) => a.referte === referte);
  if (!act) return { code: '30001' };
  const model = uittreksel ? (text(uittreksel.Model) ?? '') : undefined;
  if (
    model !== undefined &&
    !(
      model === DABS_MODELS.belgisch ||
      (model === DABS_MODELS.internationaal && INTERNATIONAL.includes(act.type))
    )
  ) {
    return { code: '30001' };
  }
  const principal = act.persons.find((p) => p.insz) ?? act.persons[0]!;
  const person = (principal.insz && personByInsz(principal.insz)) || undefined;
  const kind = afschrift
    ? 'afschrift'
    : model === DABS_MODELS.internationaal
      ? 'internationaal'
      : 'uittreksel';
  const language = taal as DabsLanguage;
  const pdf = await documents.render({
    kind: 'akte',
    title: dabsTitle(act.type, kind, language),
    source: 'DABS',
    sourceName: DABS_NAME[language],
    language,
    ...(person ? { person } : {}),
    gemeenteVanAfgifte: text(inhoud.GemeenteVanAfgifte) ?? DEMO_MUNICIPALITY.nisCode,
    issuedAt: now,
    verificationUrl: `https://dabs.simulated.example/verify/${encodeURIComponent(act.referte)}`,
    lines: dabsLines(act, kind, language, tijdstip(now).datum),
  });
  const b64 = Buffer.from(pdf).toString('base64');
  const part = afschrift
    ? el('Afschrift', [el('Document', b64, { Formaat: 'PDF' })])
    : el('Uittreksel', [el('Document', b64, { Formaat: 'PDF', Taal: taal, Model: model ?? '' })]);
  return { inhoud: el('AkteBurgerlijkeStand', [el('DocumentReferte', act.referte), part]) };
}
