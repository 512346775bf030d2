import type { Identity } from '@smartloket/core';
import { describe, expect, it } from 'vitest';
import {
  ACMIDM_CLAIMS,
  acmidmAcr,
  type ClaimMapping,
  ClaimMappingError,
  FAS_CLAIMS,
  mapClaims,
  parseRoleValue,
} from './claims.js';

const ISSUER = 'https://authenticatie.vlaanderen.be/op';
const base = { sub: 'abc123', acr: 'urn:be:vlaanderen:authmech:eid' };
const citizen: Identity = {
  subject: 'abc123',
  issuer: 'acmidm',
  insz: undefined,
  givenName: undefined,
  familyName: undefined,
  email: undefined,
  emailVerified: undefined,
  means: 'eid',
  level: 'high',
  capacity: 'BUR',
  organisation: undefined,
  legalRepresentativeOf: [],
  roles: [],
  staffRoles: [],
  staffScopes: undefined,
};

describe('mapClaims with the ACM/IDM preset', () => {
  const cases: { name: string; claims: Record<string, unknown>; expected: Partial<Identity> }[] = [
    { name: 'minimal citizen', claims: {}, expected: {} },
    {
      name: 'profile, rrn and vo_email',
      claims: {
        given_name: 'Jan',
        family_name: 'Peeters',
        rrn: '85.67.30-123.67',
        vo_email: 'jan@example.org',
        email: 'other@example.org',
      },
      expected: { givenName: 'Jan', familyName: 'Peeters', insz: '85673012367', email: 'jan@example.org' },
    },
    {
      name: 'email when vo_email is absent',
      claims: { email: 'x@example.org' },
      expected: { email: 'x@example.org' },
    },
    { name: 'email_verified', claims: { email_verified: true }, expected: { emailVerified: true } },
    ...(
      [
        ['eid', 'high'],
        ['itsme', 'high'],
        ['csamtotp', 'substantial'],
        ['csamsms', 'substantial'],
        ['csampassword', 'low'],
      ] as const
    ).map(([means, level]) => ({
      name: `acr ${means}`,
      claims: { acr: `urn:be:vlaanderen:authmech:${means}` },
      expected: { means, level },
    })),
    {
      name: 'company employee (EA) with organisation and role for the KBO',
      claims: {
        vo_doelgroepcode: 'EA',
        vo_orgcode: '0417123457',
        vo_orgnaam: 'Notariskantoor Claes & Partners',
        smartloket_rol_3d: ['SmartLoketGebruiker:0417123457'],
      },
      expected: {
        capacity: 'EA',
        organisation: { kbo: '0417123457', name: 'Notariskantoor Claes & Partners' },
        roles: [{ role: 'SmartLoketGebruiker', kbo: '0417123457' }],
      },
    },
    {
      name: 'dotted KBO, single role as a string, Recht-Rol form',
      claims: {
        vo_doelgroepcode: 'ea',
        vo_orgcode: '0417.123.457',
        smartloket_rol_3d: 'SmartLoketGebruiker-Aanvrager:0417.123.457',
      },
      expected: {
        capacity: 'EA',
        organisation: { kbo: '0417123457', name: undefined },
        roles: [{ role: 'SmartLoketGebruiker-Aanvrager', kbo: '0417123457' }],
      },
    },
    {
      name: 'organisation code that is not a KBO (OVO code) gives no organisation',
      claims: { vo_doelgroepcode: 'GID', vo_orgcode: 'OVO002949', smartloket_rol_3d: ['Lezer:OVO002949'] },
      expected: { capacity: 'GID', roles: [{ role: 'Lezer:OVO002949' }] },
    },
    {
      name: 'a citizen never gets the organisation claims',
      claims: { vo_doelgroepcode: 'BUR', vo_orgcode: '0417123457', vo_orgnaam: 'X' },
      expected: {},
    },
    {
      name: 'legal representative: wv_orgcode as a string',
      claims: { vo_doelgroepcode: 'EA', vo_orgcode: '0876543270', wv_orgcode: '0876543270' },
      expected: {
        capacity: 'EA',
        organisation: { kbo: '0876543270', name: undefined },
        legalRepresentativeOf: ['0876543270'],
      },
    },
    {
      name: 'wv_orgcode as an array, invalid and duplicate numbers dropped',
      claims: { wv_orgcode: ['0876543270', '0417.123.457', '0123456789', '0876543270'] },
      expected: { legalRepresentativeOf: ['0876543270', '0417123457'] },
    },
    {
      name: 'staff: behandelaar and beheerder (LB)',
      claims: {
        vo_doelgroepcode: 'LB',
        smartloket_rol_3d: ['SmartLoketBeheerder:OVO000001', 'SmartLoketBehandelaar:OVO000001'],
      },
      expected: { capacity: 'LB', staffRoles: ['administrator', 'case_handler'], staffScopes: ['*'] },
    },
    {
      name: 'staff: rapportering has no request scopes',
      claims: { vo_doelgroepcode: 'LB', smartloket_rol_3d: 'SmartLoketRapportering' },
      expected: { capacity: 'LB', staffRoles: ['reporter'] },
    },
    {
      name: 'staff role next to an organisation role',
      claims: {
        vo_doelgroepcode: 'LB',
        smartloket_rol_3d: ['SmartLoketBehandelaar', 'SmartLoketGebruiker:0207000176'],
      },
      expected: {
        capacity: 'LB',
        staffRoles: ['case_handler'],
        staffScopes: ['*'],
        roles: [{ role: 'SmartLoketGebruiker', kbo: '0207000176' }],
      },
    },
  ];

  it.each(cases)('$name', ({ claims, expected }) => {
    expect(mapClaims({ ...base, ...claims }, ACMIDM_CLAIMS, ISSUER)).toStrictEqual({
      ...citizen,
      ...expected,
    });
  });

  const refusals: { name: string; claims: Record<string, unknown>; reason: ClaimMappingError['reason'] }[] = [
    { name: 'no sub', claims: { sub: undefined }, reason: 'missing_subject' },
    { name: 'no acr', claims: { acr: undefined }, reason: 'unknown_acr' },
    { name: 'unknown acr', claims: { acr: 'urn:be:vlaanderen:authmech:guess' }, reason: 'unknown_acr' },
    { name: 'unknown doelgroep', claims: { vo_doelgroepcode: 'XYZ' }, reason: 'unknown_capacity' },
    { name: 'bad rrn checksum', claims: { rrn: '85673012368' }, reason: 'invalid_insz' },
    { name: 'roles not strings', claims: { smartloket_rol_3d: [1, 2] }, reason: 'invalid_claim' },
    { name: 'name is an object', claims: { given_name: { x: 1 } }, reason: 'invalid_claim' },
  ];
  it.each(refusals)('refuses $name ($reason), without claim values in the message', ({ claims, reason }) => {
    const attempt = () => mapClaims({ ...base, ...claims }, ACMIDM_CLAIMS, ISSUER);
    expect(attempt).toThrow(ClaimMappingError);
    try {
      attempt();
    } catch (e) {
      expect((e as ClaimMappingError).reason).toBe(reason);
      expect((e as Error).message).not.toContain('85673012368');
    }
  });

  it('grants staff roles only for the configured organisation codes', () => {
    const mapping: ClaimMapping = { ...ACMIDM_CLAIMS, staffOrganisationCodes: ['OVO000001'] };
    const identity = mapClaims(
      {
        ...base,
        vo_doelgroepcode: 'LB',
        smartloket_rol_3d: [
          'SmartLoketBeheerder:OVO000001',
          'SmartLoketBehandelaar:OVO999999',
          'SmartLoketRapportering',
        ],
      },
      mapping,
      ISSUER,
    );
    expect(identity.staffRoles).toEqual(['administrator']);
    expect(identity.staffScopes).toBeUndefined();
  });

  it('takes claim names and role mapping from configuration', () => {
    const mapping: ClaimMapping = {
      ...ACMIDM_CLAIMS,
      issuerName: undefined,
      roles: 'gemeente_rol_3d',
      staffRoles: {
        Loketier: [
          { role: 'case_handler', scopes: ['bevolking.*', 'strafregister.*'] },
          { role: 'reporter' },
        ],
      },
    };
    const identity = mapClaims(
      { ...base, gemeente_rol_3d: 'Loketier:0207000176 SmartLoketBehandelaar' },
      mapping,
      ISSUER,
    );
    expect(identity.issuer).toBe(ISSUER);
    expect(identity.staffRoles).toEqual(['case_handler', 'reporter']);
    expect(identity.staffScopes).toEqual(['bevolking.*', 'strafregister.*']);
    expect(identity.roles).toEqual([{ role: 'SmartLoketBehandelaar' }]);
  });
});

describe('mapClaims with the FAS preset', () => {
  const fasBase = { sub: 'fas-1', acr: 'urn:be:fedict:iam:fas:Level500' };
  const cases: { name: string; claims: Record<string, unknown>; expected: Partial<Identity> }[] = [
    {
      name: 'FAS names for person claims',
      claims: { egovNRN: '90631224676', givenName: 'Marie', surname: 'Dubois', mail: 'marie@example.org' },
      expected: { insz: '90631224676', givenName: 'Marie', familyName: 'Dubois', email: 'marie@example.org' },
    },
    {
      name: 'standard names as fallback',
      claims: { rrn: '90631224676', given_name: 'Marie', family_name: 'Dubois', email: 'm@example.org' },
      expected: { insz: '90631224676', givenName: 'Marie', familyName: 'Dubois', email: 'm@example.org' },
    },
    {
      name: 'Level450 is itsme',
      claims: { acr: 'urn:be:fedict:iam:fas:Level450' },
      expected: { means: 'itsme', level: 'high' },
    },
    {
      name: 'Level400 is substantial',
      claims: { acr: 'urn:be:fedict:iam:fas:Level400' },
      expected: { means: 'csamtotp', level: 'substantial' },
    },
    {
      name: 'Level100 is low',
      claims: { acr: 'urn:be:fedict:iam:fas:Level100' },
      expected: { means: 'csampassword', level: 'low' },
    },
    {
      name: 'always a citizen (no capacity claim)',
      claims: { vo_doelgroepcode: 'EA', vo_orgcode: '0417123457' },
      expected: {},
    },
  ];
  it.each(cases)('$name', ({ claims, expected }) => {
    expect(
      mapClaims({ ...fasBase, ...claims }, FAS_CLAIMS, 'https://idp.iamfas.belgium.be/fas/oauth2'),
    ).toStrictEqual({
      ...citizen,
      subject: 'fas-1',
      issuer: 'fas',
      ...expected,
    });
  });

  it('refuses ACM/IDM acr values', () => {
    expect(() => mapClaims({ ...fasBase, acr: 'urn:be:vlaanderen:authmech:eid' }, FAS_CLAIMS, 'x')).toThrow(
      ClaimMappingError,
    );
  });
});

describe('helpers', () => {
  it('parses 3D role values at the last colon', () => {
    expect(parseRoleValue('SmartLoketGebruiker:0417123457')).toEqual({
      role: 'SmartLoketGebruiker',
      orgCode: '0417123457',
    });
    expect(parseRoleValue('Recht-Rol:OVO000001')).toEqual({ role: 'Recht-Rol', orgCode: 'OVO000001' });
    expect(parseRoleValue('Alleen')).toEqual({ role: 'Alleen' });
  });
  it('names the ACM/IDM acr of each means', () => {
    expect(acmidmAcr('csamsms')).toBe('urn:be:vlaanderen:authmech:csamsms');
    expect(() => acmidmAcr('counter')).toThrow(RangeError);
  });
});
