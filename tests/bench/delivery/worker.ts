/**
 * A worker process of the delivery bench: `node --conditions=source --import tsx worker.ts '<json>'`.
 * Prints `ready`, then `rss <bytes>` every `rssEveryMs` (when given), and on SIGTERM
 * `cpu <ms>` (user + system since start) before it exits.
 */
import { openBenchDeployment } from './deployment.js';

const options = JSON.parse(process.argv[2] ?? '{}');
const d = await openBenchDeployment({ ...options, migrate: false });
const worker = d.createWorker({ concurrency: options.concurrency, pollMs: 20, id: options.id }).start();
process.stdout.write('ready\n');
const sampler =
  options.rssEveryMs > 0
    ? setInterval(() => process.stdout.write(`rss ${process.memoryUsage().rss}\n`), options.rssEveryMs)
    : undefined;
const stop = async () => {
  if (sampler) clearInterval(sampler);
  await worker.stop(2_000);
  const cpu = process.cpuUsage();
  process.stdout.write(`cpu ${(cpu.user + cpu.system) / 1000}\n`);
  await d.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
