/**
 * Who is acting. Identity providers (ACM/IDM, FAS/CSAM, the dev provider) map their claims to an
 * {@link Identity}; requests store a {@link Requester} snapshot of it.
 */

/** Authentication means, as ACM/IDM names them in `acr`. */
export type AuthMeans =
  | 'eid'
  | 'itsme'
  | 'csamtotp'
  | 'csamsms'
  | 'csampassword'
  | 'counter'
  | 'email'
  | 'api';

/** eIDAS levels of assurance, ordered. `none` is an anonymous requester. */
export type AssuranceLevel = 'none' | 'low' | 'substantial' | 'high';

const LEVEL_ORDER: Record<AssuranceLevel, number> = { none: 0, low: 1, substantial: 2, high: 3 };

/** True when `level` is at least `minimum`. */
export function meetsLevel(level: AssuranceLevel, minimum: AssuranceLevel): boolean {
  return LEVEL_ORDER[level] >= LEVEL_ORDER[minimum];
}

/** The level each means gives. */
export const MEANS_LEVEL: Record<AuthMeans, AssuranceLevel> = {
  eid: 'high',
  itsme: 'high',
  csamtotp: 'substantial',
  csamsms: 'substantial',
  csampassword: 'low',
  counter: 'high',
  email: 'none',
  api: 'none',
};

/** ACM/IDM capacity (`vo_doelgroepcode`). */
export type Capacity = 'BUR' | 'EA' | 'LB' | 'GID' | 'OV' | 'VER';

/**
 * Staff roles of the back-office. `functional_admin` ("functioneel beheerder") makes request
 * types in the designer (issue 23), nothing else. `finance` (the financial service, "financiële
 * dienst") reads the financial overview of the fees collected and exports it (issue 21).
 */
export type StaffRole = 'case_handler' | 'administrator' | 'reporter' | 'functional_admin' | 'finance';

/** A logged-in person, mapped from the identity provider's claims. */
export interface Identity {
  /** The provider's stable subject identifier (`sub`). */
  subject: string;
  /** The provider that authenticated the person (issuer URL or a short name). */
  issuer: string;
  /** The person's INSZ (national register number), when the provider gives it. Personal data. */
  insz?: string | undefined;
  /** Given name(s). Personal data. */
  givenName?: string | undefined;
  /** Family name. Personal data. */
  familyName?: string | undefined;
  /** E-mail address, when the provider gives one. */
  email?: string | undefined;
  /** True when the provider vouches for the e-mail address. */
  emailVerified?: boolean | undefined;
  /** How the person authenticated. */
  means: AuthMeans;
  /** The level of assurance of that authentication. */
  level: AssuranceLevel;
  /** In which capacity the person acts (`BUR`: as a citizen). */
  capacity: Capacity;
  /** The organisation the person acts for (capacity EA, LB, ...). */
  organisation?:
    | {
        /** The organisation's KBO number. */
        kbo: string;
        /** The organisation's name, when known. */
        name?: string | undefined;
      }
    | undefined;
  /** KBO numbers of organisations the person legally represents (`wv_orgcode`). */
  legalRepresentativeOf: string[];
  /** Application role claims, e.g. `SmartLoketGebruiker` for KBO `0123456749`. */
  roles: {
    /** The role's name. */
    role: string;
    /** The organisation the role holds for, if any. */
    kbo?: string | undefined;
  }[];
  /** Back-office roles. */
  staffRoles: StaffRole[];
  /** Request types (or families, `strafregister.*`) this staff member may handle; `*` for all. */
  staffScopes?: string[] | undefined;
}

/** Who asked for a request: stored with the request. */
export interface Requester {
  /** A citizen for themself, someone acting for an organisation, an anonymous reporter, or a counter filing. */
  kind: 'citizen' | 'organisation' | 'anonymous' | 'counter';
  /** The provider subject, or the anonymous requester's capability id. */
  id: string;
  /** The requester's INSZ, when known. Personal data. */
  insz?: string | undefined;
  /** The requester's display name, when known. Personal data. */
  name?: string | undefined;
  /** Where notifications go, when given. */
  email?: string | undefined;
  /** The organisation the requester acts for (kind `organisation`). */
  organisation?:
    | {
        /** The organisation's KBO number. */
        kbo: string;
        /** The organisation's name, when known. */
        name?: string | undefined;
      }
    | undefined;
  /** The level of assurance the requester authenticated with (`none` when anonymous). */
  level: AssuranceLevel;
  /** How the requester authenticated, when they did. */
  means?: AuthMeans | undefined;
  /** For requests filed at the counter: the staff member who checked the identity. */
  filedBy?:
    | {
        /** The staff member's subject id. */
        id: string;
        /** The staff member's name, for staff screens. */
        name?: string | undefined;
      }
    | undefined;
}

/** Full name of an identity, for display. */
export function displayName(identity: Pick<Identity, 'givenName' | 'familyName'>): string {
  return [identity.givenName, identity.familyName].filter(Boolean).join(' ');
}

/** Makes the requester snapshot of a logged-in identity. */
export function requesterFromIdentity(identity: Identity): Requester {
  const forOrganisation = identity.capacity !== 'BUR' && identity.organisation !== undefined;
  return {
    kind: forOrganisation ? 'organisation' : 'citizen',
    id: identity.subject,
    insz: identity.insz,
    name: displayName(identity) || undefined,
    email: identity.email,
    organisation: forOrganisation ? identity.organisation : undefined,
    level: identity.level,
    means: identity.means,
  };
}
