/**
 * Validation of a `messageToPublish` against the e-Box REST 2.1 definitions (JSON Schema of the
 * Swagger 2.0 file, see `definitions.ts`), then against the rules the e-Box documentation adds
 * ("Our implementation choices" of the document sender guide): one language only, no
 * `attachmentTitle`, no null values, no payment data, parts linked by `httpPartName`.
 */
import { createHash } from 'node:crypto';
import { isValidInsz, isValidKbo } from '@smartloket/core';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { EBOX_DEFINITIONS } from './definitions.js';

export { EBOX_DEFINITIONS } from './definitions.js';

/** Makes an Ajv validator for one definition of `definitions` (Swagger 2.0 `#/definitions/...`). */
export function definitionValidator(
  definitions: Record<string, unknown>,
  name: string,
): ValidateFunction<unknown> {
  const ajv = new Ajv({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  return ajv.compile({ $ref: `#/definitions/${name}`, definitions });
}

let messageToPublish: ValidateFunction<unknown> | undefined;

/** One uploaded part of a publication, as the simulator received it. */
export interface UploadedPart {
  partName: string;
  fileName: string;
  mediaType: string;
  bytes: Uint8Array;
}

const TOP_LEVEL = new Set(Object.keys((EBOX_DEFINITIONS.MessageToPublish as any).properties));
const LANGUAGES = ['nl', 'fr', 'de'];

function findNull(value: unknown, path: string): string | undefined {
  if (value === null) return path;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const p = findNull(v, `${path}[${i}]`);
      if (p) return p;
    }
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as object)) {
      const p = findNull(v, path ? `${path}.${k}` : k);
      if (p) return p;
    }
  }
  return undefined;
}

function languagesOf(t: unknown): string[] {
  return t && typeof t === 'object' ? Object.keys(t).filter((k) => LANGUAGES.includes(k)) : [];
}

/**
 * The problems of a publication (empty when the e-Box would accept it): the Swagger schema
 * first, then the documented restrictions. Messages are in English, as the service's.
 */
export function publicationProblems(message: unknown, parts: UploadedPart[]): string[] {
  messageToPublish ??= definitionValidator(EBOX_DEFINITIONS, 'MessageToPublish');
  const nullAt = findNull(message, '');
  if (nullAt) return [`null values are not accepted (${nullAt}): leave the property out`];
  if (!messageToPublish(message)) {
    return (messageToPublish.errors ?? []).map(
      (e) => `messageToPublish${e.instancePath.replace(/\//g, '.')} ${e.message ?? 'is invalid'}`,
    );
  }
  const m = message as Record<string, any>;
  const problems: string[] = [];
  for (const k of Object.keys(m)) if (!TOP_LEVEL.has(k)) problems.push(`Unrecognized field "${k}"`);
  if (m.recipient?.eboxType === 'citizen' && !isValidInsz(String(m.recipient.eboxIdValue)))
    problems.push('recipient.eboxIdValue is not a valid SSIN');
  if (m.recipient?.eboxType === 'enterprise' && !isValidKbo(String(m.recipient.eboxIdValue)))
    problems.push('recipient.eboxIdValue is not a valid enterprise number');
  if (m.forTheAttentionOf !== undefined) {
    if (m.forTheAttentionOf.type !== 'person') problems.push('forTheAttentionOf.type must be "person"');
    if (!isValidInsz(String(m.forTheAttentionOf.id ?? '')))
      problems.push('forTheAttentionOf.id is not a valid SSIN');
  }
  const subjectLanguages = languagesOf(m.subject);
  if (subjectLanguages.length !== 1)
    problems.push('subject must be given in exactly one language among nl, fr, de');
  else if (!String(m.subject[subjectLanguages[0]!]).trim()) problems.push('subject must not be empty');
  if (m.bodyContent !== undefined && languagesOf(m.bodyContent).length !== 1)
    problems.push('bodyContent must be given in exactly one language among nl, fr, de');
  if (m.bodyContent === undefined && m.bodyMainContent === true)
    problems.push('bodyMainContent is true but there is no bodyContent');
  if (m.paymentData !== undefined) problems.push('paymentData is not supported');
  if (m.originalMessageId !== undefined) problems.push('originalMessageId is only supported for a reply');
  if (m.registeredMail === true) problems.push('registeredMail is only possible for the ePost service');
  if (Array.isArray(m.businessDataList) && m.businessDataList.length > 0)
    problems.push('businessDataList holds business data not defined for the message type');
  if (typeof m.expirationDate === 'string' && Number.isNaN(Date.parse(m.expirationDate)))
    problems.push('expirationDate is not a date-time');
  const attachments: any[] = Array.isArray(m.attachments) ? m.attachments : [];
  if (attachments.length > 6) problems.push('at most 6 attachments');
  const named = new Set<string>();
  for (const [i, a] of attachments.entries()) {
    if (a.attachmentTitle !== undefined)
      problems.push(`attachments[${i}].attachmentTitle is not supported: the file name is the title`);
    const part = parts.find((p) => p.partName === a.httpPartName);
    if (!part) {
      problems.push(`attachments[${i}].httpPartName "${a.httpPartName}" names no part of the request`);
      continue;
    }
    if (named.has(a.httpPartName)) problems.push(`attachments[${i}].httpPartName is used twice`);
    named.add(a.httpPartName);
    if (part.bytes.length === 0) problems.push(`part ${part.partName} is empty`);
    if (!part.fileName) problems.push(`part ${part.partName} has no filename`);
    if (a.digest) {
      const value = createHash('sha256').update(part.bytes).digest('base64url');
      if (value !== a.digest.digestValue)
        problems.push(`attachments[${i}].digest does not match the content`);
    }
  }
  for (const p of parts)
    if (!named.has(p.partName)) problems.push(`part ${p.partName} is not described in attachments`);
  if (!attachments.some((a) => a.mainContent === true) && m.bodyMainContent !== true)
    problems.push('a message needs a main content (an attachment with mainContent true, or the body)');
  return problems;
}
