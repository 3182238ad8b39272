import { createDb } from '@dealflow/db';
import { createKafkaClient } from '@dealflow/kafka';
import { ensureLiveVersion } from '@dealflow/read-models';
import { createLogger, onShutdown, startTracing } from '@dealflow/runtime';
import { buildProjectorApp } from './app.js';
import { loadProjectorConfig, projectorPipelines } from './ops/config.js';
import { DlqPublisher } from './parked/dlq-publisher.js';
import { Projector } from './live/projector.js';
import { rebuildDatabaseUrl } from './rebuild/rebuild-database-url.js';
import { RebuildLauncher } from './rebuild/rebuild-launcher.js';
import { WonStatsRefresher } from './live/won-stats-refresher.js';

/**
 * The projector process: configuration, pool, the live read-model version (version 1 is
 * created on a fresh database), the consumer, the dead-letter publisher (`<topic>.dlq`), the
 * refresher of the all-time won-deal statistics, the
 * status and ops app on PORT, graceful shutdown.
 * Migrations and the topic are the setup step's job (`scripts/setup.ts`), not this process's.
 */
async function main(): Promise<void> {
  const config = loadProjectorConfig();
  // Before anything else, so every span of the process goes to the configured collector.
  const stopTracing = startTracing({
    serviceName: 'dealflow-projector',
    otlpEndpoint: config.otlpEndpoint,
  });
  const logger = createLogger({ name: 'projector', level: config.logLevel });
  const pipelines = projectorPipelines(config);
  const handle = createDb({
    url: config.databaseUrl,
    max: config.databasePoolMax,
    applicationName: 'dealflow-projector',
    // Writes and key lookups, the same texts all day: parsed and planned once per connection.
    preparedStatements: 256,
    logger,
  });
  const version = await ensureLiveVersion(handle.db);
  const kafka = createKafkaClient({
    ...config.kafka,
    clientId: 'dealflow-projector',
    logger,
  });
  const projector = new Projector({
    db: handle.db,
    kafka,
    topic: config.kafkaTopic,
    groupId: config.kafkaGroupId,
    sessionTimeoutMs: config.kafkaSessionTimeoutMs,
    version,
    pipelines,
    logger,
    maxBatchBytes: config.maxBatchBytes,
    heartbeatStaleMs: config.heartbeatStaleMs,
  });
  const admin = kafka.admin();
  // Rebuilds get a pool of their own: their chunk transactions must not starve the live feed.
  const rebuildHandle = createDb({
    url: rebuildDatabaseUrl(config.databaseUrl),
    max: config.rebuildPoolMax,
    applicationName: 'dealflow-rebuild',
    logger,
  });
  const rebuilds = new RebuildLauncher(
    {
      db: rebuildHandle.db,
      kafka,
      admin,
      topic: config.kafkaTopic,
      groupId: config.kafkaGroupId,
      pipelines,
      logger,
    },
    { databaseUrl: config.databaseUrl, kafka: config.kafka },
  );
  const dlq = new DlqPublisher({ db: handle.db, kafka, admin, topic: config.kafkaTopic, logger });
  const stats =
    config.statsRefreshMs > 0
      ? new WonStatsRefresher({ db: handle.db, logger, intervalMs: config.statsRefreshMs })
      : undefined;
  const app = await buildProjectorApp({
    logger,
    db: handle.db,
    admin,
    topic: config.kafkaTopic,
    projector,
    heartbeatStaleMs: config.heartbeatStaleMs,
    security: config.security,
    rebuilds,
    parked: { pipelines },
    deadLetters: dlq,
  });

  onShutdown(logger, async () => {
    // The in-flight batch commits first; then nothing is left to serve status about.
    await projector.stop();
    await stats?.stop();
    await dlq.stop();
    await app.close();
    // A rebuild under way is left `building` (its connections end with the process): the next
    // rebuild resumes it from its checkpoints.
    if (rebuilds.running === undefined) await rebuildHandle.close();
    await admin.close();
    await handle.close();
    await stopTracing();
  });

  await projector.start();
  await dlq.start();
  stats?.start();
  await app.listen({ port: config.port, host: config.host });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
