import type { Locale, LocalizedText } from './i18n.js';
import type { Requester } from './identity.js';
import type { RequestState } from './lifecycle.js';

/**
 * Reports about public space with a place (decision 1501): what a report type adds to filing.
 * The runtime stores what {@link ReportHandling.file} returns in the transaction that files the
 * request (the place, the team it is routed to, the due date from the handling time, the
 * re-encoded photos), so every way of filing (portal, confirmed anonymous report, API) does it.
 */

/** A main or sub-category of reports as the municipality manages it in the back-office. */
export interface ReportCategoryData {
  id: string;
  /** The main category of a sub-category; null for a main category. */
  parentId: string | null;
  name: { nl: string; fr: string; en: string };
  teamId: string | null;
  /** Expected handling time in working days; null: the main category's, else the type's lead time. */
  handlingDays: number | null;
  anonymousAllowed: boolean;
  standardAnswers: { id: string; title: string; text: { nl: string; fr: string; en: string } }[];
  active: boolean;
}

/** What {@link ReportHandling.file} gets. */
export interface ReportFilingContext {
  typeId: string;
  /** The validated, normalised answers. */
  form: Record<string, unknown>;
  requester: Requester;
  locale: Locale;
  now: Date;
  /** The categories stored in the back-office (empty when none were saved yet). */
  categories: readonly ReportCategoryData[];
  /** The bytes of an upload a file field refers to, or undefined. */
  readUpload(uploadId: string): Promise<Uint8Array | undefined>;
}

/** A place in Belgian Lambert 72 (EPSG:31370, metres) and WGS84 (degrees). */
export interface ReportPlaceData {
  x: number;
  y: number;
  lat: number;
  lon: number;
  /** The address as the register writes it, or what the reporter typed. */
  address: string | null;
}

/** A photo re-encoded for storage (no metadata of the original survives). */
export interface ReportPhotoData {
  /** The file field it was uploaded in. */
  field: string;
  /** The upload it replaces: its bytes become {@link ReportPhotoData.bytes}. */
  uploadId: string;
  bytes: Uint8Array;
  thumbnail: Uint8Array;
  mediaType: string;
  width: number;
  height: number;
}

/** An existing report the nearby search measures. */
export interface ReportNearbyCandidate {
  requestId: string;
  categoryId: string;
  state: RequestState | string;
  /** Lambert 72, metres. */
  x: number;
  y: number;
  createdAt: Date;
}

/** What a report type makes of a submitted report. */
export interface PreparedReport {
  /** The main category. */
  categoryId: string;
  subCategoryId: string | null;
  /** The team the category routes it to; null: the team of the report type. */
  teamId: string | null;
  /** The (sub-)category's handling time in working days; null: the type's lead time. */
  handlingDays: number | null;
  /** Whether a report without login is accepted for this (sub-)category now. */
  anonymousAllowed: boolean;
  /** Null when the reporter gave neither a point nor an address the register found. */
  place: ReportPlaceData | null;
  photos: ReportPhotoData[];
}

/**
 * A report type's filing: reads the place from the answers, routes by (sub-)category and
 * re-encodes the photos. Throws a `ValidationError` (field issues) for a photo that is not an
 * image or a point outside the municipality: nothing is stored.
 */
export interface ReportHandling {
  file(ctx: ReportFilingContext): Promise<PreparedReport>;
  /**
   * The place a set of answers points to (raw values, as the portal's draft holds them), for the
   * nearby open reports shown before filing; undefined when there is none yet.
   */
  place(values: Record<string, unknown>): ReportPlaceData | undefined;
  /** Open reports of the same category within this many metres are shown before filing. */
  duplicateRadiusMetres: number;
  /**
   * Of the candidates (the database's box around the place), the open reports of the type's
   * category within {@link ReportHandling.duplicateRadiusMetres}, nearest first.
   */
  nearby<R extends ReportNearbyCandidate>(
    place: ReportPlaceData,
    candidates: readonly R[],
  ): { report: R; distanceMetres: number }[];
  /** The main category of the type. */
  categoryId: string;
  /**
   * Whether the reporter may reopen a closed report now ("niet opgelost"): once, within a
   * number of days of closing; `until` is the last moment.
   */
  mayReopen(
    report: { state: RequestState | string; closedAt: Date | null; reopenedCount: number },
    now: Date,
  ): { ok: true; until: Date } | { ok: false; reason: 'not_closed' | 'already_reopened' | 'too_late' };
}

/** Refusal of a reopening that the rule does not allow (the button is not shown then). */
export const REOPEN_REFUSED: LocalizedText = {
  nl: 'Deze melding kan niet meer heropend worden. Is het probleem er nog? Doe dan een nieuwe melding.',
  fr: 'Ce signalement ne peut plus être rouvert. Le problème persiste ? Faites alors un nouveau signalement.',
  en: 'This report can no longer be reopened. Is the problem still there? Then make a new report.',
};

/** Refusal of a report without login where the category does not accept it. */
export const LOGIN_REQUIRED_FOR_REPORT: LocalizedText = {
  nl: 'Voor deze categorie kunt u alleen een melding doen als u zich aanmeldt.',
  fr: 'Pour cette catégorie, vous ne pouvez faire un signalement qu’en vous connectant.',
  en: 'For this category you can only report when logged in.',
};
