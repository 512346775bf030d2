import { describe, expect, it } from 'vitest';
import { buildMtom, parseHeaderValue, parseMtom, resolveXopHref } from './mtom.js';

// Binary content with CR LF and boundary-like bytes inside: parsing must work on bytes.
const pdf = Buffer.concat([
  Buffer.from('%PDF-1.7\r\n\r\n--uuid:not-the-boundary\r\n'),
  Buffer.from([0, 255, 13, 10, 45, 45, 128]),
]);

describe('MTOM/XOP', () => {
  it('parses what it builds: root envelope and the attachment an xop:Include points to, byte for byte', () => {
    const xml = '<a><xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:x%40y"/></a>';
    const m = buildMtom(xml, [{ contentId: 'x@y', contentType: 'application/pdf', bytes: pdf }]);
    const parsed = parseMtom(m.body, m.contentType);
    expect(parsed.xml).toBe(xml);
    expect(resolveXopHref(parsed, 'cid:x%40y')?.body.equals(pdf)).toBe(true);
    expect(resolveXopHref(parsed, 'cid:other')).toBeUndefined();
  });

  it('reads a foreign message: quoted parameters, root named by start (not first), base64 part', () => {
    const body = Buffer.concat([
      Buffer.from(
        'preamble\r\n--MIME_b;1\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\nContent-ID: <att1>\r\n\r\n',
      ),
      Buffer.from(`${pdf.toString('base64').replace(/(.{20})/g, '$1\r\n')}\r\n`),
      Buffer.from(
        '--MIME_b;1\r\nContent-Type: application/xop+xml; charset=UTF-8; type="text/xml"\r\nContent-ID:\r\n <root>\r\n\r\n<é/>\r\n--MIME_b;1--',
      ),
    ]);
    const type = 'Multipart/Related; type="application/xop+xml"; start="<root>"; boundary="MIME_b;1"';
    expect(parseHeaderValue(type).params).toMatchObject({ boundary: 'MIME_b;1', start: '<root>' });
    const parsed = parseMtom(body, type);
    expect(parsed.xml).toBe('<é/>');
    expect(resolveXopHref(parsed, 'cid:att1')?.body.equals(pdf)).toBe(true);
  });

  it('refuses a message without its closing boundary or boundary parameter', () => {
    const m = buildMtom('<a/>', [{ contentId: 'a', contentType: 'application/pdf', bytes: pdf }]);
    expect(() => parseMtom(m.body.subarray(0, m.body.length - 20), m.contentType)).toThrow(TypeError);
    expect(() => parseMtom(m.body, 'multipart/related; type="application/xop+xml"')).toThrow(/boundary/);
  });
});
