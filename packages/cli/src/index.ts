/** @smartloket/cli: the `smartloket` command. */
export * from './cli.js';
export * from './commands/init.js';
export * from './commands/run.js';
export * from './errors.js';
export * from './load-config.js';
export * from './output.js';
