import { createHash } from 'node:crypto';
import {
  type Actor,
  type AssessedFee,
  type AuthorisationContext,
  brusselsDay,
  CHOICE_MESSAGES,
  type ChoiceContext,
  type ChoiceLoader,
  type ChoiceOption,
  type Clock,
  ConflictError,
  ConsultationGuard,
  coreServices,
  type Decision,
  FIELD_MESSAGES,
  type FieldIssue,
  ForbiddenError,
  type FormDefinition,
  formatEuro,
  type Identity,
  type Kernel,
  LOGIN_REQUIRED_FOR_REPORT,
  type Locale,
  type LocalizedText,
  meetsLevel,
  NotFoundError,
  nextState,
  type PipelineRequest,
  PREFILL_MESSAGES,
  PREFILL_PURPOSE_PREFIX,
  type PrefilledField,
  type PrefillSource,
  type PreparedReport,
  prefillChangedIssue,
  REOPEN_REFUSED,
  type RegisteredRequestType,
  type ReportHandling,
  type RequestAction,
  type Requester,
  type RequestState,
  type RequestTypeDefinition,
  requesterFromIdentity,
  SmartLoketError,
  type Subject,
  SYSTEM,
  sameValue,
  startOfBrusselsDay,
  ValidationError,
  validateForm,
} from '@smartloket/core';
import type { Database, RequestRecord, Tx, UnidentifiedDetails } from '@smartloket/db';
import type { Deadlines } from './deadlines.js';
import type { Fees } from './fees.js';
import { OUTBOX_JOB, PIPELINE_JOB, pipelineJobKey } from './jobs.js';
import type { ConfirmationMail, DraftResumeMail, OutboxMail } from './mail.js';
import { enqueueWebhooks, eventTypeFor, type WebhookEventType } from './webhooks.js';

/** The refusal of a report without login where its category does not accept one (403). */
export function loginRequiredForReport(): SmartLoketError {
  return new SmartLoketError('LOGIN_REQUIRED', 'This report category does not accept reports without login', {
    userMessage: LOGIN_REQUIRED_FOR_REPORT,
  });
}

/** A re-encoded photo's file name: the original's base name with `.jpg`. */
function jpegName(name: string | undefined): string {
  const base = (name ?? 'foto').replace(/\.[^./\\]*$/, '') || 'foto';
  return `${base.slice(0, 200)}.jpg`;
}

/** Stores a report's place and photos in the transaction that files it (decision 1501). */
async function storeReport(tx: Tx, requestId: string, report: PreparedReport): Promise<void> {
  if (report.place) {
    await tx.meldingen.savePlace({
      requestId,
      categoryId: report.categoryId,
      subCategoryId: report.subCategoryId,
      ...report.place,
      teamId: report.teamId,
    });
  }
  for (const photo of report.photos) {
    const upload = await tx.uploads.get(photo.uploadId);
    await tx.uploads.replaceBytes(photo.uploadId, {
      fileName: jpegName(upload?.fileName),
      mediaType: photo.mediaType,
      bytes: photo.bytes,
    });
    await tx.meldingen.addPhoto({
      requestId,
      mediaType: photo.mediaType,
      width: photo.width,
      height: photo.height,
      bytes: photo.bytes,
      thumbnail: photo.thumbnail,
    });
  }
}

/** An open report near a place, as the reporter may see it before filing (no personal data). */
export interface NearbyOpenReport {
  requestId: string;
  reference: string;
  subCategoryId: string | null;
  state: string;
  distanceMetres: number;
  createdAt: Date;
}

/** What a submitter provides. */
export interface SubmitInput {
  typeId: string;
  /** Raw form input (parsed HTML form or JSON). */
  input: unknown;
  locale: Locale;
  /** The logged-in person; absent for anonymous requests and API filings. */
  identity?: Identity | undefined;
  /** For anonymous requests: the confirmed e-mail address. */
  anonymousEmail?: string | undefined;
  /**
   * A certificate requested without login (decision 1401): who asks, for whom and why, and the
   * upload ids of the identity document or mandate. It always goes to a clerk.
   */
  unidentified?: { details: UnidentifiedDetails; evidence: readonly string[] } | undefined;
  /** For filings at the counter: the staff member who checked the citizen's identity. */
  filedBy?: Actor | undefined;
  /** Makes a double submit or a replayed POST create one request. */
  idempotencyKey?: string | undefined;
  /**
   * The fee already assessed and paid (a payment before submitting, issue 21): stored as it was
   * paid instead of assessed again (the amount in force may have changed since).
   */
  fee?: AssessedFee | undefined;
}

export interface SubmitResult {
  request: RequestRecord;
  decision: Decision;
  /** False when the idempotency key matched an earlier submission. */
  created: boolean;
  /**
   * Anonymous requests, when created: the token of the capability link (`/follow/<token>`) that
   * follows the request. Stored only hashed; the `anonymous_link` mail carries it too.
   */
  followToken?: string | undefined;
}

/** What loading the options of a request type's dynamic choice fields needs. */
export interface ChoicesInput {
  typeId: string;
  locale: Locale;
  /** The logged-in person; absent for anonymous requesters. */
  identity?: Identity | undefined;
  /** The values entered so far, raw (as the portal's draft or an API client holds them). */
  values: Record<string, unknown>;
  /** Only these fields (default: every dynamic choice field of the type). */
  fields?: readonly string[] | undefined;
}

/** What prefilling a form needs (see {@link RequestService.prefill}). */
export interface PrefillInput {
  typeId: string;
  locale: Locale;
  /** The logged-in person; nobody else gets a prefill. */
  identity?: Identity | undefined;
  /** The values entered so far, raw (they may tell for whom the request is). */
  values?: Record<string, unknown> | undefined;
}

/** The prefilled fields of a form, and whether a source could not be read. */
export interface PrefillResult {
  /** By field name: the value (normalised by the field), where it came from, whether it may change. */
  fields: Record<string, PrefilledField>;
  /** True when a prefill source failed: its fields are left empty and editable. */
  unavailable: boolean;
}

/** The options of one dynamic choice field, or why there are none to show. */
export type LoadedChoice =
  | { status: 'ok'; options: ChoiceOption[] }
  | { status: 'unavailable'; message: LocalizedText };

/** Staff and requester actions that move a request. */
export type RequestCommand =
  | {
      action: 'approve';
      /**
       * The clerk's decision for a type that issues its own document (`issue.decision` of the
       * request type, e.g. a permit number or validity dates); validated, kept in the approve
       * event, and handed to `issue.issue` by the pipeline. Refused for other types.
       */
      decision?: Record<string, unknown> | undefined;
    }
  | { action: 'refuse'; reason: string }
  | { action: 'ask'; reason: string; deadline?: Date | undefined }
  | { action: 'answer'; reason?: string | undefined }
  | { action: 'deliver_at_counter' }
  | { action: 'handle_outside'; reason?: string | undefined }
  | { action: 'retry' }
  | { action: 'cancel' }
  | { action: 'start' }
  | { action: 'resolve'; reason?: string | undefined }
  /** The reporter: a resolved report is not fixed (once, within 14 days; decision 1501). */
  | { action: 'reopen'; reason: string };

const AUDIENCE_REFUSED = {
  nl: 'U kunt dit document niet online aanvragen in deze hoedanigheid.',
  fr: 'Vous ne pouvez pas demander ce document en ligne en cette qualité.',
  en: 'You cannot request this document online in this capacity.',
};

const AUTO_DELIVERY_OFF = {
  nl: 'Automatische aflevering staat uit voor dit type: een medewerker kijkt de aanvraag na.',
  fr: 'La délivrance automatique est désactivée pour ce type : un agent examine la demande.',
  en: 'Automatic delivery is off for this type: a staff member reviews the request.',
};

/** What is paid and not refunded yet for a request (what a refusal refunds), in euro cents. */
export async function refundableCents(tx: Tx, requestId: string): Promise<number> {
  return (await tx.payments.listByRequest(requestId))
    .filter((p) => p.status === 'paid')
    .reduce((sum, p) => sum + Math.max(0, p.amountCents - p.refundedCents), 0);
}

/**
 * The term of a fee due after approval from `now`: the last day to pay (the start of that
 * Brussels day, `days` from now) and when the reminder goes out (7 days before that day, or half
 * the term when it is shorter; none for a term of a day).
 */
export function paymentTerm(now: Date, days: number): { payBy: Date; payRemindAt: Date | null } {
  const payBy = startOfBrusselsDay(brusselsDay(new Date(now.getTime() + days * 86_400_000)));
  const before = Math.min(7, Math.floor(days / 2));
  const payRemindAt =
    before > 0
      ? startOfBrusselsDay(brusselsDay(new Date(payBy.getTime() - before * 86_400_000 + 43_200_000)))
      : null;
  return { payBy, payRemindAt };
}

/** What the refusal mail adds when the fee was paid: it is refunded. */
export function refundNotice(cents: number, locale: Locale): string {
  const amount = formatEuro(cents, locale);
  const text: LocalizedText = {
    nl: `Het betaalde bedrag van ${amount} wordt u terugbetaald.`,
    fr: `Le montant payé de ${amount} vous est remboursé.`,
    en: `The ${amount} you paid is refunded to you.`,
    de: `Der bezahlte Betrag von ${amount} wird Ihnen erstattet.`,
  };
  return text[locale] ?? text.nl;
}

/** The reason of every certificate request filed without login (staff read it). */
export const WITHOUT_LOGIN_REASON = {
  nl: 'Niet aangemeld: een medewerker controleert wie de aanvraag doet en met welk recht.',
  fr: "Non connecté : un agent vérifie l'identité du demandeur et son droit.",
  en: 'Not logged in: a staff member checks who asks and with what right.',
};

const WITHOUT_LOGIN_OFF = {
  nl: 'Dit document kunt u alleen aanvragen als u zich aanmeldt.',
  fr: 'Vous ne pouvez demander ce document qu’en vous connectant.',
  en: 'You can only request this document when logged in.',
};

const LEVEL_TOO_LOW = {
  nl: 'Meld u aan met eID of itsme om dit document aan te vragen.',
  fr: 'Connectez-vous avec eID ou itsme pour demander ce document.',
  en: 'Log in with eID or itsme to request this document.',
};

/**
 * Files requests and moves them through the lifecycle. Every state change is one database
 * transaction holding the new state, its event, the next pipeline job and any e-mail (outbox),
 * so nothing is lost on a crash.
 */
export class RequestService {
  constructor(
    private readonly kernel: Kernel,
    private readonly db: Database,
    private readonly options: {
      enabled?: (typeId: string) => Promise<boolean>;
      /**
       * True when an administrator turned automatic delivery off for the type: an `auto`
       * decision goes to staff review instead (setting `requestType.<id>.autoDelivery` = false).
       */
      reviewAll?: (typeId: string) => Promise<boolean>;
      maxAttempts?: number;
      /** Capability links of anonymous requests live at least this long [90]. */
      anonymousLinkDays?: number;
      /** Days the evidence of a request filed without login is kept after the decision [7]. */
      evidenceDays?: number;
      /**
       * The back-office setting `requestType.<id>.withoutLogin` (true, false, or unset: the
       * type's own default).
       */
      withoutLogin?: (typeId: string) => Promise<unknown>;
      /** Called in the transaction of every lifecycle event (hand-offs enqueue their jobs). */
      onEvent?: LifecycleEventHook | undefined;
      /** Delivery attempts of a webhook [8]. */
      webhookMaxAttempts?: number | undefined;
      /** Due dates and answer-by dates (decision 0902); without it requests get none. */
      deadlines?: Deadlines | undefined;
      /** Fees of request types (issue 21); without it every request is free. */
      fees?: Fees | undefined;
      /**
       * Whether the approved request's fee is to be paid now (paid after approval, issue 21):
       * the days the requester has to pay, or undefined (nothing due: the pipeline starts).
       */
      payAfterApproval?: ((request: RequestRecord) => Promise<{ days: number } | undefined>) | undefined;
    } = {},
  ) {}

  get #env(): MoveEnv {
    return {
      clock: this.db.clock,
      maxAttempts: this.options.maxAttempts ?? 8,
      onEvent: this.options.onEvent,
      webhookMaxAttempts: this.options.webhookMaxAttempts,
      deadlines: this.options.deadlines,
    };
  }

  /** The request type, if it exists and is enabled. */
  async requestType(typeId: string): Promise<RegisteredRequestType | undefined> {
    const rt = this.kernel.requestType(typeId);
    if (!rt) return undefined;
    if (this.options.enabled && !(await this.options.enabled(typeId))) return undefined;
    return rt;
  }

  /**
   * True when the certificate type accepts requests without login: never when its plugin forbids
   * it; else the back-office setting, else the type's default (decision 1401).
   */
  async acceptsWithoutLogin(typeId: string): Promise<boolean> {
    const rt = await this.requestType(typeId);
    if (rt?.definition.kind !== 'certificate') return false;
    const policy = rt.definition.withoutLogin;
    if (policy.default === 'forbidden') return false;
    const setting = await this.options.withoutLogin?.(typeId);
    return typeof setting === 'boolean' ? setting : policy.default === 'on';
  }

  /**
   * Validates, authorises and stores a request. Bad input throws a {@link ValidationError} and
   * changes nothing. An automatic decision enqueues the pipeline in the same transaction.
   */
  async submit(input: SubmitInput): Promise<SubmitResult> {
    const rt = await this.requestType(input.typeId);
    if (!rt) throw new NotFoundError('request type');
    const def = rt.definition;
    const requester = this.#requester(input);

    if (input.idempotencyKey) {
      const existing = await this.db.requests.findByIdempotency(requester.id, input.idempotencyKey);
      if (existing) return { request: existing, decision: existing.decision as Decision, created: false };
    }

    // A certificate without login: accepted only where allowed, never authorised automatically,
    // and no source is consulted (no dynamic choices, no rules) before a clerk approved it.
    const unidentified = requester.kind === 'anonymous' && def.kind === 'certificate';
    if (unidentified) {
      if (!input.unidentified || !(await this.acceptsWithoutLogin(def.id)))
        throw new ForbiddenError(WITHOUT_LOGIN_OFF.en);
    } else {
      const audience = requester.kind === 'counter' ? 'citizen' : requester.kind;
      if (!def.audience.includes(audience)) throw new ForbiddenError(AUDIENCE_REFUSED.en);
    }
    if (requester.kind !== 'anonymous' && !meetsLevel(requester.level, def.minimumLevel)) {
      throw new SmartLoketError('LEVEL_TOO_LOW', 'Authentication level below the request type minimum', {
        userMessage: LEVEL_TOO_LOW,
      });
    }

    const validation = validateForm(def.form, input.input);
    if (!validation.ok) throw new ValidationError(validation.issues);
    const form = validation.value as Record<string, unknown>;
    let subject = def.subject(form as never, requester, input.identity);
    const declared = def.purpose?.(form as never) ?? {};
    let purpose = declared.purpose;
    const use = declared.use;
    if (unidentified && input.unidentified) {
      const person = input.unidentified.details.person;
      subject = {
        ...subject,
        insz: subject.insz ?? person.insz,
        ground:
          [subject.ground, input.unidentified.details.relation].filter(Boolean).join(' — ') || undefined,
      };
      purpose = [purpose, input.unidentified.details.purpose].filter(Boolean).join(' — ') || undefined;
    }
    const now = this.db.clock.now();
    // Dynamic choices: a value must be one of the options loaded now (never trust the client).
    const choiceIssues = unidentified
      ? []
      : await this.#checkChoices(rt, {
          requester,
          identity: input.identity,
          locale: input.locale,
          values: form,
          subject,
          purpose,
          now,
        });
    if (choiceIssues.length > 0) throw new ValidationError(choiceIssues);
    // Prefilled fields the type locks: the submitted value must be the source's (asked again now).
    let prefillUnchecked = false;
    const locked = Object.entries(def.prefill ?? {}).filter(([, b]) => !b.editable);
    if (!unidentified && locked.length > 0 && input.identity) {
      const loaded = await this.#prefill(rt, requester, input.identity, input.locale, form, now, true);
      if (loaded) {
        prefillUnchecked = loaded.unavailable;
        const issues = locked.flatMap(([name]) => {
          const f = loaded.fields[name];
          return f && !sameValue(f.value, form[name]) ? [prefillChangedIssue(name, f.origin)] : [];
        });
        if (issues.length > 0) throw new ValidationError(issues);
      }
    }
    const ctx: AuthorisationContext = {
      requestTypeId: def.id,
      requester,
      identity: input.identity,
      subject,
      form,
      purpose,
      use,
      now,
    };
    let decision: Decision = unidentified
      ? {
          outcome: 'review',
          reasons: [{ ruleId: 'core.without-login', reason: WITHOUT_LOGIN_REASON }],
          verdicts: [],
        }
      : await this.kernel.authorise(def.id, ctx);
    if (decision.outcome === 'auto' && prefillUnchecked) {
      decision = {
        ...decision,
        outcome: 'review',
        reasons: [
          ...decision.reasons,
          { ruleId: 'core.prefill-unchecked', reason: PREFILL_MESSAGES.unchecked },
        ],
      };
    }
    if (decision.outcome === 'auto' && (await this.options.reviewAll?.(def.id))) {
      decision = {
        ...decision,
        outcome: 'review',
        reasons: [...decision.reasons, { ruleId: 'settings.auto-delivery-off', reason: AUTO_DELIVERY_OFF }],
      };
    }

    const actor: Actor =
      requester.kind === 'counter' && input.filedBy
        ? input.filedBy
        : { type: 'requester', id: requester.id, name: requester.name };
    let followToken: string | undefined;
    // A report with a place (decision 1501): place, routing and photos, before anything is stored.
    const report =
      def.kind === 'report' && def.report
        ? await this.#prepareReport(def, form, requester, input.locale, now)
        : undefined;
    const dueAt =
      report?.handlingDays != null && this.options.deadlines
        ? await this.options.deadlines.dueAfter(report.handlingDays, now)
        : ((await this.options.deadlines?.dueAt(def.id, now)) ?? null);
    // The fee in force now, or waived: the request keeps it whatever the municipality sets later.
    const fee =
      input.fee ?? (decision.outcome === 'deny' ? undefined : await this.options.fees?.assess(def.id, ctx));
    try {
      const request = await this.db.transaction(async (tx) => {
        const created = await tx.requests.insert({
          dueAt,
          typeId: def.id,
          typeVersion: rt.version ?? null,
          pluginId: rt.pluginId,
          kind: def.kind,
          state: 'submitted',
          locale: input.locale,
          requester,
          subject,
          form,
          purpose,
          use,
          decision,
          idempotencyKey: input.idempotencyKey,
          fee,
        });
        await tx.events.append({
          requestId: created.id,
          type: 'submit',
          fromState: null,
          toState: 'submitted',
          actor,
          at: now,
        });
        if (report) await storeReport(tx, created.id, report);
        await emitEvent(tx, this.#env, created, 'request.submitted');
        let current = created;
        if (def.kind === 'certificate') {
          const action: RequestAction =
            decision.outcome === 'auto' ? 'auto' : decision.outcome === 'deny' ? 'deny' : 'review';
          const reason = decision.reasons.map((r) => r.reason.nl).join(' ');
          current = await this.#move(tx, current, action, SYSTEM, reason);
        }
        if (unidentified && input.unidentified) {
          await tx.unidentified.insert(created.id, input.unidentified.details, input.unidentified.evidence);
        }
        if (requester.kind === 'anonymous') {
          const days = this.options.anonymousLinkDays ?? 90;
          const link = await tx.capabilityLinks.create(
            created.id,
            new Date(now.getTime() + days * 86_400_000),
          );
          followToken = link.token;
        }
        await this.#mail(
          tx,
          current,
          current.state === 'denied'
            ? 'refused'
            : followToken
              ? 'anonymous_link'
              : current.state === 'waiting_source'
                ? 'receipt'
                : current.state === 'in_review'
                  ? 'in_review'
                  : 'receipt',
          {
            reason:
              current.state === 'denied'
                ? [
                    ...decision.reasons.map((r) => r.reason[input.locale] ?? r.reason.nl),
                    // Paid before submitting and denied by the rules: the payment is refunded.
                    ...(input.fee && input.fee.amountCents > 0
                      ? [refundNotice(input.fee.amountCents, input.locale)]
                      : []),
                  ].join(' ')
                : undefined,
            ...(followToken && current.state !== 'denied' ? { followToken } : {}),
          },
        );
        return current;
      });
      return { request, decision, created: true, followToken };
    } catch (error) {
      // A concurrent replay with the same idempotency key lost the race: return the winner.
      if (input.idempotencyKey) {
        const existing = await this.db.requests.findByIdempotency(requester.id, input.idempotencyKey);
        if (existing) return { request: existing, decision: existing.decision as Decision, created: false };
      }
      throw error;
    }
  }

  /**
   * A report's place, routing and re-encoded photos (decision 1501); refuses a report without
   * login where its (sub-)category does not accept one. The photo fields' values follow the
   * re-encoded files.
   */
  async #prepareReport(
    def: RequestTypeDefinition,
    form: Record<string, unknown>,
    requester: Requester,
    locale: Locale,
    now: Date,
  ): Promise<PreparedReport> {
    const prepared = await def.report!.file({
      typeId: def.id,
      form,
      requester,
      locale,
      now,
      categories: await this.db.meldingen.categories(),
      readUpload: (id) => this.db.uploads.readBytes(id),
    });
    if (requester.kind === 'anonymous' && !prepared.anonymousAllowed) throw loginRequiredForReport();
    for (const photo of prepared.photos) {
      const old = form[photo.field] as { fileName?: string } | undefined;
      form[photo.field] = {
        uploadId: photo.uploadId,
        fileName: jpegName(old?.fileName),
        mediaType: photo.mediaType,
        size: photo.bytes.byteLength,
      };
    }
    return prepared;
  }

  /**
   * The open reports of the same category near the place these answers (raw, as a draft holds
   * them) point to, nearest first, at most `limit`: shown before filing so the reporter can
   * follow one instead. No personal data: reference, sub-category, state, distance, date.
   */
  async nearbyReports(
    typeId: string,
    values: Record<string, unknown>,
    limit = 5,
  ): Promise<NearbyOpenReport[]> {
    const handling = (await this.requestType(typeId))?.definition.report;
    const place = handling?.place(values);
    if (!handling || !place) return [];
    const r = handling.duplicateRadiusMetres;
    const candidates = await this.db.meldingen.list({
      categoryId: handling.categoryId,
      openOnly: true,
      box: { minX: place.x - r, maxX: place.x + r, minY: place.y - r, maxY: place.y + r },
      limit: 200,
    });
    return handling
      .nearby(place, candidates)
      .slice(0, limit)
      .map(({ report, distanceMetres }) => ({
        requestId: report.requestId,
        reference: report.reference,
        subCategoryId: report.subCategoryId,
        state: report.state,
        distanceMetres,
        createdAt: report.createdAt,
      }));
  }

  /**
   * Whether the reporter may reopen this report now (decision 1501): a resolved report with a
   * place, once, within the plugin's term of closing. Undefined: not a report that reopens.
   */
  async reopenVerdict(request: RequestRecord): Promise<ReturnType<ReportHandling['mayReopen']> | undefined> {
    const handling = this.kernel.requestType(request.typeId, request.typeVersion)?.definition.report;
    const place = handling ? await this.db.meldingen.place(request.id) : undefined;
    // A merged duplicate does not reopen: its reporter follows the kept report (decision 1502).
    if (!handling || !place || place.mergedInto) return undefined;
    return handling.mayReopen(
      { state: request.state, closedAt: request.closedAt ?? null, reopenedCount: place.reopenedCount },
      this.db.clock.now(),
    );
  }

  async #checkReopen(tx: Tx, request: RequestRecord): Promise<void> {
    const place = await tx.meldingen.place(request.id);
    if (place?.mergedInto) {
      // A merged duplicate: its reporter follows the kept report instead (decision 1502).
      const into = await tx.requests.get(place.mergedInto);
      throw new SmartLoketError('REOPEN_REFUSED', 'A merged report cannot be reopened', {
        userMessage: reopenMergedMessage(into?.reference ?? ''),
      });
    }
    const verdict = await this.reopenVerdict(request);
    if (!verdict?.ok) {
      throw new SmartLoketError('REOPEN_REFUSED', 'This report cannot be reopened', {
        userMessage: REOPEN_REFUSED,
      });
    }
    await tx.meldingen.markReopened(request.id);
  }

  /**
   * True when a report of this type with these answers (raw, as a draft holds them) may be filed
   * without login now: the back-office's switch of its (sub-)category. Photos are not read.
   */
  async reportAcceptsAnonymous(typeId: string, values: Record<string, unknown>): Promise<boolean> {
    const rt = await this.requestType(typeId);
    const handling = rt?.definition.report;
    if (!rt || !handling) return true;
    if (!rt.definition.audience.includes('anonymous')) return false;
    const form = { ...values };
    for (const [name, meta] of Object.entries(rt.definition.form.fields))
      if (meta.kind === 'file') delete form[name];
    try {
      const prepared = await handling.file({
        typeId,
        form,
        requester: { kind: 'anonymous', id: 'check', level: 'none' },
        locale: 'nl',
        now: this.db.clock.now(),
        categories: await this.db.meldingen.categories(),
        readUpload: async () => undefined,
      });
      return prepared.anonymousAllowed;
    } catch {
      return true; // the submit says what is wrong
    }
  }

  /**
   * The fee a request with these answers would be filed under now (the amount in force, or
   * waived with the reason), for the summary before submitting; undefined when it is free or the
   * answers do not validate (submit then says why).
   */
  async quote(input: Omit<SubmitInput, 'idempotencyKey'>): Promise<AssessedFee | undefined> {
    const rt = await this.requestType(input.typeId);
    if (!rt || !this.options.fees) return undefined;
    const def = rt.definition;
    const validation = validateForm(def.form, input.input);
    if (!validation.ok) return undefined;
    const form = validation.value as Record<string, unknown>;
    try {
      const requester = input.identity
        ? this.#requester(input)
        : ({ kind: 'anonymous', id: 'anon:quote', level: 'none' } as const);
      const declared = def.purpose?.(form as never) ?? {};
      return await this.options.fees.assess(def.id, {
        requestTypeId: def.id,
        requester,
        identity: input.identity,
        subject: def.subject(form as never, requester, input.identity),
        form,
        purpose: declared.purpose,
        use: declared.use,
        now: this.db.clock.now(),
      });
    } catch {
      // Who asks or about whom is not clear yet: submit says why.
      return undefined;
    }
  }

  /**
   * Loads the options of a request type's dynamic choice fields for this requester, in their
   * language, from the values entered so far. A loader that fails (its source is down) gives
   * `unavailable` with a message to show; consultations it makes are audited (actor: the
   * requester; no request yet).
   */
  async choices(input: ChoicesInput): Promise<Record<string, LoadedChoice>> {
    const rt = await this.requestType(input.typeId);
    if (!rt) throw new NotFoundError('request type');
    const def = rt.definition;
    const requester: Requester = input.identity
      ? withoutUnverifiedEmail(requesterFromIdentity(input.identity), input.identity)
      : { kind: 'anonymous', id: 'anon:choices', level: 'none' };
    const values = fieldValues(def.form, input.values);
    let subject: Subject | undefined;
    let purpose: string | undefined;
    try {
      subject = def.subject(values as never, requester, input.identity);
      purpose = def.purpose?.(values as never)?.purpose;
    } catch {
      // The values so far do not tell yet.
    }
    const ctx = await this.#choiceContext(rt, {
      requester,
      identity: input.identity,
      locale: input.locale,
      values,
      subject,
      purpose,
      now: this.db.clock.now(),
    });
    const out: Record<string, LoadedChoice> = {};
    for (const [name, loader] of Object.entries(def.choices ?? {})) {
      if (input.fields && !input.fields.includes(name)) continue;
      out[name] = await this.#load(loader, ctx);
    }
    return out;
  }

  /**
   * The prefilled fields of a request type's form for a logged-in citizen who asks for himself
   * (whom the values so far name): each value read from its prefill source, validated and
   * normalised by its field, with where it came from and whether it may be changed. Nobody else
   * gets a prefill (empty result). Consultations are audited (actor: the requester; no request
   * yet; purpose `prefill:<type id>`). A source that fails leaves its fields out
   * (`unavailable: true`).
   */
  async prefill(input: PrefillInput): Promise<PrefillResult> {
    const rt = await this.requestType(input.typeId);
    if (!rt) throw new NotFoundError('request type');
    if (!rt.definition.prefill || !input.identity) return { fields: {}, unavailable: false };
    const requester = requesterFromIdentity(input.identity);
    const values = fieldValues(rt.definition.form, input.values ?? {});
    const loaded = await this.#prefill(
      rt,
      requester,
      input.identity,
      input.locale,
      values,
      this.db.clock.now(),
      false,
    );
    return loaded ?? { fields: {}, unavailable: false };
  }

  /** The prefill of a type's fields (only the locked ones when `lockedOnly`), or undefined when not eligible. */
  async #prefill(
    rt: RegisteredRequestType,
    requester: Requester,
    identity: Identity,
    locale: Locale,
    values: Record<string, unknown>,
    now: Date,
    lockedOnly: boolean,
  ): Promise<PrefillResult | undefined> {
    const def = rt.definition;
    const insz = requester.kind === 'citizen' ? requester.insz : undefined;
    if (!insz) return undefined;
    let subject: Subject | undefined;
    try {
      subject = def.subject(values as never, requester, identity);
    } catch {
      // The values so far do not tell for whom: no prefill yet.
    }
    if (subject?.relation !== 'self' || (subject.insz && subject.insz !== insz)) return undefined;

    const bindings = Object.entries(def.prefill ?? {}).filter(([, b]) => !lockedOnly || !b.editable);
    const bySource = new Map<string, { source: PrefillSource; fields: [string, string][] }>();
    for (const [name, b] of bindings) {
      const entry = bySource.get(b.from.id) ?? { source: b.from, fields: [] as [string, string][] };
      entry.fields.push([name, b.value]);
      bySource.set(b.from.id, entry);
    }
    const manifest = this.kernel.plugins().find((p) => p.id === rt.pluginId)?.sources ?? {};
    const guard = new ConsultationGuard(
      await this.kernel.get(coreServices.consultationAudit),
      await this.kernel.get(coreServices.clock),
    );
    const request = {
      id: undefined,
      reference: '',
      typeId: def.id,
      locale,
      requester,
      subject: { relation: 'self', insz },
      form: {},
      purpose: `${PREFILL_PURPOSE_PREFIX}${def.id}`,
      submittedAt: now,
    } as unknown as PipelineRequest;
    const audited = guard.consultFor(rt.pluginId, manifest, request);
    const shape = def.form.schema.shape as Record<
      string,
      { safeParse(v: unknown): { success: boolean; data?: unknown } }
    >;
    const out: PrefillResult = { fields: {}, unavailable: false };
    for (const { source, fields } of bySource.values()) {
      let got: Record<string, unknown>;
      try {
        const deps = await this.kernel.resolveDeps(source.deps);
        got = await source.load(
          {
            requestTypeId: def.id,
            insz,
            requester,
            identity,
            locale,
            now,
            wanted: fields.map(([, key]) => key),
            consult: (service, call, options) => {
              if (!source.services.includes(service)) {
                throw new Error(
                  `prefill ${source.id} consults ${service}, which it does not list in its services`,
                );
              }
              return audited(service, call, options);
            },
          },
          deps,
        );
      } catch {
        out.unavailable = true;
        continue;
      }
      for (const [name, key] of fields) {
        const parsed = shape[name]?.safeParse(got[key]);
        if (!parsed?.success || parsed.data === undefined) continue;
        const binding = def.prefill![name]!;
        out.fields[name] = { value: parsed.data, origin: source.origin, editable: binding.editable };
      }
    }
    return out;
  }

  /** The field issues of dynamic choice values that are not among the options loaded now. */
  async #checkChoices(
    rt: RegisteredRequestType,
    base: Omit<ChoiceContext, 'consult' | 'requestTypeId'>,
  ): Promise<FieldIssue[]> {
    const def = rt.definition;
    const issues: FieldIssue[] = [];
    let ctx: ChoiceContext | undefined;
    for (const [name, loader] of Object.entries(def.choices ?? {})) {
      if (loader.check !== 'options') continue;
      const value = base.values[name];
      const meta = def.form.fields[name];
      if (value === undefined && !meta?.required) continue;
      ctx ??= await this.#choiceContext(rt, base);
      const loaded = await this.#load(loader, ctx);
      // The source is down: the value goes on to the rules (which send it to review).
      if (loaded.status !== 'ok') continue;
      if (value === undefined) {
        if (loaded.options.length > 0)
          issues.push({ path: name, code: 'required', message: FIELD_MESSAGES.required });
      } else if (!loaded.options.some((o) => o.value === value)) {
        issues.push({ path: name, code: 'choice.invalid', message: FIELD_MESSAGES['choice.invalid'] });
      }
    }
    return issues;
  }

  /** The context of the loaders of one request type: an audited `consult` without a request. */
  async #choiceContext(
    rt: RegisteredRequestType,
    base: Omit<ChoiceContext, 'consult' | 'requestTypeId'>,
  ): Promise<ChoiceContext> {
    const manifest = this.kernel.plugins().find((p) => p.id === rt.pluginId)?.sources ?? {};
    const guard = new ConsultationGuard(
      await this.kernel.get(coreServices.consultationAudit),
      await this.kernel.get(coreServices.clock),
    );
    // No request exists yet: the audit row has no request id (ConsultationStart.requestId is
    // optional), the requester is the actor and the subject is whom the values name.
    const request = {
      id: undefined,
      reference: '',
      typeId: rt.definition.id,
      locale: base.locale,
      requester: base.requester,
      subject: base.subject ?? { relation: 'none' },
      form: base.values,
      purpose: base.purpose,
      submittedAt: base.now,
    } as unknown as PipelineRequest;
    return {
      ...base,
      requestTypeId: rt.definition.id,
      consult: guard.consultFor(rt.pluginId, manifest, request),
    };
  }

  async #load(loader: ChoiceLoader, ctx: ChoiceContext): Promise<LoadedChoice> {
    try {
      const deps = await this.kernel.resolveDeps(loader.deps);
      const seen = new Set<string>();
      const options = (await loader.load(ctx, deps)).filter((o) => {
        if (seen.has(o.value)) return false;
        seen.add(o.value);
        return true;
      });
      return { status: 'ok', options };
    } catch {
      return { status: 'unavailable', message: loader.unavailable ?? CHOICE_MESSAGES.unavailable };
    }
  }

  /**
   * Applies a staff or requester command. `expectedVersion` (from the screen the actor saw)
   * makes a second, concurrent action fail with a ConflictError instead of acting twice.
   */
  async act(
    requestId: string,
    command: RequestCommand,
    actor: Actor,
    expectedVersion?: number,
  ): Promise<RequestRecord> {
    return this.db.transaction(async (tx) => {
      const request = await tx.requests.get(requestId);
      if (!request) throw new NotFoundError('request');
      if (expectedVersion !== undefined && request.version !== expectedVersion) {
        throw new ConflictError(`request changed since version ${expectedVersion}`);
      }
      const reason = 'reason' in command ? command.reason : undefined;
      const decision = command.action === 'approve' ? this.#decision(request, command.decision) : undefined;
      if (command.action === 'reopen') await this.#checkReopen(tx, request);
      let current = await moveRequest(
        tx,
        this.#env,
        request,
        command.action,
        actor,
        reason,
        decision ? { decision } : undefined,
      );
      const now = this.db.clock.now();
      if (
        (command.action === 'approve' || command.action === 'refuse') &&
        request.requester.kind === 'anonymous'
      ) {
        // The identity document or mandate has served: its own retention term starts now.
        const days = this.options.evidenceDays ?? 7;
        await tx.unidentified.decided(request.id, new Date(now.getTime() + days * 86_400_000));
      }
      switch (command.action) {
        case 'approve': {
          // A fee paid after approval: the request waits in `approved` until paid (or lapses).
          const due = await this.options.payAfterApproval?.(current);
          if (!due) {
            current = await this.#move(tx, current, 'fetch', SYSTEM);
            break;
          }
          const term = paymentTerm(now, due.days);
          current = await tx.requests.update(current.id, { ...term, payRemindedAt: null });
          const link =
            request.requester.kind === 'anonymous'
              ? await tx.capabilityLinks.create(
                  request.id,
                  new Date(
                    Math.max(
                      now.getTime() + (this.options.anonymousLinkDays ?? 90) * 86_400_000,
                      term.payBy.getTime() + 2 * 86_400_000,
                    ),
                  ),
                )
              : undefined;
          await this.#mail(tx, current, 'payment_due', {
            stage: 'due',
            amountCents: current.fee?.amountCents ?? 0,
            payBy: term.payBy.toISOString(),
            ...(link ? { followToken: link.token } : {}),
          });
          break;
        }
        case 'refuse': {
          // Refused after payment: the fee is refunded (the payment.refund job) and the mail says so.
          const refundable = await refundableCents(tx, current.id);
          await this.#mail(tx, current, 'refused', {
            reason: refundable > 0 ? `${reason} ${refundNotice(refundable, current.locale)}` : reason,
          });
          break;
        }
        case 'ask': {
          // The answer-by date is a Brussels day: the one the clerk picked, else the type's default.
          const deadlines = this.options.deadlines;
          const answerBy = command.deadline
            ? startOfBrusselsDay(brusselsDay(command.deadline))
            : await deadlines?.defaultAnswerBy(current.typeId, this.db.clock.now());
          if (answerBy) {
            current = await tx.requests.update(current.id, {
              answerBy,
              answerRemindedAt: null,
              noAnswerAt: null,
            });
          }
          // Without login the mail's link is a fresh capability link: earlier ones are not
          // kept in clear anywhere (decision 1400).
          const link =
            request.requester.kind === 'anonymous'
              ? await tx.capabilityLinks.create(
                  request.id,
                  new Date(now.getTime() + (this.options.anonymousLinkDays ?? 90) * 86_400_000),
                )
              : undefined;
          await this.#mail(tx, current, 'information_asked', {
            reason,
            deadline: answerBy?.toISOString(),
            ...(link ? { followToken: link.token } : {}),
          });
          break;
        }
        case 'start':
        case 'resolve':
          await this.#mail(tx, current, 'report_status_changed', { reason });
          break;
        default:
          break;
      }
      return current;
    });
  }

  /**
   * The fee due after approval is paid (issue 21): the pipeline starts, once (only from
   * `approved`; a second notification finds it started). `closed`: the request lapsed or was
   * refused, denied or cancelled meanwhile (the caller refunds); `already`: started before.
   */
  async startPaid(
    requestId: string,
    data: Record<string, unknown>,
  ): Promise<'started' | 'already' | 'closed'> {
    try {
      return await this.db.transaction(async (tx) => {
        const request = await tx.requests.get(requestId);
        if (!request) return 'closed';
        if (request.state === 'approved') {
          await moveRequest(tx, this.#env, request, 'fetch', SYSTEM, undefined, data);
          return 'started';
        }
        return ['lapsed', 'refused', 'denied', 'cancelled'].includes(request.state) ? 'closed' : 'already';
      });
    } catch (error) {
      // A parallel notification or poll moved it first.
      if (error instanceof ConflictError) return 'already';
      throw error;
    }
  }

  /** Records an event that does not change the state (note, assignment, message). */
  async note(
    requestId: string,
    type: 'note' | 'assign' | 'message',
    actor: Actor,
    data: {
      text?: string;
      assigneeId?: string | null;
      /** The assignee's name, kept in the event so the history reads as a sentence. */
      assigneeName?: string | null;
      /** The previous assignee's name, when known. */
      previousAssigneeName?: string | null;
    },
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      const request = await tx.requests.get(requestId);
      if (!request) throw new NotFoundError('request');
      if (type === 'assign') await tx.requests.update(requestId, { assigneeId: data.assigneeId ?? null });
      await tx.events.append({
        requestId,
        type,
        fromState: request.state,
        toState: request.state,
        actor,
        reason: data.text,
        data:
          type === 'assign'
            ? {
                assigneeId: data.assigneeId ?? null,
                assigneeName: data.assigneeId ? (data.assigneeName ?? null) : null,
                previousAssigneeId: request.assigneeId,
                previousAssigneeName: request.assigneeId ? (data.previousAssigneeName ?? null) : null,
              }
            : undefined,
        at: this.db.clock.now(),
      });
    });
  }

  /**
   * Closes a duplicate merged into another report (decision 1502): resolved, with `reason` (the
   * "merged with <reference>" text in the reporter's language) and `{ mergedInto }` in the event,
   * and no status mail (the reporter gets the merge message instead). A submitted duplicate is
   * taken up first; one that waits for its reporter or is closed already keeps its state.
   * Returns whether it was closed.
   */
  async closeMerged(requestId: string, into: string, actor: Actor, reason: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      let current = await tx.requests.get(requestId);
      if (current?.kind !== 'report') return false;
      if (current.state === 'submitted') current = await moveRequest(tx, this.#env, current, 'start', actor);
      if (current.state !== 'in_progress') return false;
      await moveRequest(tx, this.#env, current, 'resolve', actor, reason, { mergedInto: into });
      return true;
    });
  }

  /**
   * Sends the requester a message from staff (reports: "message the requester"): a `message`
   * event and an e-mail in one transaction. The state does not change.
   */
  async messageRequester(requestId: string, actor: Actor, text: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const request = await tx.requests.get(requestId);
      if (!request) throw new NotFoundError('request');
      const event = await tx.events.append({
        requestId,
        type: 'message',
        fromState: request.state,
        toState: request.state,
        actor,
        reason: text,
        at: this.db.clock.now(),
      });
      const recipient = request.requester.email;
      if (!recipient) return;
      // One mail per message (the dedupe key is the event, not the request version).
      const mail: OutboxMail = {
        kind: 'report_status_changed',
        requestId,
        locale: request.locale,
        data: { reason: text, message: true },
      };
      const row = await tx.outbox.add({
        kind: 'email',
        dedupeKey: `mail:${requestId}:message:${event.seq}`,
        recipient,
        payload: mail,
        messageId: undefined,
      });
      await tx.jobs.enqueue({ type: OUTBOX_JOB, payload: { outboxId: row.id }, key: `outbox:${row.id}` });
    });
  }

  /**
   * Moves a request one step inside a transaction: checks the lifecycle, updates the row with
   * an optimistic version check, appends the event and enqueues the pipeline when it must run.
   */
  /**
   * The clerk's decision of an approval, validated against the type's `issue.decision` (a
   * ValidationError with field issues when it does not validate, or when the type asks none).
   */
  #decision(
    request: RequestRecord,
    input: Record<string, unknown> | undefined,
  ): Record<string, unknown> | undefined {
    if (input === undefined) return undefined;
    const form = this.kernel.requestType(request.typeId, request.typeVersion)?.definition.issue?.decision;
    if (!form) {
      throw new ValidationError([{ path: 'decision', code: 'invalid', message: FIELD_MESSAGES.invalid }]);
    }
    const validation = validateForm(form, input);
    if (!validation.ok) throw new ValidationError(validation.issues);
    return validation.value as Record<string, unknown>;
  }

  async #move(
    tx: Tx,
    request: RequestRecord,
    action: RequestAction,
    actor: Actor,
    reason?: string,
  ): Promise<RequestRecord> {
    return moveRequest(tx, this.#env, request, action, actor, reason);
  }

  async #mail(
    tx: Tx,
    request: RequestRecord,
    kind: OutboxMail['kind'],
    data: Record<string, unknown>,
  ): Promise<void> {
    await enqueueMail(tx, request, kind, data);
  }

  #requester(input: SubmitInput): Requester {
    if (input.filedBy) {
      if (!input.identity) throw new ForbiddenError('counter filings need the citizen identity');
      return {
        ...withoutUnverifiedEmail(requesterFromIdentity(input.identity), input.identity),
        kind: 'counter',
        level: 'high',
        means: 'counter',
        filedBy: { id: input.filedBy.id ?? 'staff', name: input.filedBy.name },
      };
    }
    if (input.identity) return withoutUnverifiedEmail(requesterFromIdentity(input.identity), input.identity);
    if (!input.anonymousEmail) throw new ForbiddenError('anonymous requests need a confirmed e-mail address');
    return {
      kind: 'anonymous',
      // Stable per submission (derived from the draft key): a double submit makes one request.
      id: input.idempotencyKey
        ? `anon:${createHash('sha256').update(`anonymous:${input.idempotencyKey}`).digest('hex').slice(0, 32)}`
        : `anon:${crypto.randomUUID()}`,
      email: input.anonymousEmail,
      ...(input.unidentified ? { name: input.unidentified.details.name } : {}),
      level: 'none',
    };
  }
}

/**
 * The values that validate, field by field (normalised by their own schema; defaults applied).
 * What a dynamic choice's loader sees of a form that is not complete yet.
 */
export function fieldValues(form: FormDefinition, raw: Record<string, unknown>): Record<string, unknown> {
  const shape = form.schema.shape as Record<
    string,
    { safeParse(v: unknown): { success: boolean; data?: unknown } }
  >;
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(shape)) {
    const value = raw[name] === '' ? undefined : raw[name];
    const r = schema.safeParse(value);
    if (r.success && r.data !== undefined) out[name] = r.data;
  }
  return out;
}

/** Mails only go to confirmed addresses: an address the provider marks unverified is dropped. */
function withoutUnverifiedEmail(requester: Requester, identity: Identity): Requester {
  return identity.emailVerified === false ? { ...requester, email: undefined } : requester;
}

/** What a lifecycle step needs besides the transaction. */
export interface MoveEnv {
  clock: Clock;
  /** Attempts of a pipeline job before it is dead-lettered. */
  maxAttempts: number;
  /** Called in the transaction of every lifecycle event (after the webhooks are queued). */
  onEvent?: LifecycleEventHook | undefined;
  /** Delivery attempts of a webhook [8]. */
  webhookMaxAttempts?: number | undefined;
  /** Moves the due date when a request stops waiting for the requester. */
  deadlines?: Deadlines | undefined;
}

/** A hook run inside the transaction of a lifecycle event. */
export type LifecycleEventHook = (
  tx: Tx,
  request: RequestRecord,
  type: WebhookEventType,
  extra: { action?: RequestAction; fromState?: RequestState | null },
) => Promise<void>;

/** Queues the webhooks of a lifecycle event and runs the event hook, in the caller's transaction. */
export async function emitEvent(
  tx: Tx,
  env: MoveEnv,
  request: RequestRecord,
  type: WebhookEventType,
  extra: { action?: RequestAction; fromState?: RequestState | null } = {},
): Promise<void> {
  await enqueueWebhooks(tx, request, type, extra, env.webhookMaxAttempts);
  await env.onEvent?.(tx, request, type, extra);
}

/**
 * One lifecycle step inside a transaction (shared by the request service and the pipeline).
 * Throws IllegalTransitionError or ConflictError and changes nothing when it cannot apply.
 */
export async function moveRequest(
  tx: Tx,
  db: MoveEnv,
  request: RequestRecord,
  action: RequestAction,
  actor: Actor,
  reason?: string,
  data?: Record<string, unknown>,
): Promise<RequestRecord> {
  const to = nextState(request.kind, request.state, action, actor, reason);
  const now = db.clock.now();
  const patch: Partial<RequestRecord> = {};
  if (to === 'delivered' || to === 'delivered_at_counter') patch.deliveredAt = now;
  if (
    [
      'refused',
      'denied',
      'lapsed',
      'cancelled',
      'delivered_at_counter',
      'handled_outside',
      'resolved',
      'delivered',
    ].includes(to)
  ) {
    patch.closedAt = now;
  }
  if (actor.type === 'staff' && !request.handledAt) patch.handledAt = now;
  // Waiting for the requester pauses the clock: the working days waited move the due date.
  if (to === 'waiting_requester' && request.state !== 'waiting_requester') patch.pausedAt = now;
  if (request.state === 'waiting_requester' && to !== 'waiting_requester') {
    patch.pausedAt = null;
    patch.answerBy = null;
    patch.answerRemindedAt = null;
    if (request.dueAt && request.pausedAt && db.deadlines) {
      patch.dueAt = await db.deadlines.resumedDueAt(request.dueAt, request.pausedAt, now);
    }
  }
  const updated = await tx.requests.transition(request.id, {
    expectedVersion: request.version,
    expectedState: request.state,
    to,
    patch,
  });
  await tx.events.append({
    requestId: request.id,
    type: action,
    fromState: request.state,
    toState: to,
    actor,
    reason,
    data,
    at: now,
  });
  const eventType = eventTypeFor(to);
  if (eventType) await emitEvent(tx, db, updated, eventType, { action, fromState: request.state });
  if (to === 'waiting_source') {
    await tx.jobs.enqueue({
      type: PIPELINE_JOB,
      payload: { requestId: request.id },
      key: pipelineJobKey(request.id, updated.version),
      maxAttempts: db.maxAttempts,
    });
  }
  return updated;
}

/** Refusal to reopen a duplicate merged into `reference` (decision 1502). */
function reopenMergedMessage(reference: string): LocalizedText {
  return {
    nl: `Deze melding is samengevoegd met melding ${reference} en kan niet heropend worden. U volgt melding ${reference}: u krijgt er de berichten van.`,
    fr: `Ce signalement a été fusionné avec le signalement ${reference} et ne peut pas être rouvert. Vous suivez le signalement ${reference} : vous en recevez les messages.`,
    en: `This report was merged with report ${reference} and cannot be reopened. You follow report ${reference}: you receive its messages.`,
  };
}

/** Queues an e-mail about a request in the caller's transaction (sent by a worker). */
export async function enqueueMail(
  tx: Tx,
  request: RequestRecord,
  kind: OutboxMail['kind'],
  data: Record<string, unknown>,
  /** Another key than one mail of a kind per request version (a reminder that changes no state). */
  options: { dedupeKey?: string | undefined } = {},
): Promise<void> {
  const recipient = request.requester.email;
  if (!recipient) return;
  const dedupeKey = options.dedupeKey ?? `mail:${request.id}:${kind}:${request.version}`;
  const mail: OutboxMail = { kind, requestId: request.id, locale: request.locale, data };
  const row = await tx.outbox.add({
    kind: 'email',
    dedupeKey,
    recipient,
    payload: mail,
    messageId: undefined,
    // A capability token in the payload: purged within days even if the mail never leaves.
    ...(typeof data.followToken === 'string'
      ? { purgeAt: new Date(tx.clock.now().getTime() + 7 * 86_400_000) }
      : {}),
  });
  await tx.jobs.enqueue({ type: 'outbox.send', payload: { outboxId: row.id }, key: `outbox:${row.id}` });
  // Reports: the people who follow it (a nearby report they chose to follow, a merged duplicate)
  // get its status mails too, in their own language, without a link to the reporter's page.
  if (request.kind === 'report' && kind === 'report_status_changed') {
    for (const f of await tx.meldingen.followers(request.id)) {
      const copy: OutboxMail = {
        kind,
        requestId: request.id,
        locale: f.locale as Locale,
        data: { ...data, follower: true },
      };
      const r = await tx.outbox.add({
        kind: 'email',
        dedupeKey: `${dedupeKey}:follower:${f.followerKey}`,
        recipient: f.email,
        payload: copy,
        messageId: undefined,
      });
      await tx.jobs.enqueue({ type: 'outbox.send', payload: { outboxId: r.id }, key: `outbox:${r.id}` });
    }
  }
}

/**
 * Queues an `email_confirmation` mail in the caller's transaction. The token is in the payload
 * only until the mail is sent (then scrubbed) and never beyond its own expiry.
 */
export async function enqueueConfirmationMail(
  tx: Tx,
  input: { confirmationId: string; email: string; token: string; expiresAt: Date; locale: Locale },
): Promise<void> {
  const mail: ConfirmationMail = {
    kind: 'email_confirmation',
    locale: input.locale,
    data: { token: input.token, expiresAt: input.expiresAt.toISOString() },
  };
  const row = await tx.outbox.add({
    kind: 'email',
    dedupeKey: `mail:confirmation:${input.confirmationId}`,
    recipient: input.email,
    payload: mail,
    requestId: null,
    purgeAt: input.expiresAt,
  });
  await tx.jobs.enqueue({ type: OUTBOX_JOB, payload: { outboxId: row.id }, key: `outbox:${row.id}` });
}

/**
 * Queues a `draft_resume` mail (decision 0803) in the caller's transaction. The token is in the
 * payload only until the mail is sent (then scrubbed) and never beyond the draft's expiry.
 */
export async function enqueueDraftResumeMail(
  tx: Tx,
  input: {
    email: string;
    token: string;
    expiresAt: Date;
    locale: Locale;
    requestType: LocalizedText;
  },
): Promise<void> {
  const mail: DraftResumeMail = {
    kind: 'draft_resume',
    locale: input.locale,
    data: { token: input.token, expiresAt: input.expiresAt.toISOString(), requestType: input.requestType },
  };
  const row = await tx.outbox.add({
    kind: 'email',
    // One mail per token (saving again makes a new token and a new mail); the key holds no token.
    dedupeKey: `mail:draft-resume:${createHash('sha256').update(input.token).digest('hex').slice(0, 32)}`,
    recipient: input.email,
    payload: mail,
    requestId: null,
    purgeAt: input.expiresAt,
  });
  await tx.jobs.enqueue({ type: OUTBOX_JOB, payload: { outboxId: row.id }, key: `outbox:${row.id}` });
}
