import {
  addCalendarDays,
  addMonths,
  brusselsDay,
  type Kernel,
  type LocalizedText,
  type RequestTypeDefinition,
  startOfBrusselsDay,
} from '@smartloket/core';
import type { Database, RetentionTerms, TypeRetentionTerms } from '@smartloket/db';
import type { DeploymentConfig } from './config.js';

/** The deployment's terms a request type may replace (`retention` in the deployment config). */
export type GlobalTypeTerms = Pick<DeploymentConfig['retention'], 'documentMonths' | 'formDataDays'>;

/** The terms applied to one request type, and whether they differ from the deployment's. */
export interface AppliedTypeTerms {
  typeId: string;
  title: LocalizedText;
  documentMonths: number;
  formDataDays: number;
  /** True when either term differs from the deployment's global term. */
  differs: boolean;
  /**
   * Documents stay as long as they are valid (`retention.documentLifetime: 'validity'`), at least
   * `documentMonths`.
   */
  documentsFollowValidity: boolean;
}

/**
 * How long a delivered document of `def` stays online: the back-office's per-type setting
 * (`requestType.<id>.documentMonths`, set on the modules screen), else the request type's own
 * term, else the deployment's.
 */
export async function documentMonthsFor(
  db: Database,
  def: RequestTypeDefinition,
  globalMonths: number,
): Promise<number> {
  const configured = await db.settings.get<unknown>(`requestType.${def.id}.documentMonths`);
  if (typeof configured === 'number' && Number.isInteger(configured) && configured > 0) return configured;
  return def.retention.documentMonths ?? globalMonths;
}

/**
 * When a document of `def` delivered at `now` stops being downloadable (its `expiresAt`, which the
 * retention purge honours): with `retention.documentLifetime: 'validity'` and a `validUntil`, the
 * end of that day in Brussels (never before the term would have ended); else
 * {@link documentMonthsFor} months after delivery.
 */
export async function documentExpiry(
  db: Database,
  def: RequestTypeDefinition,
  globalMonths: number,
  now: Date,
  validUntil?: Date,
): Promise<Date> {
  const byTerm = addMonths(now, await documentMonthsFor(db, def, globalMonths));
  if (def.retention.documentLifetime !== 'validity' || !validUntil) return byTerm;
  // The last millisecond of that day, so "downloadable until" prints the last valid day itself.
  const endOfValidity = new Date(
    startOfBrusselsDay(addCalendarDays(brusselsDay(validUntil), 1)).getTime() - 1,
  );
  return endOfValidity.getTime() > byTerm.getTime() ? endOfValidity : byTerm;
}

/**
 * The terms actually applied to every request type of the enabled plugins: what the purge uses
 * and what the privacy statement shows. Form data (and the uploads attached to it): the type's
 * own `retention.formDataDays`, else the deployment's; documents: see {@link documentMonthsFor}.
 */
export async function appliedTypeTerms(
  kernel: Kernel,
  db: Database,
  global: GlobalTypeTerms,
): Promise<AppliedTypeTerms[]> {
  const out: AppliedTypeTerms[] = [];
  for (const { definition: def } of kernel.requestTypes()) {
    const documentMonths = await documentMonthsFor(db, def, global.documentMonths);
    const formDataDays = def.retention.formDataDays ?? global.formDataDays;
    out.push({
      typeId: def.id,
      title: def.title,
      documentMonths,
      formDataDays,
      differs: documentMonths !== global.documentMonths || formDataDays !== global.formDataDays,
      documentsFollowValidity: def.retention.documentLifetime === 'validity',
    });
  }
  return out;
}

/** The purge's terms: the deployment's, with each request type's own where it differs. */
export async function purgeTerms(
  kernel: Kernel,
  db: Database,
  config: DeploymentConfig['retention'],
): Promise<RetentionTerms> {
  const byType: Record<string, TypeRetentionTerms> = {};
  for (const t of await appliedTypeTerms(kernel, db, config)) {
    if (!t.differs) continue;
    byType[t.typeId] = {
      // A document that follows its validity goes at its own expiresAt, not a term after delivery.
      ...(t.documentMonths !== config.documentMonths && !t.documentsFollowValidity
        ? { documentMonths: t.documentMonths }
        : {}),
      ...(t.formDataDays !== config.formDataDays ? { formDataDays: t.formDataDays } : {}),
    };
  }
  return { ...config, byType };
}
