import type { AuthMeans, Capacity, Identity, StaffRole } from '@smartloket/core';
import { isValidInsz, isValidKbo, MEANS_LEVEL, normalizeInsz, normalizeKbo } from '@smartloket/core';

/** A claim name, or several tried in order (the first present wins). */
export type ClaimNames = string | readonly string[];

/** What a role claim grants in the back-office. */
export interface StaffRoleGrant {
  /** The staff role. */
  role: StaffRole;
  /** Request types (or families, `strafregister.*`) the role may handle; `*` for all. */
  scopes?: readonly string[];
}

/**
 * Which claims hold what, and how their values translate. Every provider-specific name lives
 * here, so another provider (FAS/CSAM, a municipal Keycloak) is a configuration, not code.
 */
export interface ClaimMapping {
  /** Short name stored as `Identity.issuer`; the issuer URL when absent. */
  issuerName?: string;
  subject: ClaimNames;
  insz: ClaimNames;
  givenName: ClaimNames;
  familyName: ClaimNames;
  email: ClaimNames;
  emailVerified?: ClaimNames;
  /** The claim naming the authentication means (`acr`). */
  acr: ClaimNames;
  /** Value of the `acr` claim -> means. Unknown values refuse the login. */
  acrMeans: Readonly<Record<string, AuthMeans>>;
  /** The capacity claim (`vo_doelgroepcode`); absent means {@link ClaimMapping.defaultCapacity}. */
  capacity?: ClaimNames;
  defaultCapacity: Capacity;
  organisationCode?: ClaimNames;
  organisationName?: ClaimNames;
  /** KBO numbers the person legally represents (`wv_orgcode`, a string or an array). */
  legalRepresentativeOf?: ClaimNames;
  /** The application's role claim (`<app>_rol_3d`), values like `Role:0123456749` (string or array). */
  roles?: ClaimNames;
  /** Role names (the part before `:`) that grant back-office roles. */
  staffRoles: Readonly<Record<string, StaffRoleGrant | readonly StaffRoleGrant[]>>;
  /**
   * When set, a role claim grants a staff role only if its organisation code is one of these (the
   * municipality's own KBO or OVO code), so a role given for another organisation is ignored.
   */
  staffOrganisationCodes?: readonly string[];
}

/** ACM/IDM authentication means URNs (`acr`). */
export const ACMIDM_ACR: Readonly<Record<string, AuthMeans>> = {
  'urn:be:vlaanderen:authmech:eid': 'eid',
  'urn:be:vlaanderen:authmech:itsme': 'itsme',
  'urn:be:vlaanderen:authmech:csamtotp': 'csamtotp',
  'urn:be:vlaanderen:authmech:csamsms': 'csamsms',
  'urn:be:vlaanderen:authmech:csampassword': 'csampassword',
};

/** The `acr` URN ACM/IDM uses for a means (the reverse of {@link ACMIDM_ACR}). */
export function acmidmAcr(means: AuthMeans): string {
  const hit = Object.entries(ACMIDM_ACR).find(([, m]) => m === means);
  if (!hit) throw new RangeError(`No ACM/IDM acr for means ${means}`);
  return hit[0];
}

/** SmartLoket's default back-office roles in the application role claim. */
export const DEFAULT_STAFF_ROLES: Readonly<Record<string, StaffRoleGrant>> = {
  SmartLoketBehandelaar: { role: 'case_handler', scopes: ['*'] },
  SmartLoketBeheerder: { role: 'administrator' },
  SmartLoketRapportering: { role: 'reporter' },
  SmartLoketFunctioneelBeheerder: { role: 'functional_admin' },
  SmartLoketFinancien: { role: 'finance' },
};

/** The ACM/IDM (Flemish government) claims, as listed in the ACM/IDM integration documentation. */
export const ACMIDM_CLAIMS: ClaimMapping = {
  issuerName: 'acmidm',
  subject: 'sub',
  insz: 'rrn',
  givenName: 'given_name',
  familyName: 'family_name',
  email: ['vo_email', 'email'],
  emailVerified: 'email_verified',
  acr: 'acr',
  acrMeans: ACMIDM_ACR,
  capacity: 'vo_doelgroepcode',
  defaultCapacity: 'BUR',
  organisationCode: 'vo_orgcode',
  organisationName: 'vo_orgnaam',
  legalRepresentativeOf: 'wv_orgcode',
  roles: 'smartloket_rol_3d',
  staffRoles: DEFAULT_STAFF_ROLES,
};

/**
 * FAS/CSAM (federal) claims. FAS names its claims differently (`egovNRN`, `surname`, `mail`) and
 * states the means as a level URN; it has no capacity claim, so every login is a citizen's. Confirm
 * the values against the FAS integration file of the deployment and override what differs.
 */
export const FAS_CLAIMS: ClaimMapping = {
  issuerName: 'fas',
  subject: 'sub',
  insz: ['egovNRN', 'rrn'],
  givenName: ['givenName', 'given_name'],
  familyName: ['surname', 'family_name'],
  email: ['mail', 'email'],
  emailVerified: 'email_verified',
  acr: 'acr',
  acrMeans: {
    'urn:be:fedict:iam:fas:Level500': 'eid',
    'urn:be:fedict:iam:fas:Level450': 'itsme',
    'urn:be:fedict:iam:fas:Level400': 'csamtotp',
    'urn:be:fedict:iam:fas:Level300': 'csamsms',
    'urn:be:fedict:iam:fas:Level100': 'csampassword',
  },
  defaultCapacity: 'BUR',
  roles: 'roles',
  staffRoles: DEFAULT_STAFF_ROLES,
};

/** The built-in mappings by name. */
export const CLAIM_PRESETS = { acmidm: ACMIDM_CLAIMS, fas: FAS_CLAIMS } as const;
export type ClaimPreset = keyof typeof CLAIM_PRESETS;

const CAPACITIES: readonly Capacity[] = ['BUR', 'EA', 'LB', 'GID', 'OV', 'VER'];

/** Why claims could not be mapped. `reason` is stable; the message never holds claim values. */
export class ClaimMappingError extends Error {
  readonly reason: 'missing_subject' | 'unknown_acr' | 'unknown_capacity' | 'invalid_insz' | 'invalid_claim';
  readonly claim: string;
  constructor(reason: ClaimMappingError['reason'], claim: string) {
    super(`Claim "${claim}": ${reason}`);
    this.name = 'ClaimMappingError';
    this.reason = reason;
    this.claim = claim;
  }
}

function names(n: ClaimNames | undefined): readonly string[] {
  if (n === undefined) return [];
  return typeof n === 'string' ? [n] : n;
}

function pick(claims: Record<string, unknown>, n: ClaimNames | undefined): [string, unknown] | undefined {
  for (const name of names(n)) {
    const v = claims[name];
    if (v !== undefined && v !== null && v !== '') return [name, v];
  }
  return undefined;
}

function str(claims: Record<string, unknown>, n: ClaimNames | undefined): string | undefined {
  const hit = pick(claims, n);
  if (!hit) return undefined;
  if (typeof hit[1] === 'string') return hit[1].trim() || undefined;
  if (typeof hit[1] === 'number') return String(hit[1]);
  throw new ClaimMappingError('invalid_claim', hit[0]);
}

/** A string, an array of strings, or a space- or comma-separated list. */
function list(claims: Record<string, unknown>, n: ClaimNames | undefined): string[] {
  const hit = pick(claims, n);
  if (!hit) return [];
  const [name, v] = hit;
  const items = Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[\s,]+/) : undefined;
  if (!items || items.some((i) => typeof i !== 'string')) throw new ClaimMappingError('invalid_claim', name);
  return (items as string[]).map((i) => i.trim()).filter(Boolean);
}

/** A KBO number in its 10-digit form, or undefined when `code` is not one (an OVO code, ...). */
function kboOf(code: string | undefined): string | undefined {
  if (!code || !isValidKbo(code)) return undefined;
  return normalizeKbo(code);
}

/** Splits a 3D role value `Role[-Right]:OrgCode` at its last colon. */
export function parseRoleValue(value: string): { role: string; orgCode?: string } {
  const at = value.lastIndexOf(':');
  if (at <= 0) return { role: value };
  return { role: value.slice(0, at), orgCode: value.slice(at + 1) };
}

/**
 * Maps the validated ID token claims to a core {@link Identity}. Pure: no I/O, no clock.
 * Throws {@link ClaimMappingError} when a claim the identity needs is missing or malformed.
 *
 * @param claims the ID token claims (already verified)
 * @param mapping which claims hold what ({@link ACMIDM_CLAIMS}, {@link FAS_CLAIMS} or your own)
 * @param issuer the issuer URL, used as `Identity.issuer` when the mapping has no `issuerName`
 */
export function mapClaims(claims: Record<string, unknown>, mapping: ClaimMapping, issuer: string): Identity {
  const subject = str(claims, mapping.subject);
  if (!subject) throw new ClaimMappingError('missing_subject', names(mapping.subject).join('|'));

  const acr = str(claims, mapping.acr);
  const means = acr === undefined ? undefined : mapping.acrMeans[acr];
  if (!means) throw new ClaimMappingError('unknown_acr', names(mapping.acr).join('|'));

  const rawInsz = str(claims, mapping.insz);
  const insz = rawInsz === undefined ? undefined : normalizeInsz(rawInsz);
  if (insz !== undefined && !isValidInsz(insz)) throw new ClaimMappingError('invalid_insz', 'insz');

  const rawCapacity = str(claims, mapping.capacity);
  const capacity = (rawCapacity?.toUpperCase() ?? mapping.defaultCapacity) as Capacity;
  if (!CAPACITIES.includes(capacity)) throw new ClaimMappingError('unknown_capacity', 'capacity');

  let organisation: Identity['organisation'];
  const orgKbo = capacity === 'BUR' ? undefined : kboOf(str(claims, mapping.organisationCode));
  if (orgKbo) organisation = { kbo: orgKbo, name: str(claims, mapping.organisationName) };

  const legalRepresentativeOf = [
    ...new Set(list(claims, mapping.legalRepresentativeOf).flatMap((c) => kboOf(c) ?? [])),
  ];

  const roles: Identity['roles'] = [];
  const staffRoles = new Set<StaffRole>();
  const staffScopes = new Set<string>();
  for (const value of new Set(list(claims, mapping.roles))) {
    const { role, orgCode } = parseRoleValue(value);
    const grants = mapping.staffRoles[role];
    if (grants !== undefined) {
      const allowed =
        mapping.staffOrganisationCodes === undefined ||
        (orgCode !== undefined && mapping.staffOrganisationCodes.includes(orgCode));
      if (allowed) {
        for (const grant of Array.isArray(grants) ? grants : [grants as StaffRoleGrant]) {
          staffRoles.add(grant.role);
          for (const s of grant.scopes ?? []) staffScopes.add(s);
        }
      }
      continue;
    }
    const kbo = kboOf(orgCode);
    roles.push(kbo ? { role, kbo } : { role: orgCode === undefined ? role : value });
  }

  const verified = pick(claims, mapping.emailVerified)?.[1];
  return {
    subject,
    issuer: mapping.issuerName ?? issuer,
    insz,
    givenName: str(claims, mapping.givenName),
    familyName: str(claims, mapping.familyName),
    email: str(claims, mapping.email),
    emailVerified: typeof verified === 'boolean' ? verified : undefined,
    means,
    level: MEANS_LEVEL[means],
    capacity,
    organisation,
    legalRepresentativeOf,
    roles,
    staffRoles: [...staffRoles],
    staffScopes: staffScopes.size > 0 ? [...staffScopes] : undefined,
  };
}
