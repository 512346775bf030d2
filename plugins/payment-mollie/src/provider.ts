import {
  createServiceRef,
  definePaymentProvider,
  type Locale,
  type LocalizedText,
  type PaymentProviderDefinition,
  type PaymentSnapshot,
  type ServiceRef,
} from '@smartloket/core';
import { amountCents, type MollieClient, type MolliePayment, type MollieRefund } from './client.js';
import { euro } from './money.js';

/**
 * The Mollie connection the provider uses: the plugin registers one from its options (Mollie's
 * API with the key from the environment); a development composition replaces it with one on the
 * dev world's simulator (deployment services win over a plugin's).
 */
export const mollieClientRef: ServiceRef<MollieClient> = createServiceRef<MollieClient>('mollie.client');

/** The payment methods SmartLoket can offer through Mollie (Mollie's method ids). */
export const MOLLIE_METHODS = [
  'bancontact',
  'creditcard',
  'kbc',
  'belfius',
  'applepay',
  'paypal',
  'banktransfer',
  'ideal',
  'trustly',
] as const;

/** A payment method SmartLoket can offer through Mollie. */
export type MollieMethod = (typeof MOLLIE_METHODS)[number];

/** What the back-office and the export show for each method (never the id). */
export const MOLLIE_METHOD_LABELS: Readonly<Record<MollieMethod, LocalizedText>> = Object.freeze({
  bancontact: { nl: 'Bancontact', fr: 'Bancontact', en: 'Bancontact', de: 'Bancontact' },
  creditcard: { nl: 'Kredietkaart', fr: 'Carte de crédit', en: 'Credit card', de: 'Kreditkarte' },
  kbc: { nl: 'KBC/CBC-betaalknop', fr: 'Bouton de paiement KBC/CBC', en: 'KBC/CBC Payment Button' },
  belfius: { nl: 'Belfius Pay Button', fr: 'Belfius Pay Button', en: 'Belfius Pay Button' },
  applepay: { nl: 'Apple Pay', fr: 'Apple Pay', en: 'Apple Pay', de: 'Apple Pay' },
  paypal: { nl: 'PayPal', fr: 'PayPal', en: 'PayPal', de: 'PayPal' },
  banktransfer: { nl: 'Overschrijving', fr: 'Virement bancaire', en: 'Bank transfer', de: 'Überweisung' },
  ideal: { nl: 'iDEAL', fr: 'iDEAL', en: 'iDEAL', de: 'iDEAL' },
  trustly: { nl: 'Trustly', fr: 'Trustly', en: 'Trustly', de: 'Trustly' },
});

/** What {@link createMolliePaymentProvider} needs. */
export interface MolliePaymentProviderOptions {
  /** The methods the checkout offers (they must be enabled in the Mollie profile); all: omit. */
  methods?: readonly MollieMethod[] | undefined;
  /** The smallest amount sent to Mollie, in cents (default 100: Mollie's €1.00 minimum for Bancontact and cards). */
  minimumAmountCents?: number | undefined;
}

/** Mollie's checkout languages for the requester's. */
const MOLLIE_LOCALES: Record<Locale, string> = { nl: 'nl_BE', fr: 'fr_BE', en: 'en_GB', de: 'de_DE' };

/** Mollie allows a payment description of 255 characters and a refund description of 140. */
const description = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function toDate(text: string | undefined): Date | undefined {
  if (!text) return undefined;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function snapshot(p: MolliePayment, refunds: MollieRefund[], route: string): PaymentSnapshot {
  return {
    providerPaymentId: p.id,
    status: p.status,
    amountCents: amountCents(p.amount, route),
    currency: 'EUR',
    method: p.method ?? undefined,
    paidAt: p.status === 'paid' ? toDate(p.paidAt) : undefined,
    checkoutUrl: p.status === 'open' ? (p._links?.checkout?.href ?? undefined) : undefined,
    refunds: refunds.map((r) => ({
      providerRefundId: r.id,
      amountCents: amountCents(r.amount, 'refunds.list'),
      status: r.status,
      createdAt: toDate(r.createdAt) ?? new Date(0),
    })),
  };
}

/**
 * The Mollie payment provider (`id: 'mollie'`): starts a payment in euro with the methods the
 * profile enables, always reads the status back from Mollie (a notification only names the
 * payment), and refunds all or part. Mollie down or slow: `PaymentProviderUnavailableError`
 * (the request stays unpaid and retriable); Mollie refusing: `PaymentProviderRefusedError`.
 */
export function createMolliePaymentProvider(
  options: MolliePaymentProviderOptions = {},
): PaymentProviderDefinition<{ client: typeof mollieClientRef }> {
  const methods = options.methods?.length ? [...options.methods] : undefined;
  return definePaymentProvider({
    id: 'mollie',
    kind: 'online',
    deps: { client: mollieClientRef },
    minimumAmountCents: options.minimumAmountCents ?? 100,
    methodLabels: MOLLIE_METHOD_LABELS,
    async start(ctx, { client }) {
      const p = await client.createPayment(
        {
          amount: euro(ctx.amountCents),
          description: description(ctx.description, 255),
          redirectUrl: ctx.returnUrl,
          ...(ctx.notificationUrl ? { webhookUrl: ctx.notificationUrl } : {}),
          locale: MOLLIE_LOCALES[ctx.locale],
          ...(methods ? { method: methods } : {}),
          metadata: { ...ctx.metadata, reference: ctx.reference },
        },
        ctx.idempotencyKey,
      );
      ctx.logger.info('mollie: payment created', { providerPaymentId: p.id, mode: p.mode });
      return snapshot(p, [], 'payments.create');
    },
    async fetch(ctx, { client }) {
      const p = await client.getPayment(ctx.providerPaymentId);
      // Refunds are listed only when the payment has any (Mollie links them then).
      const refunds = p._links?.refunds?.href ? await client.listRefunds(p.id) : [];
      return snapshot(p, refunds, 'payments.get');
    },
    parseNotification({ body }) {
      // Mollie posts `id=tr_...` as a form; nothing else in it is trusted (there is nothing else).
      const id = body && typeof body === 'object' ? (body as Record<string, unknown>).id : undefined;
      if (typeof id !== 'string' || !/^tr_[A-Za-z0-9]{1,64}$/.test(id)) return null;
      return { providerPaymentId: id };
    },
    async refund(ctx, { client }) {
      const r = await client.createRefund(
        ctx.providerPaymentId,
        { amount: euro(ctx.amountCents), description: description(ctx.description, 140) },
        ctx.idempotencyKey,
      );
      ctx.logger.info('mollie: refund created', {
        providerPaymentId: ctx.providerPaymentId,
        providerRefundId: r.id,
        status: r.status,
      });
      return { providerRefundId: r.id, status: r.status };
    },
  });
}
