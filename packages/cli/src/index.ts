/** @smartloket/cli: the `smartloket` command. */
export * from './cli.js';
export * from './errors.js';
export * from './load-config.js';
