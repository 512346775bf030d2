import type { Locale, LocalizedText } from '@smartloket/core';

/** An e-mail waiting in the outbox. Rendered by the notifier when it is sent. */
export interface OutboxMail {
  kind: 'receipt' | 'delivered' | 'in_review' | 'information_asked' | 'refused' | 'report_status_changed';
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
}

/** Renders and sends one outbox e-mail. Implemented by the deployment with notifier-mail. */
export interface MailSender {
  /**
   * Sends `message` to `recipient` with a stable `messageId` (retries keep it). Throws on
   * failure: the worker retries with backoff.
   */
  send(message: OutgoingMail, recipient: string, messageId: string): Promise<void>;
}
