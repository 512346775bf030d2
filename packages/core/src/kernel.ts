import 'reflect-metadata';
import semver from 'semver';
import { type DependencyContainer, inject, injectable, container as rootContainer } from 'tsyringe';
import type { z } from 'zod';
import type { AuthorisationContext, AuthorisationRule, Decision } from './authorisation.js';
import { combineVerdicts } from './authorisation.js';
import type { Clock } from './clock.js';
import { PluginError, SmartLoketError } from './errors.js';
import {
  PermanentSourceError,
  type RendererDefinition,
  type SignerDefinition,
  type SourceContext,
  type SourceDefinition,
  TransientSourceError,
} from './extension-points.js';
import type { PaymentProviderDefinition } from './payments.js';
import {
  PLUGIN_API_VERSION,
  PLUGIN_TAG,
  type Plugin,
  type PluginEntry,
  type SourceManifest,
} from './plugin.js';
import type { RequestTypeDefinition } from './request-type.js';
import {
  type ConsultationAudit,
  coreServices,
  type ResolvedDeps,
  type ServiceFactory,
  type ServiceRef,
} from './services.js';
import { CORE_VERSION } from './version.js';

/** A plugin as the kernel knows it after start. */
export interface LoadedPlugin {
  /** The plugin id. */
  id: string;
  /** The npm package name, when the plugin declares it. */
  packageName: string | undefined;
  /** The plugin's version, when it declares it. */
  version: string | undefined;
  /** False when the deployment lists the plugin with `enabled: false`. */
  enabled: boolean;
  /** The options after validation against the plugin's schema (defaults filled in). */
  options: unknown;
  /** The plugin's source manifest. */
  sources: SourceManifest;
  /** The ids of the request types it registered. */
  requestTypeIds: string[];
}

/** A request type with the plugin that registered it. */
export interface RegisteredRequestType {
  /** The id of the plugin that registered it. */
  pluginId: string;
  /** The request type as {@link defineRequestType} made it. */
  definition: RequestTypeDefinition;
  /**
   * Declarative types (JSON, {@link Kernel.declareRequestType}): the version of the definition,
   * 1, 2, ... A request keeps the version it was filed under. Absent for plugins' types.
   */
  version?: number | undefined;
}

/** The `pluginId` of request types described as data (JSON) rather than by a plugin. */
export const DECLARATIVE_PLUGIN_ID = 'declarative';

/** What {@link createKernel} needs: the plugins and the deployment's infrastructure services. */
export interface KernelOptions {
  /** The deployment's plugins, in order. */
  plugins: PluginEntry[];
  /** Infrastructure implementations (database, clock, audit, ...). Later entries win. */
  services?: ServiceFactory<any, any>[];
  /** For tests of the compatibility check. */
  coreVersion?: string;
}

/** A service call to a source the plugin did not declare in its source manifest. */
export class UndeclaredSourceError extends SmartLoketError {
  constructor(pluginId: string, service: string) {
    super(
      'SOURCE_UNDECLARED',
      `Plugin "${pluginId}" called source service "${service}", which its source manifest does not declare`,
    );
  }
}

function describe(plugin: Plugin): string {
  return plugin.packageName ? `"${plugin.id}" (${plugin.packageName})` : `"${plugin.id}"`;
}

function isPlugin(value: unknown): value is Plugin {
  return typeof value === 'object' && value !== null && (value as { $$type?: unknown }).$$type === PLUGIN_TAG;
}

function entryParts(
  entry: PluginEntry,
  index: number,
): { plugin: Plugin; options: unknown; enabled: boolean } {
  if (isPlugin(entry)) return { plugin: entry, options: undefined, enabled: true };
  const candidate = entry as { plugin?: unknown; options?: unknown; enabled?: unknown } | null;
  if (candidate && typeof candidate === 'object' && isPlugin(candidate.plugin)) {
    return { plugin: candidate.plugin, options: candidate.options, enabled: candidate.enabled !== false };
  }
  // Name the foreign object (or the one wrapped in an entry) by its id, name or package.
  const target =
    candidate && typeof candidate === 'object' && candidate.plugin && typeof candidate.plugin === 'object'
      ? (candidate.plugin as Record<string, unknown>)
      : (candidate as Record<string, unknown> | null);
  const label =
    target && typeof target === 'object' ? (target.id ?? target.name ?? target.packageName) : undefined;
  const name = label === undefined ? '' : ` "${String(label)}"`;
  throw new PluginError(
    `#${index + 1}${name}`,
    'is not a SmartLoket plugin: make it with definePlugin() from @smartloket/core',
  );
}

/**
 * Writes the audit records of source calls and refuses services a plugin did not declare.
 * Resolved through the container: dependencies named by token.
 * @internal Used by the kernel; plugins get `consult` on their context instead.
 */
@injectable()
export class ConsultationGuard {
  constructor(
    @inject(coreServices.consultationAudit.id) private readonly audit: ConsultationAudit,
    @inject(coreServices.clock.id) private readonly clock: Clock,
  ) {}

  /** Makes the `consult` function a source gets for one request. */
  consultFor(
    pluginId: string,
    manifest: SourceManifest,
    request: SourceContext['request'],
  ): SourceContext['consult'] {
    return async (service, call, options = {}) => {
      const entry = manifest[service];
      if (!entry) throw new UndeclaredSourceError(pluginId, service);
      const referte = crypto.randomUUID();
      const id = await this.audit.started({
        requestId: request.id,
        pluginId,
        service,
        legalBasis: entry.legalBasis,
        purpose: request.purpose,
        referte,
        subjectId: options.subjectId ?? request.subject.insz ?? request.subject.kbo,
        actor: request.consultedBy ?? { type: request.requester.kind, id: request.requester.id },
        at: this.clock.now(),
      });
      try {
        const result = await call(referte);
        await this.audit.finished(id, { outcome: options.outcome?.(result) ?? 'ok', at: this.clock.now() });
        return result;
      } catch (error) {
        const code = error instanceof SmartLoketError ? error.code : undefined;
        const transient = error instanceof TransientSourceError;
        const permanent = error instanceof PermanentSourceError;
        await this.audit.finished(id, {
          outcome: transient ? 'transient_error' : permanent ? 'refused' : 'error',
          code,
          at: this.clock.now(),
        });
        throw error;
      }
    };
  }
}

/**
 * The kernel: validates and registers plugins, wires services by token, and gives the runtime
 * the registered extension points. No I/O of its own. Deployments (and `@smartloket/testkit`)
 * create it with {@link createKernel}; plugins never hold one.
 */
export class Kernel {
  readonly #options: KernelOptions;
  readonly #container: DependencyContainer;
  readonly #plugins = new Map<string, LoadedPlugin>();
  readonly #requestTypes = new Map<string, RegisteredRequestType>();
  /** Every version of every declarative type, also those no longer current. */
  readonly #declared = new Map<string, Map<number, RegisteredRequestType>>();
  readonly #rules = new Map<string, AuthorisationRule>();
  readonly #sources = new Map<string, SourceDefinition>();
  readonly #renderers = new Map<string, RendererDefinition>();
  readonly #signers = new Map<string, SignerDefinition>();
  readonly #payments = new Map<string, PaymentProviderDefinition>();
  readonly #factories = new Map<string, ServiceFactory<any, any>>();
  readonly #instances = new Map<string, Promise<unknown>>();
  readonly #started: string[] = [];
  #state: 'new' | 'started' | 'stopped' = 'new';

  /** Makes a kernel that is not started yet; prefer {@link createKernel}. */
  constructor(options: KernelOptions) {
    this.#options = options;
    this.#container = rootContainer.createChildContainer();
  }

  /** Validates every plugin and registers what it provides. Throws a PluginError naming the plugin. */
  async start(): Promise<this> {
    if (this.#state !== 'new') throw new Error('Kernel.start: already started');
    const coreVersion = this.#options.coreVersion ?? CORE_VERSION;
    for (const f of this.#options.services ?? []) this.#factories.set(f.ref.id, f);

    const seen = new Map<string, Plugin>();
    const parts = this.#options.plugins.map((e, i) => entryParts(e, i));
    for (const { plugin, options, enabled } of parts) {
      if (plugin.apiVersion !== PLUGIN_API_VERSION) {
        throw new PluginError(
          plugin.id,
          `${describe(plugin)} uses plugin API version ${String(plugin.apiVersion)}; this @smartloket/core ${coreVersion} supports version ${PLUGIN_API_VERSION}. Upgrade the plugin.`,
        );
      }
      if (typeof plugin.id !== 'string' || !/^[a-z][a-z0-9-]*$/.test(plugin.id)) {
        throw new PluginError(String(plugin.id), 'id must be lowercase letters, digits and dashes');
      }
      const previous = seen.get(plugin.id);
      if (previous) {
        throw new PluginError(
          plugin.id,
          `plugin id "${plugin.id}" is registered twice (${previous.packageName ?? 'unnamed package'} and ${plugin.packageName ?? 'unnamed package'})`,
        );
      }
      seen.set(plugin.id, plugin);
      const range = plugin.compat?.core;
      if (!range || !semver.validRange(range)) {
        throw new PluginError(plugin.id, `${describe(plugin)} declares no valid compat.core range`);
      }
      if (!semver.satisfies(coreVersion, range, { includePrerelease: true })) {
        throw new PluginError(
          plugin.id,
          `${describe(plugin)} requires @smartloket/core ${range}, but this deployment runs ${coreVersion}`,
        );
      }
      let parsed: unknown = options;
      if (plugin.options) {
        const result = (plugin.options as z.ZodType).safeParse(options ?? {});
        if (!result.success) {
          const detail = result.error.issues
            .map((i) => `${i.path.length ? i.path.join('.') : '(options)'}: ${i.message}`)
            .join('; ');
          throw new PluginError(plugin.id, `${describe(plugin)} has invalid options: ${detail}`);
        }
        parsed = result.data;
      }
      const loaded: LoadedPlugin = {
        id: plugin.id,
        packageName: plugin.packageName,
        version: plugin.version,
        enabled,
        options: parsed,
        sources: plugin.sources,
        requestTypeIds: [],
      };
      this.#plugins.set(plugin.id, loaded);
      if (!enabled) continue;
      this.#register(plugin, loaded);
    }
    this.#state = 'started';
    return this;
  }

  #register(plugin: Plugin, loaded: LoadedPlugin): void {
    const unique = <T extends { id: string }>(map: Map<string, T>, what: string, item: T) => {
      if (map.has(item.id)) throw new PluginError(plugin.id, `${what} "${item.id}" is registered twice`);
      map.set(item.id, item);
    };
    plugin.register({
      options: loaded.options as never,
      pluginId: plugin.id,
      requestTypes: {
        add: (def) => {
          if (!def.id.startsWith(`${plugin.id}.`)) {
            throw new PluginError(plugin.id, `request type "${def.id}" must start with "${plugin.id}."`);
          }
          if (this.#requestTypes.has(def.id)) {
            throw new PluginError(plugin.id, `request type "${def.id}" is registered twice`);
          }
          for (const [field, binding] of Object.entries(def.prefill ?? {})) {
            const missing = binding.from.services.filter((s) => !plugin.sources[s]);
            if (missing.length > 0) {
              throw new PluginError(
                plugin.id,
                `request type "${def.id}" prefills ${field} from "${binding.from.id}", which consults ${missing.join(', ')}: declare it in the plugin's source manifest with its legal basis`,
              );
            }
          }
          this.#requestTypes.set(def.id, { pluginId: plugin.id, definition: def });
          loaded.requestTypeIds.push(def.id);
        },
      },
      rules: { add: (r) => unique(this.#rules, 'rule', r) },
      sources: { add: (s) => unique(this.#sources, 'source', s) },
      renderers: { add: (r) => unique(this.#renderers, 'renderer', r) },
      signers: { add: (s) => unique(this.#signers, 'signer', s) },
      payments: { add: (p) => unique(this.#payments, 'payment provider', p) },
      services: {
        add: (f) => {
          const registered = this.#factories.get(f.ref.id);
          if (registered && !registered.fallback && !(this.#options.services ?? []).includes(registered)) {
            throw new PluginError(plugin.id, `service "${f.ref.id}" is provided twice`);
          }
          // Deployment-provided services win over plugin defaults, except the deployment's fallbacks.
          if (!registered || registered.fallback) this.#factories.set(f.ref.id, f);
        },
      },
    });
  }

  #assertStarted(): void {
    if (this.#state !== 'started') throw new Error('Kernel: call start() first');
  }

  /** Every plugin, enabled or not. */
  plugins(): LoadedPlugin[] {
    return [...this.#plugins.values()];
  }

  /** Every request type of enabled plugins. */
  requestTypes(): RegisteredRequestType[] {
    this.#assertStarted();
    return [...this.#requestTypes.values()];
  }

  /**
   * One request type, or undefined. With `version` (a filed request's `typeVersion`), that
   * version of a declarative type: a request keeps the form, rules and document it was filed
   * under when a newer version is published. Plugins' types have one version: `version` is
   * ignored for them.
   */
  requestType(id: string, version?: number | null): RegisteredRequestType | undefined {
    if (version !== undefined && version !== null) {
      const hit = this.#declared.get(id)?.get(version);
      if (hit) return hit;
    }
    return this.#requestTypes.get(id);
  }

  /**
   * Registers one version of a request type described as data (made by
   * `@smartloket/declarative` from JSON) after start: from the deployment's files or the
   * back-office's designer. With `current` (default) it becomes the version new requests are
   * filed under and {@link Kernel.requestTypes} lists; older versions stay known by
   * {@link Kernel.requestType} with their version. The same lifecycle, rules and audit apply as
   * for a plugin's type.
   *
   * @throws PluginError when a plugin registered a type with this id, or the type has a source
   *   (a declarative type never consults an authentic source).
   */
  declareRequestType(
    definition: RequestTypeDefinition,
    version: number,
    options: { current?: boolean } = {},
  ): void {
    this.#assertStarted();
    const existing = this.#requestTypes.get(definition.id);
    if (existing && existing.pluginId !== DECLARATIVE_PLUGIN_ID) {
      throw new PluginError(
        DECLARATIVE_PLUGIN_ID,
        `request type "${definition.id}" is already registered by plugin "${existing.pluginId}"`,
      );
    }
    if (definition.source || definition.choices) {
      throw new PluginError(DECLARATIVE_PLUGIN_ID, `request type "${definition.id}" cannot consult a source`);
    }
    if (!Number.isInteger(version) || version < 1) {
      throw new PluginError(
        DECLARATIVE_PLUGIN_ID,
        `request type "${definition.id}": version must be 1, 2, ...`,
      );
    }
    const registered: RegisteredRequestType = { pluginId: DECLARATIVE_PLUGIN_ID, definition, version };
    let versions = this.#declared.get(definition.id);
    if (!versions) {
      versions = new Map();
      this.#declared.set(definition.id, versions);
    }
    versions.set(version, registered);
    if (options.current !== false) this.#requestTypes.set(definition.id, registered);
  }

  /**
   * Takes a declarative type out of {@link Kernel.requestTypes} (unpublished): no new requests.
   * Its filed requests go on: {@link Kernel.requestType} still finds them by their version.
   */
  withdrawRequestType(id: string): void {
    if (this.#requestTypes.get(id)?.pluginId === DECLARATIVE_PLUGIN_ID) this.#requestTypes.delete(id);
  }

  /** A registered authorisation rule by id, or undefined. */
  rule(id: string): AuthorisationRule | undefined {
    return this.#rules.get(id);
  }
  /** A registered source by id, or undefined. */
  source(id: string): SourceDefinition | undefined {
    return this.#sources.get(id);
  }
  /** A registered renderer by id, or undefined. */
  renderer(id: string): RendererDefinition | undefined {
    return this.#renderers.get(id);
  }
  /** A registered signer by id, or undefined. */
  signer(id: string): SignerDefinition | undefined {
    return this.#signers.get(id);
  }

  /** A registered payment provider by id, or undefined. */
  paymentProvider(id: string): PaymentProviderDefinition | undefined {
    return this.#payments.get(id);
  }
  /** Every registered payment provider of enabled plugins. */
  paymentProviders(): PaymentProviderDefinition[] {
    this.#assertStarted();
    return [...this.#payments.values()];
  }

  /** True when a service implementation is registered for `ref`. */
  has(ref: ServiceRef<unknown>): boolean {
    return this.#factories.has(ref.id);
  }

  /** Resolves a service (a singleton per kernel), instantiating its dependencies first. */
  async get<T>(ref: ServiceRef<T>): Promise<T> {
    return (await this.#resolve(ref.id, [])) as T;
  }

  #resolve(id: string, chain: string[]): Promise<unknown> {
    const cached = this.#instances.get(id);
    if (cached) return cached;
    // Cycles are found on the declared deps, before anything is made: a cycle whose services are
    // already pending (after an asynchronous dependency, or from two concurrent `get`s) would
    // otherwise wait on itself forever.
    this.#assertAcyclic(id, chain);
    const factory = this.#factories.get(id);
    if (!factory) {
      throw new SmartLoketError('SERVICE_MISSING', `No implementation is registered for service "${id}"`);
    }
    const promise = (async () => {
      const deps = await this.#resolveRecord(factory.deps, [...chain, id]);
      const instance = await factory.factory(deps);
      this.#container.registerInstance(id, instance);
      this.#started.push(id);
      return instance;
    })();
    this.#instances.set(id, promise);
    promise.catch(() => this.#instances.delete(id));
    return promise;
  }

  #assertAcyclic(id: string, path: string[]): void {
    if (path.includes(id))
      throw new Error(`Kernel: circular service dependency ${[...path, id].join(' -> ')}`);
    const factory = this.#factories.get(id);
    const deps: Record<string, ServiceRef<unknown>> = factory?.deps ?? {};
    for (const ref of Object.values(deps)) this.#assertAcyclic(ref.id, [...path, id]);
  }

  async #resolveRecord(
    deps: Record<string, ServiceRef<unknown>>,
    chain: string[],
  ): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const [key, ref] of Object.entries(deps)) out[key] = await this.#resolve(ref.id, chain);
    return out;
  }

  /** Resolves a `deps` record of refs. */
  resolveDeps<D extends Record<string, ServiceRef<unknown>>>(deps: D): Promise<ResolvedDeps<D>> {
    return this.#resolveRecord(deps, []) as Promise<ResolvedDeps<D>>;
  }

  /**
   * A child container for one unit of work (a request, a job). Values registered on it (the
   * current identity, a transaction) never reach the kernel's singletons.
   */
  scope(): DependencyContainer {
    return this.#container.createChildContainer();
  }

  /** Runs every rule of a request type and combines their verdicts. */
  async authorise(requestTypeId: string, ctx: AuthorisationContext): Promise<Decision> {
    const rt = this.#requestTypes.get(requestTypeId);
    if (!rt) throw new SmartLoketError('REQUEST_TYPE_UNKNOWN', `Unknown request type "${requestTypeId}"`);
    const verdicts: Decision['verdicts'] = [];
    for (const rule of rt.definition.rules) {
      const deps = await this.resolveDeps(rule.deps);
      const v = await rule.decide(ctx, deps);
      verdicts.push({
        ruleId: rule.id,
        outcome: v.outcome,
        reason: v.reason,
        ...(v.facts?.length ? { facts: v.facts } : {}),
      });
    }
    return combineVerdicts(verdicts);
  }

  /** The guarded, audited `consult` for one request of a plugin's request type. */
  async consultFor(
    requestTypeId: string,
    request: SourceContext['request'],
  ): Promise<SourceContext['consult']> {
    const rt = this.#requestTypes.get(requestTypeId);
    if (!rt) throw new SmartLoketError('REQUEST_TYPE_UNKNOWN', `Unknown request type "${requestTypeId}"`);
    const plugin = this.#plugins.get(rt.pluginId)!;
    await this.get(coreServices.consultationAudit);
    await this.get(coreServices.clock);
    const guard = this.#container.resolve(ConsultationGuard);
    return guard.consultFor(plugin.id, plugin.sources, request);
  }

  /** Disposes services in reverse start order. */
  async stop(): Promise<void> {
    if (this.#state === 'stopped') return;
    this.#state = 'stopped';
    for (const id of [...this.#started].reverse()) {
      const factory = this.#factories.get(id);
      const instance = await this.#instances.get(id);
      await factory?.dispose?.(instance);
    }
    this.#container.clearInstances();
  }
}

/**
 * Creates and starts a kernel.
 *
 * @example
 * ```ts
 * const kernel = await createKernel({ plugins: [bevolking, { plugin: melding, options: { days: 5 } }], services });
 * kernel.requestTypes().map((t) => t.definition.id);
 * ```
 * @throws {@link PluginError} naming the plugin when one is malformed, incompatible or misconfigured.
 */
export async function createKernel(options: KernelOptions): Promise<Kernel> {
  return new Kernel(options).start();
}
