/**
 * The CSC simulator: a trust service speaking the Cloud Signature Consortium API v2 over HTTPS,
 * sealing with a key of the dev PKI, with faults on demand. For dev and tests; never for production.
 */
import { constants, createPrivateKey, type KeyObject, privateEncrypt, randomBytes } from 'node:crypto';
import type http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { type Clock, systemClock } from '@smartloket/core';

const SHA256 = '2.16.840.1.101.3.4.2.1';
const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const RSA = '1.2.840.113549.1.1.1';
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

export interface CscSimulatorOptions {
  /** TLS certificate and key of the server (PEM), e.g. from `generateMagdaDevCertificates`. */
  tls: { cert: string; key: string };
  /** The seal: PEM private key (RSA) and PEM chain, seal first (e.g. a dev PKI's seal.key and seal-chain.pem). */
  seal: { key: string | KeyObject; chain: string };
  clientId: string;
  clientSecret: string;
  /** Default `seal-1`. */
  credentialId?: string;
  /** Hashes per signHash call (default 1). */
  multisign?: number;
  /** Default `implicit`. */
  authMode?: 'implicit' | 'explicit' | 'oauth2code';
  /** SAD lifetime in seconds (default 300). */
  sadSeconds?: number;
  /** Access token lifetime in seconds (default 3600). */
  tokenSeconds?: number;
  clock?: Clock;
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

/** One request the simulator received (path after `/csc/v2/`, number of hashes for signHash). */
export interface CscSimulatorCall {
  path: string;
  status: number;
  hashes?: number;
  at: Date;
}

/** Faults on demand. `path` is after `/csc/v2/`, e.g. `signatures/signHash`; without it every path. */
export interface CscSimulatorFaults {
  /** Answers with this status and CSC error body. */
  error(status: number, error: string, description: string, path?: string): void;
  /** Answers 503 to everything (the service is down). */
  outage(): void;
  /** Makes every SAD issued so far expired (the next signHash answers "SAD expired"). */
  expireSads(): void;
  /**
   * Resets the connection under each of the next `count` requests that arrive on a kept-alive
   * connection, unanswered: what a client sees when the service closed an idle connection just
   * as the client reused it.
   */
  resetReusedConnections(count: number): void;
  clear(): void;
}

export interface CscSimulator {
  /** Base URL (without `/csc/v2`). */
  url: string;
  credentialId: string;
  calls: CscSimulatorCall[];
  faults: CscSimulatorFaults;
  stop(): Promise<void>;
}

class CscError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    description: string,
  ) {
    super(description);
  }
}

const pemBlocks = (pem: string): Buffer[] =>
  [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/g)].map((m) =>
    Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'),
  );

/** Starts the CSC simulator. */
export async function startCscSimulator(options: CscSimulatorOptions): Promise<CscSimulator> {
  const clock = options.clock ?? systemClock;
  const key = typeof options.seal.key === 'string' ? createPrivateKey(options.seal.key) : options.seal.key;
  if (key.asymmetricKeyType !== 'rsa') throw new TypeError('the CSC simulator seals with RSA keys');
  const chain = pemBlocks(options.seal.chain);
  const credentialId = options.credentialId ?? 'seal-1';
  const multisign = options.multisign ?? 1;
  const tokens = new Map<string, number>();
  const sads = new Map<string, { until: number; left: number }>();
  const calls: CscSimulatorCall[] = [];
  let faults: { status: number; error: string; description: string; path?: string | undefined }[] = [];
  let down = false;
  let resetReused = 0;
  const served = new WeakMap<object, number>();

  const now = () => clock.now().getTime();
  const need = (ok: unknown, what: string): void => {
    if (!ok) throw new CscError(400, 'invalid_request', what);
  };

  function bearer(req: http.IncomingMessage): void {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const until = token ? tokens.get(token) : undefined;
    if (until === undefined || until <= now()) {
      throw new CscError(
        401,
        'invalid_token',
        token ? 'The access token is expired or invalid' : 'Missing access token',
      );
    }
  }

  function credential(body: Record<string, unknown>): void {
    need(typeof body.credentialID === 'string', 'Missing (or invalid type) string parameter credentialID');
    if (body.credentialID !== credentialId)
      throw new CscError(400, 'invalid_request', 'Invalid parameter credentialID');
  }

  const routes: Record<string, (body: Record<string, unknown>, req: http.IncomingMessage) => object> = {
    info: () => ({
      specs: '2.0.0.0',
      name: 'SmartLoket CSC simulator (TEST)',
      logo: '',
      region: 'BE',
      lang: 'en',
      description: 'A simulated trust service for development; not for production.',
      authType: ['oauth2client'],
      oauth2: '',
      methods: [
        'oauth2/token',
        'credentials/list',
        'credentials/info',
        'credentials/authorize',
        'signatures/signHash',
      ],
    }),
    'oauth2/token': (body) => {
      if (body.grant_type !== 'client_credentials') {
        throw new CscError(400, 'unsupported_grant_type', 'Only client_credentials is supported');
      }
      if (body.client_id !== options.clientId || body.client_secret !== options.clientSecret) {
        throw new CscError(401, 'invalid_client', 'Invalid client_id or client_secret');
      }
      const token = randomBytes(24).toString('base64url');
      const life = options.tokenSeconds ?? 3600;
      tokens.set(token, now() + life * 1000);
      return { access_token: token, token_type: 'Bearer', expires_in: life };
    },
    'credentials/list': (_b, req) => {
      bearer(req);
      return { credentialIDs: [credentialId] };
    },
    'credentials/info': (body, req) => {
      bearer(req);
      credential(body);
      return {
        description: 'TEST seal - not for production',
        key: {
          status: 'enabled',
          algo: [SHA256_WITH_RSA, RSA],
          len: key.asymmetricKeyDetails?.modulusLength,
        },
        cert: {
          status: 'valid',
          certificates: (body.certificates === 'none'
            ? []
            : body.certificates === 'single'
              ? chain.slice(0, 1)
              : chain
          ).map((c) => c.toString('base64')),
        },
        authMode: options.authMode ?? 'implicit',
        SCAL: '2',
        multisign,
      };
    },
    'credentials/authorize': (body, req) => {
      bearer(req);
      credential(body);
      const n = body.numSignatures;
      need(
        typeof n === 'number' && Number.isInteger(n) && n >= 1,
        'Missing (or invalid type) integer parameter numSignatures',
      );
      if ((options.authMode ?? 'implicit') !== 'implicit') {
        throw new CscError(400, 'invalid_request', 'Missing PIN or OTP');
      }
      const sad = randomBytes(24).toString('base64url');
      const life = options.sadSeconds ?? 300;
      sads.set(sad, { until: now() + life * 1000, left: n as number });
      return { SAD: sad, expiresIn: life };
    },
    'signatures/signHash': (body, req) => {
      bearer(req);
      credential(body);
      need(typeof body.SAD === 'string', 'Missing (or invalid type) string parameter SAD');
      const hashes = body.hashes;
      need(
        Array.isArray(hashes) && hashes.length > 0 && hashes.every((h) => typeof h === 'string'),
        'Missing (or invalid type) array parameter hashes',
      );
      const list = hashes as string[];
      if (list.length > multisign)
        throw new CscError(400, 'invalid_request', `At most ${multisign} hashes per call`);
      const signAlgo = body.signAlgo;
      need(signAlgo === SHA256_WITH_RSA || signAlgo === RSA, 'Invalid parameter signAlgo');
      need(
        body.hashAlgorithmOID === SHA256 ||
          (body.hashAlgorithmOID === undefined && signAlgo === SHA256_WITH_RSA),
        'Invalid parameter hashAlgorithmOID',
      );
      const sad = sads.get(body.SAD as string);
      if (!sad) throw new CscError(400, 'invalid_request', 'Invalid parameter SAD');
      if (sad.until <= now()) throw new CscError(400, 'invalid_request', 'SAD expired');
      if (sad.left < list.length)
        throw new CscError(400, 'invalid_request', 'SAD does not cover this many signatures');
      const digests = list.map((h) => Buffer.from(h, 'base64'));
      need(
        digests.every((d) => d.length === 32),
        'Invalid Base64 hash string parameter',
      );
      sad.left -= list.length;
      return {
        signatures: digests.map((d) =>
          privateEncrypt(
            { key, padding: constants.RSA_PKCS1_PADDING },
            Buffer.concat([SHA256_DIGEST_INFO, d]),
          ).toString('base64'),
        ),
      };
    },
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const before = served.get(req.socket) ?? 0;
    served.set(req.socket, before + 1);
    if (before > 0 && resetReused > 0) {
      resetReused--;
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '').split('?')[0]!.replace(/^\/csc\/v2\//, '');
    const call: CscSimulatorCall = { path, status: 200, at: clock.now() };
    calls.push(call);
    const send = (status: number, body: object) => {
      call.status = status;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    try {
      if (down)
        return send(503, { error: 'temporarily_unavailable', error_description: 'Service unavailable' });
      const fault = faults.find((f) => !f.path || f.path === path);
      if (fault) return send(fault.status, { error: fault.error, error_description: fault.description });
      if (req.method !== 'POST') throw new CscError(405, 'invalid_request', 'POST only');
      const route = (req.url ?? '').startsWith('/csc/v2/') ? routes[path] : undefined;
      if (!route) throw new CscError(404, 'invalid_request', `Unknown method ${path}`);
      let body: Record<string, unknown>;
      try {
        body = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
          ? Object.fromEntries(new URLSearchParams(raw))
          : ((raw ? JSON.parse(raw) : {}) as Record<string, unknown>);
      } catch {
        throw new CscError(400, 'invalid_request', 'Malformed JSON body');
      }
      if (path === 'signatures/signHash' && Array.isArray(body.hashes)) call.hashes = body.hashes.length;
      send(200, route(body, req));
    } catch (e) {
      if (e instanceof CscError) return send(e.status, { error: e.error, error_description: e.message });
      send(500, { error: 'server_error', error_description: 'Internal error' });
    }
  }

  const server = https.createServer({ cert: options.tls.cert, key: options.tls.key }, (req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    credentialId,
    calls,
    faults: {
      error(status, error, description, path) {
        faults.push({ status, error, description, path });
      },
      outage() {
        down = true;
      },
      expireSads() {
        for (const s of sads.values()) s.until = 0;
      },
      resetReusedConnections(count) {
        resetReused = count;
      },
      clear() {
        faults = [];
        down = false;
        resetReused = 0;
      },
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
