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

export interface TestKernel {
  kernel: Kernel;
  clock: ManualClock;
  audit: InMemoryConsultationAudit;
  grants: InMemoryGrants;
}

/**
 * A started kernel with in-memory core services (clock, audit, grants, municipality, logger) and
 * no database: for unit tests of plugins, rules and sources. `services` replace the defaults.
 */
export async function createTestKernel(options: {
  plugins: PluginEntry[];
  services?: ServiceFactory<any, any>[];
  clock?: ManualClock;
  legalRepresentatives?: [representativeInsz: string, childInsz: string][];
}): Promise<TestKernel> {
  const clock = options.clock ?? new ManualClock('2026-03-02T09:00:00.000Z');
  const audit = new InMemoryConsultationAudit();
  const grants = new InMemoryGrants();
  const reps = options.legalRepresentatives ?? [];
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
