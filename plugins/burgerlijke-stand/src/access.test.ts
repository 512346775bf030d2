import { describe, expect, it } from 'vitest';
import { type AccessQuestion, type ActFacts, assessAccess, isPublic } from './access.js';
import { ACT_TYPE_KEYS, ACT_TYPES, type ActTypeKey, type Role } from './act-types.js';
import { dabsCodes, searchCriteria } from './acts.js';

const ME = '85073003328';
const OTHER = '90031200000';
/** Noon in Brussels on a day, so the Belgian date is that day whatever the runner's zone. */
const on = (day: string) => new Date(`${day}T10:00:00Z`);

const act = (
  type: ActTypeKey,
  date: string,
  persons: ActFacts['persons'],
  genderChange = false,
): ActFacts => ({
  referte: 'R',
  type,
  date,
  persons,
  genderChange,
});
const ask = (q: Partial<AccessQuestion> & { now: Date }): AccessQuestion => ({
  requesterInsz: ME,
  relation: 'involved',
  ...q,
});

describe('public acts: the day before, on and after 50, 75 and 100 years', () => {
  const cases: [ActTypeKey, number][] = [
    ['overlijden', 50],
    ['huwelijk', 75],
    ['geboorte', 100],
    ['adoptie', 100],
    ['echtscheiding', 100],
    ['naamwijziging', 100],
  ];
  it.each(cases)('%s is public after %i years', (type, years) => {
    expect(ACT_TYPES[type].publicAfterYears).toBe(years);
    const date = '1925-06-15';
    const anniversary = `${1925 + years}-06-15`;
    const dayBefore = `${1925 + years}-06-14`;
    const dayAfter = `${1925 + years}-06-16`;
    const stranger = (d: string) =>
      assessAccess(act(type, date, [{ insz: OTHER, role: 'kind' }]), ask({ relation: 'none', now: on(d) }))
        .outcome;
    expect(stranger(dayBefore)).toBe('deny');
    expect(stranger(anniversary)).toBe('deny');
    expect(stranger(dayAfter)).toBe('auto');
  });

  it('a partial date counts as its latest day', () => {
    expect(isPublic('1975', 50, on('2025-12-31'))).toBe(false);
    expect(isPublic('1975', 50, on('2026-01-01'))).toBe(true);
    expect(isPublic('1975-02', 50, on('2025-02-28'))).toBe(false);
    expect(isPublic('1975-02', 50, on('2025-03-01'))).toBe(true);
    expect(isPublic(undefined, 50, on('2999-01-01'))).toBe(false);
  });

  it('the Belgian date decides near midnight (22:30 UTC on 14 June is 15 June in Brussels)', () => {
    expect(isPublic('1975-06-14', 50, new Date('2025-06-14T21:30:00Z'))).toBe(false);
    expect(isPublic('1975-06-14', 50, new Date('2025-06-14T22:30:00Z'))).toBe(true);
  });

  it('the public reason records the stated purpose', () => {
    const v = assessAccess(
      act('overlijden', '1960-01-01', []),
      ask({ relation: 'none', purpose: 'Genealogie', now: on('2026-01-01') }),
    );
    expect(v.outcome).toBe('auto');
    expect(v.reason.nl).toContain('Genealogie');
  });
});

describe('roles per act type, matched by INSZ', () => {
  const recent = '2020-01-01';
  const now = on('2026-01-01');
  const table: [ActTypeKey, Role, 'auto' | 'deny'][] = [
    ['geboorte', 'kind', 'auto'],
    ['geboorte', 'moeder', 'auto'],
    ['geboorte', 'vader', 'auto'],
    ['geboorte', 'meemoeder', 'auto'],
    ['geboorte', 'aangever', 'deny'],
    ['geboorte', 'ambtenaar', 'deny'],
    ['huwelijk', 'echtgenoot', 'auto'],
    ['huwelijk', 'ambtenaar', 'deny'],
    ['echtscheiding', 'echtgenoot', 'auto'],
    ['adoptie', 'geadopteerde', 'auto'],
    ['adoptie', 'adoptant', 'auto'],
    ['adoptie', 'aangever', 'deny'],
    ['naamwijziging', 'betrokkene', 'auto'],
    ['voornaamwijziging', 'betrokkene', 'auto'],
    ['belgische-nationaliteit', 'betrokkene', 'auto'],
    ['geslachtsverandering', 'ambtenaar', 'deny'],
    ['overlijden', 'echtgenoot', 'auto'],
    ['overlijden', 'aangever', 'deny'],
    ['erkenning-kind', 'erkenner', 'auto'],
    ['erkenning-voor-geboorte', 'moeder', 'auto'],
    ['levenloos-kind', 'vader', 'auto'],
    ['naamkeuze', 'kind', 'auto'],
    ['gerechtelijke-afwezigheid', 'betrokkene', 'auto'],
  ];
  it.each(table)('%s: the %s gets %s', (type, role, outcome) => {
    const facts = act(type, recent, [{ insz: ME, role }], type === 'geslachtsverandering');
    expect(assessAccess(facts, ask({ now })).outcome).toBe(outcome);
  });

  it('being on the act under another INSZ gives nothing', () => {
    const facts = act('geboorte', recent, [{ insz: OTHER, role: 'kind' }]);
    expect(assessAccess(facts, ask({ now })).outcome).toBe('deny');
  });

  it('every act type has entitled roles, and never the declarant or the registrar', () => {
    for (const k of ACT_TYPE_KEYS) {
      expect(ACT_TYPES[k].entitled.length, k).toBeGreaterThan(0);
      expect(ACT_TYPES[k].entitled).not.toContain('aangever');
      expect(ACT_TYPES[k].entitled).not.toContain('ambtenaar');
    }
  });
});

describe('stated relations', () => {
  const facts = act('geboorte', '2020-01-01', [{ insz: OTHER, role: 'kind' }]);
  const now = on('2026-01-01');
  const table: [AccessQuestion['relation'], string][] = [
    ['spouse', 'review'],
    ['legal-cohabitant', 'review'],
    ['ascendant', 'review'],
    ['descendant', 'review'],
    ['heir', 'review'],
    ['legal-representative', 'review'],
    ['none', 'deny'],
    ['involved', 'deny'],
    ['organisation', 'abstain'],
  ];
  it.each(table)('%s: %s', (relation, outcome) => {
    const v = assessAccess(facts, ask({ relation, ground: 'kleinzoon', now }));
    expect(v.outcome).toBe(outcome);
    if (outcome === 'review') expect(v.reason.nl).toContain('kleinzoon');
  });
});

describe('an act with a registered change of gender', () => {
  const now = on('2026-01-01');
  const facts = act('geboorte', '1992-09-14', [{ insz: OTHER, role: 'kind' }], true);
  const table: [AccessQuestion['relation'], string | undefined, string][] = [
    ['involved', OTHER, 'auto'],
    ['legal-representative', ME, 'review'],
    ['heir', ME, 'review'],
    ['spouse', ME, 'deny'],
    ['ascendant', ME, 'deny'],
    ['descendant', ME, 'deny'],
    ['legal-cohabitant', ME, 'deny'],
    ['none', ME, 'deny'],
    ['organisation', ME, 'abstain'],
  ];
  it.each(table)('%s: %s', (relation, insz, outcome) => {
    expect(assessAccess(facts, ask({ relation, requesterInsz: insz, now })).outcome).toBe(outcome);
  });

  it('a parent on the act gets nothing automatically', () => {
    const withParent = act(
      'geboorte',
      '1992-09-14',
      [
        { insz: OTHER, role: 'kind' },
        { insz: ME, role: 'moeder' },
      ],
      true,
    );
    expect(assessAccess(withParent, ask({ now })).outcome).toBe('deny');
  });

  it('stays restricted after 100 years', () => {
    expect(assessAccess(facts, ask({ relation: 'none', now: on('2100-01-01') })).outcome).toBe('deny');
  });
});

describe('search criteria', () => {
  const codes = dabsCodes({ huwelijk: 'HUW' });
  it('type code, INSZ, exact date, municipality', () => {
    expect(
      searchCriteria(
        'huwelijk',
        { actDate: '2014-08-23', place: 'here' },
        { insz: ME, relation: 'self' },
        '99001',
        codes,
      ),
    ).toEqual({
      documentType: 'HUW',
      insz: ME,
      datumCreatie: { jaar: 2014, maand: 8, dag: 23 },
      gemeenteVanOpmaak: '99001',
    });
  });
  it('by name and year when there is no INSZ', () => {
    expect(
      searchCriteria(
        'geboorte',
        { familyName: 'Peeters', givenName: 'Petrus', actYear: 1921, place: 'any' },
        { relation: 'other' },
        '99001',
        codes,
      ),
    ).toEqual({
      documentType: 'GEBOORTE',
      naam: 'Peeters',
      voornaam: 'Petrus',
      datumCreatie: { jaar: 1921 },
    });
  });
});
