/**
 * @smartloket/plugin-bevolking: the ten population certificates of a Belgian municipality, from
 * the Rijksregister via MAGDA. Certificates with a Rijksregister model are delivered as the signed
 * PDF of GeefAttest; the others (and any listed in `renderFromData`) are rendered from raw data
 * with @smartloket/renderer-pdf and sealed by the municipality.
 * @packageDocumentation
 */
import {
  type AuthorisationRule,
  defineFee,
  definePlugin,
  defineRequestType,
  foreignUseReview,
  legalRepresentativeOfMinor,
  organisationGrant,
  otherPersonReview,
  type Plugin,
  type RequestTypeDefinition,
  self,
  z,
} from '@smartloket/core';
import {
  type AnyCertificateKey,
  CERTIFICATE_KEYS,
  CERTIFICATES,
  EXTRA_KEYS,
  requestTypeId,
} from './certificates.js';
import { type BevolkingForm, bevolkingForm, subjectOf } from './form.js';
import { DEFAULT_LEGAL_BASIS, type ServiceKey, sourceManifest } from './manifest.js';
import { populationServices } from './population.js';
import { createBevolkingRenderer } from './render.js';
import { ownHouseholdOnly } from './rules.js';
import { attestName, createBevolkingSource } from './source.js';

export * from './certificates.js';
export { type BevolkingForm, bevolkingForm, subjectOf } from './form.js';
export { DEFAULT_LEGAL_BASIS, SERVICE_KEYS, type ServiceKey, sourceManifest } from './manifest.js';
export {
  createPopulationLookup,
  type HouseholdMember,
  type PopulationLookup,
  parentsFromPersoon,
  populationLookupRef,
  populationServices,
} from './population.js';
export {
  addressFromMagda,
  type HouseholdValues,
  householdManifestEntry,
  householdPrefill,
  type PrefillAddress,
  RIJKSREGISTER_ORIGIN,
  type RijksregisterValues,
  rijksregisterManifestEntry,
  rijksregisterPrefill,
} from './prefill.js';
export { certificateBlocks, createBevolkingRenderer, formatDate, formatInsz } from './render.js';
export { ownHouseholdOnly } from './rules.js';
export {
  type AddressEntry,
  attestName,
  type BevolkingSourceOptions,
  type CertificateData,
  createBevolkingSource,
  MESSAGES,
} from './source.js';

/** The plugin's options, validated by the kernel at start. */
export const bevolkingOptions = z.object({
  /** Certificates to render from raw data (sealed by the municipality) instead of GeefAttest. */
  renderFromData: z.array(z.enum(CERTIFICATE_KEYS)).default([]),
  /** Rijksregister extras to offer besides the ten: `belgisch-kiezer`, `uittreksel-registers`. */
  extras: z.array(z.enum(EXTRA_KEYS)).default([]),
  /** GeefAttest model names per certificate, where the municipality's MAGDA contract differs. */
  attestNames: z.partialRecord(z.enum([...CERTIFICATE_KEYS, ...EXTRA_KEYS]), z.string().min(1)).default({}),
  /** MAGDA Afzender purpose key (the client's `afzender.purposes`), e.g. an IPDC code per product. */
  magdaPurpose: z.string().min(1).optional(),
  /**
   * The fee (retributie) of a certificate under the municipality's fee regulation, in euro cents,
   * and when it is paid (`before_submit`, the default, or `after_approval`). Absent: free. The
   * back-office may set another amount from a day on.
   */
  fees: z
    .partialRecord(
      z.enum([...CERTIFICATE_KEYS, ...EXTRA_KEYS]),
      z
        .object({
          amountCents: z.number().int().min(0),
          payment: z.enum(['before_submit', 'after_approval']).default('before_submit'),
        })
        .strict(),
    )
    .default({}),
});

export type BevolkingOptions = z.output<typeof bevolkingOptions>;

/** Factory settings that are not run-time options: they shape the source manifest. */
export interface BevolkingPluginSettings {
  /** Legal basis per MAGDA service; recorded with every consultation. */
  legalBasis?: Partial<Record<ServiceKey, string>>;
}

/** The authorisation rules of a certificate (DOMAIN.md "Who may receive what"). */
export function rulesFor(key: AnyCertificateKey): AuthorisationRule<any>[] {
  return [
    self(),
    legalRepresentativeOfMinor(),
    organisationGrant(),
    otherPersonReview(),
    foreignUseReview(),
    ...(key === 'gezinssamenstelling' ? [ownHouseholdOnly()] : []),
  ];
}

/** The request type of one certificate under the given options. */
export function certificateRequestType(
  key: AnyCertificateKey,
  options: BevolkingOptions,
): RequestTypeDefinition<typeof bevolkingForm> {
  const info = CERTIFICATES[key];
  const attest = attestName(key, options.attestNames);
  const fromData = !attest || (options.renderFromData as string[]).includes(key);
  return defineRequestType({
    id: requestTypeId(key),
    kind: 'certificate',
    title: info.title,
    description: info.description,
    theme: 'bevolking',
    // Someone without eID or itsme may ask too (a clerk checks the uploaded identity document).
    withoutLogin: { default: 'on', evidence: true },
    form: bevolkingForm,
    subject: (f, requester, identity) => subjectOf(f as BevolkingForm, requester, identity),
    purpose: (f) => ({ purpose: (f as BevolkingForm).purpose, use: (f as BevolkingForm).use }),
    rules: rulesFor(key),
    ...(options.fees[key] ? { fee: defineFee(options.fees[key]) } : {}),
    source: createBevolkingSource({ key, attest, fromData, purpose: options.magdaPurpose }),
    renderer: createBevolkingRenderer(key),
    // Rendered documents get the municipality's seal; GeefAttest PDFs come sealed by the source.
    sign: 'default',
  });
}

/**
 * Makes the plugin. `settings.legalBasis` overrides the default legal basis per service (the law
 * of 8 August 1983, art. 5, and the municipality's authorisation).
 */
export function createBevolkingPlugin(
  settings: BevolkingPluginSettings = {},
): Plugin<typeof bevolkingOptions> {
  const legalBasis = { ...DEFAULT_LEGAL_BASIS, ...settings.legalBasis } as Record<ServiceKey, string>;
  return definePlugin({
    id: 'bevolking',
    packageName: '@smartloket/plugin-bevolking',
    version: '0.1.0',
    title: { nl: 'Bevolking', fr: 'Population', en: 'Population' },
    compat: { core: '^0.1.0' },
    options: bevolkingOptions,
    sources: sourceManifest(legalBasis),
    register({ options, requestTypes, sources, renderers, services }) {
      for (const f of populationServices(legalBasis)) services.add(f);
      for (const key of [...CERTIFICATE_KEYS, ...options.extras] as AnyCertificateKey[]) {
        const rt = certificateRequestType(key, options);
        if (rt.source) sources.add(rt.source);
        if (rt.renderer) renderers.add(rt.renderer);
        requestTypes.add(rt);
      }
    },
  });
}

/** The plugin with the default legal bases. */
export const bevolkingPlugin = createBevolkingPlugin();
export default bevolkingPlugin;
