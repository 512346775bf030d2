export {
  classifySmtpError,
  isTransientMailError,
  MailDeliveryError,
  type MailFailureReason,
  PermanentMailError,
  TransientMailError,
} from './errors.js';
export { type HtmlValue, html, SafeHtml, safeUrl } from './html.js';
export {
  createSmtpMailer,
  type Mailer,
  mailerRef,
  normaliseMessageId,
  type OutgoingMail,
  type SendResult,
  type SmtpMailerOptions,
  smtpMailerFactory,
} from './mailer.js';
export { createMailNotifier, type MailEnvelope, type MailNotifier } from './notifier.js';
export { type SmtpProbeResult, verifySmtp } from './probe.js';
export * from './templates.js';
