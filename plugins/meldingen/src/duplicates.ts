/**
 * Duplicates and feedback rules: which open reports a reporter is shown before filing (same
 * main category, within the configured radius) and when a closed report may be reopened.
 */
import { type RequestState, TERMINAL_STATES } from '@smartloket/core';
import { distanceMetres, type Lambert72Point, type ReportLocation } from './geo.js';

/** The default radius within which open reports of the same category are shown, in metres. */
export const DEFAULT_DUPLICATE_RADIUS_METRES = 50;

/** What the duplicate check needs of an existing report. */
export interface ReportSummary {
  /** The request id. */
  id: string;
  /** The main category (the report type's category). */
  categoryId: string;
  /** The sub-category, when it has one. */
  subCategoryId?: string | null | undefined;
  /** The request's state; a report in a terminal state is not open. */
  state: RequestState;
  location: ReportLocation;
  /** When it was filed (ISO 8601 or a Date). */
  createdAt: string | Date;
}

/** A nearby open report with its distance. */
export interface NearbyReport<R extends ReportSummary = ReportSummary> {
  report: R;
  /** Metres between the two points (Lambert 72 plane distance), rounded to the metre. */
  distanceMetres: number;
}

/** True while a report is open: not resolved, refused, cancelled or otherwise finished. */
export function isOpenReport(state: RequestState): boolean {
  return !TERMINAL_STATES.includes(state);
}

/**
 * The open reports of the same main category whose point lies within `radiusMetres` of `point`
 * (the boundary counts as within), nearest first; equal distances keep the newest first. A
 * sub-category does not narrow the search: a lamp "out" and a lamp "flickering" at one pole are
 * one problem to the team.
 */
export function nearbyOpenReports<R extends ReportSummary>(
  reports: readonly R[],
  query: { categoryId: string; point: Lambert72Point; radiusMetres: number },
): NearbyReport<R>[] {
  if (!(query.radiusMetres >= 0)) throw new RangeError('radiusMetres must be zero or more');
  const found: NearbyReport<R>[] = [];
  for (const report of reports) {
    if (report.categoryId !== query.categoryId || !isOpenReport(report.state)) continue;
    const d = distanceMetres(report.location.lambert72, query.point);
    if (d <= query.radiusMetres) found.push({ report, distanceMetres: Math.round(d) });
  }
  const time = (r: ReportSummary) => new Date(r.createdAt).getTime();
  return found.sort((a, b) => a.distanceMetres - b.distanceMetres || time(b.report) - time(a.report));
}

/**
 * The Lambert 72 box around a point, for a database query that narrows the candidates before
 * {@link nearbyOpenReports} measures them: `x BETWEEN minX AND maxX AND y BETWEEN minY AND maxY`.
 */
export function boundingBox(
  point: Lambert72Point,
  radiusMetres: number,
): { minX: number; maxX: number; minY: number; maxY: number } {
  return {
    minX: point.x - radiusMetres,
    maxX: point.x + radiusMetres,
    minY: point.y - radiusMetres,
    maxY: point.y + radiusMetres,
  };
}

/** How long after closing a reporter may reopen a report. */
export const REOPEN_DAYS = 14;

/** Why a report can or cannot be reopened. */
export type ReopenVerdict =
  | { ok: true; until: Date }
  | { ok: false; reason: 'not_closed' | 'already_reopened' | 'too_late' };

/**
 * A closed report (resolved) may be reopened once, within {@link REOPEN_DAYS} days of closing,
 * when the reporter says the problem is not fixed. A refused report is not reopened: the reporter
 * files a new one.
 */
export function mayReopen(
  report: { state: RequestState; closedAt: string | Date | null | undefined; reopenedCount: number },
  now: Date,
): ReopenVerdict {
  if (report.state !== 'resolved' || !report.closedAt) return { ok: false, reason: 'not_closed' };
  if (report.reopenedCount >= 1) return { ok: false, reason: 'already_reopened' };
  const until = new Date(new Date(report.closedAt).getTime() + REOPEN_DAYS * 24 * 60 * 60 * 1000);
  if (now.getTime() > until.getTime()) return { ok: false, reason: 'too_late' };
  return { ok: true, until };
}
