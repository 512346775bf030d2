import type { Subject } from '@smartloket/core';
import type { MagdaAkteSynopsis, ZoekAktenCriteria } from '@smartloket/source-magda';
import type { ActFacts } from './access.js';
import { ACT_TYPE_KEYS, ACT_TYPES, type ActTypeKey, DEFAULT_ROLE_CODES, type Role } from './act-types.js';
import type { ActForm } from './form.js';

/** DABS code lists as a deployment configured them (defaults: the assumed codes). */
export interface DabsCodes {
  typeCodes: Record<ActTypeKey, string>;
  roleCodes: Record<Role, string>;
}

export function dabsCodes(
  typeCodes: Partial<Record<ActTypeKey, string>> = {},
  roleCodes: Partial<Record<Role, string>> = {},
): DabsCodes {
  return {
    typeCodes: Object.fromEntries(ACT_TYPE_KEYS.map((k) => [k, typeCodes[k] ?? ACT_TYPES[k].code])) as Record<
      ActTypeKey,
      string
    >,
    roleCodes: { ...DEFAULT_ROLE_CODES, ...roleCodes },
  };
}

/** One ZoekAktenBurgerlijkeStand search (without GemeenteVanAfgifte, which the caller adds). */
export type ActSearch = (
  criteria: Omit<ZoekAktenCriteria, 'gemeenteVanAfgifte'>,
  subjectId: string | undefined,
) => Promise<MagdaAkteSynopsis[]>;

/** The search criteria for the act the form identifies. */
export function searchCriteria(
  key: ActTypeKey,
  form: Partial<ActForm>,
  subject: Subject,
  municipalityNis: string,
  codes: DabsCodes,
): Omit<ZoekAktenCriteria, 'gemeenteVanAfgifte'> {
  const c: Omit<ZoekAktenCriteria, 'gemeenteVanAfgifte'> = { documentType: codes.typeCodes[key] };
  if (form.actDate) {
    const [y, m, d] = form.actDate.split('-').map(Number);
    c.datumCreatie = { jaar: y!, maand: m!, dag: d! };
  } else if (form.actYear) c.datumCreatie = { jaar: Number(form.actYear) };
  if (subject.insz) c.insz = subject.insz;
  else if (form.familyName) {
    c.naam = form.familyName;
    if (form.givenName) c.voornaam = form.givenName;
  }
  if (form.place === 'here') c.gemeenteVanOpmaak = municipalityNis;
  return c;
}

/** Reads a synopsis into the facts the access rule needs. */
export function factsOf(s: MagdaAkteSynopsis, codes: DabsCodes): ActFacts | undefined {
  const type = ACT_TYPE_KEYS.find((k) => codes.typeCodes[k] === s.documentType);
  if (!type || !s.documentReferte) return undefined;
  const byCode = new Map(Object.entries(codes.roleCodes).map(([role, code]) => [code, role as Role]));
  return {
    referte: s.documentReferte,
    type,
    date: s.datumCreatie,
    municipalityNis: s.gemeenteVanOpmaak,
    persons: s.betrokkenen.map((b) => ({ insz: b.insz, role: b.rol ? byCode.get(b.rol) : undefined })),
    genderChange: type === 'geslachtsverandering',
  };
}

/**
 * The acts of this type the form identifies. Searched by INSZ, only the acts that are "of" that
 * person (their role is a principal role of the type: the child on a birth act, not the parent)
 * are kept. A birth act counts as an act with a registered change of gender when DABS holds an
 * act of change of gender for the child.
 */
export async function findActs(
  key: ActTypeKey,
  form: Partial<ActForm>,
  subject: Subject,
  municipalityNis: string,
  codes: DabsCodes,
  search: ActSearch,
): Promise<ActFacts[]> {
  const criteria = searchCriteria(key, form, subject, municipalityNis, codes);
  const info = ACT_TYPES[key];
  let acts = (await search(criteria, subject.insz))
    .map((s) => factsOf(s, codes))
    .filter((a): a is ActFacts => a !== undefined && a.type === key);
  if (subject.insz) {
    acts = acts.filter((a) =>
      a.persons.some((p) => p.insz === subject.insz && p.role && info.principal.includes(p.role)),
    );
  }
  if (key === 'geboorte') {
    const changed = new Map<string, boolean>();
    for (const act of acts) {
      for (const child of act.persons.filter((p) => p.role === 'kind' && p.insz)) {
        const insz = child.insz!;
        if (!changed.has(insz)) {
          const found = await search({ documentType: codes.typeCodes.geslachtsverandering, insz }, insz);
          changed.set(insz, found.length > 0);
        }
        if (changed.get(insz)) act.genderChange = true;
      }
    }
  }
  return acts;
}
