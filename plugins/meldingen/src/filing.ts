/**
 * What a report type does when a report is filed (decision 1501): the place from the answers
 * (the map's point, else the address the register found), the routing by (sub-)category as the
 * back-office stores it (else as the plugin's options declare it) and the photos re-encoded
 * without their metadata. The runtime stores the result in the filing transaction.
 */
import {
  type FieldIssue,
  type PreparedReport,
  type ReportCategoryData,
  type ReportFilingContext,
  type ReportHandling,
  type ReportImageData,
  type ReportNearbyCandidate,
  type ReportPhotoData,
  type ReportPlaceData,
  type RequestState,
  ValidationError,
} from '@smartloket/core';
import type { Boundary } from './boundary.js';
import { type Category, routeReport } from './categories.js';
import { mayReopen, nearbyOpenReports } from './duplicates.js';
import { isLambert72InRange, locationFromLambert72, locationFromWgs84 } from './geo.js';
import { checkPhotoCount, MAX_PHOTOS, PhotoError, type ProcessedPhoto, processPhoto } from './photos.js';

/** A main category as the plugin's options declare it. */
export interface DeclaredCategory {
  id: string;
  name: { nl: string; fr: string; en: string };
  subCategories: { id: string; name: { nl: string; fr: string; en: string } }[];
  anonymousAllowed: boolean;
}

/** `lat,lon` in WGS84 degrees, as the map writes it into the location field. */
const LAT_LON = /^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$/;
/** `x,y` in Lambert 72 metres, the value of the register's address choice. */
const X_Y = /^\s*(\d{4,6}(?:\.\d+)?)\s*,\s*(\d{4,6}(?:\.\d+)?)\s*$/;

/** Reads the location field's value. */
export function parseLatLon(value: string): { lat: number; lon: number } | undefined {
  const m = LAT_LON.exec(value);
  if (!m) return undefined;
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : undefined;
}

/** Reads the address choice's value (`x,y`, Lambert 72). */
export function parseLambert72(value: string): { x: number; y: number } | undefined {
  const m = X_Y.exec(value);
  if (!m) return undefined;
  const p = { x: Number(m[1]), y: Number(m[2]) };
  return isLambert72InRange(p) ? p : undefined;
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/**
 * The place of a report: the map's point (`location`, `lat,lon`) when the reporter set one, else
 * the register's address (`addressMatch`, `x,y`); inside the boundary, else none. The address is
 * what the reporter typed.
 */
export function placeOf(values: Record<string, unknown>, boundary: Boundary): ReportPlaceData | undefined {
  const address = str(values.address)?.slice(0, 300) ?? null;
  const point = str(values.location) ? parseLatLon(str(values.location)!) : undefined;
  const match = str(values.addressMatch) ? parseLambert72(str(values.addressMatch)!) : undefined;
  const location = point ? locationFromWgs84(point) : match ? locationFromLambert72(match) : undefined;
  if (!location || !boundary.contains(location.wgs84)) return undefined;
  return {
    x: location.lambert72.x,
    y: location.lambert72.y,
    lat: location.wgs84.lat,
    lon: location.wgs84.lon,
    address,
  };
}

/**
 * The categories routing reads: the stored ones, and the declared main category (with its
 * sub-categories) when the back-office has not stored it yet.
 */
export function effectiveCategories(
  stored: readonly ReportCategoryData[],
  declared: DeclaredCategory,
): Category[] {
  const list: Category[] = stored.map((c) => ({ ...c }));
  const has = (id: string) => list.some((c) => c.id === id);
  if (!has(declared.id)) {
    list.push({
      id: declared.id,
      parentId: null,
      name: declared.name,
      teamId: null,
      handlingDays: null,
      anonymousAllowed: declared.anonymousAllowed,
      standardAnswers: [],
      active: true,
    });
  }
  for (const s of declared.subCategories) {
    if (has(s.id)) continue;
    list.push({
      id: s.id,
      parentId: declared.id,
      name: s.name,
      teamId: null,
      handlingDays: null,
      anonymousAllowed: true,
      standardAnswers: [],
      active: true,
    });
  }
  return list;
}

const CATEGORY_OFF = {
  nl: 'Deze categorie neemt nu geen meldingen aan. Kies een andere.',
  fr: "Cette catégorie n'accepte pas de signalements pour le moment. Choisissez-en une autre.",
  en: 'This category does not take reports right now. Choose another one.',
};

/** What is stored of a processed photo. */
function imageOf(p: ProcessedPhoto): ReportImageData {
  return { bytes: p.bytes, thumbnail: p.thumbnail, mediaType: p.mediaType, width: p.width, height: p.height };
}

/** Re-encodes the photos of the file fields `photo1`..`photo3`; a refused one is a field issue. */
async function photosOf(ctx: ReportFilingContext): Promise<ReportPhotoData[]> {
  const photos: ReportPhotoData[] = [];
  const issues: FieldIssue[] = [];
  for (let i = 1; i <= MAX_PHOTOS; i++) {
    const field = `photo${i}`;
    const uploadId = (ctx.form[field] as { uploadId?: unknown } | undefined)?.uploadId;
    if (typeof uploadId !== 'string') continue;
    const bytes = await ctx.readUpload(uploadId);
    if (!bytes) continue;
    try {
      photos.push({ field, uploadId, ...imageOf(await processPhoto(bytes)) });
    } catch (error) {
      if (!(error instanceof PhotoError)) throw error;
      issues.push({ path: field, code: error.code, message: error.userMessage });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return photos;
}

/**
 * Re-encodes the photos of a clerk's answer (at most {@link MAX_PHOTOS}); a refused one is an
 * issue on the field `photos`, and none is kept.
 */
export async function answerPhotos(files: readonly Uint8Array[]): Promise<ReportImageData[]> {
  const out: ReportImageData[] = [];
  try {
    checkPhotoCount(files.length);
    for (const file of files) out.push(imageOf(await processPhoto(file)));
  } catch (error) {
    if (!(error instanceof PhotoError)) throw error;
    throw new ValidationError([{ path: 'photos', code: error.code, message: error.userMessage }]);
  }
  return out;
}

/** The filing of one main category's report type. */
export function reportHandling(
  declared: DeclaredCategory,
  boundary: Boundary,
  duplicateRadiusMetres: number,
): ReportHandling {
  return {
    categoryId: declared.id,
    duplicateRadiusMetres,
    place: (values) => placeOf(values, boundary),
    mayReopen: (report, now) => mayReopen({ ...report, state: report.state as RequestState }, now),
    processAnswerPhotos: answerPhotos,
    nearby<R extends ReportNearbyCandidate>(place: ReportPlaceData, candidates: readonly R[]) {
      const summaries = candidates.map((report) => ({
        id: report.requestId,
        categoryId: report.categoryId,
        state: report.state as RequestState,
        location: locationFromLambert72({ x: report.x, y: report.y }),
        createdAt: report.createdAt,
        report,
      }));
      return nearbyOpenReports(summaries, {
        categoryId: declared.id,
        point: { x: place.x, y: place.y },
        radiusMetres: duplicateRadiusMetres,
      }).map((n) => ({ report: n.report.report, distanceMetres: n.distanceMetres }));
    },
    async file(ctx): Promise<PreparedReport> {
      const subId = str(ctx.form.subCategory) ?? null;
      const categories = effectiveCategories(ctx.categories, declared);
      const routing = routeReport(categories, declared.id, subId);
      if (!routing) {
        throw new ValidationError([
          { path: subId ? 'subCategory' : 'description', code: 'category.off', message: CATEGORY_OFF },
        ]);
      }
      const photos = await photosOf(ctx);
      return {
        categoryId: routing.mainId,
        subCategoryId: routing.subId,
        teamId: routing.teamId,
        // Only a handling time the (sub-)category sets; else the type's lead time applies.
        handlingDays:
          categories.find((c) => c.id === routing.subId && c.parentId === routing.mainId)?.handlingDays ??
          categories.find((c) => c.id === routing.mainId && c.parentId === null)?.handlingDays ??
          null,
        anonymousAllowed: routing.anonymousAllowed,
        place: placeOf(ctx.form, boundary) ?? null,
        photos,
      };
    },
  };
}
