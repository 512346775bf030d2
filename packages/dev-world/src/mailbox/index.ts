/**
 * @smartloket/dev-world/mailbox: a dev mailbox (SMTP + web page) and a flaky SMTP server.
 * Never use them in production: they accept any login and keep mails in memory.
 */
export { type FlakyAttempt, type FlakySmtp, type FlakySmtpOptions, startFlakySmtp } from './flaky.js';
export { type DevMailbox, type DevMailboxOptions, startDevMailbox } from './mailbox.js';
export { extractLinks, type ParsedMail, type ReceivedMail } from './store.js';
