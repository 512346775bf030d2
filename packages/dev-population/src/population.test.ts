import { ageOn, isValidInsz, isValidKbo, parseInsz } from '@smartloket/core';
import { describe, expect, it } from 'vitest';
import { OTHER_MUNICIPALITY } from './municipality.js';
import { ORGANISATIONS, PERSONAS } from './personas.js';
import {
  ENTERPRISES,
  findByPreviousInsz,
  HOUSEHOLDS,
  householdOf,
  INVALID_INSZ,
  isResident,
  KBO_FUNCTIONS,
  kboFunctions,
  PEOPLE,
  personByInsz,
  personByKey,
  residenceOn,
  UNKNOWN_PEOPLE,
} from './population.js';

const NOW = new Date('2026-01-05T09:00:00Z');

describe('population', () => {
  it('has at least 40 people with unique, valid test INSZ numbers and unique keys', () => {
    expect(PEOPLE.length).toBeGreaterThanOrEqual(40);
    const all = [...PEOPLE.map((p) => p.insz), ...PEOPLE.flatMap((p) => p.previousInsz ?? [])];
    expect(new Set(all).size).toBe(all.length);
    expect(new Set(PEOPLE.map((p) => p.key)).size).toBe(PEOPLE.length);
    for (const insz of all) {
      expect(isValidInsz(insz), insz).toBe(true);
      expect(parseInsz(insz)?.isTestNumber).toBe(true);
    }
  });

  it('encodes birth date and sex in every INSZ', () => {
    for (const p of PEOPLE) {
      const info = parseInsz(p.insz);
      expect(info?.birthDate, p.key).toBe(p.birthDate);
      expect(info?.sex, p.key).toBe(p.sex);
    }
  });

  it('only refers to people it knows', () => {
    const known = (insz: string) => personByInsz(insz) !== undefined;
    for (const p of PEOPLE) {
      for (const ref of [...(p.parents ?? []), ...(p.legalRepresentatives ?? [])])
        expect(known(ref), p.key).toBe(true);
      for (const c of p.civilStates) if (c.partner) expect(known(c.partner), p.key).toBe(true);
      for (const c of p.legalCohabitations ?? []) expect(known(c.partner), p.key).toBe(true);
    }
    for (const h of HOUSEHOLDS) for (const m of h.members) expect(known(m.insz), h.id).toBe(true);
    for (const f of KBO_FUNCTIONS) expect(known(f.insz)).toBe(true);
  });

  it('puts every living person with a Belgian address in exactly one household', () => {
    for (const p of PEOPLE) {
      const inHouseholds = HOUSEHOLDS.filter((h) => h.members.some((m) => m.insz === p.insz));
      expect(inHouseholds.length, p.key).toBe(p.death ? 0 : 1);
    }
  });

  it('keeps residence periods ordered and non-overlapping', () => {
    for (const p of PEOPLE) {
      for (let i = 1; i < p.residences.length; i++) {
        const prev = p.residences[i - 1];
        expect(prev?.until, p.key).toBeDefined();
        expect((prev?.until ?? '') < (p.residences[i]?.from ?? ''), p.key).toBe(true);
      }
    }
  });

  it('holds every persona with the same name', () => {
    for (const persona of PERSONAS) {
      const p = personByInsz(persona.insz);
      expect(p, persona.key).toBeDefined();
      expect(p?.givenNames[0]).toBe(persona.givenName);
      expect(p?.familyName).toBe(persona.familyName);
    }
  });

  it('honours the persona descriptions', () => {
    const jan = personByKey('jan');
    const emma = personByKey('emma');
    expect(isResident(jan)).toBe(true);
    expect(emma.parents).toContain(jan.insz);
    expect(emma.legalRepresentatives).toContain(jan.insz);
    expect(ageOn(emma.insz, NOW)).toBeLessThan(16);

    const noah = personByKey('noah');
    expect(isResident(noah)).toBe(true);
    expect([16, 17]).toContain(ageOn(noah.insz, NOW));

    const sofie = personByKey('sofie');
    expect(isResident(sofie)).toBe(false);
    const r = residenceOn(sofie);
    expect(r && 'address' in r ? r.address.nisCode : undefined).toBe(OTHER_MUNICIPALITY.nisCode);

    expect(personByKey('alex').genderChange).toBeDefined();
    expect(isResident(personByKey('alex'))).toBe(true);

    const bart = kboFunctions({ insz: personByKey('bart').insz });
    expect(
      bart.some((f) => f.kbo === ORGANISATIONS.bouwbedrijf.kbo && f.legalRepresentative && !f.until),
    ).toBe(true);
    expect(householdOf(jan.insz)?.members.map((m) => m.insz)).toContain(emma.insz);
  });

  it('covers the cases the simulators need', () => {
    expect(PEOPLE.some((p) => p.death)).toBe(true);
    expect(PEOPLE.some((p) => p.legalCohabitations?.length)).toBe(true);
    expect(PEOPLE.some((p) => p.burialWishes && !p.death)).toBe(true);
    expect(PEOPLE.some((p) => p.nationalities.some((n) => n.code !== '150' && !n.until))).toBe(true);
    expect(PEOPLE.some((p) => !isResident(p) && !p.death)).toBe(true);
    const renumbered = PEOPLE.find((p) => p.key === 'youssef');
    expect(findByPreviousInsz(renumbered?.previousInsz?.[0] ?? '')).toBe(renumbered);
    expect(new Set(HOUSEHOLDS.map((h) => h.members.length)).size).toBeGreaterThanOrEqual(4);
  });

  it('keeps unknown people out of the register and the invalid INSZ invalid', () => {
    for (const u of UNKNOWN_PEOPLE) {
      expect(isValidInsz(u.insz)).toBe(true);
      expect(parseInsz(u.insz)?.isTestNumber).toBe(true);
      expect(personByInsz(u.insz)).toBeUndefined();
      expect(findByPreviousInsz(u.insz)).toBeUndefined();
    }
    expect(isValidInsz(INVALID_INSZ)).toBe(false);
  });

  it('has valid KBO numbers for every enterprise with functions', () => {
    for (const e of ENTERPRISES) expect(isValidKbo(e.kbo), e.name).toBe(true);
    for (const f of KBO_FUNCTIONS) expect(ENTERPRISES.some((e) => e.kbo === f.kbo)).toBe(true);
  });
});
