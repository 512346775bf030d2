import { type AuthMeans, type Identity, MEANS_LEVEL } from '@smartloket/core';
import { PERSONAS, type Persona, type PersonaKey } from '@smartloket/dev-population';

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

/** Fake identities for plugin tests. */
export const fakeIdentities = {
  /** A resident citizen logged in with itsme. */
  citizen: (means: AuthMeans = 'itsme') => identityOf('jan', means),
  /** A parent who legally represents a minor child (Jan, father of Emma). */
  parent: () => identityOf('jan'),
  /** An employee of a notary office with the SmartLoketGebruiker role for its KBO. */
  organisationEmployee: () => identityOf('notaris'),
  /** A case handler of the municipality. */
  caseHandler: () => identityOf('karin', 'eid'),
  /**
   * An anonymous requester (reports only): no identity, a confirmed e-mail address. Spread it
   * into `requests.submit({ typeId, input, locale, ...fakeIdentities.anonymous() })`.
   */
  anonymous: (email = 'melder@voorbeeld.test') => ({ identity: undefined, anonymousEmail: email }),
};
