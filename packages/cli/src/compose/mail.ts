import type { Municipality } from '@smartloket/core';
import { createMailNotifier, createSmtpMailer, type Mailer } from '@smartloket/notifier-mail';
import type {
  DeploymentConfig,
  MailSender,
  OutgoingConfirmation,
  OutgoingDigest,
  OutgoingDraftResume,
  OutgoingMail,
} from '@smartloket/runtime';

/** The configuration's SMTP settings (`mail.kind: 'smtp'`). */
export type SmtpConfig = Extract<DeploymentConfig['mail'], { kind: 'smtp' }>;

/** Where and how to connect to the SMTP server, as the mailer and `verifySmtp` take it. */
export function smtpConnection(m: SmtpConfig) {
  return {
    host: m.host,
    port: m.port,
    secure: m.secure,
    auth: m.user ? { user: m.user, pass: m.password ?? '' } : undefined,
  };
}

/** An SMTP mailer for the configuration and the outbox sender on it; close the mailer when done. */
export function createSmtpOutbox(
  config: DeploymentConfig & { mail: SmtpConfig },
  baseUrl: string,
): { mailer: Mailer; mailSender: MailSender } {
  const mailer = createSmtpMailer({ ...smtpConnection(config.mail), from: config.mail.from });
  return {
    mailer,
    mailSender: createOutboxMailSender({ mailer, municipality: { ...config.municipality, baseUrl } }),
  };
}

/**
 * The runtime's outbox e-mails, rendered with notifier-mail's templates and sent by a mailer.
 * Links point at the personal page (login required): no personal data in a mail's subject or URL.
 */
export function createOutboxMailSender(options: { mailer: Mailer; municipality: Municipality }): MailSender {
  const notifier = createMailNotifier(options);
  return {
    async send(
      message: OutgoingMail | OutgoingConfirmation | OutgoingDraftResume | OutgoingDigest,
      to: string,
      messageId: string,
    ) {
      if ('dashboardUrl' in message) {
        // The administrators' digest: references, types, counts and scrubbed errors only.
        const d = message.mail.data;
        await notifier.send(
          'problem_digest',
          {
            date: d.date,
            failedRequests: d.failedRequests,
            failedDeliveries: d.failedDeliveries,
            deadLetteredJobs: d.deadLetteredJobs,
            configProblems: d.configProblems,
            expiringCertificates: d.expiringCertificates,
            overdueRequests: d.overdueRequests,
            overdueByTeam: d.overdueByTeam,
            dashboardUrl: message.dashboardUrl,
          },
          { to, locale: message.mail.locale, messageId },
        );
        return;
      }
      if ('resumeUrl' in message) {
        await notifier.send(
          'draft_resume',
          {
            requestType: message.mail.data.requestType,
            resumeUrl: message.resumeUrl,
            expiresAt: message.expiresAt,
          },
          { to, locale: message.mail.locale, messageId },
        );
        return;
      }
      if (!('reference' in message)) {
        await notifier.send(
          'email_confirmation',
          { confirmUrl: message.confirmUrl, expiresAt: message.expiresAt },
          { to, locale: message.mail.locale, messageId },
        );
        return;
      }
      const { mail } = message;
      // Anonymous requesters have no personal page: their link is the capability link.
      const followUpUrl = message.anonymous ? message.followUrl : message.requestUrl;
      const base = {
        reference: message.reference,
        requestType: message.requestType,
        typeText: message.typeText,
      };
      const envelope = { to, locale: mail.locale, messageId };
      const reason = typeof mail.data.reason === 'string' ? mail.data.reason : '';
      switch (mail.kind) {
        case 'receipt':
          await notifier.send(
            'receipt',
            {
              ...base,
              handling:
                message.requestKind === 'report'
                  ? 'report'
                  : message.state === 'in_review'
                    ? 'review'
                    : 'automatic',
              followUpUrl,
              // The PDF receipt, behind the same access as the page it hangs off (login, or the
              // follow page's e-mail check for a request filed without login).
              // An anonymous report's link shows the state only: no receipt there.
              receiptUrl:
                followUpUrl && !(message.anonymous && message.requestKind === 'report')
                  ? `${followUpUrl}/receipt.pdf`
                  : undefined,
            },
            envelope,
          );
          return;
        case 'delivered':
          await notifier.send(
            'delivered',
            {
              ...base,
              // Filed without login: the page of this request only (the e-mail check guards it).
              personalPageUrl: (message.anonymous && message.followUrl) || message.requestUrl,
              expiresAt: typeof mail.data.expiresAt === 'string' ? new Date(mail.data.expiresAt) : undefined,
              validUntil:
                typeof mail.data.validUntil === 'string' ? new Date(mail.data.validUntil) : undefined,
            },
            envelope,
          );
          return;
        case 'in_review':
          await notifier.send('in_review', { ...base, followUpUrl }, envelope);
          return;
        case 'information_asked':
          await notifier.send(
            'information_asked',
            {
              ...base,
              question: reason,
              deadline: typeof mail.data.deadline === 'string' ? new Date(mail.data.deadline) : undefined,
              answerUrl: (message.anonymous && message.followUrl) || message.requestUrl,
              reminder: mail.data.reminder === true,
            },
            envelope,
          );
          return;
        case 'refused':
          await notifier.send('refused', { ...base, reason, followUpUrl }, envelope);
          return;
        case 'payment_due': {
          const stage =
            mail.data.stage === 'reminder' || mail.data.stage === 'lapsed' ? mail.data.stage : 'due';
          // The page with the "Betalen" button: the request's page, or its capability link.
          const page = message.anonymous ? message.followUrl : message.requestUrl;
          await notifier.send(
            'payment_due',
            {
              ...base,
              stage,
              amountCents: typeof mail.data.amountCents === 'number' ? mail.data.amountCents : 0,
              payBy: typeof mail.data.payBy === 'string' ? new Date(mail.data.payBy) : new Date(),
              payUrl: stage !== 'lapsed' && page ? `${page}/pay` : undefined,
            },
            envelope,
          );
          return;
        }
        case 'report_status_changed': {
          const status = (['submitted', 'in_progress', 'resolved', 'refused'] as const).find(
            (s) => s === message.state,
          );
          await notifier.send(
            'report_status_changed',
            {
              ...base,
              status: status ?? 'in_progress',
              comment: reason || undefined,
              followUpUrl,
            },
            envelope,
          );
          return;
        }
        case 'anonymous_link':
          if (!message.followUrl) return;
          await notifier.send(
            'anonymous_link',
            {
              ...base,
              followUrl: message.followUrl,
              // A certificate filed without login has a receipt; an anonymous report's page does not.
              ...(message.requestKind === 'report' ? {} : { receiptUrl: `${message.followUrl}/receipt.pdf` }),
            },
            envelope,
          );
          return;
      }
    },
  };
}
