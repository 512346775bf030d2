import { animates, createProgress, type Progress, type ProgressStream } from './progress.js';

/**
 * Prints for people or for scripts (`--json`). The result goes to stdout; warnings and progress
 * to stderr. Colour and progress bars only on a terminal and never with `NO_COLOR`.
 */
export interface Output {
  readonly json: boolean;
  readonly quiet: boolean;
  info(text: string): void;
  warn(text: string): void;
  /** The command's result: JSON with --json, text otherwise. */
  result(data: unknown, text: string): void;
  /**
   * A progress bar for `total` units of long work, on stderr. Draws nothing with `--json`,
   * `--quiet`, `NO_COLOR` or when stderr is not a terminal. Stop it in a `finally`.
   */
  progress(label: string, total: number): Progress;
}

/** Options of {@link createOutput}. */
export interface OutputOptions {
  json?: boolean | undefined;
  quiet?: boolean | undefined;
  /** [process.stderr] where warnings and progress go. */
  stderr?: ProgressStream | undefined;
  /** [process.env] read for `NO_COLOR` and `TERM`. */
  env?: Record<string, string | undefined> | undefined;
}

export function createOutput(options: OutputOptions = {}): Output {
  const env = options.env ?? process.env;
  const stderr = () => options.stderr ?? process.stderr;
  const json = options.json === true;
  const quiet = options.quiet === true;
  const paint = (code: number, s: string) => (animates(stderr(), env) ? `\u001b[${code}m${s}\u001b[0m` : s);
  return {
    json,
    quiet,
    info(text) {
      if (!quiet && !json) process.stdout.write(`${text}\n`);
    },
    warn(text) {
      stderr().write(`${paint(33, 'warning')} ${text}\n`);
    },
    result(data, text) {
      if (json) process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      else if (!quiet) process.stdout.write(`${text}\n`);
    },
    progress(label, total) {
      return createProgress(label, total, { stream: stderr(), enabled: !json && !quiet, env });
    },
  };
}
