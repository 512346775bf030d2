import { ConfigError, definePlugin } from '@smartloket/core';
import { describe, expect, it } from 'vitest';
import { devOnlyParts, globalHeaderEntryUrl, sealLevel, validateConfig } from './config.js';

const BASE = {
  municipality: {
    name: { nl: 'Gemeente Testdorp' },
    nisCode: '99999',
    address: { street: 'Marktplein 1', postcode: '9999', city: 'Testdorp' },
  },
  baseUrl: 'https://loket.testdorp.be',
  plugins: [],
};
const OIDC = {
  kind: 'oidc',
  issuer: 'https://authenticatie.vlaanderen.be/op',
  clientId: 'x',
  clientSecret: 's',
};

/** The ConfigError of `raw`, or undefined when it is valid. */
function errorOf(raw: unknown): ConfigError | undefined {
  try {
    validateConfig(raw);
    return undefined;
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
}

describe('login levels in the configuration', () => {
  it('defaults production (oidc) logins to substantial and the dev provider to low; staff to high', () => {
    const prod = validateConfig({ ...BASE, identity: OIDC });
    expect(prod.identity).toMatchObject({ minimumLevel: 'substantial', staffLevel: 'high' });
    const dev = validateConfig(BASE);
    expect(dev.identity).toMatchObject({ kind: 'dev', minimumLevel: 'low', staffLevel: 'high' });
    expect(
      validateConfig({ ...BASE, identity: { ...OIDC, minimumLevel: 'high' } }).identity.minimumLevel,
    ).toBe('high');
  });

  it.each([
    ['oidc', OIDC],
    ['dev', { kind: 'dev' }],
  ])('refuses a lower staff level (%s), naming identity.staffLevel', (_kind, identity) => {
    for (const staffLevel of ['substantial', 'low']) {
      const error = errorOf({ ...BASE, identity: { ...identity, staffLevel } });
      expect(error?.path).toBe('identity.staffLevel');
      expect(error?.message).toContain('cannot be lowered');
    }
    expect(errorOf({ ...BASE, identity: { ...identity, staffLevel: 'high' } })).toBeUndefined();
  });

  it('refuses an unknown minimum level, naming identity.minimumLevel', () => {
    for (const minimumLevel of ['none', 'strong', 3]) {
      expect(errorOf({ ...BASE, identity: { ...OIDC, minimumLevel } })?.path).toBe('identity.minimumLevel');
    }
  });
});

describe('signer.level', () => {
  const pem = { kind: 'pem', keyFile: 'seal.key', chainFile: 'chain.pem' };
  it('B-T and above need signer.tsaUrl, for every signer kind; the error names the key', () => {
    for (const signer of [pem, { kind: 'remote', url: 'https://sign.example', chainFile: 'c' }]) {
      for (const level of ['B-T', 'B-LT', 'B-LTA']) {
        const e = errorOf({ ...BASE, signer: { ...signer, level } });
        expect(e?.path).toBe('signer.tsaUrl');
        expect(e?.message).toContain(`${level} needs a timestamp authority`);
      }
    }
    expect(errorOf({ ...BASE, signer: { ...pem, level: 'B-B' } })).toBeUndefined();
    // Test seal keys: the dev world's TSA when signer.tsaUrl is not set.
    for (const level of ['B-T', 'B-LT', 'B-LTA']) {
      expect(errorOf({ ...BASE, signer: { kind: 'dev-keys', level } })).toBeUndefined();
    }
    expect(errorOf({ ...BASE, signer: { ...pem, level: 'B-C' } })?.path).toBe('signer.level');
  });

  it('the effective level: signer.level, else B-T with a TSA, else B-B', () => {
    const tsaUrl = 'https://tsa.example/tsr';
    expect(sealLevel(validateConfig({ ...BASE, signer: pem }))).toBe('B-B');
    expect(sealLevel(validateConfig({ ...BASE, signer: { ...pem, tsaUrl } }))).toBe('B-T');
    expect(sealLevel(validateConfig({ ...BASE, signer: { ...pem, tsaUrl, level: 'B-LTA' } }))).toBe('B-LTA');
    expect(sealLevel(validateConfig(BASE))).toBe('B-B');
  });
});

describe('globalHeader: the Mijn Burgerprofiel header', () => {
  const widgetId = '9717ae3b-84e8-43b2-a814-e35a2547927f';

  it('is absent by default: no entry script', () => {
    expect(globalHeaderEntryUrl(validateConfig(BASE))).toBeUndefined();
  });

  it('gives the production entry script by default, the TNI one on demand, none for the dev stand-in', () => {
    const prod = validateConfig({ ...BASE, globalHeader: { widgetId } });
    expect(globalHeaderEntryUrl(prod)).toBe(
      `https://prod.widgets.burgerprofiel.vlaanderen.be/api/v2/widget/${widgetId}/entry`,
    );
    const tni = validateConfig({ ...BASE, globalHeader: { widgetId, environment: 'tni' } });
    expect(globalHeaderEntryUrl(tni)).toBe(
      `https://tni.widgets.burgerprofiel.vlaanderen.be/api/v2/widget/${widgetId}/entry`,
    );
    const dev = validateConfig({ ...BASE, globalHeader: { widgetId, environment: 'dev' } });
    expect(globalHeaderEntryUrl(dev)).toBeUndefined();
    expect(devOnlyParts(dev).join()).toContain('globalHeader');
    expect(devOnlyParts(prod).join()).not.toContain('globalHeader');
  });

  it('refuses a widget id that is not a UUID and an unknown environment, naming the key', () => {
    expect(errorOf({ ...BASE, globalHeader: { widgetId: 'gemeente' } })?.message).toContain(
      'globalHeader.widgetId',
    );
    expect(errorOf({ ...BASE, globalHeader: { widgetId, environment: 'test' } })?.message).toContain(
      'globalHeader.environment',
    );
  });
});

describe('payments', () => {
  it('is absent by default; names a provider; the Mollie simulator is a development-only part', () => {
    expect(validateConfig(BASE).payments).toBeUndefined();
    const mollie = validateConfig({ ...BASE, payments: { provider: 'mollie' } });
    expect(mollie.payments).toEqual({ provider: 'mollie', simulator: false, stuckAfterHours: 24 });
    expect(errorOf({ ...BASE, payments: { provider: 'mollie', stuckAfterHours: 0 } })?.message).toContain(
      'payments.stuckAfterHours',
    );
    expect(devOnlyParts(mollie).join()).not.toContain('payments');
    const sim = validateConfig({ ...BASE, payments: { provider: 'mollie', simulator: true } });
    expect(devOnlyParts(sim)).toContain('payments: the Mollie simulator (payments.simulator = true)');
  });

  it('refuses a malformed provider id, the simulator for another provider and unknown keys, naming the key', () => {
    expect(errorOf({ ...BASE, payments: { provider: 'Mollie!' } })?.message).toContain('payments.provider');
    expect(errorOf({ ...BASE, payments: { provider: 'counter', simulator: true } })?.message).toContain(
      'payments.simulator',
    );
    expect(errorOf({ ...BASE, payments: { provider: 'mollie', apiKey: 'live_x' } })?.message).toContain(
      '"apiKey"',
    );
  });
});

describe('plugins that use the dev world', () => {
  it("names a plugin whose options ask for the dev world's simulators as development only", () => {
    const plugin = definePlugin({ id: 'meldingen', compat: { core: '^0.1.0' }, register() {} });
    const dev = validateConfig({ ...BASE, plugins: [{ plugin, options: { simulator: true } }] });
    expect(devOnlyParts(dev).join()).toContain("plugins: meldingen uses the dev world's simulators");
    const prod = validateConfig({ ...BASE, plugins: [{ plugin, options: { simulator: false } }] });
    expect(devOnlyParts(prod).join()).not.toContain('meldingen');
    const off = validateConfig({
      ...BASE,
      plugins: [{ plugin, options: { simulator: true }, enabled: false }],
    });
    expect(devOnlyParts(off).join()).not.toContain('meldingen');
  });
});
