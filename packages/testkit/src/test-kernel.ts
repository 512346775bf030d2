import {
  type ConsultationAudit,
  type ConsultationOutcome,
  type ConsultationStart,
  coreServices,
  createServiceFactory,
  type GrantLookup,
  Kernel,
  legalRepresentationRef,
  ManualClock,
  type PluginEntry,
  type ServiceFactory,
  silentLogger,
} from '@smartloket/core';
import { DEMO_MUNICIPALITY } from '@smartloket/dev-population';
import { FAKE_RELATIONS } from './identities.js';

/** Consultation audit records kept in memory, for assertions. */
export class InMemoryConsultationAudit implements ConsultationAudit {
  readonly records: ({ id: string } & ConsultationStart & { outcome?: ConsultationOutcome })[] = [];
  async started(record: ConsultationStart): Promise<string> {
    const id = crypto.randomUUID();
    this.records.push({ id, ...record });
    return id;
  }
  async finished(id: string, outcome: ConsultationOutcome): Promise<void> {
    const record = this.records.find((r) => r.id === id);
    if (record) record.outcome = outcome;
  }
}

/** Organisation grants kept in memory. */
export class InMemoryGrants implements GrantLookup {
  readonly grants: {
    id: string;
    kbo: string;
    requestTypeId: string;
    validFrom: Date;
    validUntil: Date | null;
  }[] = [];
  add(kbo: string, requestTypeId: string, validFrom: Date, validUntil: Date | null = null): this {
    this.grants.push({ id: crypto.randomUUID(), kbo, requestTypeId, validFrom, validUntil });
    return this;
  }
  async findActive(kbo: string, requestTypeId: string, at: Date) {
    const g = this.grants.find(
      (x) =>
        x.kbo === kbo &&
        x.requestTypeId === requestTypeId &&
        x.validFrom <= at &&
        (!x.validUntil || x.validUntil > at),
    );
    return g ? { id: g.id, validUntil: g.validUntil } : undefined;
  }
}

/** What {@link createTestKernel} returns. */
export interface TestKernel {
  /** The started kernel: `authorise`, `consultFor`, `requestTypes()`, ... */
  kernel: Kernel;
  /** The kernel's clock; `clock.advance(ms)` moves time. */
  clock: ManualClock;
  /** Every consultation (`ctx.consult`) the plugin made, with its outcome. */
  audit: InMemoryConsultationAudit;
  /** Organisation grants: `grants.add(kbo, typeId, from, until?)`. */
  grants: InMemoryGrants;
}

/** Options of {@link createTestKernel}. */
export interface TestKernelOptions {
  plugins: PluginEntry[];
  /** Extra or replacing services (a later entry replaces an earlier one for the same ref). */
  services?: ServiceFactory<any, any>[];
  /** Default: a ManualClock at 2026-03-02T09:00Z; move it with `clock.advance(ms)`. */
  clock?: ManualClock;
  /**
   * Who legally represents whom (INSZ pairs). Default: the fake parent and child of
   * {@link FAKE_RELATIONS}; `[]` for nobody.
   */
  legalRepresentatives?: [representativeInsz: string, childInsz: string][];
}

/** The fake parent represents the fake child. */
export const DEFAULT_LEGAL_REPRESENTATIVES: [string, string][] = [
  [FAKE_RELATIONS.parent, FAKE_RELATIONS.child],
];

/**
 * A started kernel with in-memory core services (clock, audit, grants, municipality, logger,
 * legal representation) and no database: for unit tests of plugins, rules and sources.
 * `services` replace the defaults.
 */
export async function createTestKernel(options: TestKernelOptions): Promise<TestKernel> {
  const clock = options.clock ?? new ManualClock('2026-03-02T09:00:00.000Z');
  const audit = new InMemoryConsultationAudit();
  const grants = new InMemoryGrants();
  const reps = options.legalRepresentatives ?? DEFAULT_LEGAL_REPRESENTATIVES;
  const kernel = new Kernel({
    plugins: options.plugins,
    services: [
      createServiceFactory({ ref: coreServices.clock, factory: () => clock }),
      createServiceFactory({ ref: coreServices.logger, factory: () => silentLogger }),
      createServiceFactory({
        ref: coreServices.municipality,
        factory: () => ({ ...DEMO_MUNICIPALITY, baseUrl: 'http://localhost:3000' }),
      }),
      createServiceFactory({ ref: coreServices.grants, factory: () => grants }),
      createServiceFactory({ ref: coreServices.consultationAudit, factory: () => audit }),
      createServiceFactory({
        ref: legalRepresentationRef,
        factory: () => ({
          isLegalRepresentative: async (rep: string, child: string) =>
            reps.some(([r, c]) => r === rep && c === child),
        }),
      }),
      ...(options.services ?? []),
    ],
  });
  await kernel.start();
  return { kernel, clock, audit, grants };
}
