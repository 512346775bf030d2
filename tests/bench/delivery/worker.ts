/** A worker process of the delivery bench: `node --conditions=source --import tsx worker.ts '<json>'`. */
import { openBenchDeployment } from './deployment.js';

const options = JSON.parse(process.argv[2] ?? '{}');
const d = await openBenchDeployment({ ...options, migrate: false });
const worker = d.createWorker({ concurrency: options.concurrency, pollMs: 20, id: options.id }).start();
process.stdout.write('ready\n');
const stop = async () => {
  await worker.stop(2_000);
  await d.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
