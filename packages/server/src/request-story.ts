import {
  type Actor,
  ageOn,
  type FormDefinition,
  formatInsz,
  formatKbo,
  type Locale,
  type LocalizedText,
  localize,
  parseInsz,
  type RequestState,
} from '@smartloket/core';
import type { AuditRecord, OutboxRecord, RequestEventRecord, RequestRecord } from '@smartloket/db';
import { applies } from './forms.js';
import { formatDate, staffStateLabel } from './messages.js';
import { hasRequestPageMessage, rp } from './request-page-messages.js';
import { displayValue } from './views/request.js';

/**
 * A request told in sentences for the back-office request page: the form with its labels, who
 * asks for whom, what the rules and the sources said, the history and the e-mails. Nothing here
 * returns a state code, a rule id, an action code or JSON: every word comes from the request
 * page's messages, the request type's metadata or what a person typed.
 */

/** One answer of the form, as the requester saw the question. */
export interface FormRow {
  name: string;
  label: string;
  value: string;
  /** File fields: the upload's id, for the link to the file. */
  uploadId?: string | undefined;
}

/** The form's answers in the order of the form, labelled in `locale`; hidden fields are left out. */
export function formRows(
  form: FormDefinition | undefined,
  values: Record<string, unknown>,
  locale: Locale,
): FormRow[] {
  if (!form) return [];
  const rows: FormRow[] = [];
  for (const [name, meta] of Object.entries(form.fields)) {
    if (!applies(meta, values, form)) continue;
    const value = values[name];
    if (value === undefined && meta.kind === 'file') continue;
    const upload =
      meta.kind === 'file' && value && typeof value === 'object'
        ? String((value as { uploadId?: unknown }).uploadId ?? '') || undefined
        : undefined;
    rows.push({
      name,
      label: localize(meta.label, locale),
      value: displayValue(meta, value, locale),
      uploadId: upload,
    });
  }
  return rows;
}

const capitalise = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** Who did something, in words: the person's name, or "a member of staff", "the requester". */
export function actorName(actor: Actor, locale: Locale): string {
  if ((actor.type === 'staff' || actor.type === 'requester' || actor.type === 'api') && actor.name)
    return actor.name;
  return rp(locale, `who.${actor.type}`, undefined, 'who.system');
}

/** The requester's name, or how to call them when there is none. */
export function requesterName(request: RequestRecord, locale: Locale): string {
  if (request.requester.name) return request.requester.name;
  return request.requester.kind === 'anonymous'
    ? rp(locale, 'anonymousRequester')
    : rp(locale, 'unnamedRequester');
}

/**
 * Who asks for whom, in one sentence: "Jan Peeters vraagt dit aan voor zijn dochter van 12."
 * Sex and age come from the INSZ numbers (never shown for a child, only the relation).
 */
export function requestedForSentence(request: RequestRecord, locale: Locale, now: Date): string {
  const name = requesterName(request, locale);
  const { subject } = request;
  const age = subject.insz ? ageOn(subject.insz, now) : undefined;
  switch (subject.relation) {
    case 'self':
      return rp(locale, 'for.self', { name });
    case 'child': {
      const requesterSex = request.requester.insz ? parseInsz(request.requester.insz)?.sex : undefined;
      const childSex = subject.insz ? parseInsz(subject.insz)?.sex : undefined;
      return rp(locale, 'for.child', {
        name,
        poss: rp(locale, `poss.${requesterSex ?? '?'}`),
        child: rp(locale, `child.${childSex ?? '?'}`),
        age: age === undefined ? '' : rp(locale, 'ageOf', { age }),
      });
    }
    case 'other':
      return rp(locale, 'for.other', {
        name,
        age: age === undefined ? '' : rp(locale, 'ageOther', { age }),
        insz: subject.insz ? safeInsz(subject.insz) : '–',
      });
    case 'organisation': {
      const org = request.requester.organisation;
      const kbo = subject.kbo ?? org?.kbo;
      const label = [org?.name, kbo ? safeKbo(kbo) : undefined].filter(Boolean).join(', ');
      return rp(locale, 'for.organisation', { name, organisation: label || '–' });
    }
    default:
      return rp(locale, 'for.none', { name });
  }
}

function safeInsz(insz: string): string {
  try {
    return formatInsz(insz);
  } catch {
    return insz;
  }
}

function safeKbo(kbo: string): string {
  try {
    return formatKbo(kbo);
  } catch {
    return kbo;
  }
}

/**
 * What the rules concluded, why (the reasons of the rules that spoke, never their ids) and the
 * facts they found in a source, each as a sentence.
 */
export function decisionSentences(
  request: RequestRecord,
  locale: Locale,
): { outcome: string; reasons: string[]; facts: string[] } {
  const d = request.decision;
  if (!d) return { outcome: rp(locale, 'noDecision'), reasons: [], facts: [] };
  const reasons: string[] = [];
  const facts: string[] = [];
  const add = (list: string[], s: string) => {
    if (s && !list.includes(s)) list.push(s);
  };
  for (const v of d.verdicts) {
    if (v.outcome !== 'abstain') add(reasons, localize(v.reason, locale));
    for (const f of v.facts ?? []) {
      const vars = { label: localize(f.label, locale), value: localize(f.value, locale) };
      add(
        facts,
        f.source
          ? rp(locale, 'fact', { ...vars, source: localize(f.source, locale) })
          : rp(locale, 'factNoSource', vars),
      );
    }
  }
  for (const r of d.reasons) add(reasons, localize(r.reason, locale));
  return { outcome: rp(locale, `outcome.${d.outcome}`), reasons, facts };
}

/** One consultation of an authentic source, told as a sentence. */
export interface ConsultationLine {
  at: Date;
  text: string;
  legalBasis?: string | undefined;
}

/**
 * Consultations in sentences: each `started` row with its outcome row (linked by `relatedId`);
 * the service is named by the plugin manifest's description, never by its code.
 */
export function consultationLines(
  rows: AuditRecord[],
  describe: (service: string) => LocalizedText | undefined,
  locale: Locale,
): ConsultationLine[] {
  const outcomes = new Map(
    rows.filter((r) => r.category === 'consultation_outcome').map((r) => [r.relatedId, r]),
  );
  return rows
    .filter((r) => r.category === 'consultation_started')
    .map((start) => {
      const outcome = outcomes.get(start.id)?.outcome ?? 'none';
      const description = start.service ? describe(start.service) : undefined;
      return {
        at: start.at,
        text: rp(locale, 'consulted', {
          when: formatDate(locale, start.at, true),
          service: description ? localize(description, locale) : rp(locale, 'unknownService'),
          outcome: rp(locale, `consult.${outcome}`, undefined, 'consult.error'),
        }),
        legalBasis: start.legalBasis ? rp(locale, 'legalBasis', { basis: start.legalBasis }) : undefined,
      };
    });
}

/**
 * A text a plugin composed in Dutch from chosen options (a stated ground, a purpose), in the
 * clerk's language: the Dutch label of each option chosen on the form is replaced by its label in
 * `locale`; what the requester typed stays as typed.
 */
export function inClerkLanguage(
  text: string,
  form: FormDefinition | undefined,
  values: Record<string, unknown> | null | undefined,
  locale: Locale,
): string {
  if (locale === 'nl' || !form || !values) return text;
  let out = text;
  for (const [name, meta] of Object.entries(form.fields)) {
    const chosen = values[name];
    if (meta.kind !== 'choice' || !meta.options || chosen === undefined || chosen === null) continue;
    for (const value of Array.isArray(chosen) ? chosen : [chosen]) {
      const label = meta.options.find((o) => o.value === value)?.label;
      if (label?.nl && out.includes(label.nl)) out = out.replaceAll(label.nl, localize(label, locale));
    }
  }
  return out;
}

/** One line of the history. */
export interface HistoryLine {
  at: Date;
  /** What happened, in a sentence. */
  text: string;
  /** What the person wrote with it (a reason, a question, an answer, a note), quoted. */
  said?: string | undefined;
  /** The new state's staff label, when the state changed. */
  newState?: string | undefined;
}

/** The history as sentences in the clerk's language. */
export function historyLines(
  events: RequestEventRecord[],
  locale: Locale,
  nameOfUser: (id: string) => string,
  requester?: { id: string; name?: string | undefined },
  /** The request's decision: its reasons were recorded on the decision's event in Dutch. */
  decision?: RequestRecord['decision'] | undefined,
): HistoryLine[] {
  const reasons = decision?.reasons ?? [];
  const recorded = reasons.map((r) => r.reason.nl).join(' ');
  const told = reasons.map((r) => localize(r.reason, locale)).join(' ');
  return events.map((e) => {
    const actor =
      e.actor.type === 'requester' && !e.actor.name && requester?.name && e.actor.id === requester.id
        ? { ...e.actor, name: requester.name }
        : e.actor;
    const who = capitalise(actorName(actor, locale));
    let key = hasRequestPageMessage(`event.${e.type}`) ? `event.${e.type}` : 'event.other';
    const vars: Record<string, string> = { who };
    // A reminder of a fee due after approval (issue 21), not of a question.
    if (e.type === 'reminder' && (e.data as { payBy?: unknown } | null)?.payBy)
      key = 'event.payment_reminder';
    if (e.type === 'assign') {
      const data = e.data as { assigneeId?: string | null; assigneeName?: string | null } | null;
      const assignee = data?.assigneeId;
      // The name kept in the event when it was assigned (the staff directory's), else looked up.
      if (!assignee) key = 'event.unassign';
      else if (assignee === e.actor.id && e.actor.type === 'staff') key = 'event.assign_self';
      else vars.assignee = data?.assigneeName ?? nameOfUser(assignee);
    }
    const changed = e.toState && e.fromState && e.toState !== e.fromState;
    return {
      at: e.at,
      text: rp(locale, key, vars),
      said: e.reason
        ? rp(locale, 'quoted', {
            // The system's decision, recorded in Dutch: in the clerk's language.
            text: e.actor.type === 'system' && recorded && e.reason === recorded ? told : e.reason,
          })
        : undefined,
      newState: changed
        ? rp(locale, 'newState', { state: staffStateLabel(locale, e.toState as RequestState) })
        : undefined,
    };
  });
}

/** The e-mails of a request, one sentence each. */
export function mailLines(mails: OutboxRecord[], locale: Locale): string[] {
  return mails
    .filter((m) => m.kind === 'email')
    .map((m) => {
      const kind = (m.payload as { kind?: string } | null)?.kind ?? 'other';
      return rp(locale, 'mailLine', {
        when: formatDate(locale, m.createdAt, true),
        kind: rp(locale, `mail.${kind}`, undefined, 'mail.other'),
        state: rp(locale, `mailState.${m.state}`, undefined, 'mailState.pending'),
      });
    });
}

/** Media types a browser shows inline without running anything. SVG is not one of them. */
export const PREVIEWABLE = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** A media type in words ("PDF-document"), never the raw type. */
export function fileKind(mediaType: string, locale: Locale): string {
  const key = {
    'application/pdf': 'pdf',
    'image/jpeg': 'jpeg',
    'image/png': 'png',
    'image/gif': 'gif',
    'image/webp': 'webp',
    'image/heic': 'heic',
  }[mediaType];
  return rp(locale, `fileKind.${key ?? 'other'}`);
}
