/**
 * @smartloket/payment-mollie: the Mollie payment provider. Bancontact, cards and the other
 * methods the municipality's Mollie profile enables; the status is always read back from Mollie;
 * refunds all or part. The deployment lists the plugin and selects it with
 * `payments: { provider: 'mollie' }`.
 * @packageDocumentation
 */
import { ConfigError, createServiceFactory, definePlugin, type PluginCheck, z } from '@smartloket/core';
import type { MollieClient } from './client.js';
import { createMollieClient, MOLLIE_API_KEY_PATTERN } from './client.js';
import { createMolliePaymentProvider, MOLLIE_METHODS, mollieClientRef } from './provider.js';

export {
  createMollieClient,
  MOLLIE_API_ENDPOINT,
  MOLLIE_API_KEY_PATTERN,
  MOLLIE_CHECKOUT_ORIGIN,
  type MollieClient,
  type MollieClientOptions,
  type MollieCreatePayment,
  type MollieCreateRefund,
  type MolliePayment,
  type MollieRefund,
} from './client.js';
export { centsToMollieValue, euro, type MollieAmount, mollieValueToCents } from './money.js';
export {
  createMolliePaymentProvider,
  MOLLIE_METHOD_LABELS,
  MOLLIE_METHODS,
  type MollieMethod,
  type MolliePaymentProviderOptions,
  mollieClientRef,
} from './provider.js';

/** The plugin's options, validated by the kernel at start. */
export const mollieOptions = z
  .object({
    /** Environment variable holding the profile's API key (`live_...`, or `test_...` for test mode). */
    apiKeyEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'the name of an environment variable')
      .default('MOLLIE_API_KEY'),
    /**
     * The methods the checkout offers, as Mollie names them; each must be enabled in the Mollie
     * profile. Default: Bancontact and credit cards.
     */
    methods: z.array(z.enum(MOLLIE_METHODS)).min(1).default(['bancontact', 'creditcard']),
    /** The smallest fee paid through Mollie, in cents (Mollie's minimum for Bancontact and cards: 100). */
    minimumAmountCents: z.number().int().min(1).default(100),
    /** How long a call to Mollie may take, in milliseconds. */
    timeoutMs: z.number().int().min(1000).max(120_000).default(20_000),
  })
  .strict();

/** The options after validation. */
export type MollieOptions = z.output<typeof mollieOptions>;

const PLUGIN_KEY = 'plugins.payment-mollie.apiKeyEnv';

/** Reads the API key from the environment; a ConfigError naming the option when it is missing or malformed. */
export function readMollieApiKey(options: Pick<MollieOptions, 'apiKeyEnv'>): string {
  const key = process.env[options.apiKeyEnv];
  if (!key) throw new ConfigError(PLUGIN_KEY, `environment variable ${options.apiKeyEnv} is not set`);
  if (!MOLLIE_API_KEY_PATTERN.test(key)) {
    throw new ConfigError(
      PLUGIN_KEY,
      `environment variable ${options.apiKeyEnv} does not hold a Mollie API key (test_... or live_...)`,
    );
  }
  return key;
}

/** The Mollie payment provider as a plugin: registers provider `mollie` and its connection to Mollie. */
export const molliePaymentsPlugin = definePlugin({
  id: 'payment-mollie',
  packageName: '@smartloket/payment-mollie',
  version: '0.1.0',
  title: { nl: 'Online betalen (Mollie)', fr: 'Paiement en ligne (Mollie)', en: 'Online payment (Mollie)' },
  compat: { core: '^0.1.0' },
  options: mollieOptions,
  register({ options, payments, services }) {
    payments.add(
      createMolliePaymentProvider({
        methods: options.methods,
        minimumAmountCents: options.minimumAmountCents,
      }),
    );
    services.add(
      createServiceFactory({
        ref: mollieClientRef,
        factory: () =>
          createMollieClient({ apiKey: readMollieApiKey(options), timeoutMs: options.timeoutMs }),
        dispose: (client) => client.close(),
      }),
    );
  },
});

/**
 * What `smartloket doctor` says about the Mollie connection: the key's mode (a test key is a
 * warning: payments are not real), whether Mollie answers with that key, and whether every
 * configured method is enabled and activated in the profile. Never throws; never prints the key.
 */
export async function checkMollieProfile(
  client: MollieClient,
  methods: readonly string[],
): Promise<PluginCheck[]> {
  const checks: PluginCheck[] = [
    client.mode === 'test'
      ? {
          name: 'API key',
          ok: true,
          warning: true,
          detail: 'a test key: payments are not real (Mollie test mode)',
        }
      : { name: 'API key', ok: true, detail: 'a live key' },
  ];
  let enabled: string[];
  try {
    enabled = await client.listMethods();
  } catch (e) {
    const status = (e as { details?: { status?: number } }).details?.status;
    const detail =
      status === 401
        ? 'Mollie refused the API key (401)'
        : `${client.apiEndpoint}: ${(e as Error).message.replace(/^Mollie methods\.list: /, '')}`;
    return [...checks, { name: 'Mollie', ok: false, detail }];
  }
  checks.push({ name: 'Mollie', ok: true, detail: `${client.apiEndpoint} answers` });
  const missing = methods.filter((m) => !enabled.includes(m));
  checks.push(
    missing.length === 0
      ? { name: 'methods', ok: true, detail: `enabled in the profile: ${methods.join(', ')}` }
      : {
          name: 'methods',
          ok: false,
          detail: `not enabled in the Mollie profile: ${missing.join(', ')} (enabled: ${enabled.join(', ') || 'none'})`,
        },
  );
  return checks;
}

export default molliePaymentsPlugin;
