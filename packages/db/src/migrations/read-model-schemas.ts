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
