import { readFile } from 'node:fs/promises';
import { createDb } from '@dealflow/db';
import { loadPipelines } from '@dealflow/domain';
import { createLogger, onShutdown, startTracing } from '@dealflow/runtime';
import { buildQueryApp } from './app.js';
import { loadQueryConfig } from './config.js';

async function main(): Promise<void> {
  const config = loadQueryConfig();
  // Before anything else, so every span of the process goes to the configured collector.
  const stopTracing = startTracing({
    serviceName: 'dealflow-query',
    otlpEndpoint: config.otlpEndpoint,
  });
  const logger = createLogger({ name: 'query', level: config.logLevel });
  const pipelines = loadPipelines(
    config.pipelinesFile === undefined ? undefined : await readFile(config.pipelinesFile, 'utf8'),
  );
  // Read-only: the command service migrates the event store, the projector its read models.
  const { db, close: closeDb } = createDb({
    url: config.databaseUrl,
    max: config.databasePoolMax,
    applicationName: 'dealflow-query',
    // Dashboard queries are short and many: JIT compiling each cost ~50 ms and saved nothing,
    // and parallel workers cost more to start than they save (b2c stage durations at 1 M leads:
    // a visit histogram planned as a Gather Merge, median 12.5 -> 7.8 ms without). Several
    // requests at once already use every core.
    serverSettings: { jit: 'off', max_parallel_workers_per_gather: '0' },
    preparedStatements: 256,
    logger,
  });
  const app = await buildQueryApp({
    db,
    pipelines,
    logger,
    minPositionWaitMs: config.minPositionWaitMs,
    appliedPositionTtlMs: config.positionCacheMs,
    answerCacheBytes: config.answerCacheBytes,
    stream: config.stream,
    dashboardDir: config.dashboardDir,
    security: config.security,
  });
  onShutdown(logger, async () => {
    await app.close(); // stops accepting connections and waits for in-flight requests
    await closeDb();
    await stopTracing();
  });
  await app.listen({ port: config.port, host: config.host });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
