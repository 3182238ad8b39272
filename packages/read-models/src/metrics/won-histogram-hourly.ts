import { sql, type QueryExecutorProvider, type RawBuilder } from 'kysely';
import { sqlId } from '../sql-text.js';
import { cellUpsert } from './additive-cells.js';
import { hourOf, MONTHLY_STORAGE } from './cell-grain.js';
import type { MetricEventDelta } from './metric-counters.js';
import type { MsRange } from './metric-scope.js';
import { rollupOf } from './rollup.js';
import { VALUE_BOUNDS_LITERAL } from './value-buckets.js';
import { histogramCells, wonValueRows } from './won-histogram.js';

/**
 * Hourly histogram cells of the "all owners, all sources" rollup: won deals (amount, cycle)
 * and completed visits per pipeline, measure, UTC hour they occurred in, currency and value
 * bucket. The partial day of an instant (`asOf`, a window's edge) then reads its whole hours
 * from these cells and at most two sub-hour edges from `metric_events`, as the counters do
 * from `metric_activity_hourly`: at 1 M leads the rest of an instant's day was ~2.8 k visits
 * bucketed one by one, 40 % of the stage-duration histogram's statement. Only the summed
 * rollup has them; a scope filtered by owner or source reads its partial days from the events.
 */
export const WON_HOURLY_HISTOGRAM = 'won_hist_hourly';

/** Key columns, in primary-key order: a measure's hours are one range of the index. */
export const WON_HOURLY_KEY = [
  'pipeline_id',
  'measure',
  'occurred_hour',
  'currency',
  'bucket',
] as const;

const HOURLY_VALUES = ['n', 'total'] as const;

/** The one rollup the hourly cells hold: every owner, every source. */
const SUMMED_ROLLUP = rollupOf({});

/** DDL of the hourly histogram cells in schema `s`; idempotent. */
export function wonHourlyHistogramDdl(s: string): string {
  return `CREATE TABLE IF NOT EXISTS ${s}.${WON_HOURLY_HISTOGRAM} (
      pipeline_id text NOT NULL,
      measure text NOT NULL,
      occurred_hour int NOT NULL,
      currency text NOT NULL,
      bucket int NOT NULL,
      n bigint NOT NULL DEFAULT 0,
      total bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (${WON_HOURLY_KEY.join(', ')}) INCLUDE (n, total)
    )${MONTHLY_STORAGE}`;
}

/** The upsert adding the won deals and visits of `rows` to the hourly cells of `schema`. */
export const hourlyHistogramUpsert = (schema: string, rows: readonly MetricEventDelta[]) =>
  cellUpsert(
    schema,
    WON_HOURLY_HISTOGRAM,
    WON_HOURLY_KEY,
    HOURLY_VALUES,
    histogramCells(WON_HOURLY_KEY, rows, [SUMMED_ROLLUP]),
  );

/**
 * Fills the hourly histogram cells of `schema` from its `metric_events` (the deferred build
 * and the migration of existing versions), in key order. The table must be empty.
 */
export async function fillHourlyHistogram(
  db: QueryExecutorProvider,
  schema: string,
): Promise<void> {
  const columns = sql.join(WON_HOURLY_KEY.map((k) => sql.id(k)));
  await sql`
    INSERT INTO ${sqlId(schema, WON_HOURLY_HISTOGRAM)} (${columns}, n, total)
    SELECT pipeline_id, v.measure, floor(extract(epoch FROM occurred_at) / 3600)::int, currency,
      width_bucket(v.value, ${sql.raw(`'${VALUE_BOUNDS_LITERAL}'::bigint[]`)}),
      SUM(won), SUM(won * v.value)
    FROM (${wonValueRows(schema)}) AS v
    GROUP BY 1, 2, 3, 4, 5
    HAVING SUM(won) <> 0 OR SUM(won * v.value) <> 0
    ORDER BY 1, 2, 3, 4, 5
  `.execute(db);
}

/**
 * The `UNION ALL` branch summing the hourly cells of `hours` (whole hours) of the measures
 * `measures` (a `measure IN (…)` condition): (currency, measure, bucket, n, total), signed.
 */
export function hourlyHistogramBranch(
  schema: string,
  pipelineId: string,
  measures: RawBuilder<unknown>,
  hours: MsRange,
  sign: 1 | -1,
): RawBuilder<unknown> {
  const values = sign === 1 ? sql`n, total` : sql`-n AS n, -total AS total`;
  return sql`SELECT currency, measure, bucket, ${values}
    FROM ${sqlId(schema, WON_HOURLY_HISTOGRAM)}
    WHERE pipeline_id = ${pipelineId} AND ${measures}
      AND occurred_hour >= ${hourOf(hours.from)} AND occurred_hour < ${hourOf(hours.to)}`;
}
