/**
 * @smartloket/identity-acmidm: OpenID Connect login (openid-client) against ACM/IDM or FAS/CSAM,
 * with the claim mapping to core's `Identity`. Framework-agnostic: the server keeps the login
 * transaction in its session. The dev identity provider lives in the `./dev` subpath.
 */

export type { ClaimMapping, ClaimNames, ClaimPreset, StaffRoleGrant } from './claims.js';
export {
  ACMIDM_ACR,
  ACMIDM_CLAIMS,
  acmidmAcr,
  CLAIM_PRESETS,
  ClaimMappingError,
  DEFAULT_STAFF_ROLES,
  FAS_CLAIMS,
  mapClaims,
  parseRoleValue,
} from './claims.js';
export type { LoginErrorCode } from './errors.js';
export {
  isLoginError,
  LOGIN_ERROR_CODES,
  LOGIN_ERROR_MESSAGES,
  LoginError,
  loginErrorMessage,
} from './errors.js';
export type {
  BeginOptions,
  CapacityHint,
  IdTokenAlgorithm,
  LoginResult,
  LoginTransaction,
  OidcLogin,
  OidcLoginConfig,
  TokenEndpointAuthMethod,
} from './login.js';
export {
  createOidcLogin,
  DEFAULT_SCOPES,
  decodeLoginHint,
  encodeLoginHint,
  safeReturnTo,
  toLoginError,
} from './login.js';
