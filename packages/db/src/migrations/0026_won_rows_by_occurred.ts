import { sql, type Kysely } from 'kysely';
import { readModelSchemasWith } from './read-model-schemas.js';

/**
 * Every existing read-model version gains `metric_events_won_occurred`: the won rows by
 * occurred time, covering what a deal histogram of a partial day reads, so a summary as of an
 * instant reads its day's won deals, not every metric row of that day. A version whose
 * secondary indexes wait for a rebuild's bulk load to end (its won rows' covering index is
 * absent) gets it from its DDL then. Idempotent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const schema of await readModelSchemasWith(db, 'metric_events')) {
    const { rows } = await sql<{ present: boolean; columns: number }>`
      SELECT EXISTS (
        SELECT 1 FROM pg_indexes WHERE schemaname = ${schema} AND indexname = 'metric_events_won_cover'
      ) AS present,
      (SELECT count(*)::int FROM information_schema.columns
        WHERE table_schema = ${schema} AND table_name = 'metric_events'
          AND column_name IN ('cycle_ms', 'won_amount', 'currency')) AS columns
    `.execute(db);
    if (rows[0]?.present !== true || rows[0].columns !== 3) continue;
    await sql`SET LOCAL maintenance_work_mem = '256MB'`.execute(db);
    await sql`
      CREATE INDEX IF NOT EXISTS metric_events_won_occurred
      ON ${sql.id(schema, 'metric_events')} (pipeline_id, occurred_at)
      INCLUDE (owner_id, source, created_at, currency, won, won_amount, cycle_ms) WHERE won <> 0
    `.execute(db);
  }
}
