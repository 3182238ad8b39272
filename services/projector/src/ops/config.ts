import { readFileSync } from 'node:fs';
import { databasePoolMax, dbConfigSchema } from '@dealflow/db';
import { kafkaConnectionConfigSchema, kafkaConnectionFromEnv } from '@dealflow/kafka';
import { loadPipelines, type PipelineCatalog } from '@dealflow/domain';
import {
  httpSecurityConfigSchema,
  httpSecurityFromEnv,
  loadConfig,
  serviceConfigShape,
  tracingConfigSchema,
} from '@dealflow/runtime';
import { z } from 'zod';

const positiveInt = () => z.coerce.number().int().positive();

/** A comma-separated broker list, e.g. `127.0.0.1:9092,127.0.0.1:9094`. */
const brokerList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'host:port')).min(1));

/**
 * The projector's environment: one schema, validated at start-up. The HTTP security settings
 * (authentication for the `ops` routes, rate limit, CORS) are the shared ones of
 * `@dealflow/runtime`.
 */
export const projectorConfigSchema = z
  .object({
    ...httpSecurityConfigSchema.shape,
    ...tracingConfigSchema.shape,
    ...dbConfigSchema.shape,
    DATABASE_POOL_MAX: databasePoolMax(5),
    KAFKA_BROKERS: brokerList.describe('Kafka bootstrap servers: comma-separated host:port'),
    ...kafkaConnectionConfigSchema.shape,
    KAFKA_TOPIC: z
      .string()
      .min(1)
      .default('dealflow.lead-events')
      .describe('The lead-events topic; its dead letters go to the same name with .dlq'),
    KAFKA_GROUP_ID: z
      .string()
      .min(1)
      .default('dealflow-projector')
      .describe('Consumer group of the live projectors; instances share its partitions'),
    KAFKA_SESSION_TIMEOUT_MS: positiveInt()
      .min(6_000)
      .max(300_000)
      .default(30_000)
      .describe('How soon the partitions of a silent projector move to the others'),
    ...serviceConfigShape(3003),
    MAX_BATCH_BYTES: positiveInt()
      .max(64 * 1024 * 1024)
      .default(1024 * 1024)
      .describe(
        'Upper bound of one fetch per partition, so a round (one transaction for a fetch) stays small',
      ),
    HEARTBEAT_STALE_MS: positiveInt()
      .default(30_000)
      .describe('/health fails when the consumer has not polled for this long'),
    STATS_REFRESH_MS: z.coerce
      .number()
      .int()
      .min(0)
      .default(1_000)
      .describe(
        'How often stale kept all-time statistics of the live version are recomputed (at most half the time busy); 0: never, all-time summaries compute them',
      ),
    REBUILD_POOL_MAX: positiveInt()
      .default(16)
      .describe('Connections of a rebuild (one per partition applied side by side, plus a few)'),
  })
  .transform((env, ctx) => ({
    databaseUrl: env.DATABASE_URL,
    databasePoolMax: env.DATABASE_POOL_MAX,
    kafkaBrokers: env.KAFKA_BROKERS,
    kafkaTopic: env.KAFKA_TOPIC,
    kafkaGroupId: env.KAFKA_GROUP_ID,
    kafkaSessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    pipelinesFile: env.PIPELINES_FILE,
    maxBatchBytes: env.MAX_BATCH_BYTES,
    heartbeatStaleMs: env.HEARTBEAT_STALE_MS,
    rebuildPoolMax: env.REBUILD_POOL_MAX,
    statsRefreshMs: env.STATS_REFRESH_MS,
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
    kafka: kafkaConnectionFromEnv(env, ctx),
    security: httpSecurityFromEnv(env, ctx),
  }));

/** The parsed configuration of the projector. */
export type ProjectorConfig = z.infer<typeof projectorConfigSchema>;

/**
 * Reads the projector's configuration from `env`; throws a `ConfigError` listing every
 * offending variable.
 *
 * @example const config = loadProjectorConfig({ DATABASE_URL, KAFKA_BROKERS: '127.0.0.1:9092' });
 */
export function loadProjectorConfig(
  env: Record<string, string | undefined> = process.env,
): ProjectorConfig {
  return loadConfig(projectorConfigSchema, env);
}

/** The pipeline catalog the configuration names: `PIPELINES_FILE`, else the built-in one. */
export function projectorPipelines(config: ProjectorConfig): PipelineCatalog {
  return loadPipelines(
    config.pipelinesFile === undefined ? undefined : readFileSync(config.pipelinesFile, 'utf8'),
  );
}
