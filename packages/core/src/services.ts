import type { Clock } from './clock.js';
import type { Signer } from './extension-points.js';
import type { LocalizedText } from './i18n.js';

/**
 * A typed token naming a service. Plugins name what they need by ref (Backstage's `deps`);
 * the kernel wires the implementation. Plugin code never imports the DI container.
 */
export interface ServiceRef<T> {
  /** Namespaced id, e.g. `core.clock`. Two refs with the same id name the same service. */
  readonly id: string;
  /** Phantom field carrying the service type. */
  readonly T?: T;
  /** Brand the kernel checks. */
  readonly $$type: '@smartloket/ServiceRef';
}

/**
 * Creates a service ref. Ids are namespaced: `core.clock`, `magda.client`, ...
 *
 * @example
 * ```ts
 * export const meldingClient = createServiceRef<MeldingClient>('melding.client');
 * ```
 * @throws TypeError when the id is not namespaced.
 */
export function createServiceRef<T>(id: string): ServiceRef<T> {
  if (!/^[a-z][\w-]*(\.[\w-]+)+$/i.test(id)) {
    throw new TypeError(`createServiceRef: id "${id}" must be namespaced, e.g. "myplugin.client"`);
  }
  return Object.freeze({ id, $$type: '@smartloket/ServiceRef' as const });
}

/** Resolves a record of refs to a record of implementations. */
export type ResolvedDeps<D extends Record<string, ServiceRef<unknown>>> = {
  [K in keyof D]: D[K] extends ServiceRef<infer T> ? T : never;
};

/** A service implementation: its ref, its own dependencies and a factory. */
export interface ServiceFactory<
  T = unknown,
  D extends Record<string, ServiceRef<unknown>> = Record<string, ServiceRef<unknown>>,
> {
  /** The ref this factory implements. */
  ref: ServiceRef<T>;
  /** The services the factory needs. */
  deps: D;
  /** Makes the instance, once per kernel, after its deps. */
  factory(deps: ResolvedDeps<D>): T | Promise<T>;
  /** Called on kernel stop, in reverse start order. */
  dispose?(instance: T): void | Promise<void>;
  /**
   * A stand-in the deployment provides until a plugin registers a real implementation of the
   * same ref (e.g. "nobody is a legal representative" until a population plugin is installed).
   */
  fallback?: boolean | undefined;
}

/**
 * Declares a service implementation; register it with `registrar.services.add`.
 *
 * @example
 * ```ts
 * const clientFactory = createServiceFactory({
 *   ref: meldingClient,
 *   deps: { logger: coreServices.logger },
 *   factory: ({ logger }) => new MeldingClient(logger),
 * });
 * ```
 */
export function createServiceFactory<T, D extends Record<string, ServiceRef<unknown>> = {}>(f: {
  ref: ServiceRef<T>;
  deps?: D;
  factory(deps: ResolvedDeps<D>): T | Promise<T>;
  dispose?(instance: T): void | Promise<void>;
  fallback?: boolean;
}): ServiceFactory<T, D> {
  return { ...f, deps: (f.deps ?? {}) as D };
}

/** A structured logger. Never pass personal data (INSZ, names) to it. */
export interface Logger {
  /** Detail for developers; usually off in production. */
  debug(msg: string, fields?: Record<string, unknown>): void;
  /** Normal operation worth recording. */
  info(msg: string, fields?: Record<string, unknown>): void;
  /** Something unexpected that the system recovered from. */
  warn(msg: string, fields?: Record<string, unknown>): void;
  /** A failure that needs attention. */
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger that adds `fields` to every line. */
  child(fields: Record<string, unknown>): Logger;
}

/** The municipality running the deployment. */
export interface Municipality {
  /** The municipality's name, e.g. `Gemeente Demo`. */
  name: LocalizedText;
  /** NIS code (5 digits). */
  nisCode: string;
  /** Postal address of the town hall, printed on documents. */
  address: {
    /** Street and number. */
    street: string;
    /** Four-digit postcode. */
    postcode: string;
    /** City or municipality name. */
    city: string;
  };
  /** Contact e-mail address. */
  email?: string | undefined;
  /** Contact phone number. */
  phone?: string | undefined;
  /** The municipality's website. */
  website?: string | undefined;
  /** Logo as a data URL or a path relative to the deployment. */
  logo?: string | undefined;
  /** Favicon as a path relative to the deployment or an https URL; a default is served without it. */
  favicon?: string | undefined;
  /**
   * CSS font stack of the portal and back-office; default the Flemish government's typography
   * (Flanders Art Sans, falling back to common sans-serif fonts).
   */
  fontFamily?: string | undefined;
  /** House colours (CSS colours) for the portal and documents. */
  colours?:
    | {
        /** The main colour. */
        primary: string;
        /** A second colour for highlights. */
        accent?: string | undefined;
      }
    | undefined;
  /** Public base URL of the counter, e.g. https://loket.gemeente.be */
  baseUrl: string;
  /**
   * The official in whose name certificates are issued, printed under the place and date line,
   * e.g. `{ name: 'An Peeters', function: { nl: 'Algemeen directeur', fr: 'Directrice générale' } }`.
   */
  official?:
    | {
        /** Full name as printed. */
        name: string;
        /** Function, per document language (Dutch required). */
        function: LocalizedText;
      }
    | undefined;
}

/**
 * Organisation grants: which KBO may receive which request types automatically. Provided by the
 * deployment under {@link coreServices}.grants; rules read it through `deps`.
 */
export interface GrantLookup {
  /** The active grant of `kbo` for `requestTypeId` on `at`, if any. */
  findActive(
    kbo: string,
    requestTypeId: string,
    at: Date,
  ): Promise<
    | {
        /** The grant's id, recorded with the decision. */
        id: string;
        /** End of validity, or null when open-ended. */
        validUntil: Date | null;
      }
    | undefined
  >;
}

/**
 * Sink for consultations of authentic sources: written before and after every call. The runtime
 * provides it; plugins never call it themselves but go through `ctx.consult`.
 * @internal
 */
export interface ConsultationAudit {
  /** Records that a call starts; returns the record id. */
  started(record: ConsultationStart): Promise<string>;
  /** Records the outcome of the call started as `id`. */
  finished(id: string, outcome: ConsultationOutcome): Promise<void>;
}

/**
 * The audit record written before a consultation of an authentic source.
 * @internal
 */
export interface ConsultationStart {
  /** The request the consultation is for; absent for dynamic choices before submission. */
  requestId?: string | undefined;
  /** The plugin whose manifest declares the service. */
  pluginId: string;
  /** Manifest key of the service, e.g. `magda:GeefAttest-02.00`. */
  service: string;
  /** The legal basis from the plugin's source manifest. */
  legalBasis: string;
  /** The purpose the requester stated, if any. */
  purpose?: string | undefined;
  /** Unique reference of the call (MAGDA referte). */
  referte: string;
  /** INSZ or KBO of the person or organisation looked up. */
  subjectId?: string | undefined;
  /** Who caused the call (the system, a requester, a staff member). */
  actor: {
    /** The actor type (`system`, `citizen`, `staff`, ...). */
    type: string;
    /** The actor's id, absent for the system. */
    id?: string | undefined;
  };
  /** When the call started. */
  at: Date;
}

/**
 * The audit record written after a consultation of an authentic source.
 * @internal
 */
export interface ConsultationOutcome {
  /** How the call ended. */
  outcome: 'ok' | 'not_found' | 'refused' | 'transient_error' | 'error' | 'pending';
  /** The source's own result or error code, when it gave one. */
  code?: string | undefined;
  /** When the call ended. */
  at: Date;
}

/**
 * The infrastructure services every deployment provides. Name them in `deps` to get them.
 *
 * @example
 * ```ts
 * defineSource({ id: 'melding.source', deps: { clock: coreServices.clock }, async fetch(ctx, { clock }) { ... } });
 * ```
 */
export const coreServices = {
  /** The kernel's clock: read time through it, never `new Date()`, so tests can move time. */
  clock: createServiceRef<Clock>('core.clock'),
  /** The deployment's structured logger (no personal data). */
  logger: createServiceRef<Logger>('core.logger'),
  /** The municipality running the deployment. */
  municipality: createServiceRef<Municipality>('core.municipality'),
  /** Organisation grants (see {@link GrantLookup}). */
  grants: createServiceRef<GrantLookup>('core.grants'),
  /** The audit of source consultations; for the runtime, plugins use `ctx.consult`. */
  consultationAudit: createServiceRef<ConsultationAudit>('core.consultationAudit'),
  /** The deployment's default seal, used by request types with `sign: 'default'`. */
  signer: createServiceRef<Signer>('core.signer'),
} as const;

/** A logger that drops everything. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
