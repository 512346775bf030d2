import {
  type Clock,
  type ConsultationAudit,
  coreServices,
  createServiceFactory,
  createServiceRef,
  DAY,
  SmartLoketError,
  TransientSourceError,
} from '@smartloket/core';
import { type MagdaClient, magdaClientRef } from '@smartloket/source-magda';
import type { ServiceKey } from './manifest.js';

/** One regulated activity of model 596.1 (GeefTypesUittrekselStrafregister). */
export interface Activity {
  /** The TypeUittreksel to ask for, e.g. `596.1-02`. */
  code: string;
  description: string;
}

/** Where a person lives, as far as the rules need it. */
export interface Residence {
  /** NIS code of the municipality of the current main residence (absent: abroad or none). */
  nisCode?: string | undefined;
  deceased: boolean;
}

/** Facts the rules need before a request exists. Every MAGDA call is in the consultation audit. */
export interface StrafregisterLookup {
  /** The 596.1 activities, cached per language and refreshed daily (on the injected clock). */
  activities(language: 'nl' | 'fr' | 'de'): Promise<Activity[]>;
  /** The person's current main residence (GeefPersoon). */
  residenceOf(insz: string): Promise<Residence>;
}

export const strafregisterLookupRef = createServiceRef<StrafregisterLookup>('strafregister.lookup');

/** Creates the lookup. `legalBasis` is what the audit records for each call. */
export function createStrafregisterLookup(deps: {
  magda: MagdaClient;
  audit: ConsultationAudit;
  clock: Clock;
  legalBasis: Record<ServiceKey, string>;
  /** How long the list of activities is kept. Default one day. */
  typesTtlMs?: number;
}): StrafregisterLookup {
  const ttl = deps.typesTtlMs ?? DAY;
  const cache = new Map<string, { at: number; list: Activity[] }>();

  async function audited<T>(
    service: ServiceKey,
    subjectId: string | undefined,
    purpose: string,
    call: (referte: string) => Promise<T>,
  ): Promise<T> {
    const referte = crypto.randomUUID();
    const id = await deps.audit.started({
      pluginId: 'strafregister',
      service,
      legalBasis: deps.legalBasis[service],
      purpose,
      referte,
      subjectId,
      actor: { type: 'system', id: 'strafregister.authorisation' },
      at: deps.clock.now(),
    });
    try {
      const result = await call(referte);
      await deps.audit.finished(id, { outcome: 'ok', at: deps.clock.now() });
      return result;
    } catch (error) {
      const code = error instanceof SmartLoketError ? error.code : undefined;
      const outcome =
        error instanceof TransientSourceError
          ? 'transient_error'
          : (error as { outcome?: string }).outcome === 'not_found'
            ? 'not_found'
            : 'refused';
      await deps.audit.finished(id, { outcome, code, at: deps.clock.now() });
      throw error;
    }
  }

  return {
    async activities(language) {
      const now = deps.clock.now().getTime();
      const hit = cache.get(language);
      if (hit && now - hit.at < ttl) return hit.list;
      try {
        const r = await audited(
          'magda:GeefTypesUittrekselStrafregister-02.00',
          undefined,
          'activity-list',
          (referte) => deps.magda.geefTypesUittrekselStrafregister({ taal: language }, { referte }),
        );
        const list = r.types
          .filter((t) => t.code.startsWith('596.1-'))
          .map((t) => ({ code: t.code, description: t.omschrijving ?? t.code }));
        cache.set(language, { at: now, list });
        return list;
      } catch (error) {
        // The Strafregister is unreachable: a stale list is better than none.
        if (hit) return hit.list;
        throw error;
      }
    },
    async residenceOf(insz) {
      const r = await audited('magda:GeefPersoon-02.02', insz, 'residence-check', (referte) =>
        deps.magda.geefPersoon({ insz }, { referte }),
      );
      const p = r.persoon;
      return { nisCode: p.hoofdverblijfplaats?.nisGemeente, deceased: !!p.overlijden };
    },
  };
}

/** The lookup as a kernel service. */
export function lookupService(legalBasis: Record<ServiceKey, string>, typesTtlMs?: number) {
  return createServiceFactory({
    ref: strafregisterLookupRef,
    deps: { magda: magdaClientRef, audit: coreServices.consultationAudit, clock: coreServices.clock },
    factory: (d) => createStrafregisterLookup({ ...d, legalBasis, ...(typesTtlMs ? { typesTtlMs } : {}) }),
  });
}
