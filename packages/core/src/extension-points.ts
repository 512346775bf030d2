import type { Subject } from './authorisation.js';
import { SmartLoketError } from './errors.js';
import type { Locale, LocalizedText } from './i18n.js';
import type { Requester } from './identity.js';
import type { Logger, Municipality, ResolvedDeps, ServiceRef } from './services.js';

/** The request as the pipeline's extension points see it. */
export interface PipelineRequest<F = Record<string, unknown>> {
  /** The request's internal id (a UUID). */
  id: string;
  /** Human reference number, e.g. `SL-2026-000123`. */
  reference: string;
  /** The request type's namespaced id. */
  typeId: string;
  /** The language the requester chose: the document's language. */
  locale: Locale;
  /** Who filed it. */
  requester: Requester;
  /** Whom it is about. */
  subject: Subject;
  /** The validated form values. */
  form: F;
  /** The stated purpose, if any. */
  purpose?: string | undefined;
  /** When it was filed. */
  submittedAt: Date;
  /**
   * Who the source consultations are made for, when not the requester: the clerk who approved
   * a request filed without login (the audit record names them as actor).
   */
  consultedBy?:
    | {
        /** The actor's kind, e.g. `staff`. */
        type: string;
        /** The actor's subject id. */
        id?: string | undefined;
        /** The actor's display name. */
        name?: string | undefined;
      }
    | undefined;
}

// ── source ──────────────────────────────────────────────────────────────────────────────

/** A finished document, as a source or a renderer returns it. */
export interface DocumentBytes {
  /** The file's content. */
  bytes: Uint8Array;
  /** Always PDF for now. */
  mediaType: 'application/pdf';
  /** Suggested file name (safe characters only; the server sanitises again). */
  fileName?: string | undefined;
  /** Who sealed it, when it came sealed from the source (e.g. "FOD Binnenlandse Zaken"). */
  sealedBy?: string | undefined;
}

/**
 * What a source answers: data for a renderer, a finished document, or "not yet" (the pipeline
 * polls again after `retryAfterMs` with the `token`).
 */
export type SourceResult =
  | {
      /** Data for the request type's renderer. */
      kind: 'data';
      /** Whatever the renderer expects (it gets it as `model.data`). */
      data: unknown;
    }
  | {
      /** A finished (usually sealed) document, delivered as is. */
      kind: 'document';
      /** The document. */
      document: DocumentBytes;
      /** Facts about it to keep with the request, if any. */
      data?: unknown;
    }
  | {
      /** The source is still working (asynchronous delivery). */
      kind: 'pending';
      /** Opaque token the source gets back on the next poll. */
      token: string;
      /** Poll again after this many milliseconds. */
      retryAfterMs: number;
    };

/** What a source may use during one fetch. */
export interface SourceContext<F = Record<string, unknown>> {
  /** The request being handled. */
  request: PipelineRequest<F>;
  /** The municipality running the deployment. */
  municipality: Municipality;
  /** The kernel clock's current instant. */
  now: Date;
  /** 1 on the first attempt. */
  attempt: number;
  /** The token of the previous `pending` answer, when polling. */
  pendingToken?: string | undefined;
  /** A logger bound to the request (never log personal data). */
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

/** How a consultation ended, for the audit record (see {@link SourceContext.consult}). */
export type ConsultOutcomeCode = 'ok' | 'not_found' | 'refused' | 'pending';

/** A source of data or documents behind the source extension point. Make it with {@link defineSource}. */
export interface SourceDefinition<
  D extends Record<string, ServiceRef<unknown>> = Record<string, ServiceRef<unknown>>,
> {
  /** Namespaced id, e.g. `bevolking.magda`. */
  readonly id: string;
  /** The services the kernel resolves for {@link SourceDefinition.fetch}. */
  readonly deps: D;
  /**
   * Fetches the data or document for one request. Throw {@link TransientSourceError} to retry
   * later, {@link PermanentSourceError} for a final answer.
   */
  fetch(ctx: SourceContext, deps: ResolvedDeps<D>): Promise<SourceResult>;
}

/**
 * Declares a source. Every call to an authentic source inside `fetch` goes through
 * `ctx.consult(service, ...)` under a service key of the plugin's source manifest.
 *
 * @example
 * ```ts
 * const source = defineSource({
 *   id: 'bevolking.magda',
 *   deps: { magda: magdaClientRef },
 *   async fetch(ctx, { magda }) {
 *     const answer = await ctx.consult('magda:GeefPersoon-02.02', (referte) =>
 *       magda.geefPersoon(ctx.request.subject.insz!, referte),
 *     );
 *     return { kind: 'data', data: answer };
 *   },
 * });
 * ```
 */
export function defineSource<D extends Record<string, ServiceRef<unknown>> = {}>(s: {
  id: string;
  deps?: D;
  fetch(ctx: SourceContext, deps: ResolvedDeps<D>): Promise<SourceResult>;
}): SourceDefinition<D> {
  return Object.freeze({ ...s, deps: (s.deps ?? {}) as D });
}

/** The source is unavailable for now: the pipeline retries later. Never fails a request. */
export class TransientSourceError extends SmartLoketError {
  /** When to try again, if the source said so; otherwise the worker's backoff decides. */
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
  /** `refuse` ends the request (with the user message as reason); `review` hands it to staff. */
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
  /** The request being handled. */
  request: PipelineRequest<F>;
  /** The source's `data`. */
  data: unknown;
  /** The issuing municipality (name, address, logo, colours). */
  municipality: Municipality;
  /** The document's language. */
  locale: Locale;
  /** The issue date to print. */
  issuedAt: Date;
  /** Printed on the document with a QR code pointing to `url`. */
  verification: {
    /** The verification code, e.g. `K7Q2-M9XD-3HTA`. */
    code: string;
    /** The public verification page of this document. */
    url: string;
  };
}

/** A renderer behind the renderer extension point: turns a source's data into a PDF. */
export interface RendererDefinition<
  D extends Record<string, ServiceRef<unknown>> = Record<string, ServiceRef<unknown>>,
> {
  /** Namespaced id, e.g. `bevolking.attest`. */
  readonly id: string;
  /** The services the kernel resolves for {@link RendererDefinition.render}. */
  readonly deps: D;
  /** Renders one document; the signer seals it afterwards (unless the request type says `sign: false`). */
  render(model: RenderModel, deps: ResolvedDeps<D>): Promise<DocumentBytes>;
}

/**
 * Declares a renderer.
 *
 * @example
 * ```ts
 * const renderer = defineRenderer({
 *   id: 'melding.receipt',
 *   deps: { pdf: pdfRendererRef },
 *   render: (model, { pdf }) => pdf.render(receiptTemplate, model),
 * });
 * ```
 */
export function defineRenderer<D extends Record<string, ServiceRef<unknown>> = {}>(r: {
  id: string;
  deps?: D;
  render(model: RenderModel, deps: ResolvedDeps<D>): Promise<DocumentBytes>;
}): RendererDefinition<D> {
  return Object.freeze({ ...r, deps: (r.deps ?? {}) as D });
}

// ── signer ──────────────────────────────────────────────────────────────────────────────

/** What a signer writes into the seal. */
export interface SignMeta {
  /** Why the document is sealed (shown by PDF readers). */
  reason: string;
  /** Where, usually the municipality's name. */
  location: string;
  /** The seal's name. */
  name: string;
  /** Contact details of the issuer, if any. */
  contactInfo?: string | undefined;
  /** The signing time (a trusted timestamp may be added by the signer). */
  signingTime: Date;
}

/** Seals PDFs. Implementations: signer-pades (local key), remote signing service. */
export interface Signer {
  /** The signer's id, recorded with the document. */
  readonly id: string;
  /** Seals `pdf` and returns the sealed PDF. */
  sign(pdf: Uint8Array, meta: SignMeta): Promise<Uint8Array>;
}

/** A signer behind the signer extension point; request types name it in `sign`. */
export interface SignerDefinition<
  D extends Record<string, ServiceRef<unknown>> = Record<string, ServiceRef<unknown>>,
> {
  /** The id request types name in `sign`. */
  readonly id: string;
  /** The services the kernel resolves for {@link SignerDefinition.create}. */
  readonly deps: D;
  /** Makes the signer, once per kernel. */
  create(deps: ResolvedDeps<D>): Signer | Promise<Signer>;
}

/**
 * Declares a signer. Most deployments use the default seal (`coreServices.signer`); a plugin
 * declares a signer only for a seal of its own.
 *
 * @example
 * ```ts
 * const signer = defineSigner({ id: 'melding.seal', deps: { keys: keysRef }, create: ({ keys }) => new MySigner(keys) });
 * ```
 */
export function defineSigner<D extends Record<string, ServiceRef<unknown>> = {}>(s: {
  id: string;
  deps?: D;
  create(deps: ResolvedDeps<D>): Signer | Promise<Signer>;
}): SignerDefinition<D> {
  return Object.freeze({ ...s, deps: (s.deps ?? {}) as D });
}
