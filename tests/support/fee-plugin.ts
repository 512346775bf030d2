import {
  alwaysReview,
  defineFee,
  defineFeeWaiver,
  definePaymentProvider,
  definePlugin,
  defineRequestType,
  denyWhen,
  fields,
  form,
  forWhomFields,
  PaymentProviderRefusedError,
  PaymentProviderUnavailableError,
  type PaymentSnapshot,
  self,
} from '@smartloket/core';
import { scriptedSource, TEST_SERVICE, testRenderer } from '@smartloket/testkit';

/**
 * A plugin with a paid certificate (€ 7,50, waived for adoption, denied for the purpose
 * "verboden"), the same reviewed, one paid after approval (€ 12,50 within 14 days) and a free one.
 */
export function feePlugin() {
  const source = scriptedSource('fees.source', TEST_SERVICE, [{ data: { name: 'Jan' } }]);
  const attestForm = form({
    ...forWhomFields(['self']),
    purpose: fields.text({ label: { nl: 'Doel', fr: 'But', en: 'Purpose' }, optional: true, max: 200 }),
  });
  const common = {
    kind: 'certificate' as const,
    theme: 'bevolking',
    form: attestForm,
    subject: (_f: unknown, r: { insz?: string }) => ({ insz: r.insz, relation: 'self' as const }),
    purpose: (f: Record<string, unknown>) => ({ purpose: f.purpose as string | undefined }),
    rules: [self()],
    source,
    renderer: testRenderer,
    sign: false as const,
  };
  const paid = defineRequestType({
    ...common,
    id: 'fees.paid',
    // Paid before submitting, denied at filing: the payment is refunded (issue 21).
    rules: [
      self(),
      denyWhen('fees.forbidden-purpose', (ctx) => ctx.purpose === 'verboden', {
        nl: 'Dit doel is niet toegestaan.',
        fr: "Ce but n'est pas autorisé.",
        en: 'This purpose is not allowed.',
      }),
    ],
    title: { nl: 'Betaald attest', fr: 'Attestation payante', en: 'Paid certificate' },
    fee: defineFee({
      amountCents: 750,
      waivers: [
        defineFeeWaiver({
          id: 'fees.adoption',
          reason: { nl: 'Vrijgesteld: adoptie', fr: 'Exonéré : adoption', en: 'Exempt: adoption' },
          applies: (ctx) => ctx.purpose === 'adoptie',
        }),
        defineFeeWaiver({
          id: 'fees.broken',
          reason: { nl: 'Nooit' },
          applies: () => {
            throw new Error('a waiver that throws waives nothing');
          },
        }),
      ],
    }),
  });
  const reviewed = defineRequestType({
    ...common,
    id: 'fees.reviewed',
    title: {
      nl: 'Betaald attest met nazicht',
      fr: 'Attestation payante contrôlée',
      en: 'Paid reviewed certificate',
    },
    rules: [
      self(),
      alwaysReview({ nl: 'Altijd nazicht.', fr: 'Toujours contrôlé.', en: 'Always reviewed.' }),
    ],
    fee: defineFee({ amountCents: 750 }),
  });
  // Paid after a clerk's approval, within 14 days (issue 21).
  const afterApproval = defineRequestType({
    ...common,
    id: 'fees.after',
    title: {
      nl: 'Attest betaald na goedkeuring',
      fr: 'Attestation payée après approbation',
      en: 'Certificate paid after approval',
    },
    rules: [
      self(),
      alwaysReview({ nl: 'Altijd nazicht.', fr: 'Toujours contrôlé.', en: 'Always reviewed.' }),
    ],
    fee: defineFee({ amountCents: 1250, payment: 'after_approval', payWithinDays: 14 }),
  });
  const free = defineRequestType({
    ...common,
    id: 'fees.free',
    title: { nl: 'Gratis attest', fr: 'Attestation gratuite', en: 'Free certificate' },
  });
  return definePlugin({
    id: 'fees',
    compat: { core: '^0.1.0' },
    sources: { [TEST_SERVICE]: { fields: ['name'], legalBasis: 'Test legal basis' } },
    register({ requestTypes, sources }) {
      sources.add(source);
      requestTypes.add(paid);
      requestTypes.add(reviewed);
      requestTypes.add(afterApproval);
      requestTypes.add(free);
    },
  });
}

/**
 * A payment provider held in memory, for tests of the runtime's side: `online`, minimum € 1,00.
 * `setStatus` plays the requester at the checkout; `down` makes every call fail like an outage.
 */
export function memoryPaymentProvider() {
  const payments = new Map<string, PaymentSnapshot>();
  let counter = 0;
  const state = { down: false, starts: 0, fetches: 0 };
  const provider = definePaymentProvider({
    id: 'memory',
    kind: 'online',
    minimumAmountCents: 100,
    methodLabels: { bancontact: { nl: 'Bancontact', fr: 'Bancontact', en: 'Bancontact' } },
    async start(ctx) {
      if (state.down) throw new PaymentProviderUnavailableError('memory provider down');
      state.starts += 1;
      const id = `tr_mem${++counter}`;
      const snapshot: PaymentSnapshot = {
        providerPaymentId: id,
        status: 'open',
        amountCents: ctx.amountCents,
        currency: 'EUR',
        checkoutUrl: `https://pay.example/checkout/${id}?return=${encodeURIComponent(ctx.returnUrl)}`,
        refunds: [],
      };
      payments.set(id, snapshot);
      return { ...snapshot };
    },
    async fetch(ctx) {
      if (state.down) throw new PaymentProviderUnavailableError('memory provider down');
      state.fetches += 1;
      const p = payments.get(ctx.providerPaymentId);
      if (!p) throw new PaymentProviderRefusedError('unknown payment');
      return { ...p, refunds: [...p.refunds] };
    },
    parseNotification: ({ body }) => {
      const id = (body as { id?: unknown } | null)?.id;
      return typeof id === 'string' ? { providerPaymentId: id } : null;
    },
    async refund(ctx) {
      const p = payments.get(ctx.providerPaymentId);
      if (!p) throw new PaymentProviderRefusedError('unknown payment');
      const providerRefundId = `re_${p.refunds.length + 1}_${ctx.providerPaymentId}`;
      p.refunds.push({
        providerRefundId,
        amountCents: ctx.amountCents,
        status: 'refunded',
        createdAt: new Date(),
      });
      return { providerRefundId, status: 'refunded' };
    },
  });
  return {
    provider,
    state,
    payments,
    setStatus(id: string, status: PaymentSnapshot['status'], method = 'bancontact') {
      const p = payments.get(id)!;
      p.status = status;
      if (status === 'paid') {
        p.method = method;
        p.paidAt = new Date();
      }
      p.checkoutUrl = status === 'open' ? p.checkoutUrl : undefined;
    },
    plugin: definePlugin({
      id: 'memory-payments',
      compat: { core: '^0.1.0' },
      register({ payments: registry }) {
        registry.add(provider);
      },
    }),
  };
}
