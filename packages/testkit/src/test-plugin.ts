import {
  alwaysReview,
  definePlugin,
  defineRenderer,
  defineRequestType,
  defineSigner,
  denyWhen,
  fields,
  form,
  forWhomFields,
  otherPersonReview,
  PermanentSourceError,
  type SourceContext,
  type SourceDefinition,
  type SourceResult,
  self,
  TransientSourceError,
  z,
} from '@smartloket/core';
import { minimalPdf } from './pdf.js';

/** One scripted answer of a {@link scriptedSource}. */
export type ScriptStep =
  | { data: unknown }
  | { document: string }
  | { transient: string }
  | { permanent: string; disposition?: 'refuse' | 'review' }
  | { pending: number }
  /** An unexpected error (not a source answer): counts a failed attempt. */
  | { error: string }
  | { hang: true };

/**
 * A source that answers from a script, one step per call, repeating the last step. It calls
 * `ctx.consult` like a real source, so the consultation is audited.
 */
export function scriptedSource(
  id: string,
  service: string,
  script: ScriptStep[],
): SourceDefinition<{}> & { readonly calls: number } {
  let calls = 0;
  return {
    id,
    deps: {},
    get calls() {
      return calls;
    },
    async fetch(ctx: SourceContext): Promise<SourceResult> {
      const step = script[Math.min(calls, script.length - 1)]!;
      calls += 1;
      return ctx.consult(service, async () => {
        if ('transient' in step) throw new TransientSourceError(step.transient, 'scripted transient failure');
        if ('permanent' in step) {
          throw new PermanentSourceError(
            step.permanent,
            'scripted permanent failure',
            { nl: 'Persoon niet gevonden.', fr: 'Personne introuvable.', en: 'Person not found.' },
            step.disposition ?? 'refuse',
          );
        }
        if ('hang' in step) return new Promise<SourceResult>(() => {});
        if ('error' in step) throw new Error(step.error);
        if ('pending' in step) {
          if (ctx.pendingToken)
            return { kind: 'data', data: { name: 'ready after pending' } } as SourceResult;
          return { kind: 'pending', token: 'token-1', retryAfterMs: step.pending } as SourceResult;
        }
        if ('document' in step) {
          return {
            kind: 'document',
            document: {
              bytes: minimalPdf(step.document),
              mediaType: 'application/pdf',
              sealedBy: 'Test source',
            },
          } as SourceResult;
        }
        return { kind: 'data', data: step.data } as SourceResult;
      });
    },
  };
}

/** A renderer that writes the data as one line of text into a minimal PDF. */
export const testRenderer = defineRenderer({
  id: 'test.renderer',
  async render(model) {
    const line = `${model.request.typeId} ${model.verification.code} ${JSON.stringify(model.data)}`;
    return { bytes: minimalPdf(line), mediaType: 'application/pdf', fileName: 'attest.pdf' };
  },
});

/** A signer that appends a PDF comment marking it sealed (a fake: no cryptography). */
export const testSigner = defineSigner({
  id: 'test.signer',
  create: () => ({
    id: 'test.signer',
    async sign(pdf, meta) {
      const marker = new TextEncoder().encode(`%TEST-SEAL ${meta.signingTime.toISOString()}\n`);
      const out = new Uint8Array(pdf.length + marker.length);
      out.set(pdf);
      out.set(marker, pdf.length);
      return out;
    },
  }),
});

export const TEST_SERVICE = 'test:Register-01.00';

const attestForm = form({
  ...forWhomFields(['self', 'child', 'other']),
  purpose: fields.text({ label: { nl: 'Doel', fr: 'But', en: 'Purpose' }, optional: true, max: 200 }),
});

/** Options of the test plugin. */
export const testPluginOptions = z.object({
  /** The script of the attest's source (default: data at once). */
  script: z.array(z.any()).default([{ data: { name: 'Test' } }]),
});

/**
 * The testkit's plugin: an attest delivered automatically to oneself (source data, rendered,
 * sealed), an attest that always goes to review, a request denied for minors, and a report.
 * Plugin authors use it as a template; core's and the runtime's tests use it as is.
 */
export function createTestPlugin(options: { script?: ScriptStep[]; id?: string } = {}) {
  const id = options.id ?? 'test';
  const source = scriptedSource(`${id}.source`, TEST_SERVICE, options.script ?? [{ data: { name: 'Test' } }]);
  const subject = (
    f: { forWhom?: string; subjectInsz?: string; ground?: string },
    requester: { insz?: string },
  ) => ({
    insz: f.forWhom === 'self' || !f.forWhom ? requester.insz : f.subjectInsz,
    relation: (f.forWhom ?? 'self') as 'self' | 'child' | 'other',
    ground: f.ground,
  });
  const attest = defineRequestType({
    id: `${id}.attest`,
    kind: 'certificate',
    title: { nl: 'Testattest', fr: 'Attestation de test', en: 'Test certificate' },
    description: {
      nl: 'Een attest om SmartLoket te testen.',
      fr: 'Une attestation pour tester SmartLoket.',
      en: 'A certificate to try SmartLoket.',
    },
    theme: 'bevolking',
    form: attestForm,
    subject: subject as never,
    purpose: (f) => ({ purpose: (f as { purpose?: string }).purpose }),
    rules: [self(), otherPersonReview()],
    source,
    renderer: testRenderer,
    sign: 'test.signer',
  });
  const reviewed = defineRequestType({
    id: `${id}.reviewed`,
    kind: 'certificate',
    title: { nl: 'Attest met nazicht', fr: 'Attestation avec contrôle', en: 'Reviewed certificate' },
    theme: 'bevolking',
    form: attestForm,
    subject: subject as never,
    rules: [
      self(),
      alwaysReview({ nl: 'Altijd nazicht.', fr: 'Toujours contrôlé.', en: 'Always reviewed.' }),
    ],
    // Handled within 10 working days; the requester has 5 working days to answer a question.
    leadTimeDays: 10,
    information: { answerDays: 5 },
    source,
    renderer: testRenderer,
    sign: 'test.signer',
  });
  const adultsOnly = defineRequestType({
    id: `${id}.adults-only`,
    kind: 'certificate',
    title: { nl: 'Attest voor volwassenen', fr: 'Attestation pour adultes', en: 'Adults-only certificate' },
    theme: 'bevolking',
    form: attestForm,
    subject: subject as never,
    rules: [
      self(),
      denyWhen('test.deny-everyone', () => true, {
        nl: 'Niet toegelaten.',
        fr: 'Non autorisé.',
        en: 'Not allowed.',
      }),
    ],
    source,
    renderer: testRenderer,
    sign: 'test.signer',
  });
  const melding = defineRequestType({
    id: `${id}.melding`,
    kind: 'report',
    title: { nl: 'Testmelding', fr: 'Signalement de test', en: 'Test report' },
    theme: 'openbaar-domein',
    audience: ['citizen', 'organisation', 'anonymous'],
    minimumLevel: 'low',
    form: form({
      description: fields.textarea({
        label: { nl: 'Beschrijving', fr: 'Description', en: 'Description' },
        max: 2000,
      }),
    }),
    subject: () => ({ relation: 'none' }),
    rules: [],
    // A report closes when a question stays unanswered.
    leadTimeDays: 5,
    information: { onNoAnswer: 'close' },
  });
  const plugin = definePlugin({
    id,
    packageName: '@smartloket/testkit',
    version: '0.1.0',
    compat: { core: '^0.1.0' },
    options: testPluginOptions,
    sources: {
      [TEST_SERVICE]: { fields: ['name'], legalBasis: 'Test legal basis (art. 1 of the test act)' },
    },
    register({ requestTypes, signers, renderers, sources }) {
      sources.add(source);
      renderers.add(testRenderer);
      signers.add(testSigner);
      requestTypes.add(attest);
      requestTypes.add(reviewed);
      requestTypes.add(adultsOnly);
      requestTypes.add(melding);
    },
  });
  return Object.freeze({ ...plugin, source });
}
