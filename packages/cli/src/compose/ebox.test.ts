import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, makeKbo, silentLogger, systemClock } from '@smartloket/core';
import { INSZ } from '@smartloket/dev-population';
import {
  type EboxSimulator,
  generateEboxSenderCredentials,
  startEboxSimulator,
} from '@smartloket/dev-world/ebox';
import { validateConfig } from '@smartloket/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eboxCheck } from '../commands/doctor.js';
import { startDevParts } from '../dev-parts.js';
import { EXIT } from '../errors.js';
import { runCaptured } from '../test-support.js';
import { productionParts } from './production.js';

/**
 * `ebox` from the configuration to its effect (decision 1600): `kind: 'ebox'` publishes with the
 * key file, client id, audience, scope and time-out it names; `kind: 'simulator'` makes
 * `smartloket dev` start the simulator (with `noDigitalUser`) and print its page; `smartloket
 * start` refuses the simulator, naming it.
 */
const KBO = makeKbo('02073561');
let dir: string;
let n = 0;
let sim: EboxSimulator;
const creds = generateEboxSenderCredentials({
  organizationName: 'Gemeente Testdorp',
  organizationId: KBO,
  applicationId: 'smartloket:testdorp',
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'smartloket-ebox-'));
  writeFileSync(join(dir, 'ebox-key.pem'), creds.key);
  sim = await startEboxSimulator({
    senders: [
      {
        clientId: 'testdorp',
        certificate: creds.certificate,
        organizationId: KBO,
        applicationId: 'smartloket:testdorp',
        messageTypes: { SmartLoketAttest: {} },
      },
    ],
  });
});
afterAll(async () => {
  await sim?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const MUNICIPALITY = {
  name: { nl: 'Gemeente Testdorp' },
  nisCode: '99999',
  address: { street: 'Marktplein 1', postcode: '9999', city: 'Testdorp' },
};
const ROUTES = [{ requestTypes: ['*'], messageTypeId: 'SmartLoketAttest' }];

function configOf(raw: Record<string, unknown>) {
  n++;
  return validateConfig({
    municipality: MUNICIPALITY,
    baseUrl: 'https://loket.testdorp.be',
    dataDir: join(dir, `data-${n}`),
    database: { url: `sqlite:${join(dir, `ebox-${n}.sqlite`)}` },
    magda: { kind: 'simulator' },
    plugins: [],
    ...raw,
  });
}

const publication = (insz: string) => ({
  recipient: { eboxType: 'citizen' as const, eboxIdValue: insz },
  language: 'nl' as const,
  subject: 'Uw attest (SL-2026-000001)',
  messageTypeId: 'SmartLoketAttest',
  document: {
    fileName: 'attest.pdf',
    mediaType: 'application/pdf',
    bytes: new TextEncoder().encode('%PDF-1.7\n'),
  },
});

describe('ebox configuration', () => {
  it("production: kind 'ebox' publishes with the configured key file, client, audience, scope and time-out", async () => {
    const ebox = {
      kind: 'ebox',
      senderOrganizationId: KBO,
      senderApplicationId: 'smartloket:testdorp',
      messageTypes: ROUTES,
      tokenUrl: sim.tokenUrl,
      audience: sim.audience,
      apiUrl: sim.apiUrl,
      clientId: 'testdorp',
      keyFile: 'ebox-key.pem',
      scope: 'scope:document:management:consult:ws-eboxrestentreprise:publish',
      timeoutSeconds: 60,
    };
    const context = {
      baseDir: dir,
      baseUrl: 'https://loket.testdorp.be',
      clock: systemClock,
      logger: silentLogger,
    };
    const parts = productionParts(configOf({ ebox }), context);
    try {
      expect(parts.eboxSender).toBeDefined();
      await parts.eboxSender!.publish(publication(INSZ.jan));
      expect(sim.messages('citizen', INSZ.jan).at(-1)?.senderApplicationId).toBe('smartloket:testdorp');
      const token = sim.calls.filter((c) => c.route === 'token').at(-1);
      expect((token!.answer as { scope: string }).scope).toBe(ebox.scope);
    } finally {
      await parts.stop();
    }
    // timeoutSeconds: a publication the e-Box never answers is abandoned as transient.
    const short = productionParts(configOf({ ebox: { ...ebox, timeoutSeconds: 3 } }), context);
    sim.faults.timeout();
    const started = Date.now();
    const error = await short.eboxSender!.publish(publication(INSZ.jan)).catch((e: unknown) => e);
    sim.faults.clear();
    expect(error).toMatchObject({ permanent: false, message: 'e-Box unreachable: TimeoutError' });
    // Abandoned after the configured 3 s, not the default 30 s: the only bound is that default,
    // so a busy machine's slowness around the call cannot fail the test.
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
    expect(Date.now() - started).toBeLessThan(30_000);
    // Another client id: the assertion is refused (401), a permanent failure.
    const wrong = productionParts(configOf({ ebox: { ...ebox, clientId: 'someone-else' } }), context);
    expect(await wrong.eboxSender!.publish(publication(INSZ.jan)).catch((e: unknown) => e)).toMatchObject({
      permanent: true,
      status: 401,
    });
    // An unreadable key file is named by its key.
    const missing = (() => {
      try {
        productionParts(configOf({ ebox: { ...ebox, keyFile: 'absent.pem' } }), context);
      } catch (e) {
        return e;
      }
    })();
    expect(missing).toBeInstanceOf(ConfigError);
    expect((missing as ConfigError).path).toBe('ebox.keyFile');
  });

  it('doctor gets an access token with the configured sender, and names what is wrong', async () => {
    const ebox = {
      kind: 'ebox',
      senderOrganizationId: KBO,
      messageTypes: ROUTES,
      tokenUrl: sim.tokenUrl,
      audience: sim.audience,
      apiUrl: sim.apiUrl,
      clientId: 'testdorp',
      keyFile: 'ebox-key.pem',
    };
    const before = sim.calls.filter((c) => c.route === 'publishMessage').length;
    const [ok] = await eboxCheck(configOf({ ebox }), dir, 10_000);
    expect(ok).toMatchObject({ name: 'e-Box', ok: true });
    expect(ok?.detail).toMatch(/access token from 127\.0\.0\.1:\d+ \(3600 s\)/);
    expect(sim.calls.filter((c) => c.route === 'publishMessage')).toHaveLength(before); // nothing published
    const [wrongAudience] = await eboxCheck(
      configOf({ ebox: { ...ebox, audience: 'https://oauth.socialsecurity.be' } }),
      dir,
      10_000,
    );
    expect(wrongAudience).toMatchObject({ ok: false });
    expect(wrongAudience?.detail).toContain('401 invalid_client');
    await expect(
      eboxCheck(configOf({ ebox: { ...ebox, keyFile: 'absent.pem' } }), dir, 10_000),
    ).rejects.toThrow('ebox.keyFile');
    const simulated = configOf({
      ebox: { kind: 'simulator', senderOrganizationId: KBO, messageTypes: ROUTES },
    });
    expect(await eboxCheck(simulated, dir, 10_000)).toEqual([
      { name: 'e-Box', ok: true, warning: true, detail: 'simulator (development only)' },
    ]);
    expect(await eboxCheck(configOf({}), dir, 10_000)).toEqual([]);
  });

  it('the configuration refuses an invalid KBO number and an unknown event', () => {
    expect(() =>
      configOf({ ebox: { kind: 'simulator', senderOrganizationId: '0123456789', messageTypes: ROUTES } }),
    ).toThrow(/ebox.senderOrganizationId/);
    expect(() =>
      configOf({
        ebox: {
          kind: 'simulator',
          senderOrganizationId: KBO,
          messageTypes: [{ requestTypes: ['*'], messageTypeId: 'X', events: ['submitted'] }],
        },
      }),
    ).toThrow(/ebox.messageTypes/);
  });

  it("dev: kind 'simulator' starts the simulator with noDigitalUser, prints its page and publishes to it", async () => {
    const config = configOf({
      identity: { kind: 'dev' },
      mail: { kind: 'dev-mailbox' },
      ebox: {
        kind: 'simulator',
        senderOrganizationId: KBO,
        messageTypes: ROUTES,
        noDigitalUser: [INSZ.koen],
      },
    });
    const parts = await startDevParts(config, {
      baseDir: dir,
      baseUrl: 'http://localhost:3999',
      clock: systemClock,
      logger: silentLogger,
    });
    try {
      const page = parts.urls.find((u) => u.name === 'e-Box (dev)');
      expect(page?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect((await parts.eboxSender!.publish(publication(INSZ.koen))).noDigitalUser).toBe(true);
      expect((await parts.eboxSender!.publish(publication(INSZ.jan))).noDigitalUser).toBe(false);
      expect(await (await fetch(page!.url)).text()).toContain('Koen');
    } finally {
      await parts.stop();
    }
  });

  it('smartloket start refuses the e-Box simulator, naming it', async () => {
    const file = join(dir, 'sim.config.mjs');
    writeFileSync(
      file,
      `export default ${JSON.stringify({
        municipality: MUNICIPALITY,
        identity: {
          kind: 'oidc',
          issuer: 'https://authenticatie.example/op',
          clientId: 'x',
          clientSecret: 's',
        },
        magda: {
          kind: 'magda',
          endpoint: 'https://magda.example/ws',
          tls: { cert: 'c.pem', key: 'k.pem' },
          identificatie: 'x',
          hoedanigheid: '1300',
        },
        mail: {
          kind: 'smtp',
          host: '127.0.0.1',
          port: 2525,
          from: { name: 'Testdorp', address: 'loket@testdorp.be' },
        },
        signer: { kind: 'pem', keyFile: 'k.pem', chainFile: 'c.pem' },
        ebox: { kind: 'simulator', senderOrganizationId: KBO, messageTypes: ROUTES },
        plugins: [],
      })};\n`,
    );
    const { code, stderr } = await runCaptured(dir, 'start', '--config', file);
    expect(code).toBe(EXIT.devParts);
    expect(stderr).toContain('ebox: the e-Box simulator (ebox.kind = "simulator")');
  });
});
