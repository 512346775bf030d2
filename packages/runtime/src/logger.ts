import type { Logger } from '@smartloket/core';
import { currentTraceId } from './telemetry.js';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LEVELS;

/**
 * A JSON-lines logger on stderr. Never pass personal data (INSZ, names, e-mail addresses):
 * log ids and codes. A line written inside a recording span carries its `traceId`, so logs and
 * traces meet.
 */
export function createLogger(
  options: { level?: LogLevel; fields?: Record<string, unknown>; write?: (line: string) => void } = {},
): Logger {
  const min = LEVELS[options.level ?? 'info'];
  const base = options.fields ?? {};
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const log = (level: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < min) return;
    const traceId = currentTraceId();
    write(
      JSON.stringify({
        time: new Date().toISOString(),
        level,
        msg,
        ...(traceId ? { traceId } : {}),
        ...base,
        ...fields,
      }),
    );
  };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (fields) => createLogger({ ...options, fields: { ...base, ...fields } }),
  };
}
