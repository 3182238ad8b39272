import { readFile } from 'node:fs/promises';
import { createDb, migrateToLatest } from '@dealflow/db';
import { loadPipelines } from '@dealflow/domain';
import { createKafkaClient } from '@dealflow/kafka';
import { createLogger, onShutdown, startTracing } from '@dealflow/runtime';
import { buildCommandApp } from './app.js';
import { loadCommandConfig } from './config.js';
import { purgeExpiredKeys } from './idempotency.js';
import { OutboxRelay } from './relay.js';

const PURGE_EVERY_MS = 60 * 60 * 1000;

async function main(): Promise<void> {
  const config = loadCommandConfig();
  // Before anything else, so every span of the process goes to the configured collector.
  const stopTracing = startTracing({
    serviceName: 'dealflow-command',
    otlpEndpoint: config.otlpEndpoint,
  });
  const logger = createLogger({ name: 'command', level: config.logLevel });
  const pipelines = loadPipelines(
    config.pipelinesFile === undefined ? undefined : await readFile(config.pipelinesFile, 'utf8'),
  );
  const {
    db,
    pool,
    close: closeDb,
  } = createDb({
    url: config.databaseUrl,
    max: config.databasePoolMax,
    applicationName: 'dealflow-command',
    // Writes and key lookups, the same texts all day: parsed and planned once per connection.
    preparedStatements: 256,
    logger,
  });
  // The command service owns the event store; migrating is idempotent and serialised by a lock.
  await migrateToLatest(db);

  const kafka = createKafkaClient({
    ...config.kafka,
    clientId: config.kafkaClientId,
    logger,
  });
  const relay = config.relay.enabled
    ? new OutboxRelay({
        pool,
        kafka,
        topic: config.kafkaTopic,
        partitions: config.kafkaPartitions,
        batchSize: config.relay.batchSize,
        pollMs: config.relay.pollMs,
        faultExitAfterPublish: config.relay.faultExitAfterPublish,
        logger,
      })
    : undefined;

  const app = await buildCommandApp({
    db,
    pipelines,
    logger,
    idempotencyTtlHours: config.idempotencyTtlHours,
    maxClockSkewMs: config.maxClockSkewMs,
    security: config.security,
    relayStats: relay && (() => relay.stats()),
    onAppended: relay && (() => relay.wake()),
  });
  relay?.registerMetrics(app.metricsRegistry);
  const purge = setInterval(() => {
    purgeExpiredKeys(db, config.idempotencyTtlHours).then(
      (removed) => logger.info({ removed }, 'expired idempotency keys purged'),
      (err: unknown) => logger.warn({ err }, 'idempotency key purge failed'),
    );
  }, PURGE_EVERY_MS);
  purge.unref();

  onShutdown(logger, async () => {
    clearInterval(purge);
    await app.close(); // stops accepting connections and waits for in-flight requests
    await relay?.stop(); // after its current batch
    await closeDb();
    await stopTracing();
  });
  // The relay starts with the API: commands are accepted even while Kafka is unreachable.
  relay?.start();
  await app.listen({ port: config.port, host: config.host });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
