import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/** An error that smtp-server turns into an SMTP reply with this code. */
export function smtpReply(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

/** Hooks of {@link listenSmtp}. */
export interface SmtpHooks {
  /** Return an error from {@link smtpReply} to refuse the recipient. */
  onRecipient?(address: string): Error | undefined;
  /** Called with the whole message once DATA ends; throw an {@link smtpReply} error to refuse it. */
  onMessage(raw: Buffer, envelope: { from: string | undefined; to: string[] }): Promise<void>;
}

/** A listening SMTP server on loopback. */
export interface RunningSmtp {
  host: string;
  port: number;
  close(): Promise<void>;
}

const MAX_SIZE = 25 * 1024 * 1024;

/**
 * Starts an smtp-server without TLS that accepts any login (a development server: never expose
 * it beyond loopback).
 */
export async function listenSmtp(host: string, port: number, hooks: SmtpHooks): Promise<RunningSmtp> {
  const address = (a: SMTPServerAddress | false) => (a ? a.address : undefined);
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    size: MAX_SIZE,
    logger: false,
    banner: 'SmartLoket dev SMTP',
    // Connections still open on close (a pooled client) are cut after this long.
    closeTimeout: 1_000,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'dev' });
    },
    onRcptTo(rcpt, _session, callback) {
      callback(hooks.onRecipient?.(rcpt.address) ?? undefined);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        if ((stream as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(smtpReply(552, 'Message exceeds the size limit'));
          return;
        }
        const envelope = {
          from: address(session.envelope.mailFrom),
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        hooks.onMessage(Buffer.concat(chunks), envelope).then(
          () => callback(null, 'Queued'),
          (error: unknown) =>
            callback(error instanceof Error ? error : smtpReply(451, 'Local error in processing')),
        );
      });
    },
  });
  // Errors on client sockets (a client that hangs up) must not crash the process.
  server.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const bound = server.server.address() as AddressInfo;
  return {
    host,
    port: bound.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
