import { type ReportImageData, ValidationError } from '@smartloket/core';
import type { RequestRecord } from '@smartloket/db';
import type { Request, Response } from 'express';
import { isMelding } from './backoffice-meldingen-routes.js';
import type { ServerContext } from './context.js';

/**
 * Photos on a clerk's answer to a report (issue 25): the answer form's `photos` files are
 * checked and re-encoded by the report type's `ReportHandling.processAnswerPhotos` (the
 * meldingen plugin: type read from the bytes, EXIF and GPS removed) before the answer is
 * stored, and kept with the answer's `resolve` event so the reporter sees them under it.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The answer's photos, re-encoded; `refused` when the type refuses one of them (too many, not a
 * photo, too large). Empty when none was chosen or the request is not a report.
 */
export async function readAnswerPhotos(
  ctx: ServerContext,
  request: RequestRecord,
  req: Request,
): Promise<ReportImageData[] | 'refused'> {
  const files = (Array.isArray(req.files) ? req.files : []).filter(
    (f) => f.fieldname === 'photos' && f.size > 0,
  );
  if (files.length === 0) return [];
  const handling = ctx.deployment.kernel.requestType(request.typeId, request.typeVersion)?.definition.report;
  if (!handling || !isMelding(ctx, request)) return 'refused';
  try {
    return await handling.processAnswerPhotos(files.map((f) => new Uint8Array(f.buffer)));
  } catch (error) {
    if (error instanceof ValidationError) {
      ctx.deployment.logger.info('meldingen: answer photos refused', {
        requestId: request.id,
        codes: error.issues.map((i) => i.code).join(','),
      });
      return 'refused';
    }
    throw error;
  }
}

/** Stores the photos with the latest answer (`resolve` event) of the report. */
export async function storeAnswerPhotos(
  ctx: ServerContext,
  requestId: string,
  photos: readonly ReportImageData[],
): Promise<void> {
  if (photos.length === 0) return;
  const db = ctx.deployment.db;
  const answer = (await db.events.list(requestId)).filter((e) => e.type === 'resolve').at(-1);
  if (!answer) return;
  for (const p of photos) await db.meldingen.addPhoto({ requestId, eventId: answer.id, ...p });
}

/** The photos of the report's answers (not the reporter's own), for the reporter's page. */
export async function answerPhotosOf(
  ctx: ServerContext,
  request: RequestRecord,
): Promise<{ id: string; eventId: string }[]> {
  if (request.kind !== 'report' || !isMelding(ctx, request)) return [];
  return (await ctx.deployment.db.meldingen.photos(request.id)).flatMap((p) =>
    p.eventId ? [{ id: p.id, eventId: p.eventId }] : [],
  );
}

/**
 * Sends an answer photo (or its thumbnail) of a report the caller may see; false when there is
 * no such answer photo on this report (the caller answers 404).
 */
export async function sendAnswerPhoto(
  ctx: ServerContext,
  res: Response,
  request: RequestRecord,
  photoId: string,
  which: 'photo' | 'thumbnail',
): Promise<boolean> {
  if (!UUID.test(photoId)) return false;
  if (!(await answerPhotosOf(ctx, request)).some((p) => p.id === photoId)) return false;
  const photo = await ctx.deployment.db.meldingen.photoBytes(request.id, photoId, which);
  if (!photo) return false;
  res.set('Cache-Control', 'private, no-store');
  res.type(photo.mediaType === 'image/jpeg' ? 'image/jpeg' : 'application/octet-stream');
  res.send(photo.bytes);
  return true;
}
