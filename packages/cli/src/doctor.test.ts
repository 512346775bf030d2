import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DevIdentityProvider, startDevIdentityProvider } from '@smartloket/dev-world/identity';
import {
  generateMagdaDevCertificates,
  type MagdaDevSimulator,
  startMagdaDevSimulator,
} from '@smartloket/dev-world/magda';
import { type DevMailbox, startDevMailbox } from '@smartloket/dev-world/mailbox';
import { type DevPki, generateDevPki } from '@smartloket/signer-pades';
import { hasSoftHsm, softHsmDevSeal } from '@smartloket/signer-pkcs11';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type LocalService,
  startOcspResponder,
  startTimestampAuthority,
} from '../../dev-world/src/trust/authorities.js';
import { runCli } from './cli.js';
import { type Check, doctor } from './commands/doctor.js';
import { EXIT } from './errors.js';
import { createOutput, type Output } from './output.js';

/** A port on loopback where nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** SoftHSM2 for the PKCS#11 check: required in CI. */
function softHsm(): boolean {
  if (hasSoftHsm()) return true;
  if (process.env.CI) throw new Error('softhsm2-util is missing (Debian package softhsm2)');
  return false;
}

let dir: string;
let magda: MagdaDevSimulator;
let mailbox: DevMailbox;
let pki: DevPki;
let tsa: LocalService;
let idp: DevIdentityProvider;

/** A production-shaped configuration pointing at the real components on loopback. */
function production(): Record<string, unknown> {
  return {
    municipality: {
      name: { nl: 'Gemeente Test' },
      nisCode: '99001',
      address: { street: 'Markt 1', postcode: '9999', city: 'Test' },
    },
    database: { url: 'sqlite:.data/doctor.sqlite' },
    identity: { kind: 'oidc', issuer: idp.issuer, clientId: 'smartloket', clientSecret: 'not-printed' },
    magda: {
      kind: 'magda',
      endpoint: magda.url,
      tls: { cert: 'magda/client.pem', key: 'magda/client-key.pem', ca: 'magda/ca.pem' },
      identificatie: 'kb.vlaanderen.be/aiv/burgerloket-wwoom-99001',
      hoedanigheid: '1234',
    },
    mail: {
      kind: 'smtp',
      host: mailbox.smtp.host,
      port: mailbox.smtp.port,
      user: 'loket',
      password: 'not-printed-either',
      from: { name: 'Gemeente Test', address: 'noreply@test.example' },
    },
    signer: { kind: 'pem', keyFile: pki.sealKey, chainFile: pki.chain, tsaUrl: tsa.url },
  };
}

/** Writes `<name>.config.mjs`: the configuration plus plugins given as code. */
function writeConfig(name: string, config: Record<string, unknown>, plugins = ''): string {
  const file = `${name}.config.mjs`;
  writeFileSync(
    join(dir, file),
    `const config = ${JSON.stringify(config)};\nexport default { ...config, plugins: [${plugins}] };\n`,
  );
  return file;
}

/** A plugin object as `definePlugin` makes it, with a configuration check. */
function pluginCode(id: string, checks: string): string {
  return `{ $$type: '@smartloket/plugin', apiVersion: 1, id: '${id}', version: '1.0.0', compat: { core: '^0.1.0' }, sources: {}, register() {}, checks: ${checks} }`;
}

async function runDoctor(config: string): Promise<{ code: number; ok: boolean; checks: Check[] }> {
  let data: { ok: boolean; checks: Check[] } | undefined;
  const out: Output = {
    ...createOutput({ json: true }),
    result(d) {
      data = d as typeof data;
    },
  };
  const code = await doctor({ cwd: dir, config, timeoutMs: 3000 }, out);
  return { code, ...data! };
}

const find = (checks: Check[], name: string): Check => {
  const check = checks.find((c) => c.name === name);
  if (!check) throw new Error(`no check ${name} in ${checks.map((c) => c.name).join(', ')}`);
  return check;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'smartloket-doctor-'));
  magda = await startMagdaDevSimulator({ certificatesDir: join(dir, 'magda') });
  mailbox = await startDevMailbox();
  pki = generateDevPki({ dir: join(dir, 'pki'), organisation: 'Gemeente Test', tsa: true });
  tsa = await startTimestampAuthority({
    cert: pki.tsaCertificate!,
    key: pki.tsaKey!,
    chain: pki.caCertificate,
  });
  idp = await startDevIdentityProvider({
    port: 0,
    host: '127.0.0.1',
    clients: [
      { client_id: 'smartloket', client_secret: 'x', redirect_uris: ['http://127.0.0.1/auth/callback'] },
    ],
  });
  const config = writeConfig('smartloket', production());
  const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    expect(await runCli(['node', 'smartloket', 'migrate', 'up', '--config', config], dir)).toBe(EXIT.ok);
  } finally {
    quiet.mockRestore();
  }
});

afterAll(async () => {
  await Promise.all([magda?.stop(), mailbox?.stop(), tsa?.close(), idp?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('smartloket doctor checks the live parts', () => {
  it('passes a production configuration whose parts all answer', async () => {
    const result = await runDoctor(writeConfig('all-good', production()));
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    expect(result).toMatchObject({ code: EXIT.ok, ok: true });
    expect(find(result.checks, 'MAGDA').detail).toContain('mutual TLS with the client certificate accepted');
    expect(find(result.checks, 'SMTP').detail).toContain('login accepted');
    expect(find(result.checks, 'signer').detail).toContain('test signature verified');
    expect(find(result.checks, 'timestamp authority').detail).toContain('timestamp granted');
    expect(find(result.checks, 'identity provider').detail).toContain('/.well-known/openid-configuration');
    expect(find(result.checks, 'database').ok).toBe(true);
    // signer.tsaUrl also anchors the audit chain; no anchor has been made yet in this database.
    expect(find(result.checks, 'audit anchoring')).toMatchObject({
      ok: true,
      warning: true,
      detail: expect.stringContaining(`on (${tsa.url}): no timestamped anchor yet`),
    });
    // No secrets in what doctor prints.
    expect(JSON.stringify(result)).not.toMatch(/not-printed/);
  });

  it('fails MAGDA with a client certificate the endpoint does not trust, saying so', async () => {
    const other = generateMagdaDevCertificates(join(dir, 'other-magda'));
    expect(other.client.cert).not.toBe(magda.certificates.client.cert);
    const config = production();
    config.magda = {
      ...(config.magda as object),
      tls: { cert: 'other-magda/client.pem', key: 'other-magda/client-key.pem', ca: 'magda/ca.pem' },
    };
    const result = await runDoctor(writeConfig('magda-untrusted', config));
    expect(result).toMatchObject({ code: EXIT.failure, ok: false });
    const check = find(result.checks, 'MAGDA');
    expect(check.ok).toBe(false);
    expect(check.detail).toMatch(/TLS handshake failed/);
    expect(check.detail).toMatch(/client certificate/);
  });

  it('fails MAGDA when the endpoint does not answer', async () => {
    const config = production();
    config.magda = { ...(config.magda as object), endpoint: `https://127.0.0.1:${await closedPort()}/magda` };
    const check = find((await runDoctor(writeConfig('magda-closed', config))).checks, 'MAGDA');
    expect(check).toMatchObject({ ok: false, detail: expect.stringContaining('connection refused') });
  });

  it('fails SMTP on a closed port, naming server and problem', async () => {
    const port = await closedPort();
    const config = production();
    config.mail = { ...(config.mail as object), port };
    const result = await runDoctor(writeConfig('smtp-closed', config));
    expect(result.code).toBe(EXIT.failure);
    expect(find(result.checks, 'SMTP')).toMatchObject({
      ok: false,
      detail: `127.0.0.1:${port}: connection refused`,
    });
  });

  it('fails the timestamp authority on a closed port', async () => {
    const config = production();
    config.signer = { ...(config.signer as object), tsaUrl: `http://127.0.0.1:${await closedPort()}/tsa` };
    const result = await runDoctor(writeConfig('tsa-closed', config));
    expect(result.code).toBe(EXIT.failure);
    expect(find(result.checks, 'timestamp authority')).toMatchObject({
      ok: false,
      detail: expect.stringContaining('connection refused'),
    });
    expect(find(result.checks, 'signer').ok).toBe(true);
  });

  it('reports the seal level; from B-LT on it asks the OCSP responder of the seal chain', async () => {
    expect(find((await runDoctor(writeConfig('level-bt', production()))).checks, 'seal level').detail).toBe(
      'PAdES B-T',
    );
    const ltDir = join(dir, 'pki-lt');
    mkdirSync(ltDir, { recursive: true });
    const ocsp = await startOcspResponder({
      ca: join(ltDir, 'ca.pem'),
      cert: join(ltDir, 'ocsp.pem'),
      key: join(ltDir, 'ocsp.key'),
      dir: ltDir,
    });
    try {
      const lt = generateDevPki({ dir: ltDir, organisation: 'Gemeente Test', ocspUrl: ocsp.url });
      ocsp.set(readFileSync(lt.sealCertificate, 'utf8'), false);
      const config = production();
      config.signer = {
        ...(config.signer as object),
        keyFile: lt.sealKey,
        chainFile: lt.chain,
        level: 'B-LT',
      };
      const good = await runDoctor(writeConfig('level-blt', config));
      expect(find(good.checks, 'seal level').detail).toContain('PAdES B-LT');
      expect(good.checks.filter((c) => c.name === 'revocation (OCSP)')).toEqual([
        expect.objectContaining({ ok: true, detail: expect.stringContaining('answers good') }),
      ]);
      expect(good.code).toBe(EXIT.ok);

      // A responder that cannot be reached fails doctor, naming the certificate and the problem.
      const down = generateDevPki({
        dir: join(dir, 'pki-down'),
        organisation: 'Gemeente Test',
        ocspUrl: `http://127.0.0.1:${await closedPort()}`,
      });
      config.signer = {
        ...(config.signer as object),
        keyFile: down.sealKey,
        chainFile: down.chain,
        level: 'B-LTA',
      };
      const bad = await runDoctor(writeConfig('level-down', config));
      expect(bad.code).toBe(EXIT.failure);
      expect(find(bad.checks, 'revocation (OCSP)')).toMatchObject({
        ok: false,
        detail: expect.stringContaining('connection refused'),
      });
    } finally {
      await ocsp.close();
    }
  });

  it('says audit anchoring is off without signer.tsaUrl', async () => {
    const config = production();
    const { tsaUrl: _, ...signer } = config.signer as Record<string, unknown>;
    config.signer = signer;
    const result = await runDoctor(writeConfig('anchoring-off', config));
    expect(find(result.checks, 'audit anchoring')).toMatchObject({
      ok: true,
      warning: true,
      detail: expect.stringContaining('off (no signer.tsaUrl)'),
    });
  });

  it('fails the signer when the key does not belong to the certificate', async () => {
    const other = generateDevPki({ dir: join(dir, 'other-pki'), organisation: 'Andere Gemeente' });
    const config = production();
    config.signer = { ...(config.signer as object), keyFile: other.sealKey };
    const check = find((await runDoctor(writeConfig('signer-mismatch', config))).checks, 'signer');
    expect(check).toMatchObject({ ok: false, detail: expect.stringContaining('does not belong to the key') });
  });

  it('opens a PKCS#12 seal with the passphrase from the environment and checks its chain', async () => {
    const config = production();
    config.signer = {
      kind: 'pkcs12',
      file: pki.sealPkcs12,
      passphraseEnv: 'SMARTLOKET_DOCTOR_TEST_PASSPHRASE',
      tsaUrl: tsa.url,
    };
    const file = writeConfig('pkcs12', config);
    const missing = await runDoctor(file);
    expect(find(missing.checks, 'signer')).toMatchObject({
      ok: false,
      detail: 'environment variable SMARTLOKET_DOCTOR_TEST_PASSPHRASE is not set',
    });
    process.env.SMARTLOKET_DOCTOR_TEST_PASSPHRASE = pki.passphrase;
    try {
      const result = await runDoctor(file);
      expect(result.code).toBe(EXIT.ok);
      expect(find(result.checks, 'signer').detail).toContain('test signature verified');
      expect(
        result.checks.some((c) => c.name.startsWith('certificate') && c.name.includes('TEST seal')),
      ).toBe(true);
      expect(JSON.stringify(result)).not.toContain(pki.passphrase);
    } finally {
      delete process.env.SMARTLOKET_DOCTOR_TEST_PASSPHRASE;
    }
  });

  it.runIf(softHsm())(
    'checks a PKCS#11 seal: token reachable, login, key against the chain, expiry',
    async () => {
      const seal = await softHsmDevSeal({ dir: join(dir, 'hsm'), tokenLabel: 'loket', keyLabel: 'e-zegel' });
      writeFileSync(join(dir, 'hsm', 'chain.pem'), seal.chain);
      writeFileSync(join(dir, 'hsm', 'pin'), `${seal.pin}\n`);
      writeFileSync(join(dir, 'hsm', 'bad-pin'), '0000\n');
      const config = production();
      const signer = {
        kind: 'pkcs11',
        module: seal.module,
        tokenLabel: 'loket',
        keyLabel: 'e-zegel',
        pinFile: 'hsm/pin',
        chainFile: 'hsm/chain.pem',
        tsaUrl: tsa.url,
      };
      config.signer = signer;
      const result = await runDoctor(writeConfig('pkcs11', config));
      expect(find(result.checks, 'signer')).toMatchObject({
        ok: true,
        detail: expect.stringMatching(
          /token "loket" reachable, logged in; test signature verified .*TEST HSM seal/,
        ),
      });
      expect(
        result.checks.some((c) => c.name.startsWith('certificate') && c.name.includes('TEST HSM seal')),
      ).toBe(true);
      expect(result.code).toBe(EXIT.ok);

      config.signer = { ...signer, pinFile: 'hsm/bad-pin' };
      expect(find((await runDoctor(writeConfig('pkcs11-bad-pin', config))).checks, 'signer')).toMatchObject({
        ok: false,
        detail: 'token "loket", key "e-zegel": the PIN of token "loket" is wrong',
      });
      // A chain that is not the token key's: the test signature does not verify.
      config.signer = { ...signer, chainFile: pki.chain };
      expect(
        find((await runDoctor(writeConfig('pkcs11-other-chain', config))).checks, 'signer'),
      ).toMatchObject({
        ok: false,
        detail: expect.stringContaining('key and certificate do not match'),
      });
    },
  );

  it("runs each plugin's own configuration check: a failing one fails doctor, naming the plugin", async () => {
    const plugins = [
      pluginCode('goed', `() => [{ name: 'assumed code', ok: true, detail: 'configured' }]`),
      pluginCode(
        'slecht',
        `async ({ options }) => [{ name: 'assumed code', ok: false, detail: 'not configured (' + Object.keys(options).length + ' options)' }]`,
      ),
      pluginCode('stuk', `() => { throw new Error('boom'); }`),
    ].join(', ');
    const result = await runDoctor(writeConfig('plugins', production(), plugins));
    expect(result).toMatchObject({ code: EXIT.failure, ok: false });
    expect(find(result.checks, 'plugin goed: assumed code')).toMatchObject({ ok: true });
    expect(find(result.checks, 'plugin slecht: assumed code')).toMatchObject({
      ok: false,
      detail: 'not configured (0 options)',
    });
    expect(result.checks.filter((c) => c.name === 'plugin stuk' && !c.ok)).toEqual([
      { name: 'plugin stuk', ok: false, detail: 'configuration check failed: boom' },
    ]);
    expect(result.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual([
      'plugin slecht: assumed code',
      'plugin stuk',
    ]);
  });

  it('passes a development configuration with warnings only', async () => {
    const config = production();
    for (const key of ['identity', 'magda', 'mail', 'signer']) delete config[key];
    const result = await runDoctor(writeConfig('dev', config));
    expect(result.code).toBe(EXIT.ok);
    for (const name of ['identity provider', 'MAGDA', 'SMTP', 'signer'])
      expect(find(result.checks, name)).toMatchObject({ ok: true, warning: true });
  });

  it('prints {ok, checks} with --json and exits 1 through the CLI', async () => {
    const config = production();
    config.mail = { ...(config.mail as object), port: await closedPort() };
    const file = writeConfig('cli-json', config);
    let stdout = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c) => {
      stdout += String(c);
      return true;
    });
    let code: number;
    try {
      code = await runCli(['node', 'smartloket', 'doctor', '--config', file, '--json'], dir);
    } finally {
      spy.mockRestore();
    }
    expect(code).toBe(EXIT.failure);
    const json = JSON.parse(stdout) as { ok: boolean; checks: Check[] };
    expect(json.ok).toBe(false);
    expect(find(json.checks, 'SMTP').ok).toBe(false);
    expect(find(json.checks, 'MAGDA').ok).toBe(true);
  });
});
