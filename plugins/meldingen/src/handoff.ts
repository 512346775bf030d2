/**
 * Hand-off of reports to a city's asset or work-order system (issue 25, decision 1502): a POST of
 * the report with its location in both coordinate systems and signed, expiring links to its
 * photos, through core's hand-off mechanism (one job per report and event, retried, recorded in
 * the report's history).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  defineHandoff,
  type HandoffDefinition,
  HandoffRejected,
  type HandoffTrigger,
} from '@smartloket/core';
import { parseLambert72, parseLatLon } from './filing.js';
import { locationFromLambert72, locationFromWgs84, type ReportLocation } from './geo.js';

/** Options of {@link workOrderHandoff}. */
export interface WorkOrderHandoffOptions {
  /** The hand-off's id (namespaced); default `meldingen.work-order`. */
  id?: string | undefined;
  /** Where the report is POSTed (https; any address the worker can reach, a private network too). */
  url: string;
  /** The environment variable holding the secret shared with the receiver (signs the body and the photo links). */
  secretEnv: string;
  /** The portal's public address, for the photo links (e.g. `https://loket.smartegem.be`). */
  baseUrl: string;
  /** The events that forward a report; default only `request.submitted`. */
  on?: readonly HandoffTrigger[] | undefined;
  /** Report types (or `meldingen.*`); default every category. */
  requestTypes?: readonly string[] | undefined;
  /** How long a photo link works, in days; default 7. */
  photoLinkDays?: number | undefined;
  /** Tries before it is given up; default 8 (the worker's exponential backoff between them). */
  maxAttempts?: number | undefined;
}

/** What the receiver gets (JSON), documented in the plugin README. */
export interface WorkOrderPayload {
  /** Stable per report and event: use it to drop a duplicate delivery. */
  id: string;
  type: HandoffTrigger;
  occurredAt: string;
  report: {
    id: string;
    reference: string;
    typeId: string;
    /** The main category's code (`verlichting`). */
    category: string;
    /** The sub-category's code, when the form asked one. */
    subCategory: string | null;
    description: string | null;
    /** What the reporter gave as address or description of the place. */
    address: string | null;
    /** The point (the map's, else the register's address), in WGS84 and Lambert 72; null when only described. */
    location: ReportLocation | null;
    /** Links to the photos (the uploads, re-encoded without EXIF when the report was filed), valid until `expiresAt`. */
    photos: { url: string; expiresAt: string }[];
  };
}

/** Checks a photo link the portal is asked to serve. */
export interface PhotoLinkVerifier {
  /** True when `signature` is this hand-off's for the photo of the request and `expires` (unix seconds) is not past. */
  verify(
    input: { requestId: string; photoId: string; expires: number; signature: string },
    now: Date,
  ): boolean;
}

/** A hand-off that also checks its own photo links (the portal looks for `photoLinks` on a plugin's hand-offs). */
export type WorkOrderHandoff = HandoffDefinition & { photoLinks: PhotoLinkVerifier };

/** The path the portal serves signed photo links on. */
export const PHOTO_LINK_PATH = '/meldingen/photos';

const sign = (secret: string, requestId: string, photoId: string, expires: number) =>
  createHmac('sha256', secret).update(`${requestId}.${photoId}.${expires}`).digest('hex');

/** Where the report is: the map's point, else the register's address (`x,y` in Lambert 72). */
function locationOf(form: Record<string, unknown>): ReportLocation | null {
  const point = typeof form.location === 'string' ? parseLatLon(form.location) : undefined;
  if (point) return locationFromWgs84(point);
  const match = typeof form.addressMatch === 'string' ? parseLambert72(form.addressMatch) : undefined;
  return match ? locationFromLambert72(match) : null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A hand-off that POSTs each report to a work-order system: JSON ({@link WorkOrderPayload}),
 * signed like SmartLoket's webhooks (`smartloket-signature: t=<unix>,v1=<hex HMAC-SHA256(secret,
 * "<t>.<body>")>`), with an `Idempotency-Key`. A 2xx is success (a JSON `id` in the answer is
 * recorded as the external id); 400, 403, 404, 409, 410 and 422 stop for good; anything else is
 * retried. Attach it with `withHandoffs(meldingenPlugin, [workOrderHandoff({...})])`.
 */
export function workOrderHandoff(options: WorkOrderHandoffOptions): WorkOrderHandoff {
  const url = new URL(options.url);
  const base = new URL(options.baseUrl);
  const days = options.photoLinkDays ?? 7;
  if (!(days > 0 && days <= 90))
    throw new TypeError('workOrderHandoff: photoLinkDays must be between 1 and 90');
  const secret = () => {
    const value = process.env[options.secretEnv];
    if (!value || value.length < 16)
      throw new Error(
        `workOrderHandoff: environment variable ${options.secretEnv} must hold a secret of 16+ characters`,
      );
    return value;
  };
  const handoff = defineHandoff({
    id: options.id ?? 'meldingen.work-order',
    title: { nl: 'Werkorder', fr: 'Ordre de travail', en: 'Work order' },
    requestTypes: options.requestTypes ?? ['meldingen.*'],
    on: options.on ?? ['request.submitted'],
    maxAttempts: options.maxAttempts ?? 8,
    async forward(ctx) {
      const key = secret();
      const form = ctx.request.form as Record<string, unknown>;
      const expires = Math.floor(ctx.event.occurredAt.getTime() / 1000) + days * 86_400;
      const photos = Object.keys(form)
        .filter((k) => /^photo\d+$/.test(k))
        .sort()
        .map((k) => (form[k] as { uploadId?: unknown } | undefined)?.uploadId)
        .filter((v): v is string => typeof v === 'string' && UUID.test(v))
        .map((photoId) => {
          const link = new URL(`${PHOTO_LINK_PATH}/${ctx.request.id}/${photoId}`, base);
          link.searchParams.set('expires', String(expires));
          link.searchParams.set('signature', sign(key, ctx.request.id, photoId, expires));
          return { url: link.toString(), expiresAt: new Date(expires * 1000).toISOString() };
        });
      const typeId = ctx.request.typeId;
      const payload: WorkOrderPayload = {
        id: `${ctx.request.id}:${ctx.event.type}:${ctx.event.occurredAt.toISOString()}`,
        type: ctx.event.type,
        occurredAt: ctx.event.occurredAt.toISOString(),
        report: {
          id: ctx.request.id,
          reference: ctx.request.reference,
          typeId,
          category: typeId.slice(typeId.indexOf('.') + 1),
          subCategory: typeof form.subCategory === 'string' ? form.subCategory : null,
          description: typeof form.description === 'string' ? form.description : null,
          address: typeof form.address === 'string' ? form.address : null,
          location: locationOf(form),
          photos,
        },
      };
      const body = JSON.stringify(payload);
      const t = Math.floor(Date.now() / 1000);
      const v1 = createHmac('sha256', key).update(`${t}.${body}`).digest('hex');
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': payload.id,
          'smartloket-signature': `t=${t},v1=${v1}`,
        },
        body,
        redirect: 'manual',
        signal: ctx.signal,
      });
      if ([400, 403, 404, 409, 410, 422].includes(res.status)) {
        throw new HandoffRejected(`work-order system answered ${res.status}`);
      }
      if (res.status < 200 || res.status > 299) throw new Error(`work-order system answered ${res.status}`);
      const answer = (await res.json().catch(() => undefined)) as { id?: unknown } | undefined;
      const externalId =
        answer && (typeof answer.id === 'string' || typeof answer.id === 'number')
          ? String(answer.id)
          : undefined;
      return { externalId };
    },
  });
  return Object.freeze({
    ...handoff,
    photoLinks: {
      verify(input: { requestId: string; photoId: string; expires: number; signature: string }, now: Date) {
        if (!Number.isInteger(input.expires) || input.expires * 1000 < now.getTime()) return false;
        if (!/^[0-9a-f]{64}$/.test(input.signature)) return false;
        let key: string;
        try {
          key = secret();
        } catch {
          return false;
        }
        const expected = Buffer.from(sign(key, input.requestId, input.photoId, input.expires), 'hex');
        return timingSafeEqual(expected, Buffer.from(input.signature, 'hex'));
      },
    },
  });
}
