import fc from 'fast-check';
import type { PortalClient } from '../support/portal.js';

/** One route of the app: an HTTP method and an express path pattern (`/request/:typeId`). */
export interface FuzzRoute {
  method: string;
  path: string;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  slash?: boolean;
  name?: string;
}

/**
 * Every route of an express 5 app, read from its router stack (sub-routers mounted at the root
 * are walked too). A sub-router mounted under a prefix cannot be read back: it fails loudly so
 * the fuzzer is extended rather than silently missing routes.
 */
export function routesOf(app: { router: { stack: Layer[] } }): FuzzRoute[] {
  const out: FuzzRoute[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const path of paths)
          for (const method of Object.keys(layer.route.methods))
            if (method !== '_all') out.push({ method, path });
      } else if (layer.handle?.stack) {
        if (layer.slash !== true)
          throw new Error(`a router mounted under a prefix (${layer.name}): extend routesOf`);
        walk(layer.handle.stack);
      }
    }
  };
  walk(app.router.stack);
  return out;
}

/** A stack trace, a source path or a database error in an answer. */
export const STACK_TRACE =
  /\bat [^\n<]{0,200}\((?:file:|\/)[^)]*:\d+:\d+\)|node_modules\/|SQLITE_[A-Z]|syntax error at or near|violates [a-z ]*constraint/;

/** Who sends a request. */
export interface Session {
  kind: 'anonymous' | 'citizen' | 'staff' | 'api';
  client: PortalClient;
  csrf?: string;
  bearer?: string;
}

/** Percent-encodes a string, also one with lone surrogates (which encodeURIComponent refuses). */
function encode(s: string): string {
  return [...Buffer.from(s, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).padStart(2, '0')}`,
    )
    .join('');
}

const BAD_ENCODINGS = [
  '%',
  '%f',
  '%ff',
  '%c0%ae',
  '%ED%A0%80',
  '%e0%a4%a',
  '%00',
  '%%',
  '%zz',
  '%uD800',
  '%C0%80',
];
const FRAGMENTS = [
  "' OR 1=1 --",
  '"; drop table requests; --',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '$' + '{7*7}{{7*7}}',
  '__proto__',
  'constructor',
  'test.attest',
  '00000000-0000-0000-0000-000000000000',
  '\u0000',
  '\u202e\u200b',
  'é',
  '🦄',
  '\ud800',
];

/** A hostile value for one path segment or field, already percent-encoded for a URL. */
function hostileSegment(personal: string[]): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...BAD_ENCODINGS) },
    { weight: 3, arbitrary: fc.constantFrom(...FRAGMENTS, ...personal).map(encode) },
    { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map(encode) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.integer({ min: 200, max: 6000 }).map((n) => 'a'.repeat(n)) },
  );
  return fc.array(piece, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('') || '%');
}

/** A hostile value as text (for bodies). */
function hostileText(personal: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...FRAGMENTS, ...personal),
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.integer({ min: 1000, max: 50_000 }).map((n) => 'x'.repeat(n)),
  );
}

const FIELD_NAMES = [
  '_csrf',
  '_action',
  '_draft',
  '_step',
  'forWhom',
  'description',
  'email',
  'q',
  'a[b][c]',
  'a[]',
  '__proto__[x]',
  'constructor[prototype][x]',
  'x'.repeat(300),
  '',
];

/** What the body of a generated request is. */
export type BodyKind =
  | 'none'
  | 'form'
  | 'form-broken'
  | 'json'
  | 'json-broken'
  | 'multipart'
  | 'multipart-broken'
  | 'oversize'
  | 'wrong-type';

/** One generated request. */
export interface HostileRequest {
  method: string;
  path: string;
  session: Session['kind'];
  /** Send the session's CSRF token (reach the handlers behind the check). */
  withCsrf: boolean;
  bodyKind: BodyKind;
  body?: string | FormData | undefined;
  headers: Record<string, string>;
}

/** A generated request to one of `routes`: parameters, query, body, headers and session. */
export function hostileRequest(routes: FuzzRoute[], personal: string[]): fc.Arbitrary<HostileRequest> {
  const segment = hostileSegment(personal);
  const text = hostileText(personal);
  const fields = fc.array(
    fc.tuple(fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ maxLength: 20 })), text),
    {
      maxLength: 8,
    },
  );
  const body: fc.Arbitrary<Pick<HostileRequest, 'bodyKind' | 'body' | 'headers'>> = fc.oneof(
    { weight: 3, arbitrary: fc.constant({ bodyKind: 'none' as const, body: undefined, headers: {} }) },
    {
      weight: 3,
      arbitrary: fields.map((f) => ({
        bodyKind: 'form' as const,
        body: new URLSearchParams(f).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('a=%ff&b', '%=%', '&&&=', 'a[[[[[[=1', 'a'.repeat(100) + '[b]'.repeat(40))
        .map((b) => ({
          bodyKind: 'form-broken' as const,
          body: b,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        })),
    },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          fc.json({ maxDepth: 4 }),
          fields.map((f) => JSON.stringify(Object.fromEntries(f))),
        )
        .map((b) => ({
          bodyKind: 'json' as const,
          body: b,
          headers: { 'content-type': 'application/json' },
        })),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(
          '{',
          '{"a":',
          '[',
          'nul',
          '"\\u12"',
          '{"a":1}}',
          '\u0000',
          '[['.repeat(5000),
          '{"__proto__":{"x":1}}',
        )
        .map((b) => ({
          bodyKind: 'json-broken' as const,
          body: b,
          headers: { 'content-type': 'application/json' },
        })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fields,
          fc.array(fc.tuple(fc.constantFrom('file', 'upload', 'x'), fc.uint8Array({ maxLength: 2000 })), {
            maxLength: 3,
          }),
        )
        .map(([f, files]) => {
          const form = new FormData();
          for (const [k, v] of f) form.append(k, v);
          for (const [k, bytes] of files)
            form.append(k, new Blob([bytes], { type: 'application/pdf' }), '../../evil\u0000.pdf');
          return { bodyKind: 'multipart' as const, body: form, headers: {} };
        }),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(
          ['multipart/form-data', 'x'],
          [
            'multipart/form-data; boundary=XyZ',
            '--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nabc',
          ],
          ['multipart/form-data; boundary=XyZ', '--XyZ\r\nbroken header\r\n\r\nabc\r\n--XyZ--\r\n'],
          ['multipart/form-data; boundary=XyZ', '--Other\r\n\r\n--Other--'],
          ['multipart/form-data; boundary=', ''],
          ['multipart/form-data; boundary="unterminated', '--x'],
        )
        .map(([type, b]) => ({
          bodyKind: 'multipart-broken' as const,
          body: b,
          headers: { 'content-type': type },
        })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          'application/json',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=X',
          'text/plain',
        )
        .map((type) => ({
          bodyKind: 'oversize' as const,
          body: type.startsWith('multipart')
            ? `--X\r\nContent-Disposition: form-data; name="a"\r\n\r\n${'x'.repeat(300_000)}\r\n--X--\r\n`
            : type === 'application/json'
              ? JSON.stringify({ a: 'x'.repeat(300_000) })
              : `a=${'x'.repeat(300_000)}`,
          headers: { 'content-type': type },
        })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom<Record<string, string>>(
            { 'content-type': 'application/json; charset=utf-7' },
            { 'content-type': 'application/x-www-form-urlencoded; charset=ibm500' },
            { 'content-type': 'text/plain' },
            { 'content-type': 'application/xml' },
            { 'content-type': 'multipart/mixed; boundary=x' },
            { 'content-type': '' },
            { 'content-type': 'application/json', 'content-encoding': 'gzip' },
            { 'content-type': 'application/json', 'content-encoding': 'x-bogus' },
            { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'deflate' },
          ),
          text,
        )
        .map(([headers, b]) => ({ bodyKind: 'wrong-type' as const, body: b, headers })),
    },
  );

  return fc
    .record({
      route: fc.constantFrom(...routes),
      otherMethod: fc.option(fc.constantFrom('put', 'delete', 'patch', 'head', 'options'), { freq: 8 }),
      params: fc.array(segment, { minLength: 4, maxLength: 4 }),
      query: fc.option(
        fc.array(
          fc.tuple(fc.constantFrom('q', 'lang', 'after', 'status', 'type', 'page[x]', 'returnTo'), segment),
          { maxLength: 3 },
        ),
        { freq: 2 },
      ),
      session: fc.constantFrom<Session['kind']>('anonymous', 'citizen', 'staff', 'api'),
      withCsrf: fc.boolean(),
      accept: fc.constantFrom('text/html', 'application/json', '*/*', 'application/problem+json', ''),
      lang: fc.constantFrom('nl', 'fr', 'en', 'de', '*', ''),
      body,
    })
    .map(({ route, otherMethod, params, query, session, withCsrf, accept, lang, body: b }) => {
      let i = 0;
      const path =
        route.path.replace(/[:*](\w+)/g, () => params[i++ % params.length]!).replace(/[{}]/g, '') +
        (query ? `?${query.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&')}` : '');
      const method = otherMethod ?? route.method;
      const hasBody = !['get', 'head', 'options'].includes(method);
      return {
        method,
        path,
        session,
        withCsrf,
        bodyKind: hasBody ? b.bodyKind : 'none',
        body: hasBody ? b.body : undefined,
        headers: {
          ...(hasBody ? b.headers : {}),
          ...(accept ? { accept } : {}),
          ...(lang ? { 'accept-language': lang } : {}),
        },
      };
    });
}

/** Sends a generated request in its session; the answer's status and body. */
export async function send(
  base: string,
  request: HostileRequest,
  sessions: Session[],
): Promise<{ status: number; body: string }> {
  const session = sessions.find((s) => s.kind === request.session)!;
  const url = new URL(request.path, base).href;
  const headers: Record<string, string> = { ...request.headers };
  const cookie = session.client.jar.header(url);
  if (cookie) headers.cookie = cookie;
  if (session.bearer) headers.authorization = `Bearer ${session.bearer}`;
  // Logging out would end the session for the rest of the run.
  if (request.withCsrf && session.csrf && !request.path.startsWith('/logout')) {
    headers['x-csrf-token'] = session.csrf;
    if (request.body instanceof FormData) request.body.set('_csrf', session.csrf);
  }
  const res = await fetch(url, {
    method: request.method.toUpperCase(),
    headers,
    body: request.body,
    redirect: 'manual',
    signal: AbortSignal.timeout(60_000),
  });
  return { status: res.status, body: request.method === 'head' ? '' : await res.text() };
}
