import type { LocalizedText } from '@smartloket/core';
import { SmartLoketError } from '@smartloket/core';

/**
 * Why a login was refused. Stable, machine-readable; a login page maps it to a localized text
 * with {@link loginErrorMessage}.
 */
export type LoginErrorCode =
  | 'state_mismatch'
  | 'nonce_mismatch'
  | 'invalid_signature'
  | 'alg_not_allowed'
  | 'issuer_mismatch'
  | 'audience_mismatch'
  | 'expired'
  | 'acr_too_low'
  | 'code_reused'
  | 'transaction_expired'
  | 'claims_invalid'
  | 'provider_error';

/** Every {@link LoginErrorCode}, for exhaustive tables. */
export const LOGIN_ERROR_CODES: readonly LoginErrorCode[] = [
  'state_mismatch',
  'nonce_mismatch',
  'invalid_signature',
  'alg_not_allowed',
  'issuer_mismatch',
  'audience_mismatch',
  'expired',
  'acr_too_low',
  'code_reused',
  'transaction_expired',
  'claims_invalid',
  'provider_error',
];

const RETRY: LocalizedText = {
  nl: 'Uw aanmelding kon niet worden voltooid. Probeer opnieuw aan te melden.',
  fr: "Votre connexion n'a pas pu être finalisée. Veuillez vous reconnecter.",
  en: 'Your login could not be completed. Please log in again.',
};

/** What a person may read on the login page for each refusal. Never names internal details. */
export const LOGIN_ERROR_MESSAGES: Record<LoginErrorCode, LocalizedText> = {
  state_mismatch: {
    nl: 'Deze aanmelding hoort niet bij uw sessie (misschien een oud of gedeeld venster). Meld opnieuw aan.',
    fr: 'Cette connexion ne correspond pas à votre session (peut-être une fenêtre ancienne ou partagée). Veuillez vous reconnecter.',
    en: 'This login does not belong to your session (perhaps an old or shared window). Please log in again.',
  },
  nonce_mismatch: RETRY,
  invalid_signature: RETRY,
  alg_not_allowed: RETRY,
  issuer_mismatch: RETRY,
  audience_mismatch: RETRY,
  expired: {
    nl: 'Uw aanmelding is verlopen. Meld opnieuw aan.',
    fr: 'Votre connexion a expiré. Veuillez vous reconnecter.',
    en: 'Your login has expired. Please log in again.',
  },
  acr_too_low: {
    nl: 'Voor deze dienst moet u zich aanmelden met een sterker middel, zoals uw eID of itsme.',
    fr: 'Pour ce service, vous devez vous connecter avec un moyen plus sûr, comme votre eID ou itsme.',
    en: 'This service requires a stronger means of login, such as your eID or itsme.',
  },
  code_reused: RETRY,
  transaction_expired: {
    nl: 'U deed er te lang over om aan te melden. Meld opnieuw aan.',
    fr: 'La connexion a pris trop de temps. Veuillez vous reconnecter.',
    en: 'Logging in took too long. Please log in again.',
  },
  claims_invalid: {
    nl: 'De aanmeldingsdienst gaf onvolledige gegevens door. Probeer het later opnieuw.',
    fr: 'Le service de connexion a transmis des données incomplètes. Veuillez réessayer plus tard.',
    en: 'The login service passed on incomplete data. Please try again later.',
  },
  provider_error: {
    nl: 'Aanmelden is niet gelukt of werd geannuleerd. Probeer het opnieuw.',
    fr: 'La connexion a échoué ou a été annulée. Veuillez réessayer.',
    en: 'Logging in failed or was cancelled. Please try again.',
  },
};

/** The localized text a login page shows for `code`. */
export function loginErrorMessage(code: LoginErrorCode): LocalizedText {
  return LOGIN_ERROR_MESSAGES[code];
}

/**
 * A login was refused. No identity is returned with it. `message` is for logs (it never holds
 * personal data); `userMessage` is for the person; `cause` keeps the library error for debugging.
 */
export class LoginError extends SmartLoketError {
  declare readonly code: LoginErrorCode;

  constructor(
    code: LoginErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(code, `Login refused (${code}): ${message}`, {
      ...options,
      userMessage: LOGIN_ERROR_MESSAGES[code],
    });
  }
}

/** True when `error` is a {@link LoginError}, optionally with the given code. */
export function isLoginError(error: unknown, code?: LoginErrorCode): error is LoginError {
  return error instanceof LoginError && (code === undefined || error.code === code);
}
