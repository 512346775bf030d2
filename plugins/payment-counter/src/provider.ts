import { createHash } from 'node:crypto';
import {
  definePaymentProvider,
  type FieldIssue,
  type LocalizedText,
  type PaymentProviderDefinition,
  PaymentProviderRefusedError,
  ValidationError,
} from '@smartloket/core';

/** How a payment at the counter or by invoice can be made. */
export const COUNTER_METHODS = ['cash', 'card', 'transfer', 'invoice'] as const;

/** A way of paying at the counter or by invoice. */
export type CounterMethod = (typeof COUNTER_METHODS)[number];

/** What the back-office and the export show for each method (never the id). */
export const COUNTER_METHOD_LABELS: Readonly<Record<CounterMethod, LocalizedText>> = Object.freeze({
  cash: {
    nl: 'Contant aan het loket',
    fr: 'En espèces au guichet',
    en: 'Cash at the counter',
    de: 'Bar am Schalter',
  },
  card: {
    nl: 'Betaalkaart aan het loket',
    fr: 'Carte bancaire au guichet',
    en: 'Card at the counter',
    de: 'Bankkarte am Schalter',
  },
  transfer: {
    nl: 'Overschrijving',
    fr: 'Virement bancaire',
    en: 'Bank transfer',
    de: 'Überweisung',
  },
  invoice: {
    nl: 'Factuur',
    fr: 'Facture',
    en: 'Invoice',
    de: 'Rechnung',
  },
});

/** What {@link createCounterPaymentProvider} needs. */
export interface CounterPaymentProviderOptions {
  /** The ways a clerk may record (default: all of {@link COUNTER_METHODS}). */
  methods?: readonly CounterMethod[] | undefined;
}

/**
 * An id derived from the runtime's idempotency key: the same attempt gets the same id, so a
 * retried start or refund never makes a second one, without state in the provider.
 */
function idFrom(prefix: string, key: string): string {
  return `${prefix}${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

const MESSAGES = {
  method: {
    nl: 'Kies hoe er betaald werd.',
    fr: 'Choisissez comment le paiement a été effectué.',
    en: 'Choose how it was paid.',
    de: 'Wählen Sie, wie bezahlt wurde.',
  },
  amount: {
    nl: 'Geef het ontvangen bedrag in euro, groter dan nul.',
    fr: 'Indiquez le montant reçu en euros, supérieur à zéro.',
    en: 'Enter the amount received in euro, more than zero.',
    de: 'Geben Sie den erhaltenen Betrag in Euro an, größer als null.',
  },
} satisfies Record<string, LocalizedText>;

/**
 * The counter provider (`id: 'counter'`, kind `counter`): nobody is sent to a payment page; the
 * requester pays at the desk or by invoice, and a clerk records the payment with `record` (the
 * runtime audits who). It keeps no state of its own: `fetch` returns what the runtime stored.
 * A refund is paid back by the municipality (cash or transfer) and is recorded as done.
 */
export function createCounterPaymentProvider(
  options: CounterPaymentProviderOptions = {},
): PaymentProviderDefinition<{}> {
  const methods: CounterMethod[] = options.methods?.length
    ? [...new Set(options.methods)]
    : [...COUNTER_METHODS];
  return definePaymentProvider({
    id: 'counter',
    kind: 'counter',
    minimumAmountCents: 1,
    methodLabels: Object.fromEntries(methods.map((m) => [m, COUNTER_METHOD_LABELS[m]])),
    async start(ctx) {
      return {
        providerPaymentId: idFrom('ctr_', ctx.idempotencyKey),
        status: 'open',
        amountCents: ctx.amountCents,
        currency: 'EUR',
        refunds: [],
      };
    },
    async fetch(ctx) {
      if (!ctx.last || ctx.last.providerPaymentId !== ctx.providerPaymentId) {
        throw new PaymentProviderRefusedError(
          `counter: payment ${ctx.providerPaymentId.slice(0, 40)} is known only to the runtime`,
          { details: { provider: 'counter' } },
        );
      }
      return ctx.last;
    },
    // Nobody posts notifications about counter payments.
    parseNotification: () => null,
    async refund(ctx) {
      ctx.logger.info('counter: refund recorded', { providerPaymentId: ctx.providerPaymentId });
      return { providerRefundId: idFrom('ctr_re_', ctx.idempotencyKey), status: 'refunded' };
    },
    async record(ctx) {
      const issues: FieldIssue[] = [];
      if (!(methods as string[]).includes(ctx.method)) {
        issues.push({ path: 'method', code: 'payment.method.invalid', message: MESSAGES.method });
      }
      if (!Number.isSafeInteger(ctx.amountCents) || ctx.amountCents <= 0) {
        issues.push({ path: 'amount', code: 'payment.amount.invalid', message: MESSAGES.amount });
      }
      if (issues.length > 0) throw new ValidationError(issues);
      ctx.logger.info('counter: payment recorded', {
        providerPaymentId: ctx.providerPaymentId,
        method: ctx.method,
      });
      return {
        providerPaymentId: ctx.providerPaymentId,
        status: 'paid',
        amountCents: ctx.amountCents,
        currency: 'EUR',
        method: ctx.method,
        paidAt: ctx.paidAt,
        refunds: [],
      };
    },
  });
}
