/** How long a process trusts its copy of the settings table before reading it again [5 s]. */
export const SETTINGS_MAX_AGE_MS = 5000;

/** Options of {@link SettingsSnapshot}. */
export interface SettingsSnapshotOptions {
  /** A copy older than this is read again [{@link SETTINGS_MAX_AGE_MS}]. */
  maxAgeMs?: number | undefined;
  /** Monotonic milliseconds (tests move it); default `performance.now()`. */
  now?: (() => number) | undefined;
}

/**
 * One process's copy of the settings table, read in one query at most once per `maxAgeMs`.
 * Hot paths (the catalogue asking whether each request type is enabled, every submission) read
 * this copy instead of one row per question. A change made through this process's repositories
 * drops the copy as soon as its transaction commits; a change made by another process (another
 * server, the CLI) shows here within `maxAgeMs`. Real time, not the business clock: a test that
 * freezes the business clock still sees other processes' changes.
 */
export class SettingsSnapshot {
  readonly #load: () => Promise<Map<string, unknown>>;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  #copy: { at: number; values: Map<string, unknown> } | undefined;
  #loading: Promise<Map<string, unknown>> | undefined;
  #generation = 0;

  constructor(load: () => Promise<Map<string, unknown>>, options: SettingsSnapshotOptions = {}) {
    this.#load = load;
    this.#maxAgeMs = options.maxAgeMs ?? SETTINGS_MAX_AGE_MS;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Every setting's value by key. */
  async values(): Promise<ReadonlyMap<string, unknown>> {
    const now = this.#now();
    if (this.#copy && now - this.#copy.at < this.#maxAgeMs) return this.#copy.values;
    if (this.#loading) return this.#loading;
    const generation = this.#generation;
    const loading = this.#load().then((values) => {
      // A change committed while this read ran: serve it once, do not keep it.
      if (generation === this.#generation) this.#copy = { at: now, values };
      return values;
    });
    this.#loading = loading;
    loading.then(
      () => this.#clearLoading(loading),
      () => this.#clearLoading(loading),
    );
    return loading;
  }

  /** Drops the copy: the next read goes to the database. */
  invalidate(): void {
    this.#generation++;
    this.#copy = undefined;
    this.#loading = undefined;
  }

  #clearLoading(loading: Promise<unknown>): void {
    if (this.#loading === loading) this.#loading = undefined;
  }
}
