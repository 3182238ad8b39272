import { dbConfigSchema } from '@dealflow/db';
import {
  httpSecurityConfigSchema,
  httpSecurityFromEnv,
  loadConfig,
  serviceConfigShape,
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
    ...serviceConfigShape(3002),
    ...dbConfigSchema.shape,
    MIN_POSITION_WAIT_MS: z.coerce
      .number()
      .int()
      .nonnegative()
      .max(30_000)
      .default(2000)
      .describe('Longest wait for X-Dealflow-Min-Position before answering X-Dealflow-Stale'),
  })
  .transform((env, ctx) => ({
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    databasePoolMax: env.DATABASE_POOL_MAX,
    logLevel: env.LOG_LEVEL,
    pipelinesFile: env.PIPELINES_FILE,
    minPositionWaitMs: env.MIN_POSITION_WAIT_MS,
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
