import type { Subject } from './authorisation.js';
import { SmartLoketError } from './errors.js';
import type { Locale, LocalizedText } from './i18n.js';
import type { Requester } from './identity.js';
import type { Logger, Municipality, ResolvedDeps, ServiceRef } from './services.js';

/** The request as the pipeline's extension points see it. */
export interface PipelineRequest<F = Record<string, unknown>> {
  id: string;
  /** Human reference number, e.g. `SL-2026-000123`. */
  reference: string;
  typeId: string;
  locale: Locale;
  requester: Requester;
  subject: Subject;
  form: F;
  purpose?: string | undefined;
  submittedAt: Date;
}

// ── source ──────────────────────────────────────────────────────────────────────────────

/** A finished document, as a source or a renderer returns it. */
export interface DocumentBytes {
  bytes: Uint8Array;
  mediaType: 'application/pdf';
  /** Suggested file name (safe characters only; the server sanitises again). */
  fileName?: string | undefined;
  /** Who sealed it, when it came sealed from the source (e.g. "FOD Binnenlandse Zaken"). */
  sealedBy?: string | undefined;
}

/** What a source answers. */
export type SourceResult =
  | { kind: 'data'; data: unknown }
  | { kind: 'document'; document: DocumentBytes; data?: unknown }
  | {
      kind: 'pending';
      /** Opaque token the source gets back on the next poll. */
      token: string;
      /** Poll again after this many milliseconds. */
      retryAfterMs: number;
    };

/** What a source may use during one fetch. */
export interface SourceContext<F = Record<string, unknown>> {
  request: PipelineRequest<F>;
  municipality: Municipality;
  now: Date;
  /** 1 on the first attempt. */
  attempt: number;
  /** The token of the previous `pending` answer, when polling. */
  pendingToken?: string | undefined;
  logger: Logger;
  /**
   * Runs one call to an authentic source. The kernel refuses a service the plugin did not
   * declare in its source manifest, and writes the audit "started" record (with the referte and
   * the manifest's legal basis) before the call and its outcome after.
   */
  consult<T>(
    service: string,
    call: (referte: string) => Promise<T>,
    options?: { subjectId?: string; outcome?: (result: T) => ConsultOutcomeCode },
  ): Promise<T>;
}

export type ConsultOutcomeCode = 'ok' | 'not_found' | 'refused' | 'pending';

/** A source of data or documents behind the source extension point. */
export interface SourceDefinition<
  D extends Record<string, ServiceRef<unknown>> = Record<string, ServiceRef<unknown>>,
> {
  readonly id: string;
  readonly deps: D;
  fetch(ctx: SourceContext, deps: ResolvedDeps<D>): Promise<SourceResult>;
}

export function defineSource<D extends Record<string, ServiceRef<unknown>> = {}>(s: {
  id: string;
  deps?: D;
  fetch(ctx: SourceContext, deps: ResolvedDeps<D>): Promise<SourceResult>;
}): SourceDefinition<D> {
  return Object.freeze({ ...s, deps: (s.deps ?? {}) as D });
}

/** The source is unavailable for now: the pipeline retries later. Never fails a request. */
export class TransientSourceError extends SmartLoketError {
  readonly retryAfterMs: number | undefined;
  constructor(code: string, message: string, options: { retryAfterMs?: number; cause?: unknown } = {}) {
    super(code, message, {
      cause: options.cause,
      userMessage: {
        nl: 'De bron is tijdelijk niet bereikbaar. Uw aanvraag wordt later automatisch verder behandeld.',
        fr: 'La source est temporairement indisponible. Votre demande sera traitée automatiquement plus tard.',
        en: 'The source is temporarily unavailable. Your request will be processed automatically later.',
      },
    });
    this.retryAfterMs = options.retryAfterMs;
  }
}

/**
 * The source gave a final answer that ends automatic handling: the person is unknown, the INSZ is
 * invalid, the act does not exist. `disposition` says whether the request is refused or goes to staff.
 */
export class PermanentSourceError extends SmartLoketError {
  readonly disposition: 'refuse' | 'review';
  constructor(
    code: string,
    message: string,
    userMessage: LocalizedText,
    disposition: 'refuse' | 'review' = 'review',
  ) {
    super(code, message, { userMessage });
    this.disposition = disposition;
  }
}

// ── renderer ────────────────────────────────────────────────────────────────────────────

/** What a renderer gets. */
export interface RenderModel<F = Record<string, unknown>> {
  request: PipelineRequest<F>;
  /** The source's `data`. */
  data: unknown;
  municipality: Municipality;
  locale: Locale;
  issuedAt: Date;
  /** Printed on the document with a QR code pointing to `url`. */
  verification: { code: string; url: string };
}

export interface RendererDefinition<
  D extends Record<string, ServiceRef<unknown>> = Record<string, ServiceRef<unknown>>,
> {
  readonly id: string;
  readonly deps: D;
  render(model: RenderModel, deps: ResolvedDeps<D>): Promise<DocumentBytes>;
}

export function defineRenderer<D extends Record<string, ServiceRef<unknown>> = {}>(r: {
  id: string;
  deps?: D;
  render(model: RenderModel, deps: ResolvedDeps<D>): Promise<DocumentBytes>;
}): RendererDefinition<D> {
  return Object.freeze({ ...r, deps: (r.deps ?? {}) as D });
}

// ── signer ──────────────────────────────────────────────────────────────────────────────

export interface SignMeta {
  /** Why the document is sealed (shown by PDF readers). */
  reason: string;
  /** Where, usually the municipality's name. */
  location: string;
  /** The seal's name. */
  name: string;
  contactInfo?: string | undefined;
  signingTime: Date;
}

/** Seals PDFs. Implementations: signer-pades (local key), remote signing service. */
export interface Signer {
  readonly id: string;
  sign(pdf: Uint8Array, meta: SignMeta): Promise<Uint8Array>;
}

export interface SignerDefinition<
  D extends Record<string, ServiceRef<unknown>> = Record<string, ServiceRef<unknown>>,
> {
  readonly id: string;
  readonly deps: D;
  create(deps: ResolvedDeps<D>): Signer | Promise<Signer>;
}

export function defineSigner<D extends Record<string, ServiceRef<unknown>> = {}>(s: {
  id: string;
  deps?: D;
  create(deps: ResolvedDeps<D>): Signer | Promise<Signer>;
}): SignerDefinition<D> {
  return Object.freeze({ ...s, deps: (s.deps ?? {}) as D });
}
