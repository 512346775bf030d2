import { PermanentSourceError, TransientSourceError } from '@smartloket/core';
import { type MagdaUitzondering, normaliseCode, UITZONDERING_RULES } from './uitzonderingen.js';

const GENERIC_REVIEW = {
  nl: 'Uw aanvraag kan niet automatisch behandeld worden. Een medewerker bekijkt ze.',
  fr: 'Votre demande ne peut pas être traitée automatiquement. Un collaborateur va l’examiner.',
  en: 'Your request cannot be handled automatically. A staff member will look at it.',
};

/**
 * MAGDA gave a final answer (not found, invalid INSZ, authorisation, unknown attest, ...).
 * `code` is `MAGDA_<Uitzondering code>`; `uitzondering` holds the Uitzondering itself.
 *
 * The error's `name` stays `PermanentSourceError` because core's consultation guard recognises
 * outcomes by name (so that copies of core in different builds agree).
 */
export class MagdaPermanentError extends PermanentSourceError {
  readonly uitzonderingCode: string;
  readonly service: string;
  readonly uitzondering: MagdaUitzondering | undefined;
  /** Audit outcome: not found versus refused. */
  readonly outcome: 'not_found' | 'refused';
  constructor(service: string, code: string, uitzondering?: MagdaUitzondering, message?: string) {
    const rule = UITZONDERING_RULES[code];
    super(
      `MAGDA_${code}`,
      message ??
        `MAGDA ${service} answered Uitzondering ${code}${uitzondering ? ` (${uitzondering.diagnose})` : ''}`,
      rule?.userMessage ?? GENERIC_REVIEW,
      rule?.disposition ?? 'review',
    );
    this.name = 'PermanentSourceError';
    this.uitzonderingCode = code;
    this.service = service;
    this.uitzondering = uitzondering;
    this.outcome = rule?.outcome ?? 'refused';
  }
}

/**
 * MAGDA or the source is unavailable for now (60006/60007, 99994 to 99997, timeouts, HTTP 5xx,
 * open circuit). The pipeline retries later; it never fails a request.
 */
export class MagdaTransientError extends TransientSourceError {
  readonly service: string;
  /** The Uitzondering code, `TIMEOUT`, `HTTP_<status>`, `NETWORK` or `CIRCUIT_OPEN`. */
  readonly reason: string;
  constructor(
    service: string,
    reason: string,
    message: string,
    options: { retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(`MAGDA_${reason}`, message, options);
    this.name = 'TransientSourceError';
    this.service = service;
    this.reason = reason;
  }
}

/** Maps the Uitzonderingen of an answer to an error, or undefined when only warnings remain. */
export function errorForUitzonderingen(service: string, list: MagdaUitzondering[]): Error | undefined {
  const fouten = list.filter((u) => u.type === 'FOUT');
  if (fouten.length === 0) return undefined;
  // Transient codes win: a retry may give a full answer.
  for (const u of fouten) {
    const code = normaliseCode(u.identificatie);
    if (UITZONDERING_RULES[code]?.kind === 'transient') {
      return new MagdaTransientError(
        service,
        code,
        `MAGDA ${service} answered transient Uitzondering ${code}`,
      );
    }
  }
  const first = fouten[0] as MagdaUitzondering;
  return new MagdaPermanentError(service, normaliseCode(first.identificatie), first);
}
