import { constants, createHash, type KeyObject, privateEncrypt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Signer } from '@smartloket/core';
import { pemBlocks } from './der.js';
import { keyAlgorithmOf, type PadesOptions, padesSignerFrom } from './signer.js';

/**
 * The remote signing protocol (JSON over HTTPS, one POST per signature):
 *
 * request  `{ "digestAlgorithm": "SHA-256", "digest": "<base64 of the SHA-256 of the CMS signed attributes>" }`
 * response `{ "signature": "<base64>" }` — PKCS#1 v1.5 for RSA keys, DER-encoded ECDSA for EC keys.
 *
 * Errors are any non-2xx status with `{ "error": "<message>" }`. Only the digest leaves the
 * counter: no document, no personal data.
 */
export interface RemoteSignRequest {
  digestAlgorithm: 'SHA-256';
  digest: string;
}
export interface RemoteSignResponse {
  signature: string;
}

/** Options of {@link createRemoteSigner}. */
export interface RemoteSignerOptions extends PadesOptions {
  /** The signing service's URL (https; plain http is accepted only on loopback). */
  url: string;
  /** Extra headers, e.g. an authorisation token. */
  headers?: Record<string, string> | undefined;
  /** PEM certificates, seal first. */
  certificateChain: string[];
}

/** The remote signing service failed. */
export class RemoteSignerError extends Error {
  override readonly name = 'RemoteSignerError';
}

/** A PAdES signer whose key lives in a remote signing service (HSM, QSCD). */
export function createRemoteSigner(options: RemoteSignerOptions): Signer {
  const url = new URL(options.url);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new RemoteSignerError(`remote signer URL must use https: ${url.origin}`);
  }
  const chain = options.certificateChain.flatMap((p) => pemBlocks(p));
  if (!chain.length) throw new RemoteSignerError('no certificate chain given for the remote signer');
  return padesSignerFrom(
    {
      keyAlgorithm: keyAlgorithmOf(chain[0]!),
      chain,
      async sign(attrs) {
        const body: RemoteSignRequest = {
          digestAlgorithm: 'SHA-256',
          digest: createHash('sha256').update(attrs).digest('base64'),
        };
        let res: Response;
        try {
          res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...options.headers },
            body: JSON.stringify(body),
          });
        } catch (cause) {
          throw new RemoteSignerError(`remote signer ${url.origin} unreachable`, { cause });
        }
        const json = (await res.json().catch(() => ({}))) as Partial<RemoteSignResponse> & { error?: string };
        if (!res.ok || typeof json.signature !== 'string') {
          throw new RemoteSignerError(
            `remote signer ${url.origin} answered ${res.status}: ${json.error ?? 'no signature'}`,
          );
        }
        return Buffer.from(json.signature, 'base64');
      },
    },
    options,
    'pades-remote',
  );
}

const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * A minimal signing service implementing the protocol above with an RSA key, as a Node HTTP
 * request handler. For tests and development only; a real service keeps its key in an HSM and
 * authenticates callers.
 */
export function signingServiceHandler(
  key: KeyObject,
  options: { token?: string } = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  if (key.asymmetricKeyType !== 'rsa') throw new TypeError('the test signing service supports RSA keys');
  return (req, res) => {
    const reply = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method !== 'POST') return reply(405, { error: 'POST only' });
    if (options.token && req.headers.authorization !== `Bearer ${options.token}`) {
      return reply(401, { error: 'unauthorised' });
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RemoteSignRequest;
        const digest = Buffer.from(body.digest, 'base64');
        if (body.digestAlgorithm !== 'SHA-256' || digest.length !== 32) {
          return reply(400, { error: 'expected a SHA-256 digest' });
        }
        const signature = privateEncrypt(
          { key, padding: constants.RSA_PKCS1_PADDING },
          Buffer.concat([SHA256_DIGEST_INFO, digest]),
        );
        reply(200, { signature: signature.toString('base64') } satisfies RemoteSignResponse);
      } catch {
        reply(400, { error: 'bad request' });
      }
    });
  };
}
