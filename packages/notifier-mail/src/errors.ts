/** Why a delivery failed. */
export type MailFailureReason =
  /** Connection refused, reset or closed, DNS failure. */
  | 'connection'
  /** Connection, greeting or socket timeout. */
  | 'timeout'
  /** The server answered 4xx (greylisting, mailbox busy, rate limit): try again later. */
  | 'temporary'
  /** Login or TLS failed, or the transport is misconfigured: an administrator must act. */
  | 'configuration'
  /** The server answered 5xx to RCPT TO: this recipient will never accept the message. */
  | 'recipient_rejected'
  /** The server answered 5xx to the sender or the message itself. */
  | 'message_rejected'
  /** Anything else. */
  | 'unknown';

/**
 * A failed delivery. Its message is built from codes only (SMTP reply code, enhanced status,
 * command): server replies often quote the recipient's address, so they are never kept.
 */
export abstract class MailDeliveryError extends Error {
  /** True when sending the same message later may succeed. */
  abstract readonly transient: boolean;
  readonly reason: MailFailureReason;
  /** The SMTP reply code, when the server answered. */
  readonly responseCode: number | undefined;
  /** The enhanced status code (RFC 3463), e.g. `5.1.1`, when the server gave one. */
  readonly enhancedStatus: string | undefined;
  /** The SMTP command that failed, e.g. `RCPT TO`, or nodemailer's phase (`CONN`, `API`). */
  readonly command: string | undefined;
  /** nodemailer's error code, e.g. `ECONNECTION`, `EENVELOPE`. */
  readonly code: string | undefined;

  constructor(info: {
    reason: MailFailureReason;
    responseCode?: number | undefined;
    enhancedStatus?: string | undefined;
    command?: string | undefined;
    code?: string | undefined;
  }) {
    const parts = [
      info.responseCode ? `SMTP ${info.responseCode}` : undefined,
      info.enhancedStatus,
      info.command ? `(${info.command})` : undefined,
      info.code,
    ].filter(Boolean);
    super(`mail delivery failed: ${info.reason}${parts.length ? ` ${parts.join(' ')}` : ''}`);
    this.reason = info.reason;
    this.responseCode = info.responseCode;
    this.enhancedStatus = info.enhancedStatus;
    this.command = info.command;
    this.code = info.code;
  }
}

/** Retry later with backoff: 4xx replies, refused or lost connections, timeouts, configuration. */
export class TransientMailError extends MailDeliveryError {
  override readonly name = 'TransientMailError';
  override readonly transient = true as const;
}

/** Do not retry: the server refused this recipient or message for good (5xx). */
export class PermanentMailError extends MailDeliveryError {
  override readonly name = 'PermanentMailError';
  override readonly transient = false as const;
}

/** True for a {@link MailDeliveryError} that is worth retrying. */
export function isTransientMailError(error: unknown): error is TransientMailError {
  return error instanceof TransientMailError;
}

const CONNECTION_CODES = new Set(['ECONNECTION', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE']);
const CONFIGURATION_CODES = new Set([
  'EAUTH',
  'ENOAUTH',
  'EOAUTH2',
  'ETLS',
  'EREQUIRETLS',
  'ECONFIG',
  'EPROXY',
]);

/**
 * Maps an error thrown by nodemailer to a {@link TransientMailError} or a
 * {@link PermanentMailError}. The raw error (and its server reply) is dropped.
 */
export function classifySmtpError(error: unknown): MailDeliveryError {
  if (error instanceof MailDeliveryError) return error;
  const e = (error ?? {}) as {
    code?: unknown;
    responseCode?: unknown;
    command?: unknown;
    response?: unknown;
  };
  const code = typeof e.code === 'string' ? e.code : undefined;
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const command = typeof e.command === 'string' ? e.command : undefined;
  const enhanced =
    typeof e.response === 'string'
      ? /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(e.response)?.[1]
      : undefined;
  const info = { responseCode, enhancedStatus: enhanced, command, code };

  if (code && CONFIGURATION_CODES.has(code))
    return new TransientMailError({ ...info, reason: 'configuration' });
  if (responseCode !== undefined && responseCode >= 400 && responseCode < 500) {
    return new TransientMailError({ ...info, reason: 'temporary' });
  }
  if (responseCode !== undefined && responseCode >= 500 && responseCode < 600) {
    const reason = command === 'RCPT TO' ? 'recipient_rejected' : 'message_rejected';
    return new PermanentMailError({ ...info, reason });
  }
  if (code === 'ETIMEDOUT') return new TransientMailError({ ...info, reason: 'timeout' });
  if (code && CONNECTION_CODES.has(code)) return new TransientMailError({ ...info, reason: 'connection' });
  // Invalid envelope without a server reply (e.g. an address nodemailer cannot use): retrying
  // cannot help.
  if (code === 'EENVELOPE') return new PermanentMailError({ ...info, reason: 'recipient_rejected' });
  return new TransientMailError({ ...info, reason: 'unknown' });
}
