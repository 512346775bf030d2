import {
  DAY,
  type FieldMeta,
  type FormDefinition,
  type Identity,
  type LocalizedText,
} from '@smartloket/core';
import type { Repositories } from '@smartloket/db';
import { actsForOrganisation, type ServerContext } from './context.js';
import type { Draft } from './session.js';

/** A field as it was when a draft was saved: enough to tell whether its answer still fits. */
export interface SavedField {
  kind: FieldMeta['kind'];
  label: LocalizedText;
  /** Fixed choice options (values) when saved; dynamic ones are checked when loaded. */
  options?: string[] | undefined;
}

/** What a saved draft keeps (the `data` of its database row). */
export interface SavedDraftData {
  values: Record<string, unknown>;
  step: number;
  /** The anonymous requester's address (resume link). */
  email?: string | undefined;
  /** A certificate requested without login (decision 1401): the form asks who is asking. */
  withoutLogin?: boolean | undefined;
  /** The form's fields when saved. */
  fields: Record<string, SavedField>;
}

/**
 * Who a logged-in requester's saved draft belongs to (its `subject` column): the organisation
 * (`organisation:<KBO>`) when the person acts for one, so the draft is listed and resumed for the
 * organisation like its requests are; else the person's identity subject.
 */
export function draftOwner(identity: Identity): string {
  return actsForOrganisation(identity) ? `organisation:${identity.organisation.kbo}` : identity.subject;
}

/** The fields of a form as saved with a draft. */
export function savedFields(form: FormDefinition): Record<string, SavedField> {
  return Object.fromEntries(
    Object.entries(form.fields).map(([name, meta]) => [
      name,
      {
        kind: meta.kind,
        label: meta.label,
        ...(meta.options && !meta.dynamic ? { options: meta.options.map((o) => String(o.value)) } : {}),
      },
    ]),
  );
}

/**
 * The answers of a saved draft that no longer fit the request type's current form: a field that
 * is gone, changed kind, or no longer offers the chosen option. Returns the values that still fit
 * and the labels (as saved) of the others, for the requester to re-check; none goes unnamed.
 */
export function recheckDraft(
  saved: SavedDraftData,
  form: FormDefinition,
): { values: Record<string, unknown>; recheck: LocalizedText[] } {
  const values: Record<string, unknown> = {};
  const recheck: LocalizedText[] = [];
  for (const [name, value] of Object.entries(saved.values)) {
    if (value === undefined || value === null || value === '') continue;
    const was = saved.fields[name];
    const now = form.fields[name];
    const label = now?.label ?? was?.label ?? { nl: name };
    if (!now || (was && was.kind !== now.kind)) {
      recheck.push(was?.label ?? label);
      continue;
    }
    const fixed = now.options && !now.dynamic ? now.options.map((o) => String(o.value)) : undefined;
    const chosen = Array.isArray(value) ? value.map(String) : [String(value)];
    if (fixed && now.kind === 'choice') {
      if (chosen.some((v) => !fixed.includes(v))) {
        recheck.push(label);
        continue;
      }
    }
    values[name] = value;
  }
  return { values, recheck };
}

/** The upload ids among a draft's answers (file fields hold `{ uploadId, ... }`). */
export function uploadIdsOf(values: Record<string, unknown>): string[] {
  const ids: string[] = [];
  for (const v of Object.values(values)) {
    const id = (v as { uploadId?: unknown } | null)?.uploadId;
    if (typeof id === 'string') ids.push(id);
  }
  return ids;
}

/** What a saved draft keeps of a session's draft. */
export function savedDraftData(draft: Draft, form: FormDefinition): SavedDraftData {
  return {
    values: draft.values,
    step: draft.step,
    ...(draft.anonymousEmail ? { email: draft.anonymousEmail } : {}),
    ...(draft.withoutLogin ? { withoutLogin: true } : {}),
    fields: savedFields(form),
  };
}

/**
 * Saves a session's draft to the database for `subject` (or anonymously, with the SHA-256 of its
 * resume token), kept `retention.draftDays` from now; returns the expiry, or undefined when the
 * id belongs to someone else. `db`: a transaction to save in.
 */
export async function saveDraft(
  ctx: ServerContext,
  draftId: string,
  draft: Draft,
  form: FormDefinition,
  subject: string | null,
  options: { resumeHash?: string | undefined; db?: Pick<Repositories, 'drafts'> | undefined } = {},
): Promise<Date | undefined> {
  const { deployment } = ctx;
  const days = deployment.config.retention.draftDays;
  const expiresAt = new Date(deployment.clock.now().getTime() + days * DAY);
  const ok = await (options.db ?? deployment.db).drafts.save({
    id: draftId,
    subject,
    typeId: draft.typeId,
    data: savedDraftData(draft, form),
    expiresAt,
    uploadIds: uploadIdsOf(draft.values),
    resumeHash: options.resumeHash,
  });
  if (ok) draft.savedUntil = expiresAt.toISOString();
  return ok ? expiresAt : undefined;
}
