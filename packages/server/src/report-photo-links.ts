import { handoffsOf, type Plugin } from '@smartloket/core';
import type { Router } from 'express';
import type { ServerContext } from './context.js';

/** What a hand-off that hands out photo links offers to check them (see the meldingen plugin's `workOrderHandoff`). */
interface PhotoLinkVerifier {
  verify(
    input: { requestId: string; photoId: string; expires: number; signature: string },
    now: Date,
  ): boolean;
}

/** Served with their own type (photos are re-encoded as JPEG when a report is filed). */
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The photo-link checks of the enabled plugins' hand-offs. */
function verifiers(ctx: ServerContext): PhotoLinkVerifier[] {
  const out: PhotoLinkVerifier[] = [];
  for (const entry of ctx.deployment.config.plugins) {
    const plugin = ('plugin' in entry ? entry.plugin : entry) as Plugin<any>;
    if ('plugin' in entry && entry.enabled === false) continue;
    for (const h of handoffsOf(plugin)) {
      const links = (h as { photoLinks?: Partial<PhotoLinkVerifier> }).photoLinks;
      if (typeof links?.verify === 'function') out.push(links as PhotoLinkVerifier);
    }
  }
  return out;
}

/**
 * Signed, expiring photo links of a report (decision 1502), for the work-order system a hand-off
 * forwarded the report to: no session, the signature binds request, photo and expiry. Only a
 * photo attached to that report is served; anything else is the portal's 404.
 */
export function mountReportPhotoLinkRoutes(router: Router, ctx: ServerContext): void {
  const checks = verifiers(ctx);
  if (checks.length === 0) return;
  const db = ctx.deployment.db;
  router.get('/meldingen/photos/:requestId/:photoId', async (req, res, next) => {
    try {
      const requestId = String(req.params.requestId);
      const photoId = String(req.params.photoId);
      const expires = Number(req.query.expires);
      const signature = typeof req.query.signature === 'string' ? req.query.signature.slice(0, 200) : '';
      if (!UUID.test(requestId) || !UUID.test(photoId)) return next();
      const now = ctx.deployment.clock.now();
      if (!checks.some((c) => c.verify({ requestId, photoId, expires, signature }, now))) return next();
      const upload = await db.uploads.get(photoId);
      if (!upload || upload.requestId !== requestId || !upload.mediaType.startsWith('image/')) return next();
      const bytes = await db.uploads.readBytes(photoId);
      if (!bytes) return next();
      res.set('Cache-Control', 'private, no-store').set('X-Robots-Tag', 'noindex');
      res.type(IMAGE_TYPES.has(upload.mediaType) ? upload.mediaType : 'application/octet-stream');
      res.send(bytes);
    } catch (error) {
      next(error);
    }
  });
}
