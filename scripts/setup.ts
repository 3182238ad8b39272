import { createDb, migrateToLatest } from '@dealflow/db';
import { createKafkaClient, loadKafkaConfig } from '@dealflow/kafka';
import { createLogger } from '@dealflow/runtime';

/**
 * Brings a database and a broker to what the services expect: migrations applied, the lead-events
 * topic created with its partitions and unlimited retention (it is replayable history).
 */
export async function setup(env: Record<string, string | undefined> = process.env): Promise<void> {
  const log = createLogger({ name: 'setup', level: env.LOG_LEVEL ?? 'info' });
  const url = env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  const handle = createDb({ url, max: 1 });
  try {
    const applied = await migrateToLatest(handle.db);
    log.info({ applied }, 'database migrated');
  } finally {
    await handle.close();
  }
  const kafkaConfig = loadKafkaConfig(env);
  const kafka = createKafkaClient({
    ...kafkaConfig.connection,
    clientId: 'dealflow-setup',
    logger: log,
  });
  const admin = kafka.admin();
  try {
    const topic = kafkaConfig.KAFKA_TOPIC;
    const { created, partitions } = await admin.ensureTopic({
      topic,
      partitions: kafkaConfig.KAFKA_PARTITIONS,
    });
    log.info({ topic, partitions, created }, 'topic ready');
    // Dead letters of the projector: same partitioning, kept like the history itself.
    const dlq = await admin.ensureTopic({ topic: `${topic}.dlq`, partitions });
    log.info({ topic: `${topic}.dlq`, ...dlq }, 'dead-letter topic ready');
  } finally {
    await admin.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  setup().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
