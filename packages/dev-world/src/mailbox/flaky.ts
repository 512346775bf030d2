import { simpleParser } from 'mailparser';
import { listenSmtp, smtpReply } from './smtp.js';
import { MailStore, type ReceivedMail } from './store.js';

/** Options of {@link startFlakySmtp}. */
export interface FlakySmtpOptions {
  /** How many deliveries fail before the server accepts. */
  failFirst: number;
  /** SMTP reply code of a failure [451, transient]; use a 5xx code for permanent failures. */
  code?: number | undefined;
  /** Where a delivery fails: after the whole message (`data`) or at the recipient (`rcpt`) [data]. */
  stage?: 'data' | 'rcpt' | undefined;
  host?: string | undefined;
  port?: number | undefined;
}

/** One delivery attempt seen by the flaky server. */
export interface FlakyAttempt {
  accepted: boolean;
  /** The Message-ID of the attempt (unknown when it failed at `rcpt`). */
  messageId: string | undefined;
}

/** A running flaky SMTP server. */
export interface FlakySmtp {
  host: string;
  port: number;
  /** Every delivery attempt, in order. */
  attempts(): FlakyAttempt[];
  /** The mails it accepted. */
  messages(): ReceivedMail[];
  waitFor(predicate?: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  stop(): Promise<void>;
}

/**
 * A test SMTP server on loopback that refuses the first `failFirst` deliveries (451 by default)
 * and accepts the ones after, to exercise retries.
 */
export async function startFlakySmtp(options: FlakySmtpOptions): Promise<FlakySmtp> {
  const code = options.code ?? 451;
  const stage = options.stage ?? 'data';
  const store = new MailStore();
  const attempts: FlakyAttempt[] = [];
  let failuresLeft = options.failFirst;
  const failure = () =>
    smtpReply(code, code < 500 ? 'Try again later (flaky test server)' : 'Refused (flaky test server)');

  const smtp = await listenSmtp(options.host ?? '127.0.0.1', options.port ?? 0, {
    onRecipient() {
      if (stage !== 'rcpt' || failuresLeft <= 0) return undefined;
      failuresLeft--;
      attempts.push({ accepted: false, messageId: undefined });
      return failure();
    },
    async onMessage(raw, envelope) {
      if (stage === 'data' && failuresLeft > 0) {
        failuresLeft--;
        const { messageId } = await simpleParser(raw);
        attempts.push({ accepted: false, messageId });
        throw failure();
      }
      const mail = await store.add(raw, envelope);
      attempts.push({ accepted: true, messageId: mail.messageId });
    },
  });
  return {
    host: smtp.host,
    port: smtp.port,
    attempts: () => [...attempts],
    messages: () => store.list(),
    waitFor: (predicate, timeoutMs) => store.waitFor(predicate, timeoutMs),
    stop: () => smtp.close(),
  };
}
