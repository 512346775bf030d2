/**
 * MTOM/XOP (SOAP Message Transmission Optimization): a SOAP answer sent as `multipart/related`
 * whose root part is the envelope (`application/xop+xml`) and whose binary content sits in
 * further parts, referenced from the XML by `<xop:Include href="cid:..."/>`. The Strafregister
 * delivers its PDF this way. Parsing works on bytes: attachments are binary, never decoded as text.
 */
import { randomUUID } from 'node:crypto';

/** XOP's namespace, for the `Include` element. */
export const XOP_NS = 'http://www.w3.org/2004/08/xop/include';

/** One MIME part of a multipart/related message. */
export interface MimePart {
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** Content-ID without angle brackets, when present. */
  contentId?: string;
  contentType: string;
  /** The decoded body (Content-Transfer-Encoding base64 and quoted-printable are undone). */
  body: Buffer;
}

/** A parsed MTOM message: the root (the SOAP envelope) and the attachments by Content-ID. */
export interface MtomMessage {
  root: MimePart;
  /** The root's XML as text (its charset; UTF-8 by default). */
  xml: string;
  attachments: Map<string, MimePart>;
}

/** Splits a header value into its main value and its parameters (RFC 2045 quoted strings). */
export function parseHeaderValue(value: string): { value: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  let i = value.indexOf(';');
  const main = (i < 0 ? value : value.slice(0, i)).trim().toLowerCase();
  while (i >= 0 && i < value.length) {
    i++;
    while (i < value.length && /\s/.test(value[i]!)) i++;
    const eq = value.indexOf('=', i);
    if (eq < 0) break;
    const name = value.slice(i, eq).trim().toLowerCase();
    let j = eq + 1;
    let v = '';
    if (value[j] === '"') {
      j++;
      while (j < value.length && value[j] !== '"') {
        if (value[j] === '\\' && j + 1 < value.length) j++;
        v += value[j];
        j++;
      }
      j++; // closing quote
      const next = value.indexOf(';', j);
      i = next;
    } else {
      const next = value.indexOf(';', j);
      v = (next < 0 ? value.slice(j) : value.slice(j, next)).trim();
      i = next;
    }
    if (name) params[name] = v;
  }
  return { value: main, params };
}

const stripAngles = (id: string) => id.trim().replace(/^<(.*)>$/, '$1');

/** True for a `multipart/related` content type. */
export function isMultipartRelated(contentType: string | undefined): boolean {
  return !!contentType && parseHeaderValue(contentType).value === 'multipart/related';
}

function decodeBody(body: Buffer, encoding: string | undefined): Buffer {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'base64':
      return Buffer.from(body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
    case 'quoted-printable':
      return Buffer.from(
        body
          .toString('latin1')
          .replace(/=\r?\n/g, '')
          .replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
        'latin1',
      );
    default:
      return body;
  }
}

function parsePart(raw: Buffer): MimePart {
  const sep = raw.indexOf('\r\n\r\n');
  const headerText = sep < 0 ? '' : raw.subarray(0, sep).toString('latin1');
  const body = sep < 0 ? raw : raw.subarray(sep + 4);
  const headers: Record<string, string> = {};
  // Unfold continuation lines, then split.
  for (const line of headerText.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const cid = headers['content-id'];
  return {
    headers,
    ...(cid ? { contentId: stripAngles(cid) } : {}),
    contentType: headers['content-type'] ?? 'text/plain',
    body: decodeBody(body, headers['content-transfer-encoding']),
  };
}

/**
 * Parses a `multipart/related` MTOM message. The root is the part named by the `start`
 * parameter, or the first part. Throws a TypeError when the message is not well formed.
 */
export function parseMtom(body: Uint8Array, contentType: string): MtomMessage {
  const { value, params } = parseHeaderValue(contentType);
  if (value !== 'multipart/related') throw new TypeError(`MTOM: not multipart/related (${value})`);
  const boundary = params.boundary;
  if (!boundary) throw new TypeError('MTOM: no boundary');
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const parts: MimePart[] = [];
  let pos = buf.indexOf(delimiter);
  if (pos < 0) throw new TypeError('MTOM: boundary not found');
  let closed = false;
  while (pos >= 0) {
    let start = pos + delimiter.length;
    // `--boundary--` closes the message.
    if (buf[start] === 0x2d && buf[start + 1] === 0x2d) {
      closed = true;
      break;
    }
    // Skip transport padding and the line break after the delimiter.
    while (buf[start] === 0x20 || buf[start] === 0x09) start++;
    if (buf[start] === 0x0d && buf[start + 1] === 0x0a) start += 2;
    const next = buf.indexOf(Buffer.concat([Buffer.from('\r\n', 'latin1'), delimiter]), start);
    if (next < 0) throw new TypeError('MTOM: unterminated part');
    parts.push(parsePart(buf.subarray(start, next)));
    pos = next + 2;
  }
  if (!closed) throw new TypeError('MTOM: no closing boundary');
  if (parts.length === 0) throw new TypeError('MTOM: no parts');
  const startId = params.start ? stripAngles(params.start) : undefined;
  const root = (startId ? parts.find((p) => p.contentId === startId) : undefined) ?? parts[0]!;
  const charset = parseHeaderValue(root.contentType).params.charset?.toLowerCase() ?? 'utf-8';
  const xml = root.body.toString(charset === 'utf-8' || charset === 'utf8' ? 'utf8' : 'latin1');
  const attachments = new Map<string, MimePart>();
  for (const p of parts) if (p !== root && p.contentId) attachments.set(p.contentId, p);
  return { root, xml, attachments };
}

/** The attachment an `xop:Include` href (`cid:...`, RFC 2392, percent-encoded) points to. */
export function resolveXopHref(
  message: Pick<MtomMessage, 'attachments'>,
  href: string,
): MimePart | undefined {
  if (!href.toLowerCase().startsWith('cid:')) return undefined;
  const id = decodeURIComponent(href.slice(4));
  return message.attachments.get(id);
}

/** An attachment to write with {@link buildMtom}. */
export interface MtomAttachment {
  contentId: string;
  contentType: string;
  bytes: Uint8Array;
}

/** Writes an MTOM message (the simulator's answers): root envelope plus binary attachments. */
export function buildMtom(
  xml: string,
  attachments: MtomAttachment[],
  boundary = `uuid:${randomUUID()}`,
): { contentType: string; body: Buffer } {
  const rootId = `root.message@smartloket.simulator`;
  const chunks: Buffer[] = [
    Buffer.from(
      `--${boundary}\r\nContent-Type: application/xop+xml; charset=UTF-8; type="text/xml"\r\n` +
        `Content-Transfer-Encoding: binary\r\nContent-ID: <${rootId}>\r\n\r\n`,
      'latin1',
    ),
    Buffer.from(xml, 'utf8'),
  ];
  for (const a of attachments) {
    chunks.push(
      Buffer.from(
        `\r\n--${boundary}\r\nContent-Type: ${a.contentType}\r\nContent-Transfer-Encoding: binary\r\n` +
          `Content-ID: <${a.contentId}>\r\n\r\n`,
        'latin1',
      ),
      Buffer.from(a.bytes.buffer, a.bytes.byteOffset, a.bytes.byteLength),
    );
  }
  chunks.push(Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'));
  return {
    contentType: `multipart/related; type="application/xop+xml"; boundary="${boundary}"; start="<${rootId}>"; start-info="text/xml"`,
    body: Buffer.concat(chunks),
  };
}
