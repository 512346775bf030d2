import { createHash, verify as cryptoVerify, randomBytes, X509Certificate } from 'node:crypto';
import https from 'node:https';
import tls from 'node:tls';
import type { Clock, Signer } from '@smartloket/core';
import { systemClock } from '@smartloket/core';
import { toPem } from './der.js';
import type { SignerSelfTestResult } from './probe.js';
import { type PadesOptions, padesSignerFrom } from './signer.js';

/**
 * A seal through a trust service speaking the Cloud Signature Consortium API v2
 * (`/csc/v2/...`): OAuth2 client credentials, `credentials/info` for the chain,
 * `credentials/authorize` for the Signature Activation Data (SAD), `signatures/signHash`
 * with the SHA-256 of the CMS signed attributes. Only hashes leave the counter.
 */

/** OIDs the signer sends. */
export const CSC_OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  ecPublicKey: '1.2.840.10045.2.1',
} as const;

/** Options of {@link createCscSigner}. */
export interface CscSignerOptions extends PadesOptions {
  /** The service's base URL, without `/csc/v2` (https only). */
  url: string;
  clientId: string;
  clientSecret: string;
  credentialId: string;
  /** PEM CA certificate(s) to trust for the service's TLS, added to Node's defaults. */
  ca?: string | undefined;
  /** Signatures asked per authorisation (default 100); the SAD is reused until spent or expired. */
  sadSignatures?: number | undefined;
  /** How long concurrent seals are collected into one signHash call (default 10 ms). */
  batchMs?: number | undefined;
  /** Clock for token and SAD lifetimes (default: the system clock). */
  clock?: Clock | undefined;
  /** Per request timeout (default 30 s). */
  timeoutMs?: number | undefined;
}

/** The CSC service failed or refused; `code` is the CSC `error` when the service gave one. */
export class CscSignerError extends Error {
  override readonly name = 'CscSignerError';
  constructor(
    message: string,
    readonly code?: string,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

interface Reply {
  status: number;
  json: Record<string, unknown>;
}

/**
 * One POST with a JSON (or form) body over the client's agent. A request that fails with
 * ECONNRESET on a kept-alive connection is sent once more on a new one: the service closed that
 * connection while it sat idle (the keep-alive race Node's documentation describes), which under
 * load broke about one seal in a burst of fifty.
 */
function post(
  url: URL,
  body: string,
  headers: Record<string, string>,
  agent: https.Agent,
  timeoutMs: number,
  retried = false,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          } catch {
            // Not JSON: the status tells.
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (!retried && req.reusedSocket && e.code === 'ECONNRESET') {
        post(url, body, headers, agent, timeoutMs, true).then(resolve, reject);
      } else reject(e);
    });
    req.end(body);
  });
}

interface Pending {
  hash: string;
  resolve(signature: Buffer): void;
  reject(error: unknown): void;
}

/** The seal credential as `credentials/info` describes it. */
export interface CscCredential {
  chain: Buffer[];
  keyAlgorithm: 'rsa' | 'ec';
  authMode: string;
  multisign: number;
}

/**
 * A CSC v2 client for one credential: token, SAD and batching. Used by {@link createCscSigner};
 * exported for the self-test and tests.
 */
export class CscClient {
  readonly #base: URL;
  readonly #o: CscSignerOptions;
  readonly #clock: Clock;
  /** Kept-alive connections trusting `ca` besides the defaults (one TLS context, not one per request). */
  readonly #agent: https.Agent;
  #token: { value: string; until: number } | undefined;
  #sad: { value: string; until: number; left: number } | undefined;
  #queue: Pending[] = [];
  #timer: NodeJS.Timeout | undefined;
  credential: CscCredential | undefined;

  constructor(options: CscSignerOptions) {
    const url = new URL(options.url.replace(/\/+$/, ''));
    if (url.protocol !== 'https:') throw new CscSignerError(`CSC service URL must use https: ${url.origin}`);
    this.#base = url;
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
    this.#agent = new https.Agent({
      keepAlive: true,
      ...(options.ca ? { ca: [...tls.rootCertificates, options.ca] } : {}),
    });
  }

  #url(path: string): URL {
    return new URL(`${this.#base.pathname.replace(/\/$/, '')}/csc/v2/${path}`, this.#base);
  }

  async #call(path: string, body: object | string, auth = true): Promise<Record<string, unknown>> {
    const form = typeof body === 'string';
    const headers: Record<string, string> = {
      'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json',
      accept: 'application/json',
    };
    if (auth) headers.authorization = `Bearer ${await this.#accessToken()}`;
    let reply: Reply;
    try {
      reply = await post(
        this.#url(path),
        form ? body : JSON.stringify(body),
        headers,
        this.#agent,
        this.#o.timeoutMs ?? 30_000,
      );
    } catch (cause) {
      throw new CscSignerError(
        `CSC service ${this.#base.origin} unreachable (${(cause as Error).message})`,
        'unreachable',
        undefined,
        { cause },
      );
    }
    if (reply.status >= 200 && reply.status < 300) return reply.json;
    const code = typeof reply.json.error === 'string' ? reply.json.error : undefined;
    const description =
      typeof reply.json.error_description === 'string' ? reply.json.error_description : undefined;
    if (
      code === 'invalid_client' ||
      code === 'invalid_grant' ||
      (path === 'oauth2/token' && reply.status === 401)
    ) {
      throw new CscSignerError(
        `CSC service ${this.#base.origin} refused the client credentials (${code ?? reply.status}): check signer.clientId and the client secret`,
        code,
        reply.status,
      );
    }
    throw new CscSignerError(
      `CSC service ${this.#base.origin} answered ${reply.status} on ${path}: ${code ?? 'error'}${description ? ` (${description})` : ''}`,
      code,
      reply.status,
    );
  }

  async #accessToken(): Promise<string> {
    const now = this.#clock.now().getTime();
    if (this.#token && this.#token.until > now) return this.#token.value;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.#o.clientId,
      client_secret: this.#o.clientSecret,
    }).toString();
    const r = await this.#call('oauth2/token', form, false);
    if (typeof r.access_token !== 'string')
      throw new CscSignerError('CSC token answer holds no access_token');
    const life = typeof r.expires_in === 'number' ? r.expires_in : 3600;
    // Ten seconds of margin, so a token does not expire in flight.
    this.#token = { value: r.access_token, until: now + Math.max(0, life - 10) * 1000 };
    return this.#token.value;
  }

  /** Reads the credential (chain, key algorithm, authMode, multisign). */
  async start(): Promise<CscCredential> {
    const r = await this.#call('credentials/info', {
      credentialID: this.#o.credentialId,
      certificates: 'chain',
      certInfo: false,
      authInfo: true,
    });
    const cert = (r.cert ?? {}) as { certificates?: unknown; status?: unknown };
    const key = (r.key ?? {}) as { algo?: unknown; status?: unknown };
    const certs = Array.isArray(cert.certificates)
      ? cert.certificates.filter((c) => typeof c === 'string')
      : [];
    if (!certs.length) throw new CscSignerError(`CSC credential ${this.#o.credentialId} has no certificate`);
    if (key.status === 'disabled')
      throw new CscSignerError(`CSC credential ${this.#o.credentialId} is disabled`);
    const algos = Array.isArray(key.algo) ? (key.algo as string[]) : [];
    const keyAlgorithm = algos.some((a) => a === CSC_OID.ecPublicKey || a === CSC_OID.ecdsaWithSHA256)
      ? 'ec'
      : 'rsa';
    const authMode = typeof r.authMode === 'string' ? r.authMode : 'implicit';
    if (authMode !== 'implicit') {
      throw new CscSignerError(
        `CSC credential ${this.#o.credentialId} has authMode "${authMode}": an unattended seal needs "implicit"`,
      );
    }
    const multisign = typeof r.multisign === 'number' && r.multisign >= 1 ? Math.floor(r.multisign) : 1;
    this.credential = {
      chain: certs.map((c) => Buffer.from(c, 'base64')),
      keyAlgorithm,
      authMode,
      multisign,
    };
    return this.credential;
  }

  async #sadFor(count: number): Promise<string> {
    const now = this.#clock.now().getTime();
    if (this.#sad && this.#sad.until > now && this.#sad.left >= count) return this.#sad.value;
    const numSignatures = Math.max(count, this.#o.sadSignatures ?? 100);
    const r = await this.#call('credentials/authorize', {
      credentialID: this.#o.credentialId,
      numSignatures,
    });
    if (typeof r.SAD !== 'string') throw new CscSignerError('CSC authorize answer holds no SAD');
    const life = typeof r.expiresIn === 'number' ? r.expiresIn : 3600;
    this.#sad = { value: r.SAD, until: now + Math.max(0, life - 5) * 1000, left: numSignatures };
    return this.#sad.value;
  }

  /** Signs SHA-256 hashes in one signHash call; re-authorises once when the SAD or token is refused. */
  async signHashes(hashes: string[]): Promise<Buffer[]> {
    for (let attempt = 0; ; attempt++) {
      const sad = await this.#sadFor(hashes.length);
      try {
        const r = await this.#call('signatures/signHash', {
          credentialID: this.#o.credentialId,
          SAD: sad,
          hashes,
          hashAlgorithmOID: CSC_OID.sha256,
          signAlgo: this.credential?.keyAlgorithm === 'ec' ? CSC_OID.ecdsaWithSHA256 : CSC_OID.sha256WithRSA,
        });
        if (this.#sad) this.#sad.left -= hashes.length;
        const sigs = r.signatures;
        if (
          !Array.isArray(sigs) ||
          sigs.length !== hashes.length ||
          sigs.some((s) => typeof s !== 'string')
        ) {
          throw new CscSignerError(
            `CSC signHash answered ${Array.isArray(sigs) ? sigs.length : 0} signatures for ${hashes.length} hashes`,
          );
        }
        return (sigs as string[]).map((s) => Buffer.from(s, 'base64'));
      } catch (e) {
        const retry =
          attempt === 0 &&
          e instanceof CscSignerError &&
          (e.code === 'invalid_token' || (e.code === 'invalid_request' && /SAD/i.test(e.message)));
        if (!retry) throw e;
        this.#sad = undefined;
        if (e.code === 'invalid_token') this.#token = undefined;
      }
    }
  }

  /** Queues one hash; concurrent hashes go out together, at most `multisign` per call. */
  sign(hash: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ hash: hash.toString('base64'), resolve, reject });
      this.#timer ??= setTimeout(() => this.#flush(), this.#o.batchMs ?? 10);
    });
  }

  #flush(): void {
    this.#timer = undefined;
    const size = this.credential?.multisign ?? 1;
    const queue = this.#queue;
    this.#queue = [];
    for (let i = 0; i < queue.length; i += size) {
      const batch = queue.slice(i, i + size);
      this.signHashes(batch.map((p) => p.hash)).then(
        (sigs) => {
          for (const [j, p] of batch.entries()) p.resolve(sigs[j]!);
        },
        (e) => {
          for (const p of batch) p.reject(e);
        },
      );
    }
  }
}

/**
 * A PAdES signer whose key lives in a CSC v2 trust service. Reads the credential (chain,
 * authMode, multisign) at start; fails there when the service or credentials are wrong.
 */
export async function createCscSigner(options: CscSignerOptions): Promise<Signer> {
  const client = new CscClient(options);
  const credential = await client.start();
  return padesSignerFrom(
    {
      keyAlgorithm: credential.keyAlgorithm,
      chain: credential.chain,
      sign: (attrs) => client.sign(createHash('sha256').update(attrs).digest()),
    },
    options,
    'pades-csc',
  );
}

/**
 * The doctor's check of a CSC seal: token, credential, authorisation and one signHash of a
 * random digest, verified with the credential's certificate. Never throws.
 */
export async function cscSelfTest(options: CscSignerOptions): Promise<SignerSelfTestResult> {
  try {
    const client = new CscClient({ ...options, sadSignatures: 1, batchMs: 0 });
    const { chain } = await client.start();
    const data = randomBytes(32);
    const [signature] = await client.signHashes([createHash('sha256').update(data).digest('base64')]);
    const certificate = new X509Certificate(chain[0]!);
    const chainPem = chain.map((c) => toPem(c));
    const name = /(?:^|\n)CN=([^\n]+)/.exec(certificate.subject)?.[1] ?? certificate.subject;
    if (!cryptoVerify('sha256', data, certificate.publicKey, signature!)) {
      return {
        ok: false,
        detail: `the CSC test signature does not verify with the credential's certificate (${name})`,
        chainPem,
      };
    }
    return { ok: true, detail: `CSC test signature verified with the seal certificate ${name}`, chainPem };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}
