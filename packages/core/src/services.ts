import type { Clock } from './clock.js';
import type { Signer } from './extension-points.js';
import type { LocalizedText } from './i18n.js';

/**
 * A typed token naming a service. Plugins name what they need by ref (Backstage's `deps`);
 * the kernel wires the implementation. Plugin code never imports the DI container.
 */
export interface ServiceRef<T> {
  readonly id: string;
  /** Phantom field carrying the service type. */
  readonly T?: T;
  readonly $$type: '@smartloket/ServiceRef';
}

/** Creates a service ref. Ids are namespaced: `core.clock`, `magda.client`, ... */
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
  ref: ServiceRef<T>;
  deps: D;
  factory(deps: ResolvedDeps<D>): T | Promise<T>;
  /** Called on kernel stop, in reverse start order. */
  dispose?(instance: T): void | Promise<void>;
  /**
   * A stand-in the deployment provides until a plugin registers a real implementation of the
   * same ref (e.g. "nobody is a legal representative" until a population plugin is installed).
   */
  fallback?: boolean | undefined;
}

/** Declares a service implementation. */
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
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** The municipality running the deployment. */
export interface Municipality {
  name: LocalizedText;
  /** NIS code (5 digits). */
  nisCode: string;
  address: { street: string; postcode: string; city: string };
  email?: string | undefined;
  phone?: string | undefined;
  website?: string | undefined;
  /** Logo as a data URL or a path relative to the deployment. */
  logo?: string | undefined;
  colours?: { primary: string; accent?: string | undefined } | undefined;
  /** Public base URL of the counter, e.g. https://loket.gemeente.be */
  baseUrl: string;
}

/** Organisation grants: which KBO may receive which request types automatically. */
export interface GrantLookup {
  /** The active grant of `kbo` for `requestTypeId` on `at`, if any. */
  findActive(
    kbo: string,
    requestTypeId: string,
    at: Date,
  ): Promise<{ id: string; validUntil: Date | null } | undefined>;
}

/** Sink for consultations of authentic sources: written before and after every call. */
export interface ConsultationAudit {
  started(record: ConsultationStart): Promise<string>;
  finished(id: string, outcome: ConsultationOutcome): Promise<void>;
}

export interface ConsultationStart {
  requestId?: string | undefined;
  pluginId: string;
  /** Manifest key of the service, e.g. `magda:GeefAttest-02.00`. */
  service: string;
  legalBasis: string;
  purpose?: string | undefined;
  /** Unique reference of the call (MAGDA referte). */
  referte: string;
  /** INSZ or KBO of the person or organisation looked up. */
  subjectId?: string | undefined;
  actor: { type: string; id?: string | undefined };
  at: Date;
}

export interface ConsultationOutcome {
  outcome: 'ok' | 'not_found' | 'refused' | 'transient_error' | 'error' | 'pending';
  code?: string | undefined;
  at: Date;
}

/** The infrastructure services every deployment provides. */
export const coreServices = {
  clock: createServiceRef<Clock>('core.clock'),
  logger: createServiceRef<Logger>('core.logger'),
  municipality: createServiceRef<Municipality>('core.municipality'),
  grants: createServiceRef<GrantLookup>('core.grants'),
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
