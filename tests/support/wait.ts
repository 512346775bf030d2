/**
 * Polls `get` until `check` holds on its value and returns the last value (the caller asserts on
 * it, so a failure shows what was seen). Bounded by a number of polls, never by a deadline: 3,000
 * polls 100 ms apart take at least five minutes, longer on a busy machine, and a condition that
 * holds ends the wait at once. The test's own timeout still ends a hang.
 */
export async function until<T>(
  get: () => Promise<T> | T,
  check: (value: T) => boolean,
  options: { polls?: number; everyMs?: number } = {},
): Promise<T> {
  const { polls = 3_000, everyMs = 100 } = options;
  let value = await get();
  for (let i = 0; i < polls && !check(value); i++) {
    await new Promise((r) => setTimeout(r, everyMs));
    value = await get();
  }
  return value;
}
