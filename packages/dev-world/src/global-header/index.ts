import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { STAND_IN_CSS, standInScript } from './script.js';

export { STAND_IN_METHODS, standInScript } from './script.js';

/** Options of {@link startDevGlobalHeader}. */
export interface DevGlobalHeaderOptions {
  /** Port to listen on [0: any free port]. */
  port?: number;
  /** Interface to listen on. Keep it on loopback [127.0.0.1]. */
  host?: string;
}

/** The running stand-in widget server of the Mijn Burgerprofiel header. */
export interface DevGlobalHeader {
  /** Its origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The entry script of a widget, as the real server names it (`/api/v2/widget/<id>/entry`). */
  entryUrl(widgetId: string): string;
  /** Down (503 on everything, like an outage of the widget server) or up again. */
  setAvailable(available: boolean): void;
  stop(): Promise<void>;
}

const WIDGET_PATH =
  /^\/api\/v2\/widget\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/(entry|embed|style\.css)$/i;

const ROOT_PAGE = `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Mijn Burgerprofiel-header (dev)</title></head>
<body><h1>Mijn Burgerprofiel-header: stand-in (dev world)</h1>
<p>Deze server vervangt de widgetserver van Digitaal Vlaanderen tijdens ontwikkeling en tests. Het e-loket laadt
<code>/api/v2/widget/&lt;widget-id&gt;/entry</code>; dat script biedt dezelfde <code>window.globalHeaderClient</code> als de echte header.</p>
<p lang="fr">Ce serveur remplace le serveur de widgets de Digitaal Vlaanderen en développement.</p>
<p lang="en">This server stands in for Digitaal Vlaanderen's widget server in development and tests.</p></body></html>`;

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'content-type': `${type}; charset=utf-8`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}

/**
 * Starts a stand-in for Digitaal Vlaanderen's widget server: the global header's entry and embed
 * scripts for any widget id, with the same client API as the real header (see `./script.ts`).
 * For `smartloket dev`, the demo and browser tests; never part of a production install.
 */
export async function startDevGlobalHeader(options: DevGlobalHeaderOptions = {}): Promise<DevGlobalHeader> {
  let available = true;
  let origin = '';
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'text/plain', 'Method not allowed');
    if (!available) return send(res, 503, 'text/plain', 'Service unavailable');
    const path = new URL(req.url ?? '/', origin).pathname;
    if (path === '/') return send(res, 200, 'text/html', ROOT_PAGE);
    const m = WIDGET_PATH.exec(path);
    if (!m) return send(res, 404, 'text/plain', 'Not found');
    const [, widgetId, what] = m;
    if (what === 'style.css') return send(res, 200, 'text/css', STAND_IN_CSS);
    send(
      res,
      200,
      'text/javascript',
      standInScript({ origin, widgetId: widgetId!.toLowerCase(), embed: what === 'embed' }),
    );
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${host}:${port}`;
  return {
    url: origin,
    entryUrl: (widgetId) => `${origin}/api/v2/widget/${widgetId}/entry`,
    setAvailable(value) {
      available = value;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
