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
  /** The category's id (a main category's id is also in its report type's id). */
  id: string;
  /** The main category of a sub-category; null for a main category. */
  parentId: string | null;
  /** The name in the three portal languages. */
  name: ReportTexts;
  /** The team that handles its reports; null: the main category's, else the report type's team. */
  teamId: string | null;
  /** Expected handling time in working days; null: the main category's, else the type's lead time. */
  handlingDays: number | null;
  /** Whether a report without login is accepted in this category. */
  anonymousAllowed: boolean;
  /** The texts a clerk picks from when answering or closing a report of this category. */
  standardAnswers: ReportStandardAnswer[];
  /** False for a category the municipality retired: no new reports, the old ones keep it. */
  active: boolean;
}

/** A text in the three portal languages. */
export interface ReportTexts {
  /** Dutch. */
  nl: string;
  /** French. */
  fr: string;
  /** English. */
  en: string;
}

/** A standard answer of a category. */
export interface ReportStandardAnswer {
  /** Its id within the category. */
  id: string;
  /** How clerks find it in the list (not sent). */
  title: string;
  /** The answer sent to the reporter, in the reporter's language. */
  text: ReportTexts;
}

/** What {@link ReportHandling.file} gets. */
export interface ReportFilingContext {
  /** The report type being filed. */
  typeId: string;
  /** The validated, normalised answers. */
  form: Record<string, unknown>;
  /** Who files it (anonymous for a report without login). */
  requester: Requester;
  /** The reporter's language. */
  locale: Locale;
  /** The moment of filing (the deployment's clock). */
  now: Date;
  /** The categories stored in the back-office (empty when none were saved yet). */
  categories: readonly ReportCategoryData[];
  /** The bytes of an upload a file field refers to, or undefined. */
  readUpload(uploadId: string): Promise<Uint8Array | undefined>;
}

/** A place in Belgian Lambert 72 (EPSG:31370, metres) and WGS84 (degrees). */
export interface ReportPlaceData {
  /** Lambert 72 easting, metres. */
  x: number;
  /** Lambert 72 northing, metres. */
  y: number;
  /** WGS84 latitude, degrees. */
  lat: number;
  /** WGS84 longitude, degrees. */
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
  /** The re-encoded image, without EXIF or GPS. */
  bytes: Uint8Array;
  /** A small version for the back-office's lists. */
  thumbnail: Uint8Array;
  /** The media type of {@link ReportPhotoData.bytes}, read from the content. */
  mediaType: string;
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
}

/** An existing report the nearby search measures. */
export interface ReportNearbyCandidate {
  /** The report's request id. */
  requestId: string;
  /** Its main category. */
  categoryId: string;
  /** Its state (only open reports are shown). */
  state: RequestState | string;
  /** Lambert 72 easting, metres. */
  x: number;
  /** Lambert 72 northing, metres. */
  y: number;
  /** When it was filed. */
  createdAt: Date;
}

/** What a report type makes of a submitted report. */
export interface PreparedReport {
  /** The main category. */
  categoryId: string;
  /** The sub-category, when the reporter chose one. */
  subCategoryId: string | null;
  /** The team the category routes it to; null: the team of the report type. */
  teamId: string | null;
  /** The (sub-)category's handling time in working days; null: the type's lead time. */
  handlingDays: number | null;
  /** Whether a report without login is accepted for this (sub-)category now. */
  anonymousAllowed: boolean;
  /** Null when the reporter gave neither a point nor an address the register found. */
  place: ReportPlaceData | null;
  /** The photos, re-encoded (at most three). */
  photos: ReportPhotoData[];
}

/**
 * A report type's filing: reads the place from the answers, routes by (sub-)category and
 * re-encodes the photos. Throws a `ValidationError` (field issues) for a photo that is not an
 * image or a point outside the municipality: nothing is stored.
 */
export interface ReportHandling {
  /** Makes the stored report of the answers (see above); throws a `ValidationError` on bad input. */
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
  ): ReportNearby<R>[];
  /** The main category of the type. */
  categoryId: string;
  /**
   * Whether the reporter may reopen a closed report now ("niet opgelost"): once, within a
   * number of days of closing; `until` is the last moment.
   */
  mayReopen(
    report: { state: RequestState | string; closedAt: Date | null; reopenedCount: number },
    now: Date,
  ): ReopenAllowed | ReopenRefused;
  /**
   * Checks and re-encodes the photos a clerk adds to an answer (the type read from the bytes,
   * EXIF with its GPS position removed, a thumbnail made), in the order given. Throws a
   * `ValidationError` with a translated message for too many photos or a file that is not an
   * accepted photo; then nothing is stored.
   */
  processAnswerPhotos(photos: readonly Uint8Array[]): Promise<ReportImageData[]>;
}

/** A photo of an answer, re-encoded for storage (no metadata of the original survives). */
export interface ReportImageData {
  /** The re-encoded image, without EXIF or GPS. */
  bytes: Uint8Array;
  /** A small version for lists and the answer's thumbnails. */
  thumbnail: Uint8Array;
  /** The media type of {@link ReportImageData.bytes}, read from the content. */
  mediaType: string;
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
}

/** An open report near the place, with its distance. */
export interface ReportNearby<R extends ReportNearbyCandidate = ReportNearbyCandidate> {
  /** The candidate. */
  report: R;
  /** Its distance to the place, metres. */
  distanceMetres: number;
}

/** The reporter may reopen the report. */
export interface ReopenAllowed {
  /** Allowed. */
  ok: true;
  /** The last moment to reopen it. */
  until: Date;
}

/** The reporter may not reopen the report. */
export interface ReopenRefused {
  /** Refused. */
  ok: false;
  /** Not closed yet, reopened once already, or closed too long ago. */
  reason: 'not_closed' | 'already_reopened' | 'too_late';
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
