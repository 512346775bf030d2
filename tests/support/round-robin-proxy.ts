import { createServer, type IncomingMessage, request, type Server } from 'node:http';

/** A loopback load balancer for tests: see {@link startRoundRobinProxy}. */
export interface RoundRobinProxy {
  url: string;
  /** The backends (base URLs), in turn; replace them to drain or add a server. */
  targets: string[];
  /** Requests each backend answered, by base URL. */
  answered: Map<string, number>;
  close(): Promise<void>;
}

const RETRYABLE = new Set(['ECONNREFUSED', 'ECONNRESET']);

/**
 * Sends each request to the next backend in turn, as a load balancer in front of several server
 * processes does. A backend that refuses the connection or drops it before answering (stopped,
 * restarting) is skipped and the request goes to the next one, as a balancer's retry does; the
 * portal's submissions are idempotent (by draft), so a resent one is not filed twice. One
 * connection per request (no keep-alive), so a stopping backend finishes what it accepted.
 */
export async function startRoundRobinProxy(targets: string[]): Promise<RoundRobinProxy> {
  let next = 0;
  const answered = new Map<string, number>();
  const proxy: RoundRobinProxy = { url: '', targets, answered, close: async () => {} };

  const forward = (req: IncomingMessage, body: Buffer, target: string) =>
    new Promise<IncomingMessage>((resolve, reject) => {
      const out = request(
        new URL(req.url ?? '/', target),
        { method: req.method, headers: { ...req.headers, connection: 'close' }, agent: false },
        resolve,
      );
      out.once('error', reject);
      out.end(body);
    });

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    let lastError: unknown;
    // A backend that failed this request is not tried again for it while another one is left.
    const failed = new Set<string>();
    for (let tries = 0; tries < 40; tries++) {
      const list = proxy.targets.filter((t) => !failed.has(t));
      if (list.length === 0) {
        failed.clear();
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      const target = list[next++ % list.length]!;
      try {
        const upstream = await forward(req, body, target);
        answered.set(target, (answered.get(target) ?? 0) + 1);
        res.writeHead(upstream.statusCode ?? 502, upstream.headers);
        upstream.pipe(res);
        return;
      } catch (error) {
        lastError = error;
        if (!RETRYABLE.has((error as NodeJS.ErrnoException).code ?? '')) break;
        failed.add(target);
      }
    }
    process.stderr.write(`proxy: no backend answered ${req.method} ${req.url}: ${String(lastError)}\n`);
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`no backend answered: ${(lastError as Error | undefined)?.message ?? 'none'}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  proxy.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
