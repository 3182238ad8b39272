import { sql, type Kysely } from 'kysely';
import { readModelSchemasWith } from './read-model-schemas.js';
import { fineValueBounds } from './value-bounds.js';

const KEY = ['pipeline_id', 'rollup', 'owner_id', 'source', 'measure', 'currency', 'bucket'];
const STORAGE =
  'fillfactor = 90, autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02';

/**
 * Every existing read-model version with an all-time histogram gains its second level,
 * `won_hist_fine`: the won deals and visits per all-time cell and fine bucket (256 per
 * doubling), `n` only (an amount under its currency, a cycle or a visit under ''), filled from the version's `metric_events` (rollup 0 grouped from the
 * rows, the summed rollups from those cells; the visits only where the rows hold them). A rank read with no date bound then walks one
 * fine bucket's rows instead of a whole coarse bucket's. A version whose cells wait for a
 * rebuild's deferred build gets an empty table, which the build fills. New versions get it
 * from `readModelDdl`. Idempotent: a version that has the table is left alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const deferred = await readModelSchemasWith(db, 'daily_tables_deferred');
  const present = await readModelSchemasWith(db, 'won_hist_fine');
  const types: Record<string, string> = { rollup: 'smallint', bucket: 'int' };
  const positions = sql.raw(KEY.map((_, i) => String(i + 1)).join(', '));
  const columns = sql.raw(KEY.join(', '));
  const bounds = sql.raw(`'{${fineValueBounds().join(',')}}'::bigint[]`);
  for (const schema of await readModelSchemasWith(db, 'won_hist_total')) {
    if (present.includes(schema)) continue;
    const fine = sql.id(schema, 'won_hist_fine');
    const events = sql.id(schema, 'metric_events');
    await sql`
      CREATE TABLE ${fine} (
        ${sql.raw(KEY.map((k) => `${k} ${types[k] ?? 'text'} NOT NULL`).join(', '))},
        n bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (${columns}) INCLUDE (n)
      ) WITH (${sql.raw(STORAGE)})
    `.execute(db);
    if (!deferred.includes(schema)) {
      // A version from before the visit histograms has no visits to count.
      const { rows } = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM information_schema.columns
        WHERE table_schema = ${schema} AND table_name = 'metric_events'
          AND column_name IN ('stage', 'visit_ms')
      `.execute(db);
      const visits =
        rows[0]?.n === 2
          ? sql`UNION ALL
          SELECT pipeline_id, owner_id, source, '', 'visit:' || stage, visit_ms, 1
          FROM ${events} WHERE visit_ms IS NOT NULL`
          : sql``;
      await sql`SET LOCAL work_mem = '256MB'`.execute(db);
      await sql`
        INSERT INTO ${fine} (${columns}, n)
        SELECT pipeline_id, 0, owner_id, source, v.measure,
          CASE WHEN v.measure = 'amount' THEN currency ELSE '' END,
          width_bucket(v.value, ${bounds}), SUM(won)
        FROM (
          SELECT e.pipeline_id, e.owner_id, e.source, e.currency, v.measure, v.value, e.won
          FROM ${events} e
          CROSS JOIN LATERAL (VALUES ('amount', e.won * e.won_amount), ('cycle', e.cycle_ms)) AS v(measure, value)
          WHERE e.won <> 0 AND v.value IS NOT NULL
          ${visits}
        ) AS v
        GROUP BY ${positions}
        HAVING SUM(won) <> 0
        ORDER BY ${positions}
      `.execute(db);
      await sql`
        INSERT INTO ${fine} (${columns}, n)
        SELECT pipeline_id, r.rollup, CASE WHEN r.rollup & 1 = 1 THEN '' ELSE owner_id END,
          CASE WHEN r.rollup & 2 = 2 THEN '' ELSE source END, measure, currency, bucket, SUM(n)
        FROM ${fine} AS t CROSS JOIN (VALUES (1), (2), (3)) AS r(rollup)
        WHERE t.rollup = 0
        GROUP BY ${positions}
        HAVING SUM(n) <> 0
        ORDER BY ${positions}
      `.execute(db);
    }
    await sql`ANALYZE ${fine}`.execute(db);
  }
}
