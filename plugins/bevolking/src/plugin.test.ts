import { createServiceFactory, PluginError } from '@smartloket/core';
import { createTestKernel, fakeIdentities } from '@smartloket/testkit';
import { describe, expect, it } from 'vitest';
import {
  bevolkingPlugin,
  CERTIFICATE_KEYS,
  createBevolkingPlugin,
  parentsFromPersoon,
  populationLookupRef,
  SERVICE_KEYS,
} from './index.js';

/** A kernel with the plugin and a population lookup that knows one household. */
async function kernelWith(household: string[], options: unknown = {}) {
  return createTestKernel({
    plugins: [{ plugin: bevolkingPlugin, options }],
    services: [
      createServiceFactory({
        ref: populationLookupRef,
        factory: () => ({
          parentsOf: async () => [],
          householdOf: async () => household.map((insz) => ({ insz })),
        }),
      }),
    ],
  });
}

describe('plugin-bevolking', () => {
  it('registers the ten certificates, and the extras only when asked', async () => {
    const { kernel } = await kernelWith([]);
    expect(kernel.requestTypes().map((t) => t.definition.id)).toEqual(
      CERTIFICATE_KEYS.map((k) => `bevolking.${k}`),
    );
    const withExtras = await kernelWith([], { extras: ['belgisch-kiezer'] });
    expect(withExtras.kernel.requestType('bevolking.belgisch-kiezer')).toBeDefined();
    expect(withExtras.kernel.requestType('bevolking.uittreksel-registers')).toBeUndefined();
  });

  it('gives the certificates the fees of the option (free otherwise); a wrong amount is refused', async () => {
    const { kernel } = await kernelWith([], {
      fees: {
        gezinssamenstelling: { amountCents: 500 },
        leven: { amountCents: 300, payment: 'after_approval' },
      },
    });
    expect(kernel.requestType('bevolking.gezinssamenstelling')!.definition.fee).toMatchObject({
      amountCents: 500,
      payment: 'before_submit',
    });
    expect(kernel.requestType('bevolking.leven')!.definition.fee).toMatchObject({
      amountCents: 300,
      payment: 'after_approval',
    });
    expect(kernel.requestType('bevolking.hoofdverblijfplaats')!.definition.fee).toBeUndefined();
    await expect(kernelWith([], { fees: { leven: { amountCents: 2.5 } } })).rejects.toThrow(
      /fees\.leven\.amountCents/,
    );
  });

  it('refuses unknown certificates in renderFromData, naming the option', async () => {
    await expect(kernelWith([], { renderFromData: ['paspoort'] })).rejects.toThrow(PluginError);
    await expect(kernelWith([], { renderFromData: ['paspoort'] })).rejects.toThrow(/renderFromData/);
  });

  it('declares its services with a configurable legal basis', () => {
    const plugin = createBevolkingPlugin({
      legalBasis: { 'magda:GeefAttest-02.00': 'Machtiging RR/2026/001' },
    });
    expect(Object.keys(plugin.sources)).toEqual([...SERVICE_KEYS]);
    expect(plugin.sources['magda:GeefAttest-02.00']!.legalBasis).toBe('Machtiging RR/2026/001');
    expect(plugin.sources['magda:GeefPersoon-02.02']!.legalBasis).toMatch(/8 augustus 1983 .*art\. 5/);
  });

  it('gezinssamenstelling for a child outside the requester’s household goes to review', async () => {
    const jan = fakeIdentities.parent();
    const child = '14650206274';
    const decide = async (household: string[]) => {
      const { kernel, clock } = await createTestKernel({
        plugins: [bevolkingPlugin],
        legalRepresentatives: [[jan.insz!, child]],
        services: [
          createServiceFactory({
            ref: populationLookupRef,
            factory: () => ({
              parentsOf: async () => [],
              householdOf: async () => household.map((insz) => ({ insz })),
            }),
          }),
        ],
      });
      return kernel.authorise('bevolking.gezinssamenstelling', {
        requestTypeId: 'bevolking.gezinssamenstelling',
        requester: { kind: 'citizen', id: jan.subject, insz: jan.insz, level: jan.level },
        identity: jan,
        subject: { insz: child, relation: 'child' },
        form: {},
        now: clock.now(),
      });
    };
    expect((await decide([jan.insz!, child])).outcome).toBe('auto');
    const elsewhere = await decide([child]);
    expect(elsewhere.outcome).toBe('review');
    expect(elsewhere.reasons.map((r) => r.ruleId)).toEqual(['bevolking.own-household']);
  });

  it('reads parents from GeefPersoon Afstammingen, and tells when the answer has none', () => {
    const raw = {
      Afstammingen: { Afstamming: { Ouders: { Ouder: [{ INSZ: '85673012367' }, { INSZ: '87021108469' }] } } },
    };
    expect(parentsFromPersoon(raw)).toEqual({ known: true, parents: ['85673012367', '87021108469'] });
    expect(parentsFromPersoon({ INSZ: '1' })).toEqual({ known: false, parents: [] });
  });
});
