import { vi } from 'vitest';
import { runCli } from './cli.js';
import { createOutput, type Output } from './output.js';

/**
 * Runs `smartloket <args>` in `cwd` as the command line would, capturing what it writes.
 * For this package's tests only (not exported from the package).
 */
export async function runCaptured(
  cwd: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stderr = '';
  let stdout = '';
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((c) => {
    stderr += String(c);
    return true;
  });
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((c) => {
    stdout += String(c);
    return true;
  });
  try {
    return { code: await runCli(['node', 'smartloket', ...args], cwd), stdout, stderr };
  } finally {
    err.mockRestore();
    out.mockRestore();
  }
}

/**
 * Runs `fn` with an `Output` drawing on a fake terminal (a TTY stream, colours and progress on),
 * capturing stdout; returns what `fn` returned, the terminal's text and stdout.
 */
export async function onFakeTerminal<T>(
  fn: (out: Output) => Promise<T>,
): Promise<{ result: T; terminal: string; stdout: string }> {
  const tty = {
    isTTY: true,
    columns: 80,
    text: '',
    write(chunk: string) {
      tty.text += chunk;
      return true;
    },
  };
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c) => {
    stdout += String(c);
    return true;
  });
  try {
    const result = await fn(createOutput({ stderr: tty, env: {} }));
    return { result, terminal: tty.text, stdout };
  } finally {
    spy.mockRestore();
  }
}
