/**
 * The dev world's trust services: a test PKI whose certificates name this server's OCSP
 * responder (AIA) and CRL distribution point, an RFC 3161 timestamp authority, an RFC 6960 OCSP
 * responder and the CA's CRL over HTTP, on one loopback port that stays the same between starts
 * (the certificates carry its URLs). `smartloket dev` starts it for test seal keys, so the demo
 * seals PAdES B-LT. For dev and tests; never for production.
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type DevPki, generateDevPki, issueCrl } from '@smartloket/signer-pades';
import { type Handler, ocspHandler, serve, timestampHandler } from './authorities.js';

export {
  type Handler,
  type LocalService,
  type OcspResponder,
  type OcspResponderFiles,
  type OcspStatus,
  ocspHandler,
  type Route,
  serve,
  startOcspResponder,
  startTimestampAuthority,
  type TimestampAuthorityFiles,
  timestampHandler,
} from './authorities.js';

/** Where revoked certificates are listed: the CRL handler of a CA. */
export interface CrlList {
  /** Lists a certificate as revoked (from now on). */
  revoke(certPem: string): void;
  handle: Handler;
}

/** Serves the CA's current CRL (signed at each request; next update in a day). */
export function crlHandler(ca: { certificate: string; key: string }): CrlList {
  const caDer = new X509Certificate(readFileSync(ca.certificate)).raw;
  const caKey = createPrivateKey(readFileSync(ca.key));
  const revoked: Array<{ serial: string; at: Date }> = [];
  return {
    revoke(certPem) {
      const serial = new X509Certificate(certPem).serialNumber;
      if (!revoked.some((r) => r.serial === serial)) revoked.push({ serial, at: new Date() });
    },
    async handle() {
      const now = Date.now();
      return issueCrl({
        issuerCertificate: caDer,
        issuerKey: caKey,
        revoked,
        thisUpdate: new Date(now - 60_000),
        nextUpdate: new Date(now + 86_400_000),
        number: Math.floor(now / 1000),
      });
    },
  };
}

/** Options of {@link startDevTrustServices}. */
export interface DevTrustOptions {
  /** Folder of the test PKI (kept between starts with the port it was made for). */
  dir: string;
  /** The organisation in the certificates, e.g. "Gemeente Smartegem" (the PKI adds "(TEST)"). */
  organisation: string;
  /** A fixed port (default: the port of the previous start, else a free one). */
  port?: number | undefined;
  /** Write an NSS trust database with the test CA (default true; needs certutil). */
  nss?: boolean | undefined;
}

/** The running trust services and the test PKI whose certificates point at them. */
export interface DevTrustServices {
  /** Base URL, e.g. http://127.0.0.1:39123. */
  url: string;
  /** RFC 3161 timestamp authority (POST application/timestamp-query). */
  tsaUrl: string;
  /** RFC 6960 OCSP responder (POST, or GET with the base64 request in the path). */
  ocspUrl: string;
  /** The test CA's CRL (DER). */
  crlUrl: string;
  pki: DevPki;
  /** Revokes a certificate of the test CA: OCSP answers "revoked" and the CRL lists it. */
  revoke(certPem: string): void;
  stop(): Promise<void>;
}

interface TrustState {
  port: number;
  organisation: string;
}

/** Throws a clear error when `openssl` (the TSA and OCSP responder) is not on PATH. */
function requireOpenssl(): void {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
  } catch {
    throw new Error(
      'the dev trust services (test TSA and OCSP responder) need openssl on PATH (Debian: apt-get install openssl)',
    );
  }
}

/**
 * Starts the trust services of the dev world. The test PKI in `dir` is made on the first start
 * for the port the server got, and reused while later starts get the same port; when that port
 * is taken (or the organisation changed) a new PKI is made for the new port.
 */
export async function startDevTrustServices(options: DevTrustOptions): Promise<DevTrustServices> {
  requireOpenssl();
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  const stateFile = join(dir, 'trust.json');
  const pkiFile = join(dir, 'pki.json');
  const previous =
    existsSync(stateFile) && existsSync(pkiFile)
      ? (JSON.parse(readFileSync(stateFile, 'utf8')) as TrustState)
      : undefined;

  // The handlers need the PKI, the PKI needs the port: route through a late binding.
  let tsa: Handler | undefined;
  let ocsp: ReturnType<typeof ocspHandler> | undefined;
  let crl: CrlList | undefined;
  const notReady: Handler = async () => {
    throw new Error('not ready');
  };
  const routes = [
    { prefix: '/tsa', type: 'application/timestamp-reply', handle: (b, r, q) => (tsa ?? notReady)(b, r, q) },
    {
      prefix: '/ocsp',
      type: 'application/ocsp-response',
      handle: (b, r, q) => (ocsp?.handle ?? notReady)(b, r, q),
    },
    { prefix: '/crl', type: 'application/pkix-crl', handle: (b, r, q) => (crl?.handle ?? notReady)(b, r, q) },
  ] satisfies Parameters<typeof serve>[0];

  let service: Awaited<ReturnType<typeof serve>>;
  const wanted = options.port ?? previous?.port ?? 0;
  try {
    service = await serve(routes, { port: wanted });
  } catch (error) {
    if (options.port !== undefined || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    service = await serve(routes, { port: 0 });
  }
  try {
    const urls = {
      tsaUrl: `${service.url}/tsa`,
      ocspUrl: `${service.url}/ocsp`,
      crlUrl: `${service.url}/crl/ca.crl`,
    };
    let pki: DevPki;
    if (previous && previous.port === service.port && previous.organisation === options.organisation) {
      pki = JSON.parse(readFileSync(pkiFile, 'utf8')) as DevPki;
    } else {
      rmSync(join(dir, 'nssdb'), { recursive: true, force: true });
      pki = generateDevPki({
        dir,
        organisation: options.organisation,
        tsa: true,
        ocspUrl: urls.ocspUrl,
        crlUrl: urls.crlUrl,
        nss: options.nss,
      });
      writeFileSync(pkiFile, JSON.stringify(pki, null, 2));
      writeFileSync(
        stateFile,
        JSON.stringify({ port: service.port, organisation: options.organisation } satisfies TrustState),
      );
    }
    const work = join(dir, 'work');
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work);
    ocsp = ocspHandler({
      ca: pki.caCertificate,
      cert: pki.ocspCertificate,
      key: pki.ocspKey,
      dir: mkdtempSync(join(work, 'ocsp-')),
    });
    for (const cert of [pki.sealCertificate, pki.tsaCertificate!])
      ocsp.set(readFileSync(cert, 'utf8'), false);
    tsa = timestampHandler({ cert: pki.tsaCertificate!, key: pki.tsaKey!, chain: pki.caCertificate }, work);
    crl = crlHandler({ certificate: pki.caCertificate, key: pki.caKey });
    return {
      url: service.url,
      ...urls,
      pki,
      revoke(certPem) {
        ocsp!.set(certPem, true);
        crl!.revoke(certPem);
      },
      stop: service.close,
    };
  } catch (error) {
    await service.close();
    throw error;
  }
}
