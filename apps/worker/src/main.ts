import 'reflect-metadata';
import { ConfigError, loadConfig } from '@patuh/config';
import { createWorkerApp } from './bootstrap';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  const app = await createWorkerApp(config);
  // A bounded shutdown: the processors give their jobs WORKER_SHUTDOWN_MS (processors.ts); should anything else
  // hang (a pool that will not close), the process still ends a little after that.
  const deadline = config.env.WORKER_SHUTDOWN_MS + 5000;
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.once(signal, () => {
      setTimeout(() => {
        console.error(`Patuh worker: shutdown took over ${deadline} ms; exiting now`);
        process.exit(1);
      }, deadline).unref();
    });
  if (config.env.WORKER_HEALTH_PORT !== undefined)
    await app.listen(config.env.WORKER_HEALTH_PORT, config.env.HOST);
  else {
    await app.init();
    app.flushLogs(); // Nest buffers its log lines until listen(), which this worker never calls (issue #16)
  }
  console.log(
    `Patuh worker started (queue prefix "${config.env.QUEUE_PREFIX}", concurrency ${config.env.WORKER_CONCURRENCY})`,
  );
}

void main();
