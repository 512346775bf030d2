import { describe, expect, it } from 'vitest';
import {
  type Category,
  type CategoryInput,
  categorySchema,
  checkCategories,
  routeReport,
} from './categories.js';

const cat = (input: CategoryInput): Category => categorySchema.parse(input);
const name = (nl: string) => ({ nl, fr: `${nl} (fr)`, en: `${nl} (en)` });
const answer = (id: string) => ({ id, title: id, text: name(`Antwoord ${id}`) });

const CATEGORIES: Category[] = [
  cat({
    id: 'verlichting',
    name: name('Straatverlichting'),
    teamId: 'team-openbare-werken',
    handlingDays: 5,
    standardAnswers: [answer('vervangen')],
  }),
  cat({
    id: 'lamp-uit',
    parentId: 'verlichting',
    name: name('Lamp brandt niet'),
    standardAnswers: [answer('netbeheerder')],
  }),
  cat({
    id: 'paal-beschadigd',
    parentId: 'verlichting',
    name: name('Paal beschadigd'),
    teamId: 'team-signalisatie',
    handlingDays: 2,
  }),
  cat({ id: 'sluikstort', name: name('Sluikstort'), teamId: 'team-milieu', anonymousAllowed: true }),
  cat({ id: 'asbest', parentId: 'sluikstort', name: name('Asbest'), anonymousAllowed: false }),
  cat({ id: 'wegdek', name: name('Wegdek'), anonymousAllowed: false }),
  cat({ id: 'put', parentId: 'wegdek', name: name('Put in de weg'), active: false }),
  cat({ id: 'oud', name: name('Oud'), active: false, teamId: 'team-milieu' }),
];

describe('category routing', () => {
  it('a sub-category without a team of its own goes to its main category’s team, with its handling time', () => {
    expect(routeReport(CATEGORIES, 'verlichting', 'lamp-uit')).toEqual({
      mainId: 'verlichting',
      subId: 'lamp-uit',
      teamId: 'team-openbare-werken',
      handlingDays: 5,
      anonymousAllowed: true,
      standardAnswers: [answer('netbeheerder'), answer('vervangen')],
    });
  });

  it('a sub-category’s own team and handling time win over the main category’s', () => {
    const r = routeReport(CATEGORIES, 'verlichting', 'paal-beschadigd');
    expect(r?.teamId).toBe('team-signalisatie');
    expect(r?.handlingDays).toBe(2);
  });

  it('a main category alone routes to its team; no team at all leaves it to the report type’s team', () => {
    expect(routeReport(CATEGORIES, 'sluikstort')?.teamId).toBe('team-milieu');
    expect(routeReport(CATEGORIES, 'wegdek')?.teamId).toBeNull();
    expect(routeReport(CATEGORIES, 'wegdek')?.handlingDays).toBe(10);
  });

  it('anonymous reports need both the main and the sub-category to allow them', () => {
    expect(routeReport(CATEGORIES, 'sluikstort')?.anonymousAllowed).toBe(true);
    expect(routeReport(CATEGORIES, 'sluikstort', 'asbest')?.anonymousAllowed).toBe(false);
    expect(routeReport(CATEGORIES, 'wegdek')?.anonymousAllowed).toBe(false);
  });

  it('unknown, switched-off or mismatched categories route nowhere', () => {
    expect(routeReport(CATEGORIES, 'bestaat-niet')).toBeUndefined();
    expect(routeReport(CATEGORIES, 'oud')).toBeUndefined();
    expect(routeReport(CATEGORIES, 'wegdek', 'put')).toBeUndefined();
    expect(routeReport(CATEGORIES, 'sluikstort', 'lamp-uit')).toBeUndefined();
    expect(routeReport(CATEGORIES, 'lamp-uit')).toBeUndefined();
  });
});

describe('checking a set of categories', () => {
  it('accepts the example set', () => {
    expect(checkCategories(CATEGORIES)).toEqual([]);
  });

  it('finds duplicate ids, missing or non-main parents and duplicate answers, with translated messages', () => {
    const issues = checkCategories([
      ...CATEGORIES,
      cat({ id: 'sluikstort', name: name('Nog eens') }),
      cat({ id: 'zwerfvuil', parentId: 'afval', name: name('Zwerfvuil') }),
      cat({ id: 'diep', parentId: 'lamp-uit', name: name('Te diep') }),
      cat({ id: 'dubbel', name: name('Dubbel'), standardAnswers: [answer('a'), answer('a')] }),
    ]);
    expect(issues.map((i) => [i.categoryId, i.code])).toEqual([
      ['sluikstort', 'duplicate'],
      ['zwerfvuil', 'parent.missing'],
      ['diep', 'parent.not_main'],
      ['dubbel', 'answer.duplicate'],
    ]);
    for (const i of issues) expect(Object.keys(i.message)).toEqual(['nl', 'fr', 'en']);
  });

  it('refuses malformed ids and names missing a language', () => {
    expect(categorySchema.safeParse({ id: 'Straat Licht', name: name('x') }).success).toBe(false);
    expect(categorySchema.safeParse({ id: 'ok', name: { nl: 'Licht', fr: '', en: 'Light' } }).success).toBe(
      false,
    );
    expect(categorySchema.safeParse({ id: 'ok', name: name('x'), handlingDays: 0 }).success).toBe(false);
  });
});
