import type { Locale } from '@smartloket/core';

/** An e-mail waiting in the outbox. Rendered by the notifier when it is sent. */
export interface OutboxMail {
  kind: 'receipt' | 'delivered' | 'in_review' | 'information_asked' | 'refused' | 'report_status_changed';
  requestId: string;
  locale: Locale;
  data: Record<string, unknown>;
}

/** Renders and sends one outbox e-mail. Implemented by the deployment with notifier-mail. */
export interface MailSender {
  /**
   * Sends `mail` to `recipient` with a stable `messageId`. Throws on failure: a transient error
   * is retried by the worker with backoff.
   */
  send(mail: OutboxMail, recipient: string, messageId: string): Promise<void>;
}
