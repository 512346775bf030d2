import type { Locale } from '@smartloket/core';
import type { Database, RequestRecord } from '@smartloket/db';
import { h, type VNode } from 'preact';
import { UnidentifiedPanel } from './views/backoffice/unidentified.js';

/**
 * The back-office's part of requests filed without login (decision 1401): the "niet aangemeld"
 * panel with what the requester declared and the evidence (downloaded through the request page's
 * audited upload routes, for the staff who may handle the request only).
 */

/** The panel of a request filed without login, or undefined for any other request. */
export async function withoutLoginPanel(
  db: Database,
  request: RequestRecord,
  locale: Locale,
): Promise<VNode<any> | undefined> {
  if (request.requester.kind !== 'anonymous' || request.kind !== 'certificate') return undefined;
  const record = await db.unidentified.get(request.id);
  if (!record) return undefined;
  const uploads = await db.uploads.listByRequest(request.id);
  const evidence = uploads.filter((u) => record.evidence.includes(u.id));
  return h(UnidentifiedPanel, { locale, requestId: request.id, record, evidence });
}
