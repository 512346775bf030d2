import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { ConfigError, type Kernel, type Logger } from '@smartloket/core';
import type { Database, RequestTypeVersionRecord } from '@smartloket/db';
import {
  checkDeclarativeType,
  compileDeclarativeType,
  type DeclarativeType,
  parseDeclarativeType,
} from '@smartloket/declarative';

/** How long a process trusts its copy of the published declarative types (as the settings, decision 0602). */
export const DECLARATIVE_MAX_AGE_MS = 5_000;

/** One file of the deployment's `requestTypes`, validated. */
export interface DeclarativeFile {
  path: string;
  definition: DeclarativeType;
}

/** `*` of one path segment as a regular expression. */
function segmentPattern(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '[^/]')}$`,
  );
}

/**
 * The files a `requestTypes` entry names: a path, or a folder and a file pattern (`./types/*.json`;
 * `*` and `?` in the file name only), relative to the config's folder. Sorted by name.
 */
export async function expandTypeFiles(patterns: readonly string[], baseDir: string): Promise<string[]> {
  const out = new Set<string>();
  for (const p of patterns) {
    const full = isAbsolute(p) ? p : resolve(baseDir, p);
    const name = basename(full);
    if (!/[*?]/.test(name)) {
      out.add(full);
      continue;
    }
    const dir = dirname(full);
    if (/[*?]/.test(dir)) throw new ConfigError('requestTypes', `"${p}": only the file name may hold * or ?`);
    const re = segmentPattern(name);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      throw new ConfigError('requestTypes', `"${p}": folder ${dir} does not exist`);
    }
    for (const n of names.filter((x) => re.test(x)).sort()) out.add(join(dir, n));
  }
  return [...out];
}

/** Reads and validates the type files; a problem is a ConfigError naming the file and the path in it. */
export async function readTypeFiles(
  patterns: readonly string[],
  baseDir: string,
): Promise<DeclarativeFile[]> {
  const files: DeclarativeFile[] = [];
  const ids = new Map<string, string>();
  for (const path of await expandTypeFiles(patterns, baseDir)) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'not valid JSON';
      throw new ConfigError('requestTypes', `${path}: ${why}`);
    }
    const parsed = parseDeclarativeType(json);
    if (!parsed.ok) {
      const detail = parsed.errors.map((e) => `${e.path || '(type)'}: ${e.message}`).join('; ');
      throw new ConfigError('requestTypes', `${path}: ${detail}`);
    }
    const blocking = checkDeclarativeType(parsed.value).filter((f) => f.severity === 'error');
    if (blocking.length > 0) {
      const detail = blocking.map((f) => `${f.path}: ${f.message.en}`).join('; ');
      throw new ConfigError('requestTypes', `${path}: ${detail}`);
    }
    const other = ids.get(parsed.value.id);
    if (other)
      throw new ConfigError('requestTypes', `${path}: type "${parsed.value.id}" is also in ${other}`);
    ids.set(parsed.value.id, path);
    const { $schema: _schema, ...definition } = parsed.value;
    files.push({ path, definition: definition as DeclarativeType });
  }
  return files;
}

/**
 * The declarative request types of a deployment (issue 23): from its files (`requestTypes` in
 * the config) and from the back-office's designer (the database). Every version is stored once
 * and registered in the kernel, so a filed request keeps the version it was filed under; the
 * current version of each type (the file's, or the designer's published one) is what new
 * requests are filed under. Other processes pick up a publication within
 * {@link DECLARATIVE_MAX_AGE_MS}.
 */
export class DeclarativeTypes {
  readonly #kernel: Kernel;
  readonly #db: Database;
  readonly #logger: Logger;
  readonly #fileIds = new Set<string>();
  readonly #known = new Set<string>();
  #state = '';
  #checkedAt = Number.NEGATIVE_INFINITY;
  #syncing: Promise<void> | undefined;

  constructor(kernel: Kernel, db: Database, logger: Logger) {
    this.#kernel = kernel;
    this.#db = db;
    this.#logger = logger;
  }

  /** The ids of the types that come from the deployment's files (the designer cannot take them). */
  get fileTypeIds(): ReadonlySet<string> {
    return this.#fileIds;
  }

  /**
   * Stores the files' definitions as versions (a changed file makes the next version; an
   * unchanged one none) and registers every version. Called once at start.
   */
  async start(files: readonly DeclarativeFile[]): Promise<void> {
    for (const f of files) {
      if (this.#kernel.requestType(f.definition.id) && !this.#kernel.requestType(f.definition.id)?.version) {
        throw new ConfigError(
          'requestTypes',
          `${f.path}: type "${f.definition.id}" is registered by a plugin`,
        );
      }
      const { record, created } = await this.#db.declarativeTypes.recordVersion({
        typeId: f.definition.id,
        origin: 'file',
        definition: f.definition as unknown as Record<string, unknown>,
      });
      if (created)
        this.#logger.info('declarative type version stored', {
          typeId: record.typeId,
          version: record.version,
        });
      this.#fileIds.add(f.definition.id);
    }
    await this.#load();
  }

  /** Picks up versions and publications made by other processes (at most every 5 s, unless `force`). */
  async sync(options: { force?: boolean } = {}): Promise<void> {
    const now = performance.now();
    if (!options.force && now - this.#checkedAt < DECLARATIVE_MAX_AGE_MS) return;
    this.#checkedAt = now;
    this.#syncing ??= this.#load().finally(() => {
      this.#syncing = undefined;
    });
    await this.#syncing;
  }

  async #load(): Promise<void> {
    const [versions, designs] = await Promise.all([
      this.#db.declarativeTypes.versions(),
      this.#db.declarativeTypes.designs(),
    ]);
    const state = JSON.stringify([
      versions.map((v) => `${v.typeId}@${v.version}`),
      designs.map((d) => `${d.typeId}@${d.publishedVersion}`),
    ]);
    if (state === this.#state) return;
    const latest = new Map<string, number>();
    for (const v of versions) latest.set(v.typeId, Math.max(latest.get(v.typeId) ?? 0, v.version));
    const current = new Map<string, number>();
    for (const id of this.#fileIds) {
      const v = latest.get(id);
      if (v) current.set(id, v);
    }
    for (const d of designs) {
      if (d.publishedVersion !== null && !this.#fileIds.has(d.typeId))
        current.set(d.typeId, d.publishedVersion);
    }
    for (const v of versions) {
      const key = `${v.typeId}@${v.version}`;
      const isCurrent = current.get(v.typeId) === v.version;
      if (this.#known.has(key) && !isCurrent) continue;
      if (this.#kernel.requestType(v.typeId) && this.#kernel.requestType(v.typeId)?.version === undefined) {
        this.#logger.warn('declarative type shadowed by a plugin type', { typeId: v.typeId });
        continue;
      }
      this.#declare(v, isCurrent);
      this.#known.add(key);
    }
    for (const id of new Set(versions.map((v) => v.typeId))) {
      if (!current.has(id)) this.#kernel.withdrawRequestType(id);
    }
    this.#state = state;
  }

  #declare(v: RequestTypeVersionRecord, current: boolean): void {
    const parsed = parseDeclarativeType(v.definition);
    if (!parsed.ok) {
      // A stored version validated when it was written; a later, stricter schema must not stop the start.
      this.#logger.error('stored declarative type version no longer validates', {
        typeId: v.typeId,
        version: v.version,
      });
      return;
    }
    const { requestType } = compileDeclarativeType(parsed.value, v.version);
    this.#kernel.declareRequestType(requestType, v.version, { current });
  }
}
