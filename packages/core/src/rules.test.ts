import { describe, expect, it } from 'vitest';
import type { AuthorisationContext, AuthorisationRule, RuleVerdict } from './authorisation.js';
import { combineVerdicts } from './authorisation.js';
import { makeInsz } from './identifiers/insz.js';
import { makeKbo } from './identifiers/kbo.js';
import type { Identity } from './identity.js';
import {
  alwaysReview,
  denyWhen,
  foreignUseReview,
  type LegalRepresentationLookup,
  legalRepresentativeOfMinor,
  minimumAge,
  organisationGrant,
  otherPersonReview,
  self,
} from './rules.js';
import type { GrantLookup } from './services.js';

const NOW = new Date('2026-03-15T10:00:00Z');
const PARENT = makeInsz('1985-07-30', 123);
const MINOR = makeInsz('2012-05-01', 2); // 13 on NOW
const TURNS_18_TOMORROW = makeInsz('2008-03-16', 4); // 17 on NOW
const ADULT = makeInsz('2008-03-15', 6); // 18 today
const KBO = makeKbo('01234567');
const OTHER_KBO = makeKbo('10000001');

function identity(over: Partial<Identity> = {}): Identity {
  return {
    subject: 'sub-1',
    issuer: 'dev',
    insz: PARENT,
    means: 'itsme',
    level: 'high',
    capacity: 'BUR',
    legalRepresentativeOf: [],
    roles: [],
    staffRoles: [],
    ...over,
  };
}

function ctx(over: Partial<AuthorisationContext> = {}): AuthorisationContext {
  const id = over.identity === undefined && 'identity' in over ? undefined : (over.identity ?? identity());
  return {
    requestTypeId: 'bevolking.gezinssamenstelling',
    requester: { kind: 'citizen', id: 'sub-1', insz: id?.insz, level: id?.level ?? 'none' },
    identity: id,
    subject: { relation: 'self', insz: PARENT },
    form: {},
    now: NOW,
    ...over,
  };
}

const org = (roles: Identity['roles'], legalRepresentativeOf: string[] = []) => {
  const id = identity({ capacity: 'EA', organisation: { kbo: KBO }, roles, legalRepresentativeOf });
  return ctx({
    identity: id,
    requester: { kind: 'organisation', id: 'sub-1', organisation: { kbo: KBO }, level: 'high' },
    subject: { relation: 'organisation', kbo: KBO },
  });
};

/** Grants kept in memory: active when kbo and type match and `at` is before validUntil. */
function grants(list: { kbo: string; type: string; validUntil: Date | null }[]): GrantLookup {
  return {
    async findActive(kbo, requestTypeId, at) {
      const g = list.find(
        (x) => x.kbo === kbo && x.type === requestTypeId && (x.validUntil === null || at < x.validUntil),
      );
      return g ? { id: `${g.kbo}/${g.type}`, validUntil: g.validUntil } : undefined;
    },
  };
}

const representatives = (pairs: [string, string][]): LegalRepresentationLookup => ({
  async isLegalRepresentative(rep, child) {
    return pairs.some(([r, c]) => r === rep && c === child);
  },
});

async function run(rule: AuthorisationRule<any>, c: AuthorisationContext, deps: object = {}) {
  return (await rule.decide(c, deps as never)) as RuleVerdict;
}

type Row = [string, AuthorisationContext, RuleVerdict['outcome'], string];

describe('self()', () => {
  const rows: Row[] = [
    ['self at high level', ctx(), 'auto', 'The requester asks for themself and is logged in.'],
    [
      'self at substantial level',
      ctx({ identity: identity({ level: 'substantial', means: 'csamtotp' }) }),
      'auto',
      'The requester asks for themself and is logged in.',
    ],
    [
      'self at low level',
      ctx({ identity: identity({ level: 'low', means: 'csampassword' }) }),
      'review',
      'Logged in at too low a level of assurance for automatic delivery.',
    ],
    ['another INSZ', ctx({ subject: { relation: 'self', insz: MINOR } }), 'abstain', 'Not for oneself.'],
    ['relation child', ctx({ subject: { relation: 'child', insz: PARENT } }), 'abstain', 'Not for oneself.'],
    ['anonymous', ctx({ identity: undefined }), 'abstain', 'Not for oneself.'],
  ];
  it.each(rows)('%s → %s', async (_why, c, outcome, reason) => {
    const v = await run(self(), c);
    expect(v.outcome).toBe(outcome);
    expect(v.reason.en).toBe(reason);
    expect(v.reason.nl).toBeTruthy();
  });

  it('minimumLevel high sends substantial to review', async () => {
    const v = await run(
      self({ minimumLevel: 'high' }),
      ctx({ identity: identity({ level: 'substantial' }) }),
    );
    expect(v.outcome).toBe('review');
  });
});

describe('organisationGrant()', () => {
  const TYPE = 'bevolking.gezinssamenstelling';
  const valid = grants([{ kbo: KBO, type: TYPE, validUntil: new Date('2027-01-01T00:00:00Z') }]);
  const role = [{ role: 'SmartLoketGebruiker', kbo: KBO }];
  const GRANTED = 'The organisation holds a valid grant for this document.';
  const NO_GRANT = 'The organisation holds no valid grant for this document.';
  const NO_ROLE = 'The user holds no role to request for this organisation.';

  const rows: [string, AuthorisationContext, GrantLookup, RuleVerdict['outcome'], string][] = [
    ['valid grant and role', org(role), valid, 'auto', GRANTED],
    ['legal representative of the KBO, no role', org([], [KBO]), valid, 'auto', GRANTED],
    [
      'expired grant',
      org(role),
      grants([{ kbo: KBO, type: TYPE, validUntil: new Date('2026-03-01T00:00:00Z') }]),
      'review',
      NO_GRANT,
    ],
    ['no grant at all', org(role), grants([]), 'review', NO_GRANT],
    [
      'grant for another request type',
      org(role),
      grants([{ kbo: KBO, type: 'bevolking.leven', validUntil: null }]),
      'review',
      NO_GRANT,
    ],
    [
      'grant of another organisation',
      org(role),
      grants([{ kbo: OTHER_KBO, type: TYPE, validUntil: null }]),
      'review',
      NO_GRANT,
    ],
    ['role missing', org([]), valid, 'review', NO_ROLE],
    [
      'role for another KBO',
      org([{ role: 'SmartLoketGebruiker', kbo: OTHER_KBO }]),
      valid,
      'review',
      NO_ROLE,
    ],
    ['another role name', org([{ role: 'Lezer', kbo: KBO }]), valid, 'review', NO_ROLE],
    ['legal representative of another KBO', org([], [OTHER_KBO]), valid, 'review', NO_ROLE],
    ['a citizen, not an organisation', ctx(), valid, 'abstain', 'Not for an organisation.'],
  ];
  it.each(rows)('%s → %s', async (_why, c, lookup, outcome, reason) => {
    const v = await run(organisationGrant(), c, { grants: lookup });
    expect(v.outcome).toBe(outcome);
    expect(v.reason.en).toBe(reason);
  });

  it('uses a configured role name', async () => {
    const v = await run(organisationGrant({ role: 'Attesten' }), org([{ role: 'Attesten', kbo: KBO }]), {
      grants: valid,
    });
    expect(v.outcome).toBe('auto');
  });

  it('declares its grants dependency by token', () => {
    expect(organisationGrant().deps.grants.id).toBe('core.grants');
  });
});

describe('legalRepresentativeOfMinor()', () => {
  const lookup = representatives([
    [PARENT, MINOR],
    [PARENT, TURNS_18_TOMORROW],
    [PARENT, ADULT],
  ]);
  const forChild = (child: string, over: Partial<AuthorisationContext> = {}) =>
    ctx({ subject: { relation: 'child', insz: child }, ...over });
  const AUTO = 'The requester is the legal representative of the minor child.';
  const NOT_MINOR = 'The person is not a minor.';
  const NOT_REP = 'According to the national register, the requester is not the legal representative.';

  const rows: Row[] = [
    ['parent of a minor', forChild(MINOR), 'auto', AUTO],
    ['parent of a child turning 18 tomorrow', forChild(TURNS_18_TOMORROW), 'auto', AUTO],
    ['parent of a child turning 18 today', forChild(ADULT), 'review', NOT_MINOR],
    ['an adult', forChild(PARENT), 'review', NOT_MINOR],
    ['a minor they do not represent', forChild(makeInsz('2015-01-01', 8)), 'review', NOT_REP],
    ['at low level', forChild(MINOR, { identity: identity({ level: 'low' }) }), 'review', NOT_REP],
    ['relation self', ctx({ subject: { relation: 'self', insz: MINOR } }), 'abstain', 'Not for a child.'],
    ['no child INSZ', ctx({ subject: { relation: 'child' } }), 'abstain', 'Not for a child.'],
    ['anonymous', forChild(MINOR, { identity: undefined }), 'abstain', 'Not for a child.'],
  ];
  it.each(rows)('%s → %s', async (_why, c, outcome, reason) => {
    const v = await run(legalRepresentativeOfMinor(), c, { lookup });
    expect(v.outcome).toBe(outcome);
    expect(v.reason.en).toBe(reason);
  });

  it('an unknown birth date is not a minor', async () => {
    const unknown = makeInsz('2015-00-00', 8, { bis: 'unknown-sex' });
    const v = await run(legalRepresentativeOfMinor(), forChild(unknown), {
      lookup: representatives([[PARENT, unknown]]),
    });
    expect(v.outcome).toBe('review');
    expect(v.reason.en).toBe(NOT_MINOR);
  });

  it('records the facts it used: the age from the INSZ and what the register said', async () => {
    const facts = async (c: AuthorisationContext) =>
      ((await run(legalRepresentativeOfMinor(), c, { lookup })).facts ?? []).map(
        (f) => `${f.label.en}: ${f.value.en} (${f.source?.en})`,
      );
    expect(await facts(forChild(MINOR))).toEqual([
      "The child's age: 13 (national number)",
      'Legal representative: yes (national register)',
    ]);
    expect(await facts(forChild(makeInsz('2015-01-01', 8)))).toEqual([
      "The child's age: 11 (national number)",
      'Legal representative: no (national register)',
    ]);
    expect(await facts(forChild(MINOR, { identity: identity({ level: 'low' }) }))).toEqual([
      "The child's age: 13 (national number)",
      'Legal representative: not checked (logged in at too low a level) (national register)',
    ]);
    expect(await facts(forChild(ADULT))).toEqual(["The child's age: 18 (national number)"]);
  });
});

describe('review rules', () => {
  it('otherPersonReview sends another person to review with the stated ground', async () => {
    const v = await run(
      otherPersonReview(),
      ctx({ subject: { relation: 'other', insz: MINOR, ground: 'notaris' } }),
    );
    expect(v).toMatchObject({ outcome: 'review' });
    expect(v.reason.en).toBe('Request for another person, stated ground: notaris');
    expect(v.reason.nl).toBe('Aanvraag voor een andere persoon, opgegeven grond: notaris');
    const none = await run(otherPersonReview(), ctx({ subject: { relation: 'other', insz: MINOR } }));
    expect(none.reason.en).toBe('Request for another person, stated ground: (none)');
    expect((await run(otherPersonReview(), ctx())).outcome).toBe('abstain');
  });

  it('foreignUseReview reviews foreign use only', async () => {
    const v = await run(foreignUseReview(), ctx({ use: 'foreign' }));
    expect(v.outcome).toBe('review');
    expect(v.reason.en).toBe('The document is for use abroad.');
    expect((await run(foreignUseReview(), ctx({ use: 'domestic' }))).outcome).toBe('abstain');
    expect((await run(foreignUseReview(), ctx())).outcome).toBe('abstain');
  });

  it('alwaysReview reviews with the given reason', async () => {
    const reason = { nl: 'Politiecontrole', en: 'Police check first' };
    expect(await run(alwaysReview(reason), ctx())).toEqual({ outcome: 'review', reason });
  });

  it('denyWhen denies when its condition holds and abstains otherwise', async () => {
    const reason = { nl: 'Nee' };
    const rule = denyWhen('demo.no-foreign', (c) => c.use === 'foreign', reason);
    expect(rule.id).toBe('demo.no-foreign');
    expect(await run(rule, ctx({ use: 'foreign' }))).toEqual({ outcome: 'deny', reason });
    expect((await run(rule, ctx())).outcome).toBe('abstain');
  });
});

describe('minimumAge()', () => {
  const reason = { nl: 'Pas vanaf 16 jaar.', en: 'From age 16 only.' };
  const rule = minimumAge(16, reason);
  const person = (insz: string) => ctx({ identity: identity({ insz }) });
  const rows: [string, AuthorisationContext, RuleVerdict['outcome']][] = [
    ['15, one day before turning 16', person(makeInsz('2010-03-16', 10)), 'deny'],
    ['16 today', person(makeInsz('2010-03-15', 10)), 'abstain'],
    ['an adult', person(PARENT), 'abstain'],
    [
      'requester INSZ when there is no identity',
      ctx({
        identity: undefined,
        requester: { kind: 'counter', id: 'c-1', insz: makeInsz('2012-01-01', 10), level: 'high' },
      }),
      'deny',
    ],
    ['unknown birth date', person(makeInsz('2012-00-00', 10, { bis: 'unknown-sex' })), 'abstain'],
    ['no INSZ at all', ctx({ identity: undefined }), 'abstain'],
  ];
  it.each(rows)('%s → %s', async (_why, c, outcome) => {
    const v = await run(rule, c);
    expect(v.outcome).toBe(outcome);
    expect(v.reason).toEqual(reason);
  });
});

describe('the standard rules combined', () => {
  it('self + other person + foreign use: foreign use of one’s own document goes to review', async () => {
    const c = ctx({ use: 'foreign' });
    const rules = [self(), otherPersonReview(), foreignUseReview()];
    const verdicts = [];
    for (const r of rules) verdicts.push({ ruleId: r.id, ...(await run(r, c)) });
    const d = combineVerdicts(verdicts);
    expect(d.outcome).toBe('review');
    expect(d.reasons.map((x) => x.ruleId)).toEqual(['core.foreign-use']);
  });
});
