import {
  defineFee,
  defineFeeWaiver,
  definePlugin,
  defineRequestType,
  fields,
  form,
  forWhomFields,
  self,
} from '@smartloket/core';
import { scriptedSource, TEST_SERVICE, testRenderer } from '@smartloket/testkit';

/** A plugin with a paid certificate (€ 7,50, waived for adoption) and a free one. */
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
      requestTypes.add(free);
    },
  });
}
