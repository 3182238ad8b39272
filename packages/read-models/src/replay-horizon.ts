import { sql, type QueryExecutorProvider } from 'kysely';
import { readModelSchemaName } from './read-model-schema.js';

/** Where the horizon snapshot of a replay from the events table is kept: with the version. */
const HORIZON_TABLE = 'events_table_replay';

/**
 * Stores the current snapshot (`pg_current_snapshot()`) as the horizon of a replay from the
 * events table into `version`; call it in the version's creation transaction.
 */
export async function storeReplayHorizon(db: QueryExecutorProvider, version: number) {
  const table = sql.id(readModelSchemaName(version), HORIZON_TABLE);
  await sql`CREATE TABLE ${table} (horizon text NOT NULL)`.execute(db);
  await sql`INSERT INTO ${table} (horizon) SELECT pg_current_snapshot()::text`.execute(db);
}

/** The horizon stored by {@link storeReplayHorizon} (`pg_snapshot` text), if any. */
export async function readReplayHorizon(
  db: QueryExecutorProvider,
  version: number,
): Promise<string | undefined> {
  const { rows } = await sql<{ horizon: string }>`
    SELECT horizon FROM ${sql.id(readModelSchemaName(version), HORIZON_TABLE)}
  `.execute(db);
  return rows[0]?.horizon;
}
