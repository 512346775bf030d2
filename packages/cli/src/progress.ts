import cliProgress from 'cli-progress';

/** Where progress is drawn: process.stderr, or a test's fake terminal. */
export interface ProgressStream {
  write(chunk: string): boolean;
  /** Only a terminal gets an animated bar. */
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

/** A running piece of long work. Every method is safe to call when nothing is drawn. */
export interface Progress {
  /** Advances by `n` [1]; `step` names what is being done now (a migration, a category). */
  tick(n?: number, step?: string): void;
  /** Sets how far the work is. */
  update(done: number, step?: string): void;
  /** Changes the total (when more turned out to be due). */
  setTotal(total: number): void;
  /** Ends the bar and clears its line. Call it in a `finally`: a running bar keeps a timer. */
  stop(): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** [process.stderr]: progress never goes to stdout, which belongs to the result. */
  stream?: ProgressStream | undefined;
  /** False with `--quiet` or `--json`. */
  enabled?: boolean | undefined;
  /** [process.env]: `NO_COLOR` or `TERM=dumb` turn the animation off. */
  env?: Record<string, string | undefined> | undefined;
}

/** Whether a bar would be drawn on `stream`: a terminal, not `NO_COLOR`, not `TERM=dumb`. */
export function animates(
  stream: ProgressStream,
  env: Record<string, string | undefined> = process.env,
): boolean {
  return stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
}

/** A progress that draws nothing. */
export const silentProgress: Progress = {
  tick() {},
  update() {},
  setTotal() {},
  stop() {},
};

/**
 * A progress bar `label [████░░░░] 3/8 step` for `total` units of work, drawn (with cli-progress)
 * only when the stream is a terminal and animation is allowed; otherwise {@link silentProgress}.
 * The bar is removed when it stops, so the command's own result line follows cleanly.
 */
export function createProgress(label: string, total: number, options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  if (options.enabled === false || !animates(stream, options.env)) return silentProgress;
  const bar = new cliProgress.SingleBar({
    stream: stream as NodeJS.WritableStream,
    format: `${label} [{bar}] {value}/{total} {step}`,
    barsize: 24,
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: false,
    clearOnComplete: true,
    // No SIGINT handler: Ctrl+C must still stop the command.
    gracefulExit: false,
    linewrap: false,
  });
  let value = 0;
  let running = true;
  bar.start(Math.max(0, total), 0, { step: '' });
  return {
    tick(n = 1, step) {
      if (!running) return;
      value += n;
      bar.update(value, step === undefined ? undefined : { step });
    },
    update(done, step) {
      if (!running) return;
      value = done;
      bar.update(value, step === undefined ? undefined : { step });
    },
    setTotal(n) {
      if (running) bar.setTotal(Math.max(0, n));
    },
    stop() {
      if (!running) return;
      running = false;
      bar.stop();
    },
  };
}
