import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createOutput, type DevRunning, dev } from '@smartloket/cli';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { until } from '../support/wait.js';

const root = resolve(import.meta.dirname, '../..');

/** A deployment's config file; the plugins come from the (linked) packages and plugins/lokaal. */
function config(o: { name: string; bevolking: boolean; extra?: string }): string {
  return `import { bevolkingPlugin } from '@smartloket/plugin-bevolking';
import { lokaalPlugin } from './plugins/lokaal/index.mjs';

export default {
  municipality: {
    name: { nl: ${JSON.stringify(o.name)} },
    nisCode: '99001',
    address: { street: 'Markt 1', postcode: '9999', city: 'Teststad' },
  },
  database: { url: 'sqlite:.data/dev.sqlite' },
  ${o.extra ?? ''}
  plugins: [{ plugin: bevolkingPlugin, enabled: ${o.bevolking} }, lokaalPlugin],
};
`;
}

/** A local plugin, as `smartloket new plugin` puts them in plugins/ (here a test plugin). */
function localPlugin(id: string): string {
  return `import { createTestPlugin } from '@smartloket/testkit';
export const lokaalPlugin = createTestPlugin({ id: ${JSON.stringify(id)} });
`;
}

/**
 * `smartloket dev` reloads on a configuration change: same URL, new municipality name; a broken
 * configuration is reported by its key while the previous one keeps serving; plugins switched on
 * and off and a local plugin's file edited show in the catalogue; the dev servers survive.
 */
describe('smartloket dev reloads on a configuration change', () => {
  let dir: string;
  let running: DevRunning;
  let stderr = '';
  let stdout = '';

  const home = async () => (await fetch(`${running.url}/`)).text();
  const catalogue = async () => {
    const res = await fetch(`${running.url}/api/v1/catalogue`);
    return ((await res.json()) as { items: { id: string }[] }).items.map((i) => i.id);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'smartloket-dev-reload-'));
    // The deployment's installed packages: links to the workspace packages (their builds).
    mkdirSync(join(dir, 'node_modules/@smartloket'), { recursive: true });
    symlinkSync(join(root, 'plugins/bevolking'), join(dir, 'node_modules/@smartloket/plugin-bevolking'));
    symlinkSync(join(root, 'packages/testkit'), join(dir, 'node_modules/@smartloket/testkit'));
    mkdirSync(join(dir, 'plugins/lokaal'), { recursive: true });
    writeFileSync(join(dir, 'plugins/lokaal/index.mjs'), localPlugin('lokaal'));
    writeFileSync(
      join(dir, 'smartloket.config.mjs'),
      config({ name: 'Gemeente Eerstdorp', bevolking: false }),
    );
    vi.spyOn(process.stderr, 'write').mockImplementation((c) => {
      stderr += String(c);
      return true;
    });
    vi.spyOn(process.stdout, 'write').mockImplementation((c) => {
      stdout += String(c);
      return true;
    });
    running = await dev({ cwd: dir, port: 0, debounceMs: 50 }, createOutput());
  });
  afterAll(async () => {
    await running?.close();
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the new municipality name on the same URL after the config file changes', async () => {
    expect(stdout).toContain('SmartLoket (development) is running');
    expect(await home()).toContain('Gemeente Eerstdorp');
    expect(await catalogue()).toContain('lokaal.attest');
    const server = running.server;
    const identityUrl = running.dev.urls.find((u) => u.name === 'login (dev)')?.url;
    const mailboxUrl = running.dev.urls.find((u) => u.name === 'mailbox (dev)')?.url;
    expect(identityUrl).toBeDefined();

    writeFileSync(
      join(dir, 'smartloket.config.mjs'),
      config({ name: 'Gemeente Tweededorp', bevolking: false }),
    );
    const page = await until(home, (html) => html.includes('Gemeente Tweededorp'));
    expect(page).toContain('Gemeente Tweededorp');
    expect(page).not.toContain('Gemeente Eerstdorp');
    expect(running.lastReload).toEqual({ ok: true, summary: 'municipality' });
    expect(stdout).toContain('Configuration reloaded (municipality).');
    // The same server, and the dev servers were not restarted (logins and mails survive).
    expect(running.server).toBe(server);
    expect(running.dev.urls.find((u) => u.name === 'login (dev)')?.url).toBe(identityUrl);
    expect(running.dev.urls.find((u) => u.name === 'mailbox (dev)')?.url).toBe(mailboxUrl);
    expect((await fetch(`${identityUrl}/.well-known/openid-configuration`)).status).toBe(200);
    expect((await fetch(mailboxUrl!)).status).toBe(200);
  });

  it('reports a broken configuration by its key and keeps serving the previous one', async () => {
    const before = running.lastReload;
    writeFileSync(
      join(dir, 'smartloket.config.mjs'),
      config({ name: 'Gemeente Kapot', bevolking: false, extra: 'colour: "red",' }),
    );
    const failed = await until(
      () => running.lastReload,
      (r) => r !== before && r?.ok === false,
    );
    expect(failed?.ok).toBe(false);
    expect(stderr).toContain('error: Configuration "colour": unknown key(s) "colour"');
    expect(stderr).toContain('still serving the previous configuration');
    const page = await home();
    expect(page).toContain('Gemeente Tweededorp');
    expect(page).not.toContain('Gemeente Kapot');

    // A wrong type names its key too.
    stderr = '';
    writeFileSync(
      join(dir, 'smartloket.config.mjs'),
      config({ name: 'Gemeente Kapot', bevolking: false, extra: 'deliveryWaitMs: "soon",' }),
    );
    await until(
      () => stderr,
      (s) => s.includes('Configuration "deliveryWaitMs"'),
    );
    expect(stderr).toContain('error: Configuration "deliveryWaitMs"');
    expect(await home()).toContain('Gemeente Tweededorp');

    // Valid keys, but the kernel refuses the plugins (the same one twice): still the old version.
    const refused = running.lastReload;
    writeFileSync(
      join(dir, 'smartloket.config.mjs'),
      config({ name: 'Gemeente Kapot', bevolking: false }).replace(
        'lokaalPlugin],',
        'lokaalPlugin, lokaalPlugin],',
      ),
    );
    const twice = await until(
      () => running.lastReload,
      (r) => r !== refused,
    );
    expect(twice?.ok).toBe(false);
    expect(await home()).toContain('Gemeente Tweededorp');
    expect(await catalogue()).toContain('lokaal.attest');
  });

  it('switches a plugin on and off, and reloads a changed local plugin', async () => {
    expect(await catalogue()).not.toContain('bevolking.gezinssamenstelling');
    writeFileSync(
      join(dir, 'smartloket.config.mjs'),
      config({ name: 'Gemeente Tweededorp', bevolking: true }),
    );
    const on = await until(catalogue, (ids) => ids.includes('bevolking.gezinssamenstelling'));
    expect(on).toContain('bevolking.gezinssamenstelling');
    expect(running.lastReload).toEqual({ ok: true, summary: 'plugins +bevolking' });

    writeFileSync(join(dir, 'plugins/lokaal/index.mjs'), localPlugin('lokaal2'));
    const renamed = await until(catalogue, (ids) => ids.includes('lokaal2.attest'));
    expect(renamed).toContain('lokaal2.attest');
    expect(renamed).not.toContain('lokaal.attest');

    writeFileSync(
      join(dir, 'smartloket.config.mjs'),
      config({ name: 'Gemeente Tweededorp', bevolking: false }),
    );
    const off = await until(catalogue, (ids) => !ids.includes('bevolking.gezinssamenstelling'));
    expect(off).not.toContain('bevolking.gezinssamenstelling');
    expect(off).toContain('lokaal2.attest');
    expect(await home()).toContain('Gemeente Tweededorp');
  });

  it('restarts the dev login only when its part of the configuration changes', async () => {
    const identityUrl = running.dev.urls.find((u) => u.name === 'login (dev)')!.url;
    const mailboxUrl = running.dev.urls.find((u) => u.name === 'mailbox (dev)')!.url;
    const baseUrl = running.url.replace('localhost', '127.0.0.1');
    writeFileSync(
      join(dir, 'smartloket.config.mjs'),
      config({ name: 'Gemeente Tweededorp', bevolking: false, extra: `baseUrl: '${baseUrl}',` }),
    );
    const result = await until(
      () => running.lastReload,
      (r) => r?.ok === true && r.summary.startsWith('baseUrl'),
    );
    expect(result).toEqual({ ok: true, summary: 'baseUrl; restarted dev identity provider' });
    const newIdentityUrl = running.dev.urls.find((u) => u.name === 'login (dev)')!.url;
    expect(newIdentityUrl).not.toBe(identityUrl);
    expect((await fetch(`${newIdentityUrl}/.well-known/openid-configuration`)).status).toBe(200);
    await expect(fetch(`${identityUrl}/.well-known/openid-configuration`)).rejects.toThrow();
    expect(running.dev.urls.find((u) => u.name === 'mailbox (dev)')!.url).toBe(mailboxUrl);
    expect(stdout).toContain(`login (dev)   ${newIdentityUrl}`);
  });

  it('reloads on request, and stops cleanly', async () => {
    const result = await running.reload();
    expect(result).toEqual({ ok: true, summary: 'no configuration changes; modules imported again' });
    await running.close();
    await expect(fetch(`${running.url}/`)).rejects.toThrow();
  });
});
