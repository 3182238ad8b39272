import { sql, type Kysely } from 'kysely';
import { readModelSchemasWith } from './read-model-schemas.js';

const KEY = 'pipeline_id, rollup, owner_id, source';

/**
 * Every existing read-model version with an all-time histogram gains `won_stats_total`: the
 * won-deal statistics of each all-time cell (pipeline, rollup, owner, source), kept so that a
 * summary with no date bound reads one row. The rows are made stale, one per cell that holds
 * won deals, and the projector's refresher computes them; until then a reader computes the
 * statistics itself, as before. A version whose cells wait for a rebuild's deferred build gets
 * an empty table, which the build fills. New versions get it from `readModelDdl`. Idempotent:
 * a version that has the table is left alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const deferred = await readModelSchemasWith(db, 'daily_tables_deferred');
  const present = await readModelSchemasWith(db, 'won_stats_total');
  for (const schema of await readModelSchemasWith(db, 'won_hist_total')) {
    if (present.includes(schema)) continue;
    const table = sql.id(schema, 'won_stats_total');
    await sql`
      CREATE TABLE ${table} (
        pipeline_id text NOT NULL,
        rollup smallint NOT NULL,
        owner_id text NOT NULL,
        source text NOT NULL,
        stale boolean NOT NULL DEFAULT true,
        stats jsonb,
        PRIMARY KEY (${sql.raw(KEY)})
      ) WITH (fillfactor = 70)
    `.execute(db);
    await sql`
      CREATE INDEX won_stats_total_stale ON ${table} (pipeline_id) WHERE stale
    `.execute(db);
    if (deferred.includes(schema)) continue;
    await sql`
      INSERT INTO ${table} (${sql.raw(KEY)})
      SELECT DISTINCT ${sql.raw(KEY)} FROM ${sql.id(schema, 'won_hist_total')}
      WHERE measure IN ('amount', 'cycle') AND n <> 0
      ORDER BY 1, 2, 3, 4
    `.execute(db);
    await sql`ANALYZE ${table}`.execute(db);
  }
}
