import {
  createHash,
  sign as cryptoSign,
  verify as cryptoVerify,
  randomBytes,
  X509Certificate,
} from 'node:crypto';
import { crlUrlOf, fetchCrl, parseCrl } from './crl.js';
import { bytesOf, certParts, kids, parse, pemBlocks, toPem } from './der.js';
import { type KeySource, loadCredentials } from './keys.js';
import { fetchOcsp, ocspUrlOf, parseOcspResponse } from './ocsp.js';
import type { RemoteSignRequest, RemoteSignResponse } from './remote.js';
import { type FetchLike, requestTimestamp } from './tsa.js';
import { checkCms } from './verify.js';

/** What a probe found. `detail` says what works or what is wrong; no secrets. */
export interface ProbeResult {
  ok: boolean;
  detail: string;
}

/** What {@link signerSelfTest} found, with the seal's certificate chain (PEM) when it was read. */
export interface SignerSelfTestResult extends ProbeResult {
  chainPem?: string[] | undefined;
}

/** The key the seal signs with: local key material, or a remote signing service. */
export type SelfTestSource =
  | KeySource
  | {
      remote: {
        /** The signing service (see `createRemoteSigner`). */
        url: string;
        headers?: Record<string, string> | undefined;
        /** PEM certificates, seal first. */
        certificateChain: string[];
      };
    }
  | {
      /** A key in a token (HSM): signs with SHA-256 (RSA PKCS#1 v1.5 or DER ECDSA). */
      token: {
        /** Names the token in messages, e.g. `token "loket"`. */
        where: string;
        sign(data: Buffer): Promise<Uint8Array>;
        /** PEM certificates, seal first. */
        certificateChain: string[];
      };
    };

const SYSTEM_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed by the server',
};

/**
 * Why a `fetch` (or socket) failed, in words an operator can act on, from its cause chain:
 * `connection refused`, `no answer within 5000 ms`, `TLS: the server's certificate is not trusted`.
 */
export function networkProblem(error: unknown, timeoutMs: number): string {
  for (
    let e = error as { name?: unknown; code?: unknown; cause?: unknown } | undefined, i = 0;
    e && i < 5;
    i++
  ) {
    if (e.name === 'TimeoutError' || e.name === 'AbortError' || e.code === 'UND_ERR_CONNECT_TIMEOUT')
      return `no answer within ${timeoutMs} ms`;
    if (typeof e.code === 'string' && e.code in SYSTEM_CODES) return SYSTEM_CODES[e.code]!;
    if (typeof e.code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(e.code))
      return `TLS: the server's certificate is not trusted (${e.code})`;
    e = e.cause as typeof e;
  }
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${message} (${code})` : message;
}

function timedFetch(timeoutMs: number): FetchLike {
  return (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) } as RequestInit);
}

const commonName = (x: X509Certificate): string =>
  /(?:^|\n)CN=([^\n]+)/.exec(x.subject)?.[1] ?? x.subject.replace(/\n/g, ', ');

/**
 * Signs a random test digest with the seal's key (local, or through the remote signing
 * service) and verifies the signature with the public key of the chain's first certificate.
 * Proves the key opens (PKCS#12 passphrase), belongs to the certificate and, for a remote
 * signer, that the service answers. Never throws. Only a random digest leaves the process.
 */
export async function signerSelfTest(
  source: SelfTestSource,
  options: { timeoutMs?: number | undefined } = {},
): Promise<SignerSelfTestResult> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const data = randomBytes(32);
  let certificate: X509Certificate;
  let chain: Buffer[];
  let signature: Uint8Array;
  if ('token' in source) {
    const t = source.token;
    try {
      chain = t.certificateChain.flatMap((p) => pemBlocks(p));
      if (!chain.length) return { ok: false, detail: 'no certificate in the seal chain file' };
      certificate = new X509Certificate(chain[0]!);
    } catch {
      return { ok: false, detail: 'cannot read the seal chain file as PEM certificates' };
    }
    try {
      signature = await t.sign(data);
    } catch (error) {
      return { ok: false, detail: `${t.where}: ${error instanceof Error ? error.message : String(error)}` };
    }
  } else if ('remote' in source) {
    const r = source.remote;
    try {
      chain = r.certificateChain.flatMap((p) => pemBlocks(p));
      if (!chain.length) return { ok: false, detail: 'no certificate in the seal chain file' };
      certificate = new X509Certificate(chain[0]!);
    } catch {
      return { ok: false, detail: 'cannot read the seal chain file as PEM certificates' };
    }
    let url: URL;
    try {
      url = new URL(r.url);
    } catch {
      return { ok: false, detail: 'the remote signer URL is not a URL' };
    }
    const where = `remote signer ${url.origin}`;
    const body: RemoteSignRequest = {
      digestAlgorithm: 'SHA-256',
      digest: createHash('sha256').update(data).digest('base64'),
    };
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...r.headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      return { ok: false, detail: `${where}: ${networkProblem(error, timeoutMs)}` };
    }
    const json = (await res.json().catch(() => ({}))) as Partial<RemoteSignResponse>;
    if (!res.ok) return { ok: false, detail: `${where} answered HTTP ${res.status}` };
    if (typeof json.signature !== 'string') return { ok: false, detail: `${where} returned no signature` };
    signature = Buffer.from(json.signature, 'base64');
  } else {
    try {
      const credentials = loadCredentials(source);
      chain = credentials.chain;
      certificate = new X509Certificate(chain[0]!);
      signature = cryptoSign('sha256', data, credentials.key);
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }
  const chainPem = chain.map((c) => toPem(c));
  let verified = false;
  try {
    verified = cryptoVerify('sha256', data, certificate.publicKey, signature);
  } catch {
    verified = false;
  }
  if (!verified) {
    return {
      ok: false,
      detail: `the test signature does not verify with the seal certificate (${commonName(certificate)}): key and certificate do not match`,
      chainPem,
    };
  }
  const kind = certificate.publicKey.asymmetricKeyType?.toUpperCase() ?? 'key';
  return {
    ok: true,
    detail: `test signature verified with the seal certificate ${commonName(certificate)} (${kind})`,
    chainPem,
  };
}

/**
 * Sends a real RFC 3161 request for a random digest to the timestamp authority and checks the
 * answer: status granted, a token whose imprint is the digest sent and whose signature
 * verifies. Never throws; the result names the problem, e.g. `connection refused`,
 * `answered HTTP 500`, `refused (status 2)`.
 */
export async function probeTimestampAuthority(
  url: string,
  options: { timeoutMs?: number | undefined; headers?: Record<string, string> | undefined } = {},
): Promise<ProbeResult> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const data = randomBytes(32);
  let origin = url;
  try {
    origin = new URL(url).origin;
  } catch {
    return { ok: false, detail: 'the timestamp authority URL is not a URL' };
  }
  let token: Buffer;
  try {
    token = await requestTimestamp(url, data, { fetch: timedFetch(timeoutMs), headers: options.headers });
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    const message = error instanceof Error ? error.message.replace(url, origin) : String(error);
    return { ok: false, detail: cause ? `${origin}: ${networkProblem(cause, timeoutMs)}` : message };
  }
  try {
    const check = checkCms(token);
    const tst = kids(parse(check.eContent!));
    const imprint = bytesOf(kids(tst[2]!)[1]!);
    if (!imprint.equals(createHash('sha256').update(data).digest()))
      return { ok: false, detail: `${origin}: the token is for another digest` };
    if (!check.signer)
      return { ok: false, detail: `${origin}: granted, but the token carries no certificate` };
    if (!check.digestOk || !check.signatureOk)
      return { ok: false, detail: `${origin}: granted, but the token's signature does not verify` };
    return { ok: true, detail: `${origin}: timestamp granted by ${commonName(check.signer)}` };
  } catch {
    return { ok: false, detail: `${origin}: the answer is not a readable timestamp token` };
  }
}

/** The CRL of a certificate without OCSP responder: fetched, signed by the issuer, current, not listing it. */
async function probeCrl(cert: Buffer, issuer: Buffer, name: string, timeoutMs: number): Promise<ProbeResult> {
  const url = crlUrlOf(cert)[0];
  if (!url) {
    return {
      ok: false,
      detail: `"${name}": no OCSP responder (AIA) and no CRL distribution point in the certificate`,
    };
  }
  const origin = new URL(url).origin;
  try {
    const crl = parseCrl((await fetchCrl(cert, issuer, { fetch: timedFetch(timeoutMs) }))!);
    const serial = new X509Certificate(cert).serialNumber.toUpperCase().replace(/^(00)+(?=.)/, '');
    if (crl.revoked.has(serial)) return { ok: false, detail: `"${name}": CRL ${origin} lists it as revoked` };
    if (crl.nextUpdate && crl.nextUpdate.getTime() < Date.now()) {
      return {
        ok: false,
        detail: `"${name}": CRL ${origin} is out of date (next update ${crl.nextUpdate.toISOString()})`,
      };
    }
    return { ok: true, detail: `"${name}": CRL ${origin} does not list it` };
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause ?? error;
    const why =
      error instanceof Error && !('cause' in error) ? error.message : networkProblem(cause, timeoutMs);
    return { ok: false, detail: `"${name}": ${why}` };
  }
}

/**
 * Asks for the revocation status of each certificate of the seal chain that has an issuer in the
 * chain: its OCSP responder (AIA), or, when it names none, the CRL of its distribution point;
 * what B-LT and B-LTA seals embed. One result per certificate.
 */
export async function probeRevocation(
  chainPem: string[],
  options: { timeoutMs?: number | undefined } = {},
): Promise<ProbeResult[]> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const chain = chainPem.flatMap((p) => pemBlocks(p));
  const xs = chain.map((d) => new X509Certificate(d));
  const results: ProbeResult[] = [];
  for (const [i, x] of xs.entries()) {
    const issuerAt = xs.findIndex((c, j) => j !== i && x.checkIssued(c));
    if (issuerAt < 0) continue; // the root: nothing to ask
    const name = x.subject.match(/CN=([^\n]*)/)?.[1] ?? x.subject;
    const url = ocspUrlOf(chain[i]!);
    if (!url) {
      results.push(await probeCrl(chain[i]!, chain[issuerAt]!, name, timeoutMs));
      continue;
    }
    try {
      const body = await fetchOcsp(certParts(chain[i]!), certParts(chain[issuerAt]!), {
        url,
        fetch: timedFetch(timeoutMs),
      });
      const serial = x.serialNumber.toLowerCase().replace(/^(00)+(?=.)/, '');
      const status = body ? parseOcspResponse(body).certs.get(serial)?.status : undefined;
      results.push({
        ok: status === 'good',
        detail: `"${name}": OCSP ${new URL(url).origin} answers ${status ?? 'nothing about it'}`,
      });
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause ?? error;
      const why =
        error instanceof Error && !('cause' in error) ? error.message : networkProblem(cause, timeoutMs);
      results.push({ ok: false, detail: `"${name}": ${why}` });
    }
  }
  return results;
}
