import { describe, expect, it } from 'vitest';
import { loadDevWorld } from './dev-world.js';
import { CliError, EXIT } from './errors.js';

describe('loading the dev world on demand', () => {
  it('loads @smartloket/dev-world when it is installed', async () => {
    const world = await loadDevWorld();
    expect(typeof world.startMagdaDevSimulator).toBe('function');
    expect(typeof world.startDevIdentityProvider).toBe('function');
    expect(typeof world.startDevMailbox).toBe('function');
  });

  it('names the package to add in one line (exit 2) when it is missing', async () => {
    const name = '@smartloket/dev-world-not-installed';
    const error = await loadDevWorld(() => import(name), name).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(EXIT.config);
    expect((error as CliError).message).toContain(`pnpm add -D ${name}`);
    expect((error as CliError).message).not.toContain('\n');
  });

  it('passes on other errors, such as a missing dependency of the dev world itself', async () => {
    const missing = Object.assign(new Error("Cannot find package 'oidc-provider' imported from x"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    await expect(loadDevWorld(() => Promise.reject(missing))).rejects.toBe(missing);
  });
});
