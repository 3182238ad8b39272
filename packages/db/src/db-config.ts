import { z } from 'zod';

/**
 * The size of a service's connection pool, with that service's default: compose
 * `DATABASE_POOL_MAX: databasePoolMax(5)` over `dbConfigSchema.shape` to change it.
 */
export const databasePoolMax = (fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .default(fallback)
    .describe('Most connections this process opens to Postgres');

/**
 * A variable that is no longer read: setting it fails start-up with the name that replaced it,
 * rather than being ignored. `renamedTo` also lists it in the generated configuration docs.
 */
export const renamedVariable = (renamedTo: string) =>
  z
    .undefined({ error: `no longer read: the setting is ${renamedTo}` })
    .optional()
    .meta({ renamedTo });

/**
 * Database settings read from the environment. Compose it into a service's own schema with
 * `dbConfigSchema.extend({...})` or `z.object({ ...dbConfigSchema.shape, ... })`.
 */
export const dbConfigSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .describe('Postgres to connect to: postgres://user:password@host:port/database'),
  DATABASE_POOL_MAX: databasePoolMax(10),
  DB_POOL_MAX: renamedVariable('DATABASE_POOL_MAX'),
});

/** Validated database settings. */
export type DbConfig = z.infer<typeof dbConfigSchema>;

/**
 * Reads and validates the database settings, throwing one readable error listing every problem.
 *
 * @example
 * const config = loadDbConfig();
 * const { db } = createDb({ url: config.DATABASE_URL, max: config.DATABASE_POOL_MAX });
 */
export function loadDbConfig(env: NodeJS.ProcessEnv = process.env): DbConfig {
  const parsed = dbConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid database configuration:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
