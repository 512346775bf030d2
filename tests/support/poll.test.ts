import { expect, it } from 'vitest';

it("expect.poll waits past vitest's 1 s default (the projects set a generous one)", async () => {
  const start = performance.now();
  await expect.poll(() => performance.now() - start).toBeGreaterThan(1_500);
});
