import { createServer, type Server } from 'node:http';
import type { LookupFunction } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addressRefusal,
  checkWebhookDestination,
  postWebhook,
  WebhookDestinationError,
  type WebhookDestinationPolicy,
} from './webhook-destination.js';

/** A fake DNS: each name answers its addresses, in turn per call when given a list of answers. */
function fakeDns(answers: Record<string, string[] | string[][]>): LookupFunction & { calls: number } {
  const seen = new Map<string, number>();
  const fn = ((hostname: string, _options: unknown, callback: (...a: unknown[]) => void) => {
    fn.calls++;
    const entry = answers[hostname];
    if (!entry) return callback(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }));
    const n = seen.get(hostname) ?? 0;
    seen.set(hostname, n + 1);
    const list = (
      Array.isArray(entry[0]) ? (entry as string[][])[Math.min(n, entry.length - 1)] : entry
    ) as string[];
    callback(
      null,
      list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  }) as unknown as LookupFunction & { calls: number };
  fn.calls = 0;
  return fn;
}

const refusal = async (url: string, policy: WebhookDestinationPolicy) => {
  try {
    await checkWebhookDestination(url, policy);
    return 'accepted';
  } catch (error) {
    if (error instanceof WebhookDestinationError) return error.reason;
    throw error;
  }
};

describe('webhook destinations', () => {
  it('refuses every non-public address, IPv4-mapped IPv6 included; loopback only in dev', () => {
    for (const address of [
      '10.0.0.1',
      '172.16.5.4',
      '192.168.1.1',
      '100.64.0.1', // CGNAT
      '169.254.169.254', // cloud metadata
      '169.254.1.1',
      'fe80::1',
      'fc00::1',
      'fd00:ec2::254', // AWS metadata over IPv6
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '::ffff:169.254.169.254',
      '0.0.0.0',
      '::',
      '224.0.0.1',
      'ff02::1',
      '255.255.255.255',
      '127.0.0.1',
      '::1',
    ]) {
      expect(addressRefusal(address, false), address).toBeDefined();
    }
    expect(addressRefusal('127.0.0.1', true)).toBeUndefined();
    expect(addressRefusal('::ffff:127.0.0.1', true)).toBeUndefined();
    expect(addressRefusal('10.0.0.1', true)).toBe('private');
    expect(addressRefusal('169.254.169.254', true)).toBe('linkLocal');
    for (const address of ['93.184.215.14', '8.8.8.8', '2a00:1450:4001:80b::200e'])
      expect(addressRefusal(address, false), address).toBeUndefined();
  });

  it('checks scheme, allow-list and every resolved address', async () => {
    const lookup = fakeDns({
      'hooks.partner.be': ['93.184.215.14'],
      'intern.partner.be': ['10.0.0.1'],
      'meta.partner.be': ['93.184.215.14', '169.254.169.254'],
      'mapped.partner.be': ['::ffff:127.0.0.1'],
      'v6meta.partner.be': ['fd00:ec2::254'],
      'hooks.vlaanderen.be': ['93.184.215.14'],
      'vlaanderen.be.evil.example': ['93.184.215.14'],
      localhost: ['127.0.0.1'],
    });
    const prod: WebhookDestinationPolicy = { dev: false, allow: [], lookup };
    expect(await refusal('https://hooks.partner.be/x', prod)).toBe('accepted');
    expect(await refusal('https://intern.partner.be/x', prod)).toBe('address');
    expect(await refusal('https://meta.partner.be/x', prod)).toBe('address');
    expect(await refusal('https://mapped.partner.be/x', prod)).toBe('address');
    expect(await refusal('https://v6meta.partner.be/x', prod)).toBe('address');
    expect(await refusal('https://169.254.169.254/latest/meta-data', prod)).toBe('address');
    expect(await refusal('https://[::ffff:a9fe:a9fe]/', prod)).toBe('address');
    expect(await refusal('https://nowhere.partner.be/x', prod)).toBe('unresolvable');
    expect(await refusal('http://hooks.partner.be/x', prod)).toBe('scheme');
    expect(await refusal('http://127.0.0.1:8080/x', prod)).toBe('scheme'); // not in production
    expect(await refusal('https://localhost/x', prod)).toBe('address');
    expect(await refusal('https://user:pw@hooks.partner.be/x', prod)).toBe('scheme');
    expect(await refusal('ftp://hooks.partner.be/x', prod)).toBe('scheme');

    const dev: WebhookDestinationPolicy = { dev: true, allow: [], lookup };
    expect(await refusal('http://127.0.0.1:8080/x', dev)).toBe('accepted');
    expect(await refusal('http://localhost:8080/x', dev)).toBe('accepted');
    expect(await refusal('http://[::1]:8080/x', dev)).toBe('accepted');
    expect(await refusal('http://hooks.partner.be/x', dev)).toBe('scheme'); // http only to loopback
    expect(await refusal('https://intern.partner.be/x', dev)).toBe('address');

    const allow: WebhookDestinationPolicy = {
      dev: false,
      allow: ['hooks.partner.be', '*.vlaanderen.be'],
      lookup,
    };
    expect(await refusal('https://hooks.partner.be/x', allow)).toBe('accepted');
    expect(await refusal('https://hooks.vlaanderen.be/x', allow)).toBe('accepted');
    expect(await refusal('https://vlaanderen.be.evil.example/x', allow)).toBe('not_allowed');
    expect(await refusal('https://meta.partner.be/x', allow)).toBe('not_allowed');
  });

  describe('delivery', () => {
    let server: Server;
    let port = 0;
    const hits: string[] = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        hits.push(req.url ?? '');
        if (req.url === '/redirect') res.writeHead(302, { location: 'http://169.254.169.254/latest/' }).end();
        else res.writeHead(204).end();
      });
      server.on('connection', () => hits.push('connection'));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as { port: number }).port;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    });
    const post = (url: string, policy: WebhookDestinationPolicy) =>
      postWebhook(
        url,
        { headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 20_000 },
        policy,
      );

    it('connects to the address it checked: a name that rebinds to loopback is refused at connect time', async () => {
      hits.length = 0;
      // Public when checked, loopback when connecting (DNS rebinding).
      const lookup = fakeDns({ 'rebind.partner.be': [['93.184.215.14'], ['93.184.215.14'], ['127.0.0.1']] });
      const policy: WebhookDestinationPolicy = { dev: false, allow: [], lookup };
      await expect(
        checkWebhookDestination(`https://rebind.partner.be:${port}/`, policy),
      ).resolves.toBeDefined();
      const error = await post(`https://rebind.partner.be:${port}/hook`, policy).catch((e) => e);
      expect(error).toBeInstanceOf(WebhookDestinationError);
      expect(error.reason).toBe('address');
      expect(lookup.calls).toBe(3);
      expect(hits).toEqual([]); // no connection was made
    });

    it('does not follow a redirect', async () => {
      hits.length = 0;
      const policy: WebhookDestinationPolicy = { dev: true, allow: [] };
      const res = await post(`http://127.0.0.1:${port}/redirect`, policy);
      expect(res.status).toBe(302);
      expect(hits.filter((h) => h !== 'connection')).toEqual(['/redirect']);
    });

    it('delivers to an accepted destination', async () => {
      hits.length = 0;
      const res = await post(`http://localhost:${port}/ok`, {
        dev: true,
        allow: [],
        lookup: fakeDns({ localhost: ['127.0.0.1'] }),
      });
      expect(res.status).toBe(204);
    });
  });
});
