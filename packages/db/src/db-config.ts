import { z } from 'zod';

/**
 * Database settings read from the environment. Compose it into a service's own schema with
 * `dbConfigSchema.extend({...})` or `z.object({ ...dbConfigSchema.shape, ... })`.
 */
export const dbConfigSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL'),
  DB_POOL_MAX: z.coerce.number().int().min(1).default(10),
});

/** Validated database settings. */
export type DbConfig = z.infer<typeof dbConfigSchema>;

/**
 * Reads and validates the database settings, throwing one readable error listing every problem.
 *
 * @example
 * const config = loadDbConfig();
 * const { db } = createDb({ url: config.DATABASE_URL, max: config.DB_POOL_MAX });
 */
export function loadDbConfig(env: NodeJS.ProcessEnv = process.env): DbConfig {
  const parsed = dbConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid database configuration:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
