import { createServiceFactory, createServiceRef, type ServiceRef } from '@smartloket/core';
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { classifySmtpError } from './errors.js';

/** One message to send. Rendered beforehand (see `renderEmail`). */
export interface OutgoingMail {
  /** One recipient address. */
  to: string;
  subject: string;
  text: string;
  html: string;
  /**
   * The Message-ID, `<local@domain>`, chosen by the caller and kept across retries (the outbox
   * uses `<outbox-id@loket-domain>`) so that a message delivered twice is recognisably the same.
   */
  messageId: string;
  /** Extra headers. `Auto-Submitted: auto-generated` is always set unless given here. */
  headers?: Record<string, string> | undefined;
}

/** What the server accepted. */
export interface SendResult {
  messageId: string;
  /** Recipient addresses the server accepted. */
  accepted: string[];
}

/** Sends rendered mails. */
export interface Mailer {
  /**
   * Sends one mail. Throws a `TransientMailError` (retry later) or a `PermanentMailError` (give
   * up) when the server or the connection fails.
   */
  send(message: OutgoingMail): Promise<SendResult>;
  /** Checks the connection and login; throws like {@link Mailer.send}. */
  verify(): Promise<void>;
  /** Closes pooled connections. */
  close(): Promise<void>;
}

/** Options of {@link createSmtpMailer}. */
export interface SmtpMailerOptions {
  host: string;
  port: number;
  /** Implicit TLS (port 465). Otherwise STARTTLS is used when the server offers it. */
  secure?: boolean | undefined;
  /** Require STARTTLS (refuse to send over plain text). */
  requireTls?: boolean | undefined;
  auth?: { user: string; pass: string } | undefined;
  /** Sender shown to the citizen, usually the municipality. */
  from: { name: string; address: string };
  /** Reuse connections; `true` or pool limits. */
  pool?: boolean | { maxConnections?: number; maxMessages?: number } | undefined;
  /** Milliseconds to wait for the connection, the greeting and socket activity [10000, 10000, 30000]. */
  timeouts?: { connection?: number; greeting?: number; socket?: number } | undefined;
  /** Extra TLS options (custom CA for an internal relay, ...). */
  tls?: import('node:tls').ConnectionOptions | undefined;
}

const MESSAGE_ID = /^<[^<>\s@]+@[^<>\s@]+>$/;

/** Returns the Message-ID in angle brackets; throws when it is not `local@domain`. */
export function normaliseMessageId(messageId: string): string {
  const id = messageId.startsWith('<') ? messageId : `<${messageId}>`;
  if (!MESSAGE_ID.test(id)) throw new TypeError('notifier-mail: messageId must look like <local@domain>');
  return id;
}

const HEADER_NAME = /^[!-9;-~]+$/;

/**
 * A {@link Mailer} over SMTP on nodemailer. Errors are classified into transient and permanent
 * ones; their messages never contain addresses or server replies.
 */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const timeouts = {
    connectionTimeout: options.timeouts?.connection ?? 10_000,
    greetingTimeout: options.timeouts?.greeting ?? 10_000,
    socketTimeout: options.timeouts?.socket ?? 30_000,
  };
  const common = {
    host: options.host,
    port: options.port,
    secure: options.secure ?? false,
    requireTLS: options.requireTls ?? false,
    ...(options.auth ? { auth: { user: options.auth.user, pass: options.auth.pass } } : {}),
    ...(options.tls ? { tls: options.tls } : {}),
    ...timeouts,
    // nodemailer logs nothing unless given a logger; keep it that way (addresses are personal data).
    logger: false,
    debug: false,
  };
  const transporter = options.pool
    ? nodemailer.createTransport({
        ...common,
        pool: true,
        ...(typeof options.pool === 'object'
          ? {
              maxConnections: options.pool.maxConnections ?? 5,
              maxMessages: options.pool.maxMessages ?? 100,
            }
          : {}),
      } satisfies SMTPPool.Options)
    : nodemailer.createTransport(common satisfies SMTPTransport.Options);

  return {
    async send(message) {
      const messageId = normaliseMessageId(message.messageId);
      const headers: Record<string, string> = { 'Auto-Submitted': 'auto-generated' };
      for (const [name, value] of Object.entries(message.headers ?? {})) {
        if (!HEADER_NAME.test(name) || /[\r\n]/.test(value)) {
          throw new TypeError('notifier-mail: invalid header name or value');
        }
        headers[name] = value;
      }
      try {
        const info = await transporter.sendMail({
          from: { name: options.from.name, address: options.from.address },
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId,
          headers,
          // Never fetch files or URLs named in the message.
          disableFileAccess: true,
          disableUrlAccess: true,
        });
        const accepted = info.accepted.map((a) => (typeof a === 'string' ? a : a.address));
        return { messageId, accepted };
      } catch (error) {
        throw classifySmtpError(error);
      }
    },
    async verify() {
      try {
        await transporter.verify();
      } catch (error) {
        throw classifySmtpError(error);
      }
    },
    async close() {
      transporter.close();
    },
  };
}

/** The mailer service. */
export const mailerRef: ServiceRef<Mailer> = createServiceRef<Mailer>('notifier.mailer');

/** A service factory providing {@link mailerRef} with an SMTP mailer; closes it on kernel stop. */
export function smtpMailerFactory(options: SmtpMailerOptions) {
  return createServiceFactory({
    ref: mailerRef,
    factory: () => createSmtpMailer(options),
    dispose: (mailer) => mailer.close(),
  });
}
