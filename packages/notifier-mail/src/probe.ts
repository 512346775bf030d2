import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { classifySmtpError } from './errors.js';
import type { SmtpMailerOptions } from './mailer.js';

/** What {@link verifySmtp} found. `detail` names the server and what is wrong; no secrets. */
export interface SmtpProbeResult {
  ok: boolean;
  detail: string;
}

const SOCKET_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'no answer (timeout)',
  EPIPE: 'connection closed by the server',
};

/** The first system error code (ECONNREFUSED, ...) in the error or its causes. */
function systemCode(error: unknown): string | undefined {
  for (
    let e = error as { code?: unknown; cause?: unknown; message?: unknown } | undefined, i = 0;
    e && i < 5;
    i++
  ) {
    if (typeof e.code === 'string' && e.code in SOCKET_CODES) return e.code;
    const inMessage = typeof e.message === 'string' ? /\b(E[A-Z_]{4,})\b/.exec(e.message)?.[1] : undefined;
    if (inMessage && inMessage in SOCKET_CODES) return inMessage;
    e = e.cause as typeof e;
  }
  return undefined;
}

/** A TLS problem described without the server's reply (which may quote the login). */
function tlsProblem(error: unknown): string | undefined {
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(code) || /certificate/i.test(message)) {
    return `TLS: the server's certificate is not trusted${code && code !== 'ETLS' && code !== 'ESOCKET' ? ` (${code})` : ''}`;
  }
  if (/wrong version number|packet length too long/i.test(message)) {
    return 'TLS: the server does not speak TLS on this port (check mail.secure: true is for port 465)';
  }
  return undefined;
}

/**
 * Connects to the SMTP server, says EHLO, does STARTTLS when offered and logs in when `auth` is
 * given (nodemailer's `transporter.verify()`), then disconnects. Sends no mail. Never throws:
 * the result says what is wrong, e.g. `smtp.example:587: connection refused` or
 * `smtp.example:587: login refused (SMTP 535)`. Server replies are not repeated (they may quote
 * the user name).
 */
export async function verifySmtp(
  options: Pick<SmtpMailerOptions, 'host' | 'port' | 'secure' | 'requireTls' | 'auth' | 'tls'> & {
    /** Time limit for connecting, the greeting and each reply [5000]. */
    timeoutMs?: number | undefined;
  },
): Promise<SmtpProbeResult> {
  const where = `${options.host}:${options.port}`;
  const timeoutMs = options.timeoutMs ?? 5000;
  const transporter = nodemailer.createTransport({
    host: options.host,
    port: options.port,
    secure: options.secure ?? false,
    requireTLS: options.requireTls ?? false,
    ...(options.auth ? { auth: { user: options.auth.user, pass: options.auth.pass } } : {}),
    ...(options.tls ? { tls: options.tls } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    logger: false,
    debug: false,
  } satisfies SMTPTransport.Options);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      transporter.verify(),
      new Promise((_, reject) => {
        // A last resort: nodemailer's own timeouts normally fire first.
        timer = setTimeout(
          () => reject(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })),
          timeoutMs * 3,
        );
      }),
    ]);
    const secure = options.secure ? 'TLS' : 'plain connection';
    return {
      ok: true,
      detail: `${where}: reachable (${secure}${options.auth ? ', login accepted' : ''})`,
    };
  } catch (error) {
    return { ok: false, detail: `${where}: ${describe(error, timeoutMs)}` };
  } finally {
    clearTimeout(timer);
    transporter.close();
  }
}

function describe(error: unknown, timeoutMs: number): string {
  const sys = systemCode(error);
  const classified = classifySmtpError(error);
  if (classified.code === 'EAUTH') {
    return `login refused${classified.responseCode ? ` (SMTP ${classified.responseCode})` : ''}: check mail.user and mail.password`;
  }
  if (classified.code === 'ENOAUTH') return 'the server asks for a login: set mail.user and mail.password';
  const tls = tlsProblem(error);
  if (tls) return tls;
  if (classified.code === 'ETLS' || classified.code === 'EREQUIRETLS')
    return 'STARTTLS failed or is not offered by the server';
  if (sys === 'ETIMEDOUT' || classified.reason === 'timeout') return `no answer within ${timeoutMs} ms`;
  if (sys) return SOCKET_CODES[sys]!;
  if (classified.responseCode) {
    return `the server answered SMTP ${classified.responseCode}${classified.command ? ` to ${classified.command}` : ''}`;
  }
  return `${classified.reason}${classified.code ? ` (${classified.code})` : ''}`;
}
