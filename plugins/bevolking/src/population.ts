import {
  type Clock,
  type ConsultationAudit,
  coreServices,
  createServiceFactory,
  createServiceRef,
  type LegalRepresentationLookup,
  legalRepresentationRef,
  SmartLoketError,
  TransientSourceError,
} from '@smartloket/core';
import { type MagdaClient, magdaClientRef } from '@smartloket/source-magda';
import type { ServiceKey } from './manifest.js';

/** A member of a household, as the Rijksregister lists it. */
export interface HouseholdMember {
  insz: string;
  /** MAGDA Positie code (01 reference person, 02 spouse, 03 child, 22 legal cohabitant, ...). */
  position?: string | undefined;
}

/**
 * Population facts the plugin's rules need before a request exists (at authorisation time).
 * Every lookup is a MAGDA consultation written to the consultation audit like the pipeline's.
 */
export interface PopulationLookup {
  /** INSZ numbers of the person's parents (GeefPersoon Afstammingen). */
  parentsOf(insz: string): Promise<string[]>;
  /** The person's current household (GeefGezinssamenstelling); empty when none. */
  householdOf(insz: string): Promise<HouseholdMember[]>;
}

export const populationLookupRef = createServiceRef<PopulationLookup>('bevolking.population');

const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

/** Parents' INSZ from GeefPersoon's raw Persoon node (`Afstammingen/Afstamming/Ouders/Ouder/INSZ`). */
export function parentsFromPersoon(raw: unknown): { known: boolean; parents: string[] } {
  const afstammingen = obj(raw).Afstammingen;
  if (afstammingen === undefined) return { known: false, parents: [] };
  const parents = list(obj(afstammingen).Afstamming).flatMap((a) =>
    list(obj(obj(a).Ouders).Ouder)
      .map((o) => str(obj(o).INSZ))
      .filter((x): x is string => !!x),
  );
  return { known: true, parents };
}

/**
 * Creates the lookup on a MAGDA client. `legalBasis` is what the audit records for each call.
 * Lookups are not cached: a decision must rest on the register as it is now.
 */
export function createPopulationLookup(deps: {
  magda: MagdaClient;
  audit: ConsultationAudit;
  clock: Clock;
  legalBasis: Record<ServiceKey, string>;
  pluginId?: string;
}): PopulationLookup & LegalRepresentationLookup {
  const pluginId = deps.pluginId ?? 'bevolking';
  async function audited<T>(
    service: ServiceKey,
    subjectId: string,
    purpose: string,
    call: (referte: string) => Promise<T>,
  ): Promise<T> {
    const referte = crypto.randomUUID();
    const id = await deps.audit.started({
      pluginId,
      service,
      legalBasis: deps.legalBasis[service],
      purpose,
      referte,
      subjectId,
      actor: { type: 'system', id: `${pluginId}.authorisation` },
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

  const lookup: PopulationLookup & LegalRepresentationLookup = {
    async parentsOf(insz) {
      const r = await audited('magda:GeefPersoon-02.02', insz, 'legal-representation', (referte) =>
        deps.magda.geefPersoon({ insz, opvragingenKSZ: { afstamming: true } }, { referte }),
      );
      const { known, parents } = parentsFromPersoon(r.persoon.raw);
      if (known) return parents;
      // The answer carries no descent: fall back to the household (the reference person of a child).
      const household = await lookup.householdOf(insz);
      const self = household.find((m) => m.insz === insz);
      const head = household.find((m) => m.position === '01');
      return self?.position === '03' && head ? [head.insz] : [];
    },
    async householdOf(insz) {
      try {
        const r = await audited('magda:GeefGezinssamenstelling-02.02', insz, 'household-check', (referte) =>
          deps.magda.geefGezinssamenstelling({ insz }, { referte }),
        );
        return r.gezinsleden.map((g) => ({ insz: g.insz, position: g.positie?.code }));
      } catch (error) {
        if ((error as { outcome?: string }).outcome === 'not_found') return [];
        throw error;
      }
    },
    async isLegalRepresentative(representativeInsz, childInsz) {
      try {
        return (await lookup.parentsOf(childInsz)).includes(representativeInsz);
      } catch (error) {
        // Unknown child or unavailable register: no automatic decision; the request goes to review.
        if (error instanceof SmartLoketError) return false;
        throw error;
      }
    },
  };
  return lookup;
}

/** Service factories: the population lookup, and core's legal-representation service on it. */
export function populationServices(legalBasis: Record<ServiceKey, string>) {
  const deps = {
    magda: magdaClientRef,
    audit: coreServices.consultationAudit,
    clock: coreServices.clock,
  };
  return [
    createServiceFactory({
      ref: populationLookupRef,
      deps,
      factory: (d) => createPopulationLookup({ ...d, legalBasis }),
    }),
    createServiceFactory({
      ref: legalRepresentationRef,
      deps,
      factory: (d) => createPopulationLookup({ ...d, legalBasis }),
    }),
  ];
}
