import { SmartLoketError } from './errors.js';
import type { Locale, LocalizedText } from './i18n.js';
import type { Logger, ResolvedDeps, ServiceRef } from './services.js';

// ── payment ─────────────────────────────────────────────────────────────────────────────
// The sixth extension point: collects a request's fee (retributie). Money is integer euro
// cents everywhere. The runtime keeps the payments table and decides what a status means for
// the request; a provider only talks to its payment service.

/**
 * A payment's status at the provider. `paid` is the only status that delivers; `failed`,
 * `canceled` and `expired` are final without money; `open`, `pending` and `authorized` are not
 * final yet (the reconciliation job keeps asking).
 */
export type PaymentStatus = 'open' | 'pending' | 'authorized' | 'paid' | 'failed' | 'canceled' | 'expired';

/** The statuses after which a payment never changes again (refunds aside). */
export const FINAL_PAYMENT_STATUSES: readonly PaymentStatus[] = Object.freeze([
  'paid',
  'failed',
  'canceled',
  'expired',
]);

/** True when `status` is final (see {@link FINAL_PAYMENT_STATUSES}). */
export function isFinalPaymentStatus(status: PaymentStatus): boolean {
  return FINAL_PAYMENT_STATUSES.includes(status);
}

/** A refund's status at the provider. `refunded` is done; `failed` and `canceled` returned nothing. */
export type RefundStatus = 'queued' | 'pending' | 'processing' | 'refunded' | 'failed' | 'canceled';

/** One refund of a payment, as the provider reports it. */
export interface PaymentRefund {
  /** The provider's id of the refund, e.g. Mollie's `re_...`. */
  providerRefundId: string;
  /** The refunded amount in euro cents. */
  amountCents: number;
  /** Where the refund stands. */
  status: RefundStatus;
  /** When the provider created it. */
  createdAt: Date;
}

/** A payment as the provider knows it now. Never taken from a notification: always fetched. */
export interface PaymentSnapshot {
  /** The provider's id of the payment, e.g. Mollie's `tr_...`; unique per provider. */
  providerPaymentId: string;
  /** Where the payment stands. */
  status: PaymentStatus;
  /** The amount in euro cents. */
  amountCents: number;
  /** Always euro. */
  currency: 'EUR';
  /**
   * How it was (or is being) paid, as the provider names it (e.g. `bancontact`, `creditcard`,
   * `cash`); the back-office shows the label from {@link PaymentProviderDefinition.methodLabels}.
   */
  method?: string | undefined;
  /** When it was paid, once `paid`. */
  paidAt?: Date | undefined;
  /** Where to send the requester to pay (online providers, while `open`). */
  checkoutUrl?: string | undefined;
  /** The refunds of this payment, oldest first; empty when none. */
  refunds: PaymentRefund[];
}

/** What {@link PaymentProviderDefinition.start} gets. */
export interface PaymentStartContext {
  /** The amount in euro cents (a positive whole number). */
  amountCents: number;
  /** Always euro. */
  currency: 'EUR';
  /** What the requester's bank statement shows, e.g. `SL-2026-000123 Uittreksel bevolkingsregister`. */
  description: string;
  /** The request's reference number, e.g. `SL-2026-000123`. */
  reference: string;
  /** Where the provider sends the requester back after the checkout. */
  returnUrl: string;
  /**
   * Where the provider posts its notification (the runtime's `POST /payments/<provider>/notify`);
   * absent when the deployment has no public address (the reconciliation job then polls).
   */
  notificationUrl?: string | undefined;
  /** The requester's language, for the checkout page. */
  locale: Locale;
  /** The same key for a retry of the same attempt: the provider must not start a second payment. */
  idempotencyKey: string;
  /** Facts to keep with the payment at the provider (no personal data), e.g. the request id. */
  metadata: Record<string, string>;
  /** A logger bound to the payment (never log personal data). */
  logger: Logger;
}

/** What {@link PaymentProviderDefinition.fetch} gets. */
export interface PaymentFetchContext {
  /** The provider's id of the payment. */
  providerPaymentId: string;
  /**
   * The snapshot the runtime stored last, for providers without state of their own (the counter
   * provider returns it); online providers ignore it and ask their service.
   */
  last?: PaymentSnapshot | undefined;
  /** A logger bound to the payment (never log personal data). */
  logger: Logger;
}

/** What {@link PaymentProviderDefinition.parseNotification} gets: the raw notification request. */
export interface PaymentNotificationContext {
  /** The request's `content-type` header, if any. */
  contentType?: string | undefined;
  /** The parsed body (form fields as an object, or JSON). */
  body: unknown;
}

/** What a provider reads out of a notification: only which payment it is about. */
export interface PaymentNotification {
  /** The provider's id of the payment the notification is about. */
  providerPaymentId: string;
}

/** What {@link PaymentProviderDefinition.refund} gets. */
export interface PaymentRefundContext {
  /** The provider's id of the payment to refund. */
  providerPaymentId: string;
  /** The amount to refund in euro cents: all of the payment or part of it. */
  amountCents: number;
  /** The refund's description, e.g. `Terugbetaling SL-2026-000123`. */
  description: string;
  /** The same key for a retry of the same refund: the provider must not refund twice. */
  idempotencyKey: string;
  /** A logger bound to the payment (never log personal data). */
  logger: Logger;
}

/** What {@link PaymentProviderDefinition.record} gets: a clerk records a payment at the desk. */
export interface PaymentRecordContext {
  /** The provider's id of the payment, as `start` returned it. */
  providerPaymentId: string;
  /** The amount received in euro cents. */
  amountCents: number;
  /** How it was paid, one of the provider's {@link PaymentProviderDefinition.methodLabels} keys. */
  method: string;
  /** When it was received. */
  paidAt: Date;
  /** A logger bound to the payment (never log personal data). */
  logger: Logger;
}

/** What a provider answers to a refund. */
export interface PaymentRefundResult {
  /** The provider's id of the refund, e.g. Mollie's `re_...`. */
  providerRefundId: string;
  /** Where the refund stands now (usually `pending` or `refunded`). */
  status: RefundStatus;
}

/** A payment provider behind the payment extension point. Make it with {@link definePaymentProvider}. */
export interface PaymentProviderDefinition<
  D extends Record<string, ServiceRef<unknown>> = Record<string, ServiceRef<unknown>>,
> {
  /**
   * Id the deployment config names (`payments.provider`), e.g. `mollie` or `counter`; lowercase
   * letters, digits, dashes and dots. It appears in the notification URL.
   */
  readonly id: string;
  /** The services the kernel resolves for the provider's functions. */
  readonly deps: D;
  /**
   * `online`: the requester is sent to the snapshot's `checkoutUrl` and comes back on the return
   * URL; `counter`: nobody is sent anywhere, a clerk records the payment with {@link record}.
   */
  readonly kind: 'online' | 'counter';
  /** The provider's smallest amount in euro cents; a fee below it skips the payment step. */
  readonly minimumAmountCents?: number | undefined;
  /** Labels of the provider's payment methods by id (e.g. `bancontact`, `cash`), for screens and exports. */
  readonly methodLabels?: Readonly<Record<string, LocalizedText>> | undefined;
  /**
   * Starts a payment and returns its first snapshot (usually `open`, with a `checkoutUrl` for an
   * online provider). Throw {@link PaymentProviderUnavailableError} when the service cannot be
   * reached: the request stays unpaid and the requester may try again.
   */
  start(ctx: PaymentStartContext, deps: ResolvedDeps<D>): Promise<PaymentSnapshot>;
  /** Reads a payment's current state (status, method, refunds) from the provider. */
  fetch(ctx: PaymentFetchContext, deps: ResolvedDeps<D>): Promise<PaymentSnapshot>;
  /**
   * Reads the payment id out of a notification. The notification carries only an id: return it,
   * or null when the body is not a notification. Never a status: the runtime fetches that.
   */
  parseNotification(ctx: PaymentNotificationContext): PaymentNotification | null;
  /** Refunds all or part of a paid payment. */
  refund(ctx: PaymentRefundContext, deps: ResolvedDeps<D>): Promise<PaymentRefundResult>;
  /**
   * Counter providers only: records a payment a clerk received (cash, card at the desk, an
   * invoice paid) and returns the `paid` snapshot. The runtime audits who recorded it.
   */
  record?(ctx: PaymentRecordContext, deps: ResolvedDeps<D>): Promise<PaymentSnapshot>;
}

/**
 * Declares a payment provider; a plugin registers it with `registrar.payments.add`, and the
 * deployment config selects one by id.
 *
 * @example
 * ```ts
 * const provider = definePaymentProvider({
 *   id: 'mollie',
 *   kind: 'online',
 *   deps: { client: mollieClientRef },
 *   async start(ctx, { client }) {
 *     const p = await client.create(ctx);
 *     return toSnapshot(p);
 *   },
 *   fetch: async (ctx, { client }) => toSnapshot(await client.get(ctx.providerPaymentId)),
 *   parseNotification: ({ body }) =>
 *     typeof (body as { id?: unknown })?.id === 'string' ? { providerPaymentId: (body as { id: string }).id } : null,
 *   refund: (ctx, { client }) => client.refund(ctx),
 * });
 * ```
 * @throws TypeError when the id is malformed, the minimum is not a whole number of cents, or a
 *   counter provider has no `record`.
 */
export function definePaymentProvider<D extends Record<string, ServiceRef<unknown>> = {}>(p: {
  id: string;
  deps?: D;
  kind: 'online' | 'counter';
  minimumAmountCents?: number;
  methodLabels?: Record<string, LocalizedText>;
  start(ctx: PaymentStartContext, deps: ResolvedDeps<D>): Promise<PaymentSnapshot>;
  fetch(ctx: PaymentFetchContext, deps: ResolvedDeps<D>): Promise<PaymentSnapshot>;
  parseNotification(ctx: PaymentNotificationContext): PaymentNotification | null;
  refund(ctx: PaymentRefundContext, deps: ResolvedDeps<D>): Promise<PaymentRefundResult>;
  record?(ctx: PaymentRecordContext, deps: ResolvedDeps<D>): Promise<PaymentSnapshot>;
}): PaymentProviderDefinition<D> {
  if (!/^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*$/.test(p.id)) {
    throw new TypeError(
      `definePaymentProvider: id "${p.id}" must be lowercase letters, digits, dashes and dots`,
    );
  }
  if (
    p.minimumAmountCents !== undefined &&
    (!Number.isInteger(p.minimumAmountCents) || p.minimumAmountCents < 0)
  ) {
    throw new TypeError(`definePaymentProvider: minimumAmountCents of "${p.id}" must be whole cents`);
  }
  if (p.kind === 'counter' && typeof p.record !== 'function') {
    throw new TypeError(`definePaymentProvider: counter provider "${p.id}" needs record()`);
  }
  return Object.freeze({ ...p, deps: (p.deps ?? {}) as D });
}

/**
 * The payment service cannot be reached or answered with a server error. The request stays
 * unpaid and retriable; never a reason to fail a request.
 */
export class PaymentProviderUnavailableError extends SmartLoketError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('PAYMENT_PROVIDER_UNAVAILABLE', message, {
      cause: options.cause,
      userMessage: {
        nl: 'De betaaldienst is tijdelijk niet bereikbaar. Uw aanvraag is bewaard; probeer later opnieuw te betalen.',
        fr: 'Le service de paiement est temporairement indisponible. Votre demande est conservée ; réessayez de payer plus tard.',
        en: 'The payment service is temporarily unavailable. Your request is saved; please try to pay again later.',
        de: 'Der Zahlungsdienst ist vorübergehend nicht erreichbar. Ihr Antrag ist gespeichert; bitte versuchen Sie später erneut zu zahlen.',
      },
    });
  }
}

/**
 * The payment service refused the call (a bad amount, an unknown payment, a refund larger than
 * what is left). Not retried as is.
 */
export class PaymentProviderRefusedError extends SmartLoketError {
  constructor(message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super('PAYMENT_PROVIDER_REFUSED', message, {
      cause: options.cause,
      ...(options.details ? { details: options.details } : {}),
      userMessage: {
        nl: 'De betaaldienst weigerde de opdracht.',
        fr: "Le service de paiement a refusé l'opération.",
        en: 'The payment service refused the operation.',
        de: 'Der Zahlungsdienst hat den Vorgang abgelehnt.',
      },
    });
  }
}
