import { silentLogger, systemClock } from '@smartloket/core';
import { validateConfig } from '@smartloket/runtime';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { productionParts } from './production.js';

const ISSUER = 'https://authenticatie.example/op';
const ACR = 'urn:be:vlaanderen:authmech:';

/** Answers the provider's discovery document; nothing else is fetched by `begin`. */
function stubDiscovery(): void {
  vi.stubGlobal('fetch', async (input: string | URL | Request) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url !== `${ISSUER}/.well-known/openid-configuration`)
      return new Response('not found', { status: 404 });
    return Response.json({
      issuer: ISSUER,
      authorization_endpoint: `${ISSUER}/authorize`,
      token_endpoint: `${ISSUER}/token`,
      jwks_uri: `${ISSUER}/jwks`,
    });
  });
}

/** The means in the `acr_values` of a login started by the production composition. */
async function offeredMeans(identity: Record<string, unknown>): Promise<string[]> {
  const config = validateConfig({
    municipality: {
      name: { nl: 'Gemeente Testdorp' },
      nisCode: '99999',
      address: { street: 'Marktplein 1', postcode: '9999', city: 'Testdorp' },
    },
    baseUrl: 'https://loket.testdorp.be',
    identity: { kind: 'oidc', issuer: ISSUER, clientId: 'loket', clientSecret: 'secret', ...identity },
    plugins: [],
  });
  const parts = productionParts(config, {
    baseDir: '.',
    baseUrl: 'https://loket.testdorp.be',
    clock: systemClock,
    logger: silentLogger,
  });
  try {
    const { url } = await parts.identity!.begin();
    return (new URL(url).searchParams.get('acr_values') ?? '').split(' ').map((a) => a.replace(ACR, ''));
  } finally {
    await parts.stop();
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('production composition: login level', () => {
  it('asks ACM/IDM for the substantial means and above by default (no password login)', async () => {
    stubDiscovery();
    const means = await offeredMeans({});
    expect(means.sort()).toEqual(['csamsms', 'csamtotp', 'eid', 'itsme']);
  });

  it('follows identity.minimumLevel', async () => {
    stubDiscovery();
    expect((await offeredMeans({ minimumLevel: 'high' })).sort()).toEqual(['eid', 'itsme']);
    expect(await offeredMeans({ minimumLevel: 'low' })).toContain('csampassword');
  });
});
