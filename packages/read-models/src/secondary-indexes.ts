import type { Database } from '@dealflow/db';
import { sql, type Kysely } from 'kysely';
import { readModelDdl, readModelSchemaName } from './read-model-schema.js';

/** Indexes the fold itself reads through while building: kept. */
const KEEP = new Set(['parked_events_lead']);

/**
 * Drops the secondary (non-unique) indexes of a building version: they only serve queries,
 * and maintaining them row by row costs a bulk load far more than building them once at the
 * end. Primary keys and unique constraints stay (upserts and idempotence rely on them).
 *
 * @returns the names dropped
 */
export async function dropSecondaryIndexes(
  db: Kysely<Database>,
  version: number,
): Promise<string[]> {
  const schema = readModelSchemaName(version);
  const { rows } = await sql<{ name: string }>`
    SELECT c.relname AS name
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ${schema} AND NOT i.indisunique AND NOT i.indisprimary
    ORDER BY 1
  `.execute(db);
  const names = rows.map((r) => r.name).filter((name) => !KEEP.has(name));
  for (const name of names) await sql`DROP INDEX IF EXISTS ${sql.id(schema, name)}`.execute(db);
  return names;
}

/**
 * Brings a version's schema back to `readModelDdl` (idempotent: only what is missing is
 * created), i.e. rebuilds the indexes dropped by {@link dropSecondaryIndexes} — before the
 * switch, outside its transaction, so the live feed is never held while indexes build.
 */
export async function restoreIndexes(db: Kysely<Database>, version: number): Promise<void> {
  await db.connection().execute(async (conn) => {
    // Sorting for an index build in memory rather than in temporary files; one statement at a
    // time, so no lock is held longer than its own index build.
    await sql`SET maintenance_work_mem = '256MB'`.execute(conn);
    try {
      // Generated from a validated integer version, never from input.
      for (const statement of readModelDdl(version)) await sql.raw(statement).execute(conn);
    } finally {
      await sql`RESET maintenance_work_mem`.execute(conn);
    }
  });
}
