import https from 'node:https';
import { isIP } from 'node:net';
import tls from 'node:tls';
import type { TlsOptions } from './transport.js';

/** What {@link probeMagda} found. `detail` says what works or what is wrong; no secrets. */
export interface MagdaProbeResult {
  ok: boolean;
  detail: string;
  /** The HTTP status of the answer, when the TLS handshake succeeded. */
  status?: number | undefined;
}

/** Options of {@link probeMagda}. */
export interface MagdaProbeOptions {
  /** The MAGDA endpoint (`magda.endpoint`). */
  endpoint: string;
  /** The organisation's client certificate and key (PEM), and the CA(s) of the endpoint. */
  tls: TlsOptions;
  /** Time limit for the connection, the handshake and the answer [5000]. */
  timeoutMs?: number | undefined;
}

const SOCKET_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed by the server',
};

/** Server certificate verification codes (node's `error.code`). */
const SERVER_CERT_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * Describes a failed connection. A TLS alert from the server during or right after the
 * handshake (`unknown ca`, `bad certificate`, `certificate unknown`, `certificate required`)
 * means it refused the client certificate.
 */
function describe(error: unknown, timeoutMs: number): string {
  const e = (error ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (code === 'ETIMEDOUT') return `no answer within ${timeoutMs} ms`;
  if (code in SOCKET_CODES) return SOCKET_CODES[code]!;
  const alert = /ALERT_([A-Z0-9_]+)$/.exec(code)?.[1] ?? /alert ([a-z ]+?)(?::|$)/i.exec(message)?.[1];
  if (alert) {
    const name = alert.toLowerCase().replace(/_/g, ' ');
    const refused =
      /unknown ca|bad certificate|certificate (unknown|required|revoked|expired)|access denied/.test(name);
    return `TLS handshake failed: ${name}${refused ? ' (the server refused the client certificate)' : ''}`;
  }
  if (SERVER_CERT_CODES.has(code)) {
    return `TLS handshake failed: the server's certificate is not trusted (${code}); check magda.tls.ca`;
  }
  if (code === 'ECONNRESET') {
    return 'connection reset during the TLS handshake (the server may have refused the client certificate)';
  }
  if (code === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH' || /key values mismatch/i.test(message)) {
    return 'the client certificate and key do not belong together (magda.tls.cert, magda.tls.key)';
  }
  if (/PEM|asn1|DECODER|no start line/i.test(`${code} ${message}`)) {
    return 'cannot read the client certificate, key or CA as PEM';
  }
  return code ? `${code}: ${message}` : message;
}

/**
 * The handshake alone, on a connection that sends no data: in TLS 1.3 the server judges the
 * client certificate after the client finished, and answers with a session ticket (accepted) or
 * an alert (refused). Sending a request at once could make the server reset the connection
 * before the alert is read, hiding the reason.
 */
function tlsHandshake(
  url: URL,
  context: tls.SecureContext,
  timeoutMs: number,
): Promise<{ ok: true; protocol?: string | undefined } | { ok: false; detail: string }> {
  return new Promise((resolve) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    let done = false;
    let protocol: string | undefined;
    const finish = (result: { ok: true } | { ok: false; detail: string }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(settle);
      socket.destroy();
      resolve(result.ok ? { ok: true, protocol } : result);
    };
    let settle: NodeJS.Timeout | undefined;
    const socket = tls.connect({
      host,
      port: Number(url.port || 443),
      secureContext: context,
      ...(isIP(host) ? {} : { servername: host }),
    });
    socket.on('secureConnect', () => {
      protocol = socket.getProtocol() ?? undefined;
      if (protocol !== 'TLSv1.3') return finish({ ok: true });
      // Wait for the server's verdict: a ticket, an alert, or (servers without tickets) silence.
      settle = setTimeout(() => finish({ ok: true }), Math.min(1000, timeoutMs / 2));
    });
    socket.on('session', () => finish({ ok: true }));
    socket.on('error', (error) => finish({ ok: false, detail: describe(error, timeoutMs) }));
    socket.on('close', () =>
      finish(
        protocol
          ? {
              ok: false,
              detail:
                'TLS handshake failed: the server closed the connection after checking the client certificate (not trusted by the server?)',
            }
          : { ok: false, detail: 'TLS handshake failed: the server closed the connection' },
      ),
    );
    socket.on('data', () => {});
    const timer = setTimeout(
      () => finish({ ok: false, detail: describe({ code: 'ETIMEDOUT' }, timeoutMs) }),
      timeoutMs,
    );
  });
}

function describeStatus(status: number): string | undefined {
  if (status === 404) return 'HTTP 404: no service at this address (check magda.endpoint)';
  if (status === 401 || status === 403)
    return `HTTP ${status}: the endpoint refused this client (is access granted to this certificate?)`;
  if (status === 502 || status === 503 || status === 504) return `HTTP ${status}: the service is unavailable`;
  return undefined;
}

/**
 * Checks that MAGDA can be reached with the organisation's client certificate: opens a mutual
 * TLS connection to `endpoint` (trusting `tls.ca`) and sends a harmless `GET` (no SOAP message,
 * no personal data). Any HTTP answer after the handshake counts as reachable, except 401, 403,
 * 404 and 502-504. Never throws; the result names the problem, e.g. `TLS handshake failed:
 * certificate unknown (the server refused the client certificate)` or `connection refused`.
 */
export async function probeMagda(options: MagdaProbeOptions): Promise<MagdaProbeResult> {
  const timeoutMs = options.timeoutMs ?? 5000;
  let url: URL;
  try {
    url = new URL(options.endpoint);
  } catch {
    return { ok: false, detail: 'magda.endpoint is not a URL' };
  }
  if (url.protocol !== 'https:') return { ok: false, detail: 'magda.endpoint must use https (mutual TLS)' };
  let context: tls.SecureContext;
  try {
    context = tls.createSecureContext({
      cert: options.tls.cert,
      key: options.tls.key,
      ...(options.tls.ca ? { ca: options.tls.ca } : {}),
    });
  } catch (error) {
    return { ok: false, detail: describe(error, timeoutMs) };
  }
  const handshake = await tlsHandshake(url, context, timeoutMs);
  if (!handshake.ok) return handshake;
  return new Promise<MagdaProbeResult>((resolve) => {
    let done = false;
    const finish = (result: MagdaProbeResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      resolve(result);
    };
    const req = https.request(url, {
      method: 'GET',
      agent: false,
      cert: options.tls.cert,
      key: options.tls.key,
      ...(options.tls.ca ? { ca: options.tls.ca } : {}),
      headers: { accept: 'text/xml' },
    });
    const protocol = handshake.protocol;
    req.on('response', (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      const problem = describeStatus(status);
      finish(
        problem
          ? { ok: false, detail: problem, status }
          : {
              ok: true,
              detail: `mutual TLS with the client certificate accepted${protocol ? ` (${protocol})` : ''}, HTTP ${status}`,
              status,
            },
      );
    });
    req.on('error', (error) => finish({ ok: false, detail: describe(error, timeoutMs) }));
    const timer = setTimeout(
      () => finish({ ok: false, detail: describe({ code: 'ETIMEDOUT' }, timeoutMs) }),
      timeoutMs,
    );
    req.end();
  });
}
