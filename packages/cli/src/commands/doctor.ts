import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createKernel, type Plugin, type PluginEntry, systemClock } from '@smartloket/core';
import { type Database, openDatabase } from '@smartloket/db';
import { verifySmtp } from '@smartloket/notifier-mail';
import {
  checkMollieProfile,
  createMollieClient,
  mollieOptions,
  molliePaymentsPlugin,
  readMollieApiKey,
} from '@smartloket/payment-mollie';
import {
  AUDIT_ANCHOR_AT,
  anchorAuthority,
  type DeploymentConfig,
  resolveDatabaseUrl,
  sealLevel,
} from '@smartloket/runtime';
import {
  cscSelfTest,
  keyAlgorithmOf,
  networkProblem,
  probeRevocation,
  probeTimestampAuthority,
  type SelfTestSource,
  signerSelfTest,
} from '@smartloket/signer-pades';
import { Pkcs11Token, pemCertificates, readPin } from '@smartloket/signer-pkcs11';
import { probeMagda } from '@smartloket/source-magda';
import { certificateChecks, expiryChecks } from '../certificates.js';
import { smtpConnection } from '../compose/mail.js';
import { EXIT } from '../errors.js';
import { findConfig, loadConfig } from '../load-config.js';
import type { Output } from '../output.js';
import type { OpsOptions } from './shared.js';

/** One finding of `doctor` or `digest`. */
export interface Check {
  name: string;
  ok: boolean;
  /** A warning does not fail `doctor`. */
  warning?: boolean;
  detail: string;
}

/** Options of `smartloket doctor`. */
export interface DoctorOptions extends OpsOptions {
  /** Time limit of each live check (connection, handshake, answer), in milliseconds [5000]. */
  timeoutMs?: number | undefined;
}

/** The time limit of each live check unless `DoctorOptions.timeoutMs` is given. */
export const DOCTOR_TIMEOUT_MS = 5000;

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Runs one group of checks so that nothing escapes: a throw becomes a failed check named
 * `name`, and a probe that outlives its own time limit (three times `timeoutMs`) is given up.
 */
async function guarded(name: string, timeoutMs: number, run: () => Promise<Check[]>): Promise<Check[]> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<Check[]>((resolve) => {
    timer = setTimeout(
      () => resolve([{ name, ok: false, detail: `no answer within ${timeoutMs * 3} ms` }]),
      timeoutMs * 3,
    );
    timer.unref();
  });
  try {
    return await Promise.race([run(), limit]);
  } catch (error) {
    return [{ name, ok: false, detail: message(error) }];
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The e-Box sender (`ebox.kind: 'ebox'`): an access token from the authorisation server with the
 * configured client id, key and audience; nothing is published.
 */
export async function eboxCheck(
  config: DeploymentConfig,
  baseDir: string,
  timeoutMs: number,
): Promise<Check[]> {
  const e = config.ebox;
  if (e.kind === 'off') return [];
  if (e.kind === 'simulator')
    return [{ name: 'e-Box', ok: true, warning: true, detail: 'simulator (development only)' }];
  const { createEboxPublisher } = await import('@smartloket/notifier-ebox');
  const publisher = createEboxPublisher({
    tokenUrl: e.tokenUrl,
    audience: e.audience,
    apiUrl: e.apiUrl,
    clientId: e.clientId,
    privateKey: readConfigured(baseDir, e.keyFile, 'ebox.keyFile'),
    senderOrganizationId: e.senderOrganizationId,
    scope: e.scope,
    timeoutSeconds: Math.max(1, Math.ceil(timeoutMs / 1000)),
  });
  try {
    const seconds = await publisher.verify();
    return [
      { name: 'e-Box', ok: true, detail: `access token from ${new URL(e.tokenUrl).host} (${seconds} s)` },
    ];
  } catch (error) {
    return [{ name: 'e-Box', ok: false, detail: message(error) }];
  }
}

/** Reads a file the configuration names; the error names the key, not the contents. */
function readConfigured(baseDir: string, path: string, key: string): string {
  try {
    return readFileSync(resolve(baseDir, path), 'utf8');
  } catch {
    throw new Error(`${key}: cannot read ${resolve(baseDir, path)}`);
  }
}

async function databaseCheck(config: DeploymentConfig, baseDir: string): Promise<Check[]> {
  const db = await openDatabase({
    url: resolveDatabaseUrl(config.database.url, baseDir),
    ownerUrl: config.database.ownerUrl,
    clock: systemClock,
  });
  try {
    const status = await db.migrationStatus();
    const pending = status.filter((m) => !m.applied).length;
    const checks: Check[] = [
      {
        name: 'database',
        ok: pending === 0,
        detail:
          pending === 0
            ? `reachable, ${status.length} migrations applied`
            : `${pending} migration(s) pending (smartloket migrate up)`,
      },
    ];
    if (pending === 0) checks.push(await anchoringCheck(config, db));
    return checks;
  } finally {
    await db.close();
  }
}

/**
 * Whether the audit chain is anchored with timestamps (`signer.tsaUrl`), and when it last was.
 * Off is a warning; on, with no timestamped anchor for more than two days, a failure.
 */
async function anchoringCheck(config: DeploymentConfig, db: Database): Promise<Check> {
  const name = 'audit anchoring';
  const url = anchorAuthority(config);
  if (!url)
    return {
      name,
      ok: true,
      warning: true,
      detail:
        'off (no signer.tsaUrl): the daily anchors of the audit chain carry no timestamp, so nothing outside the database vouches for it',
    };
  const last = (await db.auditChain.anchors()).filter((a) => a.token).at(-1);
  if (!last)
    return {
      name,
      ok: true,
      warning: true,
      detail: `on (${url}): no timestamped anchor yet (a worker makes one daily at ${AUDIT_ANCHOR_AT}, or run smartloket audit anchor)`,
    };
  const days = (Date.now() - last.at.getTime()) / 86_400_000;
  return {
    name,
    ok: days <= 2,
    detail:
      days <= 2
        ? `on (${url}): last timestamped anchor ${last.at.toISOString()}`
        : `on (${url}), but the last timestamped anchor is of ${last.at.toISOString()}: is a worker running and the authority reachable?`,
  };
}

/** The discovery document answers, names the configured issuer and the endpoints a login needs. */
async function identityCheck(config: DeploymentConfig, baseDir: string, timeoutMs: number): Promise<Check[]> {
  const id = config.identity;
  if (id.kind !== 'oidc')
    return [
      {
        name: 'identity provider',
        ok: true,
        warning: true,
        detail: 'dev identity provider (development only)',
      },
    ];
  const checks: Check[] = [];
  if (!id.clientSecret && !id.privateKeyFile) {
    checks.push({
      name: 'identity provider client',
      ok: false,
      detail: 'set identity.clientSecret or identity.privateKeyFile',
    });
  } else if (id.privateKeyFile) {
    readConfigured(baseDir, id.privateKeyFile, 'identity.privateKeyFile');
  }
  const url = `${id.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const name = 'identity provider';
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    return [...checks, { name, ok: false, detail: `${url}: ${networkProblem(error, timeoutMs)}` }];
  }
  if (!res.ok) {
    await res.body?.cancel();
    return [...checks, { name, ok: false, detail: `${url}: HTTP ${res.status}` }];
  }
  const doc = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!doc || typeof doc !== 'object')
    return [...checks, { name, ok: false, detail: `${url}: not a JSON discovery document` }];
  const missing = ['authorization_endpoint', 'token_endpoint', 'jwks_uri'].filter(
    (k) => typeof doc[k] !== 'string',
  );
  if (doc.issuer !== id.issuer)
    checks.push({
      name,
      ok: false,
      detail: `the discovery document names issuer ${String(doc.issuer)}, not identity.issuer ${id.issuer}`,
    });
  else if (missing.length) checks.push({ name, ok: false, detail: `${url}: no ${missing.join(', ')}` });
  else checks.push({ name, ok: true, detail: `discovery at ${url}` });
  return checks;
}

async function magdaCheck(config: DeploymentConfig, baseDir: string, timeoutMs: number): Promise<Check[]> {
  const m = config.magda;
  if (m.kind !== 'magda')
    return [{ name: 'MAGDA', ok: true, warning: true, detail: 'simulator (development only)' }];
  const tls = {
    cert: readConfigured(baseDir, m.tls.cert, 'magda.tls.cert'),
    key: readConfigured(baseDir, m.tls.key, 'magda.tls.key'),
    ...(m.tls.ca ? { ca: readConfigured(baseDir, m.tls.ca, 'magda.tls.ca') } : {}),
  };
  const result = await probeMagda({ endpoint: m.endpoint, tls, timeoutMs });
  let host = m.endpoint;
  try {
    host = new URL(m.endpoint).host;
  } catch {}
  return [{ name: 'MAGDA', ok: result.ok, detail: `${host}: ${result.detail}` }];
}

async function smtpCheck(config: DeploymentConfig, timeoutMs: number): Promise<Check[]> {
  const m = config.mail;
  if (m.kind !== 'smtp')
    return [{ name: 'SMTP', ok: true, warning: true, detail: 'dev mailbox (development only)' }];
  const result = await verifySmtp({ ...smtpConnection(m), timeoutMs });
  return [{ name: 'SMTP', ok: result.ok, detail: result.detail }];
}

/** The seal: a test signature verified with the certificate; a PKCS#12 chain's expiry too. */
async function signerCheck(config: DeploymentConfig, baseDir: string, timeoutMs: number): Promise<Check[]> {
  const s = config.signer;
  if (s.kind === 'dev-keys')
    return [
      { name: 'signer', ok: true, warning: true, detail: 'test seal keys (development only)' },
      ...(await levelChecks(config, undefined, timeoutMs)),
    ];
  if (s.kind === 'csc') {
    // A CSC chain comes from the service: its expiry is checked here.
    const clientSecret = process.env[s.clientSecretEnv];
    if (clientSecret === undefined)
      return [{ name: 'signer', ok: false, detail: `environment variable ${s.clientSecretEnv} is not set` }];
    const result = await cscSelfTest({
      url: s.url,
      clientId: s.clientId,
      clientSecret,
      credentialId: s.credentialId,
      ca: s.caFile ? readConfigured(baseDir, s.caFile, 'signer.caFile') : undefined,
      timeoutMs,
    });
    const checks: Check[] = [{ name: 'signer', ok: result.ok, detail: result.detail }];
    if (result.chainPem) checks.push(...expiryChecks(result.chainPem, new Date()));
    checks.push(...(await levelChecks(config, result.chainPem, timeoutMs)));
    return checks;
  }
  let source: SelfTestSource;
  if (s.kind === 'pkcs12') {
    const passphrase = process.env[s.passphraseEnv];
    if (passphrase === undefined)
      return [{ name: 'signer', ok: false, detail: `environment variable ${s.passphraseEnv} is not set` }];
    let pkcs12: Buffer;
    try {
      pkcs12 = readFileSync(resolve(baseDir, s.file));
    } catch {
      return [{ name: 'signer', ok: false, detail: `signer.file: cannot read ${resolve(baseDir, s.file)}` }];
    }
    source = { pkcs12, passphrase };
  } else if (s.kind === 'pem') {
    source = {
      key: readConfigured(baseDir, s.keyFile, 'signer.keyFile'),
      certificateChain: [readConfigured(baseDir, s.chainFile, 'signer.chainFile')],
    };
  } else if (s.kind === 'pkcs11') {
    const chainPem = readConfigured(baseDir, s.chainFile, 'signer.chainFile');
    let pin: string;
    try {
      pin = readPin(s.pinEnv ? { pinEnv: s.pinEnv } : { pinFile: s.pinFile! }, baseDir);
    } catch (e) {
      return [{ name: 'signer', ok: false, detail: (e as Error).message }];
    }
    const token = new Pkcs11Token({
      module: s.module,
      tokenLabel: s.tokenLabel,
      pin: () => pin,
      poolSize: 1,
    });
    try {
      const leaf = pemCertificates(chainPem)[0];
      const type = leaf ? keyAlgorithmOf(leaf) : 'rsa';
      const result = await signerSelfTest({
        token: {
          where: `token "${s.tokenLabel}", key "${s.keyLabel}"`,
          sign: (data) => token.sign(s.keyLabel, type, data),
          certificateChain: [chainPem],
        },
      });
      return [
        {
          name: 'signer',
          ok: result.ok,
          detail: result.ok
            ? `token "${s.tokenLabel}" reachable, logged in; ${result.detail}`
            : result.detail,
        },
        ...(await levelChecks(config, [chainPem], timeoutMs)),
      ];
    } finally {
      token.close();
    }
  } else {
    source = {
      remote: { url: s.url, certificateChain: [readConfigured(baseDir, s.chainFile, 'signer.chainFile')] },
    };
  }
  const result = await signerSelfTest(source, { timeoutMs });
  const checks: Check[] = [{ name: 'signer', ok: result.ok, detail: result.detail }];
  // PEM and remote chains are files: certificateChecks reads them. A PKCS#12 chain is only
  // readable with its passphrase, so its expiry is checked here.
  if (s.kind === 'pkcs12' && result.chainPem) {
    checks.push(...expiryChecks(result.chainPem, new Date()));
  }
  checks.push(...(await levelChecks(config, result.chainPem, timeoutMs)));
  return checks;
}

/**
 * The configured seal level (`signer.level`); from B-LT on, whether the OCSP responders of the
 * seal chain answer, since every seal embeds their responses.
 */
async function levelChecks(
  config: DeploymentConfig,
  chainPem: string[] | undefined,
  timeoutMs: number,
): Promise<Check[]> {
  const level = sealLevel(config);
  const longTerm = level === 'B-LT' || level === 'B-LTA';
  const checks: Check[] = [
    {
      name: 'seal level',
      ok: true,
      detail: `PAdES ${level}${longTerm ? ' (long-term validation: each seal embeds OCSP responses)' : ''}`,
    },
  ];
  if (!longTerm || !chainPem) return checks;
  const results = await probeRevocation(chainPem, { timeoutMs });
  if (!results.length)
    return [
      ...checks,
      {
        name: 'revocation (OCSP)',
        ok: false,
        detail: 'no certificate in the seal chain has an issuer in it',
      },
    ];
  for (const r of results) checks.push({ name: 'revocation (OCSP)', ok: r.ok, detail: r.detail });
  return checks;
}

async function tsaCheck(config: DeploymentConfig, timeoutMs: number): Promise<Check[]> {
  const s = config.signer;
  if (s.kind === 'dev-keys') return [];
  if (!s.tsaUrl)
    return [
      {
        name: 'timestamp authority',
        ok: true,
        warning: true,
        detail: 'none configured (signer.tsaUrl): seals are PAdES B-B, without a trusted signing time',
      },
    ];
  const result = await probeTimestampAuthority(s.tsaUrl, { timeoutMs });
  return [{ name: 'timestamp authority', ok: result.ok, detail: result.detail }];
}

function entryParts(
  entry: PluginEntry,
): { plugin: Plugin<any>; options: unknown; enabled: boolean } | undefined {
  const candidate = entry as {
    plugin?: Plugin<any>;
    options?: unknown;
    enabled?: unknown;
    register?: unknown;
  };
  if (candidate && typeof candidate === 'object' && 'plugin' in candidate && candidate.plugin)
    return { plugin: candidate.plugin, options: candidate.options, enabled: candidate.enabled !== false };
  if (candidate && typeof candidate === 'object' && typeof candidate.register === 'function')
    return { plugin: entry as Plugin<any>, options: undefined, enabled: true };
  return undefined;
}

/** Options against the plugin's schema, then the plugin's own configuration check, if any. */
async function pluginChecks(entry: PluginEntry, index: number, timeoutMs: number): Promise<Check[]> {
  const parts = entryParts(entry);
  if (!parts)
    return [
      { name: `plugin #${index + 1}`, ok: false, detail: 'not a SmartLoket plugin (use definePlugin)' },
    ];
  const { plugin, enabled } = parts;
  const name = `plugin ${plugin.id}`;
  if (!enabled) return [{ name, ok: true, detail: 'disabled (enabled: false)' }];
  const parsed = plugin.options
    ? plugin.options.safeParse(parts.options ?? {})
    : { success: true as const, data: {} };
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i: { path: PropertyKey[]; message: string }) => `${i.path.map(String).join('.')}: ${i.message}`)
      .join('; ');
    return [{ name, ok: false, detail: `options: ${issues}` }];
  }
  const checks: Check[] = [
    {
      name,
      ok: true,
      detail: `${plugin.version ?? '?'}, options valid, ${Object.keys(plugin.sources).length} source service(s)`,
    },
  ];
  if (!plugin.checks) return checks;
  const own = await guarded(name, timeoutMs, async () => {
    const found = await plugin.checks!({ options: parsed.data });
    return found.map((c) => ({
      name: `${name}: ${c.name}`,
      ok: c.ok,
      ...(c.warning ? { warning: true } : {}),
      detail: c.detail,
    }));
  });
  // A throwing check is reported under the plugin's name: say it was the plugin's check.
  return [
    ...checks,
    ...own.map((c) => (c.name === name ? { ...c, detail: `configuration check failed: ${c.detail}` } : c)),
  ];
}

/**
 * The payment provider of `payments.provider`: registered by an enabled plugin; for Mollie (not
 * the dev world's simulator), the key from the environment, Mollie answering with it, and every
 * configured method enabled in the profile. Nothing without a `payments` section.
 */
export async function paymentsCheck(config: DeploymentConfig, timeoutMs: number): Promise<Check[]> {
  const payments = config.payments;
  if (!payments) return [];
  const kernel = await createKernel({ plugins: config.plugins });
  const provider = kernel.paymentProvider(payments.provider);
  await kernel.stop();
  if (!provider) {
    return [
      {
        name: 'payments',
        ok: false,
        detail: `no enabled plugin registers payment provider "${payments.provider}" (payments.provider)`,
      },
    ];
  }
  if (payments.simulator)
    return [{ name: 'payments', ok: true, warning: true, detail: 'Mollie simulator (development only)' }];
  if (payments.provider !== 'mollie')
    return [{ name: 'payments', ok: true, detail: `provider ${provider.id}` }];
  const entry = config.plugins
    .map((e) => entryParts(e))
    .find((p) => p?.plugin.id === molliePaymentsPlugin.id && p.enabled);
  const options = mollieOptions.parse(entry?.options ?? {});
  let client: ReturnType<typeof createMollieClient>;
  try {
    client = createMollieClient({
      apiKey: readMollieApiKey(options),
      timeoutMs: Math.min(options.timeoutMs, timeoutMs),
    });
  } catch (error) {
    return [{ name: 'payments', ok: false, detail: message(error) }];
  }
  try {
    const checks = await checkMollieProfile(client, options.methods);
    return checks.map((c) => ({
      name: `payments: ${c.name}`,
      ok: c.ok,
      ...(c.warning ? { warning: true } : {}),
      detail: c.detail,
    }));
  } finally {
    client.close();
  }
}

/**
 * `smartloket doctor`: the configuration, then the live parts: the database and its
 * migrations, the identity provider's discovery document, MAGDA (a mutual TLS handshake with the
 * client certificate and a harmless request), SMTP (connect, STARTTLS, login), the seal (a test
 * signature checked against the certificate), the timestamp authority (a real RFC 3161
 * request), certificate expiry, and each plugin's options and own configuration check. The live
 * checks run in parallel, each with a time limit. Exit 1 when a check fails; warnings
 * (development parts, certificates expiring within 30 days) do not fail.
 */
export async function doctor(options: DoctorOptions, out: Output): Promise<number> {
  const timeoutMs = options.timeoutMs ?? DOCTOR_TIMEOUT_MS;
  let loaded: { config: DeploymentConfig; baseDir: string };
  try {
    loaded = await loadConfig(findConfig(options.cwd, options.config));
  } catch (error) {
    return finish([{ name: 'configuration', ok: false, detail: message(error) }], out);
  }
  const { config, baseDir } = loaded;
  const groups = await Promise.all([
    guarded('database', timeoutMs, () => databaseCheck(config, baseDir)),
    guarded('identity provider', timeoutMs, () => identityCheck(config, baseDir, timeoutMs)),
    guarded('MAGDA', timeoutMs, () => magdaCheck(config, baseDir, timeoutMs)),
    guarded('SMTP', timeoutMs, () => smtpCheck(config, timeoutMs)),
    guarded('signer', timeoutMs, () => signerCheck(config, baseDir, timeoutMs)),
    guarded('timestamp authority', timeoutMs, () => tsaCheck(config, timeoutMs)),
    guarded('certificates', timeoutMs, async () => certificateChecks(config, baseDir, new Date())),
    guarded('payments', timeoutMs, () => paymentsCheck(config, timeoutMs)),
    guarded('e-Box', timeoutMs, () => eboxCheck(config, baseDir, timeoutMs)),
    ...config.plugins.map((entry, i) =>
      guarded(`plugin #${i + 1}`, timeoutMs, () => pluginChecks(entry, i, timeoutMs)),
    ),
  ]);
  return finish([{ name: 'configuration', ok: true, detail: 'valid' }, ...groups.flat()], out);
}

function finish(checks: Check[], out: Output): number {
  const failed = checks.filter((c) => !c.ok);
  out.result(
    { ok: failed.length === 0, checks },
    checks.map((c) => `${c.ok ? (c.warning ? '!' : '✔') : '✘'} ${c.name}: ${c.detail}`).join('\n'),
  );
  return failed.length === 0 ? EXIT.ok : EXIT.failure;
}
