import { type FSWatcher, readdirSync, watch } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';

/** Folders never watched: installed packages, data, builds and hidden folders. */
const SKIP_DIRS = new Set(['node_modules', '.data', 'dist', 'coverage']);

/** Editors' swap, backup and probe files (vim writes `4913`): they never start a reload. */
function isNoise(name: string): boolean {
  return name.startsWith('.') || name.endsWith('~') || /\.(swp|swx|tmp)$/.test(name) || /^\d+$/.test(name);
}

/** The folders of `plugins/` under the deployment, without installed packages, data and builds. */
function pluginDirs(baseDir: string): string[] {
  const dirs: string[] = [];
  const walk = (dir: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    dirs.push(dir);
    for (const e of entries) {
      if (e.isDirectory() && !e.name.startsWith('.') && !SKIP_DIRS.has(e.name)) walk(join(dir, e.name));
    }
  };
  walk(join(baseDir, 'plugins'));
  return dirs;
}

/** Options of {@link watchDeployment}. */
export interface WatchOptions {
  /** The deployment folder (where the config file lives). */
  baseDir: string;
  /** Files to watch: the config file and the local files it imports (only those under `baseDir` count). */
  files: string[];
  /** Called once per burst of changes, `debounceMs` after the last one. */
  onChange(): void;
  debounceMs?: number;
}

/** A running watcher. */
export interface DeploymentWatcher {
  /** Watches these files from now on (after a reload imported other local files). */
  setFiles(files: string[]): void;
  close(): void;
}

/**
 * Watches a deployment for `smartloket dev`: the config file, the local files it imports and the
 * sources of local plugins (`plugins/**`, without `node_modules`, `.data` and `dist`). It watches
 * folders, not files, so editors that save by renaming are seen too. The watchers and the timer
 * never keep the process alive on their own.
 */
export function watchDeployment(options: WatchOptions): DeploymentWatcher {
  const debounceMs = options.debounceMs ?? 200;
  /** Per watched folder: the file names that count (undefined: every file, a plugin folder). */
  let wanted = new Map<string, Set<string> | undefined>();
  const watchers = new Map<string, FSWatcher>();
  let files = options.files;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const changed = () => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (closed) return;
      sync();
      options.onChange();
    }, debounceMs);
    timer.unref();
  };

  const onEvent = (dir: string, name: string | null) => {
    if (!name) return changed();
    if (dir === options.baseDir && name === 'plugins') return changed();
    if (isNoise(name)) return;
    const names = wanted.get(dir);
    if (names === undefined || names.has(name)) changed();
  };

  /** Brings the set of watched folders up to date (plugin folders come and go). */
  function sync() {
    const next = new Map<string, Set<string> | undefined>();
    for (const dir of pluginDirs(options.baseDir)) next.set(dir, undefined);
    // The deployment folder itself: to see a config file renamed into place or plugins/ created.
    if (!next.has(options.baseDir)) next.set(options.baseDir, new Set());
    for (const file of files) {
      // Only the deployment's own files: workspace packages elsewhere change with their builds.
      if (relative(options.baseDir, file).startsWith('..')) continue;
      const dir = dirname(file);
      if (next.has(dir) && next.get(dir) === undefined) continue;
      const names = next.get(dir) ?? new Set<string>();
      names.add(basename(file));
      next.set(dir, names);
    }
    for (const [dir, w] of watchers) {
      if (!next.has(dir)) {
        w.close();
        watchers.delete(dir);
      }
    }
    for (const dir of next.keys()) {
      if (watchers.has(dir)) continue;
      try {
        const w = watch(dir, { persistent: false }, (_event, name) => onEvent(dir, name));
        w.on('error', () => {
          w.close();
          watchers.delete(dir);
        });
        watchers.set(dir, w);
      } catch {
        // The folder went away between listing and watching: the next change syncs again.
      }
    }
    wanted = next;
  }

  sync();
  return {
    setFiles(next) {
      files = next;
      if (!closed) sync();
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}
