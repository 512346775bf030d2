/**
 * @smartloket/payment-counter: paying a fee at the counter or by invoice. The requester is sent
 * nowhere; a clerk records the payment in the back-office. The deployment lists the plugin and
 * selects it with `payments: { provider: 'counter' }`.
 * @packageDocumentation
 */
import { definePlugin, z } from '@smartloket/core';
import { COUNTER_METHODS, createCounterPaymentProvider } from './provider.js';

export {
  COUNTER_METHOD_LABELS,
  COUNTER_METHODS,
  type CounterMethod,
  type CounterPaymentProviderOptions,
  createCounterPaymentProvider,
} from './provider.js';

/** The plugin's options, validated by the kernel at start. */
export const counterOptions = z
  .object({
    /** The ways a clerk may record a payment: `cash`, `card` (at the desk), `transfer` (a bank transfer), `invoice` (an invoice paid). */
    methods: z
      .array(z.enum(COUNTER_METHODS))
      .min(1)
      .default([...COUNTER_METHODS]),
  })
  .strict();

/** The options after validation. */
export type CounterOptions = z.output<typeof counterOptions>;

/** Paying at the counter or by invoice as a plugin: registers provider `counter`. */
export const counterPaymentsPlugin = definePlugin({
  id: 'payment-counter',
  packageName: '@smartloket/payment-counter',
  version: '0.1.0',
  title: { nl: 'Betalen aan het loket', fr: 'Paiement au guichet', en: 'Payment at the counter' },
  compat: { core: '^0.1.0' },
  options: counterOptions,
  register({ options, payments }) {
    payments.add(createCounterPaymentProvider({ methods: options.methods }));
  },
});

export default counterPaymentsPlugin;
