import { readFileSync } from 'node:fs';

/** One shell command of a markdown code block, comments and line continuations removed. */
export interface DocCommand {
  /** The command as the reader types it (one line). */
  line: string;
  /** Index of the `sh` block it is in (0-based, in the order of the page). */
  block: number;
}

/**
 * The commands of every ```sh block of a markdown page, in order: what a reader of the page
 * types. `a && b` stays one command (the test splits what it needs to).
 */
export function shellCommands(markdownPath: string): DocCommand[] {
  const text = readFileSync(markdownPath, 'utf8');
  const out: DocCommand[] = [];
  const blocks = [...text.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```/gm)];
  blocks.forEach((m, block) => {
    const joined = m[1]!.replace(/\\\n\s*/g, ' ');
    for (const raw of joined.split('\n')) {
      const line = raw.replace(/\s+#.*$/, '').trim();
      if (line && !line.startsWith('#')) out.push({ line, block });
    }
  });
  return out;
}

/** Splits a command line into words, honouring double and single quotes (no expansions). */
export function words(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const m of line.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}
