import { sql, type Kysely } from 'kysely';

/**
 * The read-model version schemas (`rm_v<N>`) that hold table `table`: what a core migration
 * that reshapes the read models brings up to date (new versions get the shape from their DDL).
 */
export async function readModelSchemasWith(db: Kysely<unknown>, table: string): Promise<string[]> {
  const { rows } = await sql<{ schema: string }>`
    SELECT n.nspname AS schema
    FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid
    WHERE n.nspname ~ '^rm_v[0-9]+$' AND c.relname = ${table} AND c.relkind = 'r'
  `.execute(db);
  return rows.map((r) => r.schema);
}

/**
 * Replaces index `name` of `schema.metric_events` by one of `definition` (`(columns) INCLUDE
 * (…)`): built beside it under `<name>_next`, then the old one dropped and the new one renamed,
 * so reads keep an index throughout. Run inside the migration's transaction.
 */
export async function replaceIndex(
  db: Kysely<unknown>,
  schema: string,
  name: string,
  definition: string,
): Promise<void> {
  await sql`SET LOCAL maintenance_work_mem = '256MB'`.execute(db);
  await sql`
    CREATE INDEX ${sql.id(`${name}_next`)} ON ${sql.id(schema, 'metric_events')} ${sql.raw(definition)}
  `.execute(db);
  await sql`DROP INDEX ${sql.id(schema, name)}`.execute(db);
  await sql`ALTER INDEX ${sql.id(schema, `${name}_next`)} RENAME TO ${sql.id(name)}`.execute(db);
}
