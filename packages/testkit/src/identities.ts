import { type AuthMeans, type Identity, MEANS_LEVEL } from '@smartloket/core';
import { ORGANISATIONS, PERSONAS, type Persona, type PersonaKey } from '@smartloket/dev-population';

/** An Identity for a persona of the synthetic population, as the identity provider would map it. */
export function identityOf(key: PersonaKey, means: AuthMeans = 'itsme'): Identity {
  const p: Persona | undefined = PERSONAS.find((x) => x.key === key);
  if (!p) throw new RangeError(`identityOf: unknown persona ${key}`);
  return {
    subject: `dev:${p.key}`,
    issuer: 'testkit',
    insz: p.insz,
    givenName: p.givenName,
    familyName: p.familyName,
    email: p.email,
    emailVerified: p.email !== undefined,
    means,
    level: MEANS_LEVEL[means],
    capacity: p.capacity,
    organisation: p.organisation,
    legalRepresentativeOf: p.legalRepresentativeOf ?? [],
    roles: p.roles ?? [],
    staffRoles: p.staffRoles ?? [],
    staffScopes: p.staffScopes,
  };
}

const inszOf = (key: PersonaKey): string => PERSONAS.find((p) => p.key === key)!.insz;

/**
 * The relations behind the fake identities (test INSZ and KBO numbers only):
 * - `parent` is the legal representative of `child`, a minor under 16
 *   ({@link createTestKernel} and {@link createTestDeployment} know this relation by default);
 * - `organisation` is the KBO number in whose name `organisationEmployee` acts (the
 *   `SmartLoketGebruiker` role for that KBO, the mandate ACM/IDM gives); give it a grant with
 *   `t.db.grants.add(...)` (deployment) or `grants.add(...)` (kernel) to let it ask certificates.
 */
export const FAKE_RELATIONS = {
  parent: inszOf('jan'),
  child: inszOf('emma'),
  organisation: ORGANISATIONS.notaris.kbo,
} as const;

/** Fake identities for plugin tests: people of the synthetic population, never real ones. */
export const fakeIdentities = {
  /** A resident citizen (Jan Peeters, adult) logged in with itsme (or `means`). */
  citizen: (means: AuthMeans = 'itsme') => identityOf('jan', means),
  /**
   * A parent who legally represents a minor child: Jan Peeters, father of Emma
   * ({@link FAKE_RELATIONS}`.child`, also {@link fakeIdentities}`.child().insz`). Ask for the
   * child with `input: { forWhom: 'child', subjectInsz: FAKE_RELATIONS.child }`.
   */
  parent: (means: AuthMeans = 'itsme') => identityOf('jan', means),
  /** The minor child of {@link fakeIdentities}`.parent` (Emma Peeters, under 16). */
  child: (means: AuthMeans = 'itsme') => identityOf('emma', means),
  /**
   * An employee of a notary office (capacity EA) with the `SmartLoketGebruiker` role for its KBO
   * ({@link FAKE_RELATIONS}`.organisation`): the mandate that lets them ask in the office's name.
   */
  organisationEmployee: (means: AuthMeans = 'itsme') => identityOf('notaris', means),
  /** The legal representative of a company (Bart Willems, Willems Bouw NV). */
  companyRepresentative: (means: AuthMeans = 'itsme') => identityOf('bart', means),
  /** A case handler of the municipality (staff: `case_handler`, all types). */
  caseHandler: () => identityOf('karin', 'eid'),
  /**
   * An anonymous requester (reports only): no identity, a confirmed e-mail address. Spread it
   * into `requests.submit({ typeId, input, locale, ...fakeIdentities.anonymous() })`.
   */
  anonymous: (email = 'melder@voorbeeld.test') => ({ identity: undefined, anonymousEmail: email }),
};
