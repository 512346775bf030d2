import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A loopback HTTP service; `url` is known once it listens on port 0. */
export interface LocalService {
  url: string;
  close(): Promise<void>;
}

async function serve(
  handle: (body: Buffer, path: string) => Promise<Buffer>,
  type: string,
): Promise<LocalService> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(Buffer.concat(chunks), decodeURIComponent(req.url ?? '/'))
        .then((out) => res.writeHead(200, { 'content-type': type }).end(out))
        .catch(() => res.writeHead(500).end());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** An RFC 3161 timestamp authority: `openssl ts -reply` behind a small HTTP wrapper. */
export async function startTimestampAuthority(o: {
  cert: string;
  key: string;
  chain: string;
}): Promise<LocalService> {
  const dir = mkdtempSync(join(o.cert, '..', 'tsa-'));
  writeFileSync(join(dir, 'serial'), '01\n');
  const cnf = join(dir, 'tsa.cnf');
  writeFileSync(
    cnf,
    `[ tsa ]\ndefault_tsa = t\n[ t ]\nserial = ${join(dir, 'serial')}\ncrypto_device = builtin\n` +
      `signer_digest = sha256\ndefault_policy = 1.3.6.1.4.1.99999.1\ndigests = sha256\naccuracy = secs:1\n` +
      `ordering = no\ntsa_name = no\ness_cert_id_chain = no\ness_cert_id_alg = sha256\ncerts = ${o.chain}\n`,
  );
  let n = 0;
  return serve(async (query) => {
    const q = join(dir, `q${++n}.tsq`);
    const r = join(dir, `r${n}.tsr`);
    writeFileSync(q, query);
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
  }, 'application/timestamp-reply');
}

/** An OCSP responder: `openssl ocsp` over an index file, behind a small HTTP wrapper (GET and POST). */
export interface OcspResponder extends LocalService {
  /** Marks a certificate good (`revoked: false`) or revoked. */
  set(certPem: string, revoked: boolean): void;
}

export async function startOcspResponder(o: {
  ca: string;
  cert: string;
  key: string;
  dir: string;
}): Promise<OcspResponder> {
  const index = join(o.dir, 'ocsp-index.txt');
  const entries = new Map<string, string>();
  const flush = () => writeFileSync(index, [...entries.values()].join(''));
  flush();
  let n = 0;
  const service = await serve(async (body, path) => {
    const req = body.length ? body : Buffer.from(path.slice(path.lastIndexOf('/') + 1), 'base64');
    const q = join(o.dir, `ocsp-q${++n}.der`);
    const r = join(o.dir, `ocsp-r${n}.der`);
    writeFileSync(q, req);
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
  }, 'application/ocsp-response');
  const stamp = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  return {
    ...service,
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
