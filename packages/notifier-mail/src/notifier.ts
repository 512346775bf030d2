import type { Locale, Municipality } from '@smartloket/core';
import type { Mailer, SendResult } from './mailer.js';
import { type EmailData, type EmailKind, renderEmail } from './templates.js';

/** Where and how one mail goes. */
export interface MailEnvelope {
  to: string;
  locale: Locale;
  /** Stable across retries, e.g. `<outbox-id@loket-domain>`. */
  messageId: string;
}

/** Renders a mail from its kind and data, and sends it. */
export interface MailNotifier {
  send<K extends EmailKind>(kind: K, data: EmailData[K], envelope: MailEnvelope): Promise<SendResult>;
}

/**
 * Joins {@link renderEmail} and a {@link Mailer}: what an outbox worker calls for each row.
 * Adds an `X-SmartLoket-Mail` header with the kind (never personal data). Errors are the
 * mailer's (`TransientMailError`, `PermanentMailError`) or a `TypeError` for unusable data.
 */
export function createMailNotifier(options: { mailer: Mailer; municipality: Municipality }): MailNotifier {
  return {
    send(kind, data, envelope) {
      const rendered = renderEmail(kind, data, {
        locale: envelope.locale,
        municipality: options.municipality,
      });
      return options.mailer.send({
        to: envelope.to,
        ...rendered,
        messageId: envelope.messageId,
        headers: { 'X-SmartLoket-Mail': kind },
      });
    },
  };
}
