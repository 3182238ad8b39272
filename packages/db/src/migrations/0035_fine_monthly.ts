import { sql, type Kysely } from 'kysely';
import { readModelSchemasWith } from './read-model-schemas.js';
import { fineValueBounds } from './value-bounds.js';

const KEY = ['pipeline_id', 'measure', 'currency', 'bucket', 'occurred_month'];
const TYPES: Record<string, string> = { bucket: 'int', occurred_month: 'date' };
const STORAGE =
  'fillfactor = 90, autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02';

/**
 * Every existing read-model version with a fine histogram gains `won_hist_fine_monthly`: the
 * won deals (amount, cycle) and completed visits of the "all owners, all sources" rollup per
 * pipeline, measure, currency (an amount's own, '' otherwise), fine bucket and UTC month they
 * occurred in, filled from its `metric_events`. A rank as of an instant then reads whole
 * months of fine cells and at most half a month of rows. A version whose cells wait for a
 * rebuild's deferred build gets an empty table, which the build fills; a version from before
 * the visit histograms is rebuilt, not migrated. New versions get it from `readModelDdl`. Idempotent: a version that has the table is left alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const deferred = await readModelSchemasWith(db, 'daily_tables_deferred');
  const present = await readModelSchemasWith(db, 'won_hist_fine_monthly');
  const columns = sql.raw(KEY.join(', '));
  const bounds = sql.raw(`'{${fineValueBounds().join(',')}}'::bigint[]`);
  for (const schema of await readModelSchemasWith(db, 'won_hist_fine')) {
    if (present.includes(schema)) continue;
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM information_schema.columns
      WHERE table_schema = ${schema} AND table_name = 'metric_events'
        AND column_name IN ('stage', 'visit_ms', 'cycle_ms')
    `.execute(db);
    if (rows[0]?.n !== 3) continue;
    const table = sql.id(schema, 'won_hist_fine_monthly');
    const events = sql.id(schema, 'metric_events');
    await sql`
      CREATE TABLE ${table} (
        ${sql.raw(KEY.map((k) => `${k} ${TYPES[k] ?? 'text'} NOT NULL`).join(', '))},
        n bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (${columns}) INCLUDE (n)
      ) WITH (${sql.raw(STORAGE)})
    `.execute(db);
    if (!deferred.includes(schema)) {
      await sql`SET LOCAL work_mem = '256MB'`.execute(db);
      await sql`
        INSERT INTO ${table} (${columns}, n)
        SELECT pipeline_id, v.measure, CASE WHEN v.measure = 'amount' THEN currency ELSE '' END,
          width_bucket(v.value, ${bounds}),
          date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date, SUM(won)
        FROM (
          SELECT e.pipeline_id, e.occurred_at, e.currency, v.measure, v.value, e.won
          FROM ${events} e
          CROSS JOIN LATERAL (VALUES ('amount', e.won * e.won_amount), ('cycle', e.cycle_ms)) AS v(measure, value)
          WHERE e.won <> 0 AND v.value IS NOT NULL
          UNION ALL
          SELECT pipeline_id, occurred_at, '', 'visit:' || stage, visit_ms, 1
          FROM ${events} WHERE visit_ms IS NOT NULL
        ) AS v
        GROUP BY 1, 2, 3, 4, 5
        HAVING SUM(won) <> 0
        ORDER BY 1, 2, 3, 4, 5
      `.execute(db);
    }
    await sql`ANALYZE ${table}`.execute(db);
  }
}
