import type { LocalizedText } from './i18n.js';

/**
 * Base error of SmartLoket. `code` is stable and machine-readable; `message` is for developers
 * and logs (never personal data); `userMessage` is what a citizen or staff member may see.
 */
export class SmartLoketError extends Error {
  /** Stable, machine-readable code, e.g. `VALIDATION_FAILED`. */
  readonly code: string;
  /** What a citizen or staff member may read (no internals, no personal data). */
  readonly userMessage: LocalizedText;
  /** Extra structured facts for logs and API answers (no personal data). */
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: string,
    message: string,
    options: { userMessage?: LocalizedText; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.userMessage = options.userMessage ?? GENERIC_USER_MESSAGE;
    this.details = options.details;
  }
}

/** The user message of an error that brings none: "something went wrong, try again later". */
export const GENERIC_USER_MESSAGE: LocalizedText = {
  nl: 'Er ging iets mis. Probeer het later opnieuw.',
  fr: "Une erreur s'est produite. Veuillez réessayer plus tard.",
  en: 'Something went wrong. Please try again later.',
  de: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es später erneut.',
};

/** A plugin is malformed, incompatible, duplicated or misconfigured. Raised at start. */
export class PluginError extends SmartLoketError {
  /** The id of the offending plugin. */
  readonly pluginId: string;
  constructor(pluginId: string, message: string, details?: Record<string, unknown>) {
    super('PLUGIN_INVALID', `Plugin "${pluginId}": ${message}`, details ? { details } : {});
    this.pluginId = pluginId;
  }
}

/** Configuration is invalid. `path` names the wrong key. */
export class ConfigError extends SmartLoketError {
  /** Dotted path of the wrong key, e.g. `plugins.bevolking.options.pollMs`. */
  readonly path: string;
  constructor(path: string, message: string) {
    super('CONFIG_INVALID', `Configuration "${path}": ${message}`);
    this.path = path;
  }
}

/** One field of user input that failed validation. */
export interface FieldIssue {
  /** Dotted path of the field, e.g. `subject.insz`. */
  path: string;
  /** Stable message code (e.g. `insz.invalid`). */
  code: string;
  /** What the user reads next to the field. */
  message: LocalizedText;
}

/** User input is invalid. Nothing was changed. */
export class ValidationError extends SmartLoketError {
  /** Every field that failed, in form order. */
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[]) {
    super('VALIDATION_FAILED', `Invalid input: ${issues.map((i) => `${i.path} (${i.code})`).join(', ')}`, {
      userMessage: {
        nl: 'Controleer de gemarkeerde velden.',
        fr: 'Vérifiez les champs indiqués.',
        en: 'Please check the marked fields.',
        de: 'Bitte überprüfen Sie die markierten Felder.',
      },
    });
    this.issues = issues;
  }
}

/** Something asked does not exist, or the caller may not know it exists. */
export class NotFoundError extends SmartLoketError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} not found`, {
      userMessage: {
        nl: 'Niet gevonden.',
        fr: 'Introuvable.',
        en: 'Not found.',
        de: 'Nicht gefunden.',
      },
    });
  }
}

/** The caller may not do this. */
export class ForbiddenError extends SmartLoketError {
  constructor(message: string) {
    super('FORBIDDEN', message, {
      userMessage: {
        nl: 'U hebt geen toegang tot deze actie.',
        fr: "Vous n'avez pas accès à cette action.",
        en: 'You are not allowed to do this.',
        de: 'Sie sind nicht berechtigt, dies zu tun.',
      },
    });
  }
}

/** Another actor changed the same thing first (optimistic concurrency). */
export class ConflictError extends SmartLoketError {
  constructor(message: string) {
    super('CONFLICT', message, {
      userMessage: {
        nl: 'Deze aanvraag werd intussen door iemand anders behandeld. Vernieuw de pagina.',
        fr: 'Cette demande a entre-temps été traitée par quelqu’un d’autre. Actualisez la page.',
        en: 'Someone else handled this request in the meantime. Refresh the page.',
        de: 'Dieser Antrag wurde inzwischen von jemand anderem bearbeitet. Laden Sie die Seite neu.',
      },
    });
  }
}
