/**
 * A worker process for the crash test: its source hangs forever after the consultation starts,
 * so the parent can SIGKILL it mid-job. Usage: node --conditions=source --import tsx
 * tests/pipeline/worker-child.ts <databaseUrl> <clockIso>
 */
import { ManualClock } from '@smartloket/core';
import { createTestDeployment, createTestPlugin } from '@smartloket/testkit';

const [databaseUrl, clockIso, ownerUrl] = process.argv.slice(2);
if (!databaseUrl || !clockIso) throw new Error('usage: worker-child <databaseUrl> <clockIso>');
const d = await createTestDeployment({
  plugins: [createTestPlugin({ script: [{ hang: true }] })],
  databaseUrl,
  databaseOwnerUrl: ownerUrl || undefined,
  clock: new ManualClock(clockIso),
  config: { worker: { leaseMs: 60_000 } },
});
d.createWorker({ id: 'child-worker', pollMs: 50 }).start();
process.stdout.write('ready\n');
