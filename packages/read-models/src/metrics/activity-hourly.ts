import { sql, type QueryExecutorProvider, type RawBuilder } from 'kysely';
import { cellUpsert, sumCells } from './additive-cells.js';
import { HOUR_MS, hourOf, MONTHLY_STORAGE, splitUnits } from './cell-grain.js';
import { METRIC_COUNTERS, type MetricEventDelta } from './metric-counters.js';
import type { MetricScope, MsRange } from './metric-scope.js';
import { rollupOf } from './rollup.js';
import { counterColumns, signedColumns } from './counter-columns.js';
import { sqlId } from '../sql-text.js';

/**
 * Hourly activity cells of the "all owners, all sources" rollup: the counters of the metric
 * rows summed per pipeline, UTC hour they occurred in, stage, currency and reason. The partial
 * day of an instant (`asOf`, a window's edge) is then its whole hours from these cells and at
 * most two sub-hour edges from `metric_events`, instead of up to half a day of events. Only
 * the summed rollup has them: a scope filtered by owner or source reads its partial days from
 * the events as before, and an event costs one more cell, shared by every event of its hour.
 */
export const ACTIVITY_HOURLY = 'metric_activity_hourly';

/** Key columns, in primary-key order: one pipeline's hours are one range of the index. */
export const ACTIVITY_HOURLY_KEY = [
  'pipeline_id',
  'occurred_hour',
  'stage',
  'currency',
  'reason',
] as const;

/** The one rollup the hourly cells hold: every owner, every source. */
const SUMMED_ROLLUP = rollupOf({});

export { hourOf };

/** DDL of the hourly cells in schema `s`; idempotent. */
export function activityHourlyDdl(s: string): string {
  return `CREATE TABLE IF NOT EXISTS ${s}.${ACTIVITY_HOURLY} (
      pipeline_id text NOT NULL,
      occurred_hour int NOT NULL,
      stage text NOT NULL,
      currency text NOT NULL,
      reason text NOT NULL,
      ${METRIC_COUNTERS.map((c) => `${c} bigint NOT NULL DEFAULT 0`).join(',\n      ')},
      PRIMARY KEY (${ACTIVITY_HOURLY_KEY.join(', ')}) INCLUDE (${METRIC_COUNTERS.join(', ')})
    )${MONTHLY_STORAGE}`;
}

/** The upsert adding the rows' counters to the hourly cells of `schema`. */
export const activityHourlyUpsert = (schema: string, rows: readonly MetricEventDelta[]) =>
  cellUpsert(
    schema,
    ACTIVITY_HOURLY,
    ACTIVITY_HOURLY_KEY,
    METRIC_COUNTERS,
    sumCells(ACTIVITY_HOURLY_KEY, METRIC_COUNTERS, rows, [SUMMED_ROLLUP]),
  );

/** Fills the hourly cells of `schema` from its `metric_events` (the table must be empty). */
export async function fillActivityHourly(db: QueryExecutorProvider, schema: string): Promise<void> {
  const sums = sql.join(METRIC_COUNTERS.map((c) => sql`SUM(${sql.id(c)})`));
  const nonZero = sql.join(
    METRIC_COUNTERS.map((c) => sql`SUM(${sql.id(c)}) <> 0`),
    sql` OR `,
  );
  const columns = sql.join([...ACTIVITY_HOURLY_KEY, ...METRIC_COUNTERS].map((c) => sql.id(c)));
  await sql`
    INSERT INTO ${sqlId(schema, ACTIVITY_HOURLY)} (${columns})
    SELECT pipeline_id, floor(extract(epoch FROM occurred_at) / 3600)::int, stage, currency,
      reason, ${sums}
    FROM ${sqlId(schema, 'metric_events')}
    GROUP BY 1, 2, 3, 4, 5
    HAVING ${nonZero}
    ORDER BY 1, 2
  `.execute(db);
}

/**
 * An occurred range cut at whole UTC hours: the hours inside it (`hours`, `null` when none)
 * and the at most two sub-hour edges. The parts do not overlap and together are `range`.
 */
export function splitHours(range: MsRange): { hours: MsRange | null; edges: MsRange[] } {
  const { whole, edges } = splitUnits(range, HOUR_MS);
  return { hours: whole, edges };
}

/**
 * Whether a partial-day box of the plane can take its whole hours from the hourly cells: every
 * creation time (the cells have no cohort), the summed rollup, a finite occurred range.
 */
const hourlyFits = (scope: MetricScope, created: MsRange, occurred: MsRange): boolean =>
  created.from === -Infinity &&
  created.to === Infinity &&
  rollupOf(scope) === SUMMED_ROLLUP &&
  Number.isFinite(occurred.from) &&
  Number.isFinite(occurred.to);

/**
 * A partial-day box of the plane cut for reading: its whole hours (`null` when the hourly cells
 * do not fit it, {@link hourlyFits}) and the ranges left to read from `metric_events`.
 */
export function cutBoxHours(
  scope: MetricScope,
  created: MsRange,
  occurred: MsRange,
): { hours: MsRange | null; edges: MsRange[] } {
  return hourlyFits(scope, created, occurred)
    ? splitHours(occurred)
    : { hours: null, edges: [occurred] };
}

/** The `UNION ALL` branch summing the hourly cells of `hours` (whole hours), signed. */
export function hourlyBranch(
  schema: string,
  pipelineId: string,
  hours: MsRange,
  sign: 1 | -1,
): RawBuilder<unknown> {
  return sql`SELECT stage, currency, reason, ${counterColumns(sign)}
    FROM ${sqlId(schema, ACTIVITY_HOURLY)}
    WHERE pipeline_id = ${pipelineId} AND occurred_hour >= ${hourOf(hours.from)}
      AND occurred_hour < ${hourOf(hours.to)}`;
}

/**
 * The `UNION ALL` branch of a time series for the hourly cells of `hours` (whole hours inside
 * one UTC day): (currency, bucket, the series values), signed, the bucket of each hour's day.
 */
export function hourlySeriesBranch(
  schema: string,
  pipelineId: string,
  hours: MsRange,
  sign: 1 | -1,
  interval: string,
  values: readonly string[],
): RawBuilder<unknown> {
  return sql`SELECT currency,
      date_trunc(${interval}, to_timestamp(occurred_hour * 3600) AT TIME ZONE 'UTC') AS bucket,
      ${signedColumns(values, sign)}
    FROM ${sqlId(schema, ACTIVITY_HOURLY)}
    WHERE pipeline_id = ${pipelineId} AND occurred_hour >= ${hourOf(hours.from)}
      AND occurred_hour < ${hourOf(hours.to)}`;
}
