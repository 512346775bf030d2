import {
  DAY,
  defineSource,
  HOUR,
  type LocalizedText,
  MINUTE,
  PermanentSourceError,
  type SourceContext,
  type SourceDefinition,
  type SourceResult,
  TransientSourceError,
} from '@smartloket/core';
import {
  type MagdaMeta,
  type MagdaServiceName,
  magdaClientRef,
  type UittrekselStrafregisterResult,
} from '@smartloket/source-magda';
import type { StrafregisterForm } from './form.js';
import { MODELS, type ModelKey } from './models.js';

/** The Strafregister's status of a finished extract (assumed code). */
export const READY = 'KLAAR';

/** How the source polls a pending extract. */
export interface PollOptions {
  /** The first poll after this many milliseconds; each next one waits twice as long. Default 5 min. */
  firstMs: number;
  /** The longest wait between two polls. Default 6 h. */
  maxIntervalMs: number;
  /** Give up after this many milliseconds without an extract. Default 10 days. */
  maxPendingMs: number;
}

export const DEFAULT_POLL: PollOptions = {
  firstMs: 5 * MINUTE,
  maxIntervalMs: 6 * HOUR,
  maxPendingMs: 10 * DAY,
};

/** The wait before poll number `polls` (0 = the first): doubling, capped. */
export function pollInterval(polls: number, o: PollOptions = DEFAULT_POLL): number {
  return Math.min(o.maxIntervalMs, o.firstMs * 2 ** Math.min(polls, 30));
}

/** What the request keeps between polls (no personal data: the Strafregister's number and times). */
export interface PendingExtract {
  /** Identificatienummer of the Strafregister. */
  id: string;
  /** When the Strafregister first answered "in behandeling" (ISO). */
  since: string;
  polls: number;
}

export const SOURCE_MESSAGES = {
  noAnswer: {
    nl: 'Het Centraal Strafregister heeft het uittreksel niet op tijd afgeleverd. Een medewerker neemt uw aanvraag over en neemt contact met u op.',
    fr: 'Le Casier judiciaire central n’a pas délivré l’extrait à temps. Un collaborateur reprend votre demande et vous contactera.',
    en: 'The Central Criminal Record did not deliver the extract in time. A staff member takes over your request and will contact you.',
  },
  unexpected: {
    nl: 'Het Centraal Strafregister gaf een onverwacht antwoord. Een medewerker bekijkt uw aanvraag.',
    fr: 'Le Casier judiciaire central a donné une réponse inattendue. Un collaborateur examine votre demande.',
    en: 'The Central Criminal Record gave an unexpected answer. A staff member will look at your request.',
  },
  noSubject: {
    nl: 'De aanvraag vermeldt niet over wie het uittreksel gaat. Een medewerker bekijkt uw aanvraag.',
    fr: 'La demande ne précise pas la personne concernée. Un collaborateur examine votre demande.',
    en: 'The request does not say whom the extract is about. A staff member will look at your request.',
  },
} satisfies Record<string, LocalizedText>;

/**
 * The pending extract did not arrive within the configured period. Goes to staff (review), and
 * asks the runtime to tell the requester too (`notifyRequester`).
 */
export class ExtractOverdueError extends PermanentSourceError {
  readonly notifyRequester = true;
  constructor() {
    super(
      'STRAFREGISTER_OVERDUE',
      'strafregister: no extract within the pending period',
      SOURCE_MESSAGES.noAnswer,
      'review',
    );
  }
}

const parseToken = (token: string | undefined): PendingExtract | undefined => {
  if (!token) return undefined;
  try {
    const t = JSON.parse(token) as PendingExtract;
    return typeof t.id === 'string' && typeof t.since === 'string' ? t : undefined;
  } catch {
    return undefined;
  }
};

const outcomeOf = (r: UittrekselStrafregisterResult) =>
  r.document ? 'ok' : r.identificatienummer ? 'pending' : 'refused';

/**
 * The source of one model. First call: GeefUittrekselStrafregister with the person, the model,
 * the language, the stated purpose (Opmerking, printed on the extract) and the request reference.
 * A ready extract comes back as an MTOM attachment and is delivered as received (sealed by the
 * Strafregister). Otherwise the answer's Identificatienummer becomes the pending token and the job
 * polls: GeefStatusUittrekselStrafregister, then, when ready, GeefUittrekselStrafregister by
 * Identificatienummer; the intervals double up to a cap, and after `maxPendingMs` staff take over.
 */
export function createStrafregisterSource(options: {
  key: ModelKey;
  poll?: Partial<PollOptions> | undefined;
  purpose?: string | undefined;
}): SourceDefinition {
  const poll = { ...DEFAULT_POLL, ...options.poll };
  const model = MODELS[options.key];
  const callOptions = (referte: string) => ({
    referte,
    ...(options.purpose ? { purpose: options.purpose } : {}),
  });

  return defineSource({
    id: `strafregister.model-${options.key}`,
    deps: { magda: magdaClientRef },
    async fetch(ctx: SourceContext, { magda }): Promise<SourceResult> {
      const insz = ctx.request.subject.insz;
      if (!insz) {
        throw new PermanentSourceError('STRAFREGISTER_NO_SUBJECT', 'no subject', SOURCE_MESSAGES.noSubject);
      }
      const form = ctx.request.form as Partial<StrafregisterForm>;
      const gemeente = {
        nisCode: ctx.municipality.nisCode,
        aanvragerInsz: ctx.request.requester.insz ?? insz,
      };
      const consult = <T extends MagdaMeta>(
        service: MagdaServiceName,
        call: (r: string) => Promise<T>,
        outcome?: (r: T) => 'ok' | 'pending' | 'refused',
      ) => {
        // An open circuit: wait without a call (nor an audit record).
        if (magda.circuitState(service) === 'open') {
          throw new TransientSourceError('MAGDA_CIRCUIT_OPEN', `MAGDA ${service}: circuit open`, {
            retryAfterMs: 30_000,
          });
        }
        return ctx.consult(`magda:${service}-02.00`, call, {
          subjectId: insz,
          ...(outcome ? { outcome } : {}),
        });
      };
      const deliver = (r: UittrekselStrafregisterResult): SourceResult => ({
        kind: 'document',
        document: {
          bytes: r.document as Uint8Array,
          mediaType: 'application/pdf',
          fileName: `strafregister-${options.key}-${ctx.request.reference}.pdf`,
          sealedBy: 'Centraal Strafregister',
        },
      });
      const pending = (t: PendingExtract): SourceResult => ({
        kind: 'pending',
        token: JSON.stringify(t),
        retryAfterMs: pollInterval(t.polls, poll),
      });

      const token = parseToken(ctx.pendingToken);
      if (!token) {
        const type = options.key === '596-1' ? String(form.activity ?? '') : model.type;
        const r = await consult(
          'GeefUittrekselStrafregister',
          (referte) =>
            magda.geefUittrekselStrafregister(
              {
                gemeente,
                insz,
                typeUittreksel: type,
                taal: form.language ?? 'nl',
                ...(ctx.request.purpose ? { opmerking: ctx.request.purpose.slice(0, 200) } : {}),
                referentie: ctx.request.reference,
              },
              callOptions(referte),
            ),
          outcomeOf,
        );
        if (r.document) return deliver(r);
        if (!r.identificatienummer) {
          throw new PermanentSourceError(
            'STRAFREGISTER_UNEXPECTED',
            'no extract, no number',
            SOURCE_MESSAGES.unexpected,
          );
        }
        return pending({ id: r.identificatienummer, since: ctx.now.toISOString(), polls: 0 });
      }

      if (ctx.now.getTime() - Date.parse(token.since) > poll.maxPendingMs) throw new ExtractOverdueError();
      const next = { ...token, polls: token.polls + 1 };
      const status = await consult(
        'GeefStatusUittrekselStrafregister',
        (referte) =>
          magda.geefStatusUittrekselStrafregister(
            { gemeente, insz, referentie: ctx.request.reference },
            callOptions(referte),
          ),
        (s) =>
          s.uittreksels.find((u) => u.identificatienummer === token.id)?.status === READY ? 'ok' : 'pending',
      );
      const info = status.uittreksels.find((u) => u.identificatienummer === token.id);
      if (info?.status !== READY) return pending(next);
      const r = await consult(
        'GeefUittrekselStrafregister',
        (referte) =>
          magda.geefUittrekselStrafregister(
            { gemeente, identificatienummer: token.id },
            callOptions(referte),
          ),
        outcomeOf,
      );
      return r.document ? deliver(r) : pending(next);
    },
  });
}
