import type { Locale, LocalizedText, MailTextKind } from '@smartloket/core';

/** An e-mail waiting in the outbox. Rendered by the notifier when it is sent. */
export interface OutboxMail {
  kind:
    | 'receipt'
    | 'delivered'
    | 'in_review'
    | 'information_asked'
    | 'refused'
    | 'report_status_changed'
    /** Receipt of an anonymous request, with its capability link (`data.followToken`). */
    | 'anonymous_link'
    /**
     * A fee to pay after approval (issue 21): `data.stage` `due` (approved, pay by `data.payBy`),
     * `reminder` (before the term ends) or `lapsed` (unpaid at the term); `data.amountCents`;
     * without login `data.followToken` (a fresh capability link, in clear only until sent).
     */
    | 'payment_due';
  requestId: string;
  locale: Locale;
  data: Record<string, unknown>;
}

/** An outbox e-mail with what the templates need about its request. */
export interface OutgoingMail {
  mail: OutboxMail;
  /** The request's public reference (never an INSZ). */
  reference: string;
  requestKind: 'certificate' | 'report';
  /** The request type's title. */
  requestType: LocalizedText;
  /** The request's page on the personal page (login required). */
  requestUrl: string;
  /** The personal page. */
  personalPageUrl: string;
  /** The request's state when the mail is sent. */
  state: string;
  /** True for an anonymous request: the personal page is not theirs, links go elsewhere. */
  anonymous?: boolean | undefined;
  /** `anonymous_link`: the capability link that follows the request. */
  followUrl?: string | undefined;
  /**
   * The request type's own text for this mail (`mailTexts`, see {@link mailTextKind}), filled in
   * the mail's language: plain text, escaped by the notifier.
   */
  typeText?: string | undefined;
}

/**
 * Which of a request type's `mailTexts` an outbox mail carries: `receipt` on the filing's mail
 * (the receipt, the "a clerk reviews it" mail sent at filing, the capability link of a request
 * without login), `approved` on the delivery and on a report's "resolved", `refused` on a
 * refusal (of a report too). Other mails carry none.
 */
export function mailTextKind(mail: OutboxMail, state: string): MailTextKind | undefined {
  switch (mail.kind) {
    case 'receipt':
    case 'anonymous_link':
      return 'receipt';
    case 'in_review':
      // Sent with a reason when a source failed later on; without one it is the filing's mail.
      return mail.data.reason ? undefined : 'receipt';
    case 'delivered':
      return 'approved';
    case 'refused':
      return 'refused';
    case 'report_status_changed':
      return state === 'resolved' ? 'approved' : state === 'refused' ? 'refused' : undefined;
    default:
      return undefined;
  }
}

/**
 * `email_confirmation`: a one-time link to confirm an address (`data.token`, `data.expiresAt`).
 * It is about no request: the address is confirmed before anything is filed.
 */
export interface ConfirmationMail {
  kind: 'email_confirmation';
  locale: Locale;
  data: { token: string; expiresAt: string };
}

/** A confirmation mail ready to send. */
export interface OutgoingConfirmation {
  mail: ConfirmationMail;
  /** The link that confirms the address (`<baseUrl>/email/confirm/<token>`). */
  confirmUrl: string;
  expiresAt: Date;
}

/**
 * `draft_resume`: the link with which a requester without login continues a saved draft
 * (decision 0803): `data.token` (in clear only until sent), the draft's expiry and its type's
 * title. It is about no request: nothing is filed yet.
 */
export interface DraftResumeMail {
  kind: 'draft_resume';
  locale: Locale;
  data: { token: string; expiresAt: string; requestType: LocalizedText };
}

/** A resume mail ready to send. */
export interface OutgoingDraftResume {
  mail: DraftResumeMail;
  /** The link that opens the draft (`<baseUrl>/resume/<token>`), behind the e-mail check. */
  resumeUrl: string;
  expiresAt: Date;
}

/**
 * `problem_digest`: the administrators' daily digest (see `digest.ts`). About no request; the
 * data is what the digest found, without personal data (references, types, counts, errors).
 */
export interface ProblemDigestMail {
  kind: 'problem_digest';
  locale: Locale;
  data: ProblemDigestMailData;
}

/** The digest as stored in the outbox (JSON: instants as ISO strings). */
export interface ProblemDigestMailData {
  /** The instant the digest was made. */
  date: string;
  /** Requests that failed delivery: reference and type, nothing about the person. */
  failedRequests: { reference: string; requestType: LocalizedText; failedAt: string }[];
  /** E-mails given up after their last attempt. */
  failedDeliveries: {
    reference?: string | undefined;
    mail: string;
    attempts: number;
    lastError?: string | undefined;
  }[];
  /** Dead-lettered jobs, one entry per job type. */
  deadLetteredJobs: {
    id: string;
    type: string;
    count: number;
    attempts: number;
    lastError?: string | undefined;
  }[];
  configProblems: LocalizedText[];
  expiringCertificates: { name: string; expiresAt: string }[];
  /**
   * Requests waiting for staff past their due date (decision 0902), per request type: how many,
   * the earliest due day and the references of the first ones. Absent in older outbox rows.
   */
  overdueRequests?: OverdueGroup[] | undefined;
  /**
   * The same overdue requests per team (a team holds the requests of its types; `team` null:
   * types no team holds), teams without overdue requests left out. Absent when there are no teams.
   */
  overdueByTeam?: OverdueTeamGroup[] | undefined;
}

/** The overdue requests of one request type, for the digest. */
export interface OverdueGroup {
  requestType: LocalizedText;
  count: number;
  /** The earliest due day (instant it starts, ISO). */
  oldestDue: string;
  /** The first references, earliest due first (at most 10). */
  references: string[];
}

/** The overdue requests of one team, for the digest. */
export interface OverdueTeamGroup {
  /** The team's name; null for the request types no team holds. */
  team: string | null;
  count: number;
  /** The earliest due day (instant it starts, ISO). */
  oldestDue: string;
  /** The first references, earliest due first (at most 10). */
  references: string[];
}

/** A digest mail ready to send. */
export interface OutgoingDigest {
  mail: ProblemDigestMail;
  /** The back-office, where administrators look into the problems. */
  dashboardUrl: string;
}

/** Everything the outbox holds: request mails, confirmation and resume mails, and digests. */
export type OutboxPayload = OutboxMail | ConfirmationMail | DraftResumeMail | ProblemDigestMail;

/** Renders and sends one outbox e-mail. Implemented by the deployment with notifier-mail. */
export interface MailSender {
  /**
   * Sends `message` to `recipient` with a stable `messageId` (retries keep it). Throws on
   * failure: the worker retries with backoff.
   */
  send(
    message: OutgoingMail | OutgoingConfirmation | OutgoingDraftResume | OutgoingDigest,
    recipient: string,
    messageId: string,
  ): Promise<void>;
}
