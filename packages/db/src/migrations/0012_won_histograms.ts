import { sql, type Kysely } from 'kysely';
import { readModelSchemasWith } from './read-model-schemas.js';
import { valueBounds } from './value-bounds.js';

const TABLES = [
  { name: 'won_hist_cohort', days: ['cohort_day'] },
  { name: 'won_hist_activity', days: ['occurred_day'] },
  { name: 'won_hist_cross', days: ['cohort_day', 'occurred_day'] },
];

/**
 * Deal-size medians and cycle percentiles become histogram reads: every existing read-model
 * version gets the won-deal histograms (per cell × measure × value bucket: n and Σ value; the
 * cells summed over owners and/or sources too, as `0013_owner_source_rollups` describes),
 * filled from its won rows of `metric_events`, and the two indexes that read one bucket's rows.
 * New versions get the same from `readModelDdl`. On a large version this reads every won row
 * once and builds two partial indexes; the projector's writes wait meanwhile (nothing is lost).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const bounds = sql.raw(`'{${valueBounds().join(',')}}'::bigint[]`);
  for (const schema of await readModelSchemasWith(db, 'metric_events')) {
    for (const t of TABLES) {
      const key = [
        'pipeline_id',
        'rollup',
        ...t.days,
        'owner_id',
        'source',
        'currency',
        'measure',
        'bucket',
      ];
      await sql`
        CREATE TABLE IF NOT EXISTS ${sql.id(schema, t.name)} (
          pipeline_id text NOT NULL,
          rollup smallint NOT NULL,
          ${sql.raw(t.days.map((d) => `${d} date NOT NULL,`).join(' '))}
          owner_id text NOT NULL,
          source text NOT NULL,
          currency text NOT NULL,
          measure text NOT NULL,
          bucket int NOT NULL,
          n bigint NOT NULL DEFAULT 0,
          total bigint NOT NULL DEFAULT 0,
          PRIMARY KEY (${sql.raw(key.join(', '))})
        )
      `.execute(db);
      await sql`TRUNCATE ${sql.id(schema, t.name)}`.execute(db);
      const dayExpressions = t.days.map((d) =>
        d === 'cohort_day'
          ? `(created_at AT TIME ZONE 'UTC')::date`
          : `(occurred_at AT TIME ZONE 'UTC')::date`,
      );
      await sql`
        INSERT INTO ${sql.id(schema, t.name)} (${sql.raw(key.join(', '))}, n, total)
        SELECT pipeline_id, r.rollup, ${sql.raw(dayExpressions.join(', '))},
          CASE WHEN r.rollup & 1 = 1 THEN '' ELSE owner_id END,
          CASE WHEN r.rollup & 2 = 2 THEN '' ELSE source END,
          currency, v.measure, width_bucket(v.value, ${bounds}), SUM(won), SUM(won * v.value)
        FROM ${sql.id(schema, 'metric_events')} e
        -- won_amount is signed (a win taken back by a reopening is −the amount); every row
        -- written before reopenings existed has won = 1, where won × won_amount = won_amount.
        CROSS JOIN LATERAL (VALUES ('amount', e.won * e.won_amount), ('cycle', e.cycle_ms))
          AS v(measure, value)
        CROSS JOIN (VALUES (0), (1), (2), (3)) AS r(rollup)
        WHERE e.won <> 0 AND v.value IS NOT NULL
        GROUP BY ${sql.raw(key.map((_, i) => String(i + 1)).join(', '))}
        HAVING SUM(won) <> 0 OR SUM(won * v.value) <> 0
      `.execute(db);
    }
    const events = sql.id(schema, 'metric_events');
    await sql`
      CREATE INDEX IF NOT EXISTS metric_events_won_amount ON ${events} (pipeline_id, currency, won_amount)
      INCLUDE (owner_id, source, created_at, occurred_at, won) WHERE won <> 0
    `.execute(db);
    await sql`
      CREATE INDEX IF NOT EXISTS metric_events_won_cycle ON ${events} (pipeline_id, cycle_ms)
      INCLUDE (owner_id, source, created_at, occurred_at, won) WHERE won <> 0
    `.execute(db);
  }
}
