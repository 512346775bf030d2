import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createOutput } from './output.js';
import { createProgress, type ProgressStream } from './progress.js';

/** A stream that records what is written; `isTTY` as asked. */
function fakeStream(isTTY: boolean): ProgressStream & { text: string } {
  const stream = {
    isTTY,
    columns: 80,
    text: '',
    write(chunk: string) {
      stream.text += String(chunk);
      return true;
    },
  };
  return stream;
}

/** What a terminal would show, without the cursor and clear-line escapes. */
const visible = (s: string) => stripVTControlCharacters(s);

describe('progress', () => {
  it('draws a bar with label, counter and step on a terminal, and clears it when stopped', () => {
    const tty = fakeStream(true);
    const p = createProgress('migrate', 3, { stream: tty, env: {} });
    expect(visible(tty.text)).toContain('migrate [');
    expect(visible(tty.text)).toContain('0/3');
    p.tick(1, '0001-foundation');
    p.update(3, '0003-api');
    p.stop();
    expect(visible(tty.text)).toContain('3/3 0003-api');
    expect(tty.text).toContain('█');
    // Cleared at the end: the last thing written erases the line.
    expect(tty.text.endsWith('\u001b[0K') || tty.text.endsWith('\u001b[2K')).toBe(true);
    p.tick(); // after stop: harmless
  });

  it('is silent on a stream that is not a terminal', () => {
    const pipe = fakeStream(false);
    const p = createProgress('purge', 10, { stream: pipe, env: {} });
    p.tick(5, 'sessions');
    p.setTotal(12);
    p.stop();
    expect(pipe.text).toBe('');
  });

  it('is silent on a terminal with NO_COLOR, TERM=dumb or when disabled', () => {
    for (const options of [
      { env: { NO_COLOR: '1' } },
      { env: { TERM: 'dumb' } },
      { env: {}, enabled: false },
    ]) {
      const tty = fakeStream(true);
      const p = createProgress('import', 2, { stream: tty, ...options });
      p.tick();
      p.stop();
      expect(tty.text).toBe('');
    }
  });

  it('Output.progress draws on a terminal stderr, not with --json or --quiet', () => {
    const tty = fakeStream(true);
    const bar = createOutput({ stderr: tty, env: {} }).progress('grants import', 2);
    bar.tick(2);
    bar.stop();
    expect(visible(tty.text)).toContain('2/2');
    for (const flags of [{ json: true }, { quiet: true }]) {
      const quiet = fakeStream(true);
      const p = createOutput({ ...flags, stderr: quiet, env: {} }).progress('grants import', 2);
      p.tick(2);
      p.stop();
      expect(quiet.text).toBe('');
    }
  });

  it('Output colours warnings only on a terminal without NO_COLOR', () => {
    const tty = fakeStream(true);
    createOutput({ stderr: tty, env: {} }).warn('careful');
    expect(tty.text).toBe('\u001b[33mwarning\u001b[0m careful\n');
    const noColour = fakeStream(true);
    createOutput({ stderr: noColour, env: { NO_COLOR: '1' } }).warn('careful');
    expect(noColour.text).toBe('warning careful\n');
    const pipe = fakeStream(false);
    createOutput({ stderr: pipe, env: {} }).warn('careful');
    expect(pipe.text).toBe('warning careful\n');
  });
});
