/**
 * A real RFC 3161 timestamp authority and a real RFC 6960 OCSP responder for the dev world and
 * tests: `openssl ts -reply` and `openssl ocsp` behind small loopback HTTP wrappers. Only node
 * built-ins here (the signer's own tests use these servers without depending on the dev world).
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A loopback HTTP service; `url` is known once it listens (on port 0: a free port). */
export interface LocalService {
  url: string;
  close(): Promise<void>;
}

/** Answers one request: the request body (empty for GET) and the path after the route's prefix. */
export type Handler = (body: Buffer, rest: string, req: IncomingMessage) => Promise<Buffer>;

/** A route of {@link serve}: a path prefix, its handler and the content type of its answers. */
export interface Route {
  prefix: string;
  type: string;
  handle: Handler;
}

/** Starts one loopback HTTP server for `routes` (longest prefix first); 404 elsewhere, 500 on a failure. */
export async function serve(
  routes: Route[],
  options: { port?: number | undefined; host?: string | undefined } = {},
): Promise<LocalService & { server: Server; port: number }> {
  const sorted = [...routes].sort((a, b) => b.prefix.length - a.prefix.length);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const route = sorted.find((r) => path === r.prefix || path.startsWith(r.prefix.replace(/\/?$/, '/')));
    if (!route) {
      res.writeHead(404, { connection: 'close' }).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rest = decodeURIComponent(path.slice(route.prefix.length).replace(/^\//, ''));
      route
        .handle(Buffer.concat(chunks), rest, req)
        // One request per connection: a client never reuses a socket the server is closing.
        .then((out) => res.writeHead(200, { 'content-type': route.type, connection: 'close' }).end(out))
        .catch(() => res.writeHead(500, { connection: 'close' }).end());
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** The files of a timestamp authority: its certificate and key, and the certificates it adds to tokens. */
export interface TimestampAuthorityFiles {
  cert: string;
  key: string;
  chain: string;
}

/** An RFC 3161 handler (`openssl ts -reply`); `work` is a folder for its scratch files. */
export function timestampHandler(o: TimestampAuthorityFiles, work: string): Handler {
  const dir = mkdtempSync(join(work, 'tsa-'));
  writeFileSync(join(dir, 'serial'), '01\n');
  const cnf = join(dir, 'tsa.cnf');
  writeFileSync(
    cnf,
    `[ tsa ]\ndefault_tsa = t\n[ t ]\nserial = ${join(dir, 'serial')}\ncrypto_device = builtin\n` +
      `signer_digest = sha256\ndefault_policy = 1.3.6.1.4.1.99999.1\ndigests = sha256\naccuracy = secs:1\n` +
      `ordering = no\ntsa_name = no\ness_cert_id_chain = no\ness_cert_id_alg = sha256\ncerts = ${o.chain}\n`,
  );
  let n = 0;
  // openssl increments the serial file: one request at a time.
  let queue: Promise<unknown> = Promise.resolve();
  return (query) => {
    const answer = queue.then(async () => {
      const q = join(dir, `q${++n}.tsq`);
      const r = join(dir, `r${n}.tsr`);
      writeFileSync(q, query);
      try {
        await run('openssl', [
          'ts',
          '-reply',
          '-config',
          cnf,
          '-queryfile',
          q,
          '-signer',
          o.cert,
          '-inkey',
          o.key,
          '-out',
          r,
        ]);
        return readFileSync(r);
      } finally {
        rmSync(q, { force: true });
        rmSync(r, { force: true });
      }
    });
    queue = answer.catch(() => {});
    return answer;
  };
}

/** An RFC 3161 timestamp authority on its own loopback port. */
export async function startTimestampAuthority(o: TimestampAuthorityFiles): Promise<LocalService> {
  const handle = timestampHandler(o, join(o.cert, '..'));
  return serve([{ prefix: '/', type: 'application/timestamp-reply', handle }]);
}

/** The files of an OCSP responder: the CA's certificate, the responder's certificate and key. */
export interface OcspResponderFiles {
  ca: string;
  cert: string;
  key: string;
  /** Folder for the index and scratch files. */
  dir: string;
}

/** What an OCSP responder knows: set a certificate good or revoked (others are "unknown"). */
export interface OcspStatus {
  /** Marks a certificate good (`revoked: false`) or revoked (a minute ago). */
  set(certPem: string, revoked: boolean): void;
}

/** An RFC 6960 handler (`openssl ocsp` over an index file), POST or GET (base64 in the path). */
export function ocspHandler(o: OcspResponderFiles): OcspStatus & { handle: Handler } {
  const index = join(o.dir, 'ocsp-index.txt');
  const entries = new Map<string, string>();
  const flush = () => writeFileSync(index, [...entries.values()].join(''));
  // Entries carry a placeholder subject: let several share it.
  writeFileSync(`${index}.attr`, 'unique_subject = no\n');
  flush();
  let n = 0;
  const stamp = (d: Date) => `${d.toISOString().replace(/[-:T]/g, '').slice(2, 14)}Z`;
  return {
    async handle(body, rest) {
      const req = body.length ? body : Buffer.from(rest, 'base64');
      const q = join(o.dir, `ocsp-q${++n}.der`);
      const r = join(o.dir, `ocsp-r${n}.der`);
      writeFileSync(q, req);
      try {
        await run('openssl', [
          'ocsp',
          '-index',
          index,
          '-CA',
          o.ca,
          '-rsigner',
          o.cert,
          '-rkey',
          o.key,
          '-reqin',
          q,
          '-respout',
          r,
          '-ndays',
          '1',
        ]);
        return readFileSync(r);
      } finally {
        rmSync(q, { force: true });
        rmSync(r, { force: true });
      }
    },
    set(certPem, revoked) {
      const x = new X509Certificate(certPem);
      const serial = x.serialNumber.toUpperCase().padStart(2, '0');
      const exp = stamp(new Date(x.validTo));
      const rev = revoked ? stamp(new Date(Date.now() - 60_000)) : '';
      entries.set(
        serial,
        `${revoked ? 'R' : 'V'}\t${exp}\t${rev}\t${serial.length % 2 ? `0${serial}` : serial}\tunknown\t/CN=x\n`,
      );
      flush();
    },
  };
}

/** An OCSP responder on its own loopback port. */
export interface OcspResponder extends LocalService, OcspStatus {}

export async function startOcspResponder(o: OcspResponderFiles): Promise<OcspResponder> {
  const ocsp = ocspHandler(o);
  const service = await serve([{ prefix: '/', type: 'application/ocsp-response', handle: ocsp.handle }]);
  return { url: service.url, close: service.close, set: ocsp.set };
}
