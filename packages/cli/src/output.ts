/** Prints for people (colour on a terminal) or for scripts (`--json`). */
export interface Output {
  readonly json: boolean;
  info(text: string): void;
  warn(text: string): void;
  /** The command's result: JSON with --json, text otherwise. */
  result(data: unknown, text: string): void;
}

export function createOutput(options: { json?: boolean; quiet?: boolean } = {}): Output {
  const colour = process.stdout.isTTY && !process.env.NO_COLOR;
  const paint = (code: number, s: string) => (colour ? `\u001b[${code}m${s}\u001b[0m` : s);
  return {
    json: options.json === true,
    info(text) {
      if (!options.quiet && !options.json) process.stdout.write(`${text}\n`);
    },
    warn(text) {
      process.stderr.write(`${paint(33, 'warning')} ${text}\n`);
    },
    result(data, text) {
      if (options.json) process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      else if (!options.quiet) process.stdout.write(`${text}\n`);
    },
  };
}
