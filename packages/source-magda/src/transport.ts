import http from 'node:http';
import https from 'node:https';

/** TLS material for mutual TLS: the organisation's certificate and key, and the CA to trust. */
export interface TlsOptions {
  cert: string;
  key: string;
  /** CA certificate(s) of the MAGDA endpoint. Default: the system store. */
  ca?: string;
}

export interface HttpResult {
  status: number;
  body: string;
  /** The answer's Content-Type (an MTOM answer is `multipart/related`). */
  contentType?: string | undefined;
  /** The answer as bytes (MTOM attachments are binary). */
  bytes?: Buffer | undefined;
}

/** Posts a SOAP message. Rejects with `code: 'ETIMEDOUT'` when `timeoutMs` passes. */
export function postSoap(
  url: URL,
  body: string,
  options: { agent?: http.Agent | https.Agent; timeoutMs: number },
): Promise<HttpResult> {
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      url,
      {
        method: 'POST',
        agent: options.agent,
        headers: {
          'content-type': 'text/xml;charset=UTF-8',
          soapaction: '""',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            body: bytes.toString('utf8'),
            contentType: res.headers['content-type'],
            bytes,
          });
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(options.timeoutMs, () => {
      const err = Object.assign(new Error(`MAGDA call timed out after ${options.timeoutMs} ms`), {
        code: 'ETIMEDOUT',
      });
      req.destroy(err);
    });
    req.on('error', reject);
    req.end(body);
  });
}
