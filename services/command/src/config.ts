import { dbConfigSchema } from '@dealflow/db';
import { kafkaConfigSchema, kafkaConnectionFromEnv } from '@dealflow/kafka';
import {
  httpSecurityConfigSchema,
  httpSecurityFromEnv,
  loadConfig,
  serviceConfigShape,
  tracingConfigSchema,
} from '@dealflow/runtime';
import { z } from 'zod';

const positiveInt = () => z.coerce.number().int().positive();

/**
 * The command service's environment: one schema, validated at start-up. Database, Kafka and
 * HTTP security settings (authentication, rate limit, CORS) are the shared ones of
 * `@dealflow/db`, `@dealflow/kafka` and `@dealflow/runtime`, so every service reads the same
 * variables.
 */
export const commandConfigSchema = z
  .object({
    ...dbConfigSchema.shape,
    ...kafkaConfigSchema.shape,
    ...httpSecurityConfigSchema.shape,
    ...tracingConfigSchema.shape,
    KAFKA_CLIENT_ID: z
      .string()
      .min(1)
      .default('dealflow-command')
      .describe('Client id the brokers see in their logs and quotas'),
    ...serviceConfigShape(3001),
    RELAY_ENABLED: z
      .stringbool()
      .default(true)
      .describe(
        'Publish the outbox to Kafka from this process (one relay at a time holds the lock)',
      ),
    RELAY_BATCH_SIZE: positiveInt()
      .max(10_000)
      .default(2_000)
      .describe('Outbox rows published per Kafka send'),
    RELAY_POLL_MS: positiveInt()
      .default(250)
      .describe('Longest wait between outbox reads when no commit wakes the relay'),
    IDEMPOTENCY_TTL_HOURS: positiveInt()
      .default(24)
      .describe('How long an Idempotency-Key and its answer are kept'),
    MAX_CLOCK_SKEW_MS: z.coerce
      .number()
      .int()
      .nonnegative()
      .default(300_000)
      .describe("How far in the future a command's occurredAt may lie"),
    RELAY_FAULT_EXIT_AFTER_PUBLISH: z
      .stringbool()
      .default(false)
      .describe(
        'TEST ONLY: SIGKILL the process right after a Kafka publish, before the outbox delete, ' +
          'so e2e tests can prove relay duplicates never change the numbers. Never set in production.',
      ),
  })
  .transform((env, ctx) => ({
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    databasePoolMax: env.DATABASE_POOL_MAX,
    kafkaBrokers: env.KAFKA_BROKERS,
    kafkaClientId: env.KAFKA_CLIENT_ID,
    kafkaTopic: env.KAFKA_TOPIC,
    kafkaPartitions: env.KAFKA_PARTITIONS,
    logLevel: env.LOG_LEVEL,
    pipelinesFile: env.PIPELINES_FILE,
    relay: {
      enabled: env.RELAY_ENABLED,
      batchSize: env.RELAY_BATCH_SIZE,
      pollMs: env.RELAY_POLL_MS,
      faultExitAfterPublish: env.RELAY_FAULT_EXIT_AFTER_PUBLISH,
    },
    idempotencyTtlHours: env.IDEMPOTENCY_TTL_HOURS,
    maxClockSkewMs: env.MAX_CLOCK_SKEW_MS,
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
    kafka: kafkaConnectionFromEnv(env, ctx),
    security: httpSecurityFromEnv(env, ctx),
  }));

/** The parsed configuration of the command service. */
export type CommandConfig = z.infer<typeof commandConfigSchema>;

/**
 * Reads the command service's configuration from `env`; throws a `ConfigError` listing every
 * offending variable.
 *
 * @example const config = loadCommandConfig({ DATABASE_URL, KAFKA_BROKERS: '127.0.0.1:9092' });
 */
export function loadCommandConfig(
  env: Record<string, string | undefined> = process.env,
): CommandConfig {
  return loadConfig(commandConfigSchema, env);
}
