import { vi } from 'vitest';
import { runCli } from './cli.js';

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
