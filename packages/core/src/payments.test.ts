import { describe, expect, it } from 'vitest';
import { PluginError } from './errors.js';
import { createKernel } from './kernel.js';
import {
  definePaymentProvider,
  isFinalPaymentStatus,
  PaymentProviderUnavailableError,
  type PaymentSnapshot,
} from './payments.js';
import { definePlugin } from './plugin.js';
import { createServiceRef, silentLogger } from './services.js';

const snapshot = (over: Partial<PaymentSnapshot> = {}): PaymentSnapshot => ({
  providerPaymentId: 'tr_1',
  status: 'open',
  amountCents: 750,
  currency: 'EUR',
  refunds: [],
  ...over,
});

const online = definePaymentProvider({
  id: 'test-online',
  kind: 'online',
  minimumAmountCents: 1,
  start: async (ctx) => snapshot({ amountCents: ctx.amountCents, checkoutUrl: 'https://pay.example/c/1' }),
  fetch: async (ctx) => snapshot({ providerPaymentId: ctx.providerPaymentId, status: 'paid' }),
  parseNotification: ({ body }) => {
    const id = (body as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? { providerPaymentId: id } : null;
  },
  refund: async () => ({ providerRefundId: 're_1', status: 'pending' }),
});

describe('payment extension point', () => {
  it('definePaymentProvider freezes the definition and defaults deps', () => {
    expect(Object.isFrozen(online)).toBe(true);
    expect(online.deps).toEqual({});
    expect(online.parseNotification({ body: { id: 'tr_9' } })).toEqual({ providerPaymentId: 'tr_9' });
    expect(online.parseNotification({ body: 'nonsense' })).toBeNull();
  });

  it('refuses a malformed id, a fractional minimum and a counter provider without record', () => {
    const base = {
      kind: 'online' as const,
      start: online.start,
      fetch: online.fetch,
      parseNotification: online.parseNotification,
      refund: online.refund,
    };
    expect(() => definePaymentProvider({ ...base, id: 'Mollie Pay' })).toThrow(TypeError);
    expect(() => definePaymentProvider({ ...base, id: 'x', minimumAmountCents: 0.5 })).toThrow(
      'must be whole cents',
    );
    expect(() => definePaymentProvider({ ...base, id: 'desk', kind: 'counter' })).toThrow('needs record()');
    expect(
      definePaymentProvider({ ...base, id: 'desk', kind: 'counter', record: async () => snapshot() }).kind,
    ).toBe('counter');
  });

  it('knows which statuses are final', () => {
    expect(isFinalPaymentStatus('paid')).toBe(true);
    expect(isFinalPaymentStatus('expired')).toBe(true);
    expect(isFinalPaymentStatus('open')).toBe(false);
    expect(isFinalPaymentStatus('authorized')).toBe(false);
  });

  it('the kernel registers providers by id, resolves their deps, and refuses duplicates', async () => {
    const ref = createServiceRef<{ base: string }>('test.pay-client');
    const withDeps = definePaymentProvider<{ client: typeof ref }>({
      id: 'with-deps',
      kind: 'online',
      deps: { client: ref },
      start: async (_ctx, { client }) => snapshot({ checkoutUrl: `${client.base}/checkout` }),
      fetch: online.fetch,
      parseNotification: online.parseNotification,
      refund: online.refund,
    });
    const kernel = await createKernel({
      plugins: [
        definePlugin({
          id: 'pay',
          compat: { core: '>=0.0.0' },
          register: (r) => {
            r.payments.add(online);
            r.payments.add(withDeps);
            r.services.add({ ref, deps: {}, factory: () => ({ base: 'https://psp.example' }) });
          },
        }),
      ],
    });
    expect(kernel.paymentProvider('test-online')).toBe(online);
    expect(kernel.paymentProviders().map((p) => p.id)).toEqual(['test-online', 'with-deps']);
    expect(kernel.paymentProvider('nope')).toBeUndefined();
    const provider = kernel.paymentProvider('with-deps')!;
    const started = await provider.start(
      {
        amountCents: 750,
        currency: 'EUR',
        description: 'SL-2026-000001',
        reference: 'SL-2026-000001',
        returnUrl: 'https://loket.example/return',
        locale: 'nl',
        idempotencyKey: 'k1',
        metadata: {},
        logger: silentLogger,
      },
      await kernel.resolveDeps(provider.deps),
    );
    expect(started.checkoutUrl).toBe('https://psp.example/checkout');

    const twice = createKernel({
      plugins: [
        definePlugin({
          id: 'pay',
          compat: { core: '>=0.0.0' },
          register: (r) => {
            r.payments.add(online);
            r.payments.add(online);
          },
        }),
      ],
    });
    await expect(twice).rejects.toThrow(PluginError);
    await expect(twice).rejects.toThrow('payment provider "test-online" is registered twice');
  });

  it('an outage error carries a translated message and a stable code', () => {
    const e = new PaymentProviderUnavailableError('mollie: 503');
    expect(e.code).toBe('PAYMENT_PROVIDER_UNAVAILABLE');
    expect(e.userMessage.nl).toContain('betaaldienst');
    expect(e.userMessage.fr).toBeTruthy();
  });
});
