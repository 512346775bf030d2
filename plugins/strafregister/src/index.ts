/**
 * @smartloket/plugin-strafregister: extracts from the criminal record (models 595, 596.1, 596.2
 * and 593) from the Centraal Strafregister via MAGDA. Only for oneself (16 or older, registered in
 * the municipality); someone else with a proxy goes to review; organisations are denied. Model
 * 596.2 always goes to review first (the police check). The Strafregister answers asynchronously:
 * the pipeline polls until the extract (an MTOM attachment, sealed by the Strafregister) arrives.
 * @packageDocumentation
 */
import {
  type AuthorisationRule,
  alwaysReview,
  definePlugin,
  defineRequestType,
  type Plugin,
  type PluginCheck,
  type RequestTypeDefinition,
  self,
  z,
} from '@smartloket/core';
import { activityChoice, type StrafregisterForm, strafregisterForm, subjectOf } from './form.js';
import { lookupService } from './lookups.js';
import { DEFAULT_LEGAL_BASIS, type ServiceKey, sourceManifest } from './manifest.js';
import { MODEL_KEYS, MODELS, type ModelKey, requestTypeId } from './models.js';
import {
  activityFromList,
  noOrganisations,
  proxyReview,
  RULE_MESSAGES,
  registeredHere,
  requesterMinimumAge,
} from './rules.js';
import { createStrafregisterSource } from './source.js';

export {
  ACTIVITY_LIST_UNAVAILABLE,
  activityChoice,
  type StrafregisterForm,
  strafregisterForm,
  subjectOf,
} from './form.js';
export {
  type Activity,
  createStrafregisterLookup,
  type Residence,
  type StrafregisterLookup,
  strafregisterLookupRef,
} from './lookups.js';
export { DEFAULT_LEGAL_BASIS, SERVICE_KEYS, type ServiceKey, sourceManifest } from './manifest.js';
export { MODEL_KEYS, MODELS, type ModelInfo, type ModelKey, requestTypeId } from './models.js';
export * from './rules.js';
export {
  createStrafregisterSource,
  DEFAULT_POLL,
  ExtractOverdueError,
  type PendingExtract,
  type PollOptions,
  pollInterval,
  READY,
  SOURCE_MESSAGES,
} from './source.js';
export { STAFF_SCOPE, staffMayView } from './staff.js';

/** The plugin's options, validated by the kernel at start. */
export const strafregisterOptions = z.object({
  /** Models to offer. Default all four. */
  models: z.array(z.enum(MODEL_KEYS)).default([...MODEL_KEYS]),
  /** Days to wait for an asynchronous extract before staff take over. Default 10. */
  maxPendingDays: z.number().positive().max(90).default(10),
  /** Minutes before the first poll; each next poll waits twice as long. Default 5. */
  firstPollMinutes: z.number().positive().default(5),
  /** The longest wait between polls, in hours. Default 6. */
  maxPollIntervalHours: z.number().positive().default(6),
  /** MAGDA Afzender purpose key (the client's `afzender.purposes`). */
  magdaPurpose: z.string().min(1).optional(),
});

export type StrafregisterOptions = z.output<typeof strafregisterOptions>;

/**
 * The plugin's configuration check (`smartloket doctor`): options that parse but do not work
 * together. Models listed twice fail; no models at all is a warning (the plugin offers nothing);
 * a first poll later than the longest interval, or a longest interval beyond the pending
 * term, fails (the extract would go to staff before it is polled).
 */
export function checkStrafregisterOptions(options: StrafregisterOptions): PluginCheck[] {
  const duplicates = options.models.filter((m, i) => options.models.indexOf(m) !== i);
  const models: PluginCheck = duplicates.length
    ? { name: 'models', ok: false, detail: `listed more than once: ${[...new Set(duplicates)].join(', ')}` }
    : options.models.length === 0
      ? { name: 'models', ok: true, warning: true, detail: 'no models: the plugin offers no request types' }
      : { name: 'models', ok: true, detail: options.models.join(', ') };
  const firstMs = options.firstPollMinutes * 60_000;
  const maxIntervalMs = options.maxPollIntervalHours * 3_600_000;
  const pendingMs = options.maxPendingDays * 86_400_000;
  const polling: PluginCheck =
    firstMs > maxIntervalMs
      ? {
          name: 'polling',
          ok: false,
          detail: `firstPollMinutes (${options.firstPollMinutes}) is longer than maxPollIntervalHours (${options.maxPollIntervalHours} h)`,
        }
      : maxIntervalMs >= pendingMs
        ? {
            name: 'polling',
            ok: false,
            detail: `maxPollIntervalHours (${options.maxPollIntervalHours} h) is not shorter than maxPendingDays (${options.maxPendingDays} days)`,
          }
        : {
            name: 'polling',
            ok: true,
            detail: `first after ${options.firstPollMinutes} min, at most every ${options.maxPollIntervalHours} h, staff after ${options.maxPendingDays} days`,
          };
  return [models, polling];
}

/** Factory settings that shape the static source manifest. */
export interface StrafregisterPluginSettings {
  legalBasis?: Partial<Record<ServiceKey, string>>;
}

/** The authorisation rules of a model. */
export function rulesFor(key: ModelKey): AuthorisationRule<any>[] {
  return [
    noOrganisations(),
    requesterMinimumAge(),
    registeredHere(),
    self({ minimumLevel: 'substantial' }),
    proxyReview(),
    ...(key === '596-1' ? [activityFromList()] : []),
    ...(key === '596-2' ? [alwaysReview(RULE_MESSAGES.police596_2)] : []),
  ];
}

/** The request type of one model under the given options. */
export function modelRequestType(key: ModelKey, options: StrafregisterOptions): RequestTypeDefinition {
  const info = MODELS[key];
  const form = strafregisterForm(key);
  return defineRequestType({
    id: requestTypeId(key),
    kind: 'certificate',
    title: info.title,
    description: info.description,
    theme: 'strafregister',
    form,
    // Only people ask for themselves (or with a proxy); organisations are told where to go.
    audience: ['citizen', 'organisation'],
    // Art. 595-596 Sv.: the extract is given to the person concerned, who must be identified.
    withoutLogin: { default: 'forbidden' },
    subject: (f, requester) => subjectOf(f as unknown as StrafregisterForm, requester),
    purpose: (f) => ({ purpose: (f as unknown as StrafregisterForm).purpose, use: 'domestic' }),
    rules: rulesFor(key),
    // 596.1: the activity is chosen from the Strafregister's list, loaded at run time.
    ...(key === '596-1' ? { choices: { activity: activityChoice() } } : {}),
    source: createStrafregisterSource({
      key,
      poll: {
        firstMs: options.firstPollMinutes * 60_000,
        maxIntervalMs: options.maxPollIntervalHours * 3_600_000,
        maxPendingMs: options.maxPendingDays * 86_400_000,
      },
      purpose: options.magdaPurpose,
    }),
    // The Strafregister seals its extracts; they are delivered as received.
    sign: false,
    expectedDelivery:
      key === '596-2'
        ? {
            nl: 'Na nazicht door een medewerker en de politie, meestal binnen enkele werkdagen',
            fr: 'Après vérification par un collaborateur et la police, généralement en quelques jours ouvrables',
            en: 'After checks by staff and the police, usually within a few working days',
          }
        : undefined,
  } as Parameters<typeof defineRequestType>[0]) as unknown as RequestTypeDefinition;
}

/** Makes the plugin. `settings.legalBasis` overrides the default legal basis per service. */
export function createStrafregisterPlugin(
  settings: StrafregisterPluginSettings = {},
): Plugin<typeof strafregisterOptions> {
  const legalBasis = { ...DEFAULT_LEGAL_BASIS, ...settings.legalBasis } as Record<ServiceKey, string>;
  return definePlugin({
    id: 'strafregister',
    packageName: '@smartloket/plugin-strafregister',
    version: '0.1.0',
    title: { nl: 'Strafregister', fr: 'Casier judiciaire', en: 'Criminal record' },
    compat: { core: '^0.1.0' },
    options: strafregisterOptions,
    sources: sourceManifest(legalBasis),
    register({ options, requestTypes, sources, services }) {
      services.add(lookupService(legalBasis));
      for (const key of options.models) {
        const rt = modelRequestType(key, options);
        if (rt.source) sources.add(rt.source);
        requestTypes.add(rt);
      }
    },
    checks: ({ options }) => checkStrafregisterOptions(options),
  });
}

/** The plugin with the default legal bases. */
export const strafregisterPlugin = createStrafregisterPlugin();
export default strafregisterPlugin;
