import { dbConfigSchema } from '@dealflow/db';
import {
  httpSecurityConfigSchema,
  httpSecurityFromEnv,
  loadConfig,
  serviceConfigShape,
  tracingConfigSchema,
} from '@dealflow/runtime';
import { z } from 'zod';

/**
 * The query service's environment: one schema, validated at start-up (never at import time).
 * The HTTP security settings (authentication, rate limit, CORS) are the shared ones of
 * `@dealflow/runtime`.
 */
export const queryConfigSchema = z
  .object({
    ...httpSecurityConfigSchema.shape,
    ...tracingConfigSchema.shape,
    ...serviceConfigShape(3002),
    ...dbConfigSchema.shape,
    MIN_POSITION_WAIT_MS: z.coerce
      .number()
      .int()
      .nonnegative()
      .max(30_000)
      .default(2000)
      .describe('Longest wait for X-Dealflow-Min-Position before answering X-Dealflow-Stale'),
    POSITION_CACHE_MS: z.coerce
      .number()
      .int()
      .nonnegative()
      .max(5_000)
      .default(50)
      .describe(
        "How long the read models' applied position is reused for ETags: a 304 may follow a " +
          'change by this long (never a stream event, nor X-Dealflow-Min-Position); 0: exact',
      ),
    ANSWER_CACHE_MB: z.coerce
      .number()
      .int()
      .nonnegative()
      .max(4_096)
      .default(32)
      .describe(
        'Memory for metric answers kept by ETag, served again to requests of the same tag ' +
          '(same read-model position and query); 0: every request computes its answer',
      ),
    STREAM_MAX_PER_CALLER: z.coerce
      .number()
      .int()
      .positive()
      .max(1_000)
      .default(4)
      .describe('Open GET /v1/stream connections per caller (principal, or IP when anonymous)'),
    STREAM_HEARTBEAT_MS: z.coerce
      .number()
      .int()
      .min(1_000)
      .max(120_000)
      .default(15_000)
      .describe('Interval of the heartbeat comment on GET /v1/stream'),
    DASHBOARD_DIR: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Built dashboard (packages/dashboard/dist) to serve at /dashboard/; none when absent',
      ),
  })
  .transform((env, ctx) => ({
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    databasePoolMax: env.DATABASE_POOL_MAX,
    logLevel: env.LOG_LEVEL,
    pipelinesFile: env.PIPELINES_FILE,
    minPositionWaitMs: env.MIN_POSITION_WAIT_MS,
    positionCacheMs: env.POSITION_CACHE_MS,
    answerCacheBytes: env.ANSWER_CACHE_MB * 1024 * 1024,
    stream: { maxPerCaller: env.STREAM_MAX_PER_CALLER, heartbeatMs: env.STREAM_HEARTBEAT_MS },
    dashboardDir: env.DASHBOARD_DIR,
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
    security: httpSecurityFromEnv(env, ctx),
  }));

/** The parsed configuration of the query service. */
export type QueryConfig = z.infer<typeof queryConfigSchema>;

/**
 * Reads the query service's configuration from `env`; throws a `ConfigError` listing every
 * offending variable.
 *
 * @example const config = loadQueryConfig({ DATABASE_URL: 'postgres://u:p@127.0.0.1:5433/db' });
 */
export function loadQueryConfig(
  env: Record<string, string | undefined> = process.env,
): QueryConfig {
  return loadConfig(queryConfigSchema, env);
}
