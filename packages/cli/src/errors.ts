/** Exit codes of the smartloket command (documented in docs/reference/cli.md). */
export const EXIT = {
  ok: 0,
  /** Something failed while running (database unreachable, a job failed, ...). */
  failure: 1,
  /** Wrong usage or invalid configuration: nothing was started. */
  config: 2,
  /** `start` found development-only parts in the configuration. */
  devParts: 3,
  /** An input file (e.g. `grants import`) is unreadable or has invalid rows: nothing was changed. */
  input: 4,
  /** `audit verify` found the audit chain broken (a changed, missing or unanchored record). */
  auditBroken: 5,
} as const;

/** An error the CLI prints as is (no stack) with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
