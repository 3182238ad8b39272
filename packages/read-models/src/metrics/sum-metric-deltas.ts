import { sql, type Kysely, type RawBuilder } from 'kysely';
import { METRIC_COUNTERS, zeroCounters, type MetricCounters } from './metric-counters.js';
import { timeColumn } from './cell-grain.js';
import { planCells } from './cell-plan.js';
import { METRIC_CELL_TABLES } from './metric-ddl.js';
import type { MetricScope, MsRange } from './metric-scope.js';
import { rollupOf } from './rollup.js';

/** Summed counters of one (stage, currency, reason[, bucket]) key. */
export interface KeyedSums {
  stage: string;
  currency: string;
  reason: string;
  /** `YYYY-MM-DD` start of the occurred-time bucket, when grouped by one. */
  bucket: string | null;
  sums: MetricCounters;
}

/** Timeseries bucket size (Postgres `date_trunc` units; weeks start on Monday). */
export type Interval = 'day' | 'week' | 'month';

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const dayText = (ms: number) => iso(ms).slice(0, 10);

/** Whole UTC days inside a range (`null` when none) and the at most two partial edges. */
export function splitDays(range: MsRange): { whole: MsRange | null; edges: MsRange[] } {
  if (!(range.from < range.to)) return { whole: null, edges: [] };
  const first = Math.ceil(range.from / DAY_MS) * DAY_MS;
  const end = Math.floor(range.to / DAY_MS) * DAY_MS;
  if (!(first < end)) return { whole: null, edges: [range] };
  const edges: MsRange[] = [];
  if (range.from < first) edges.push({ from: range.from, to: first });
  if (end < range.to) edges.push({ from: end, to: range.to });
  return { whole: { from: first, to: end }, edges };
}

export const bounded = (r: MsRange) => Number.isFinite(r.from) || Number.isFinite(r.to);

export function rangeWhere(column: string, r: MsRange, asDay: boolean): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  const value = (ms: number) => (asDay ? sql`${dayText(ms)}::date` : sql`${iso(ms)}::timestamptz`);
  if (Number.isFinite(r.from)) where.push(sql`${sql.ref(column)} >= ${value(r.from)}`);
  if (Number.isFinite(r.to)) where.push(sql`${sql.ref(column)} < ${value(r.to)}`);
  return where;
}

export function dimsWhere(scope: MetricScope): RawBuilder<unknown>[] {
  const where = [sql`pipeline_id = ${scope.pipelineId}`];
  if (scope.ownerId !== undefined) where.push(sql`owner_id = ${scope.ownerId}`);
  if (scope.source !== undefined) where.push(sql`source = ${scope.source}`);
  return where;
}

/**
 * The (created × occurred) plane of a scope cut into parts that do not overlap: whole UTC days
 * of both ranges (`whole`, summed from a daily table; `cohort`/`occurred` say which day columns
 * its bounds need) and boxes of partial days at the edges (summed from `metric_events`).
 */
export interface PlaneCut {
  whole: { created: MsRange; occurred: MsRange; cohort: boolean; occurredDays: boolean } | null;
  boxes: [created: MsRange, occurred: MsRange][];
}

/** Cuts the plane; `byOccurredDay` keeps the occurred day even when unbounded (timeseries). */
export function cutPlane(created: MsRange, occurred: MsRange, byOccurredDay = false): PlaneCut {
  const c = splitDays(created);
  const o = splitDays(occurred);
  const whole =
    c.whole !== null && o.whole !== null
      ? {
          created: c.whole,
          occurred: o.whole,
          cohort: bounded(c.whole),
          occurredDays: bounded(o.whole) || byOccurredDay,
        }
      : null;
  const boxes: [MsRange, MsRange][] = [
    ...c.edges.map((edge): [MsRange, MsRange] => [edge, occurred]),
    ...(c.whole === null ? [] : o.edges.map((edge): [MsRange, MsRange] => [c.whole ?? edge, edge])),
  ];
  return { whole, boxes };
}

const counterList = sql.join(METRIC_COUNTERS.map((c) => sql.id(c)));

function branch(
  schema: string,
  table: string,
  where: RawBuilder<unknown>[],
  bucket: RawBuilder<unknown>,
): RawBuilder<unknown> {
  return sql`SELECT stage, currency, reason, ${bucket} AS bucket, ${counterList}
    FROM ${sql.id(schema, table)} WHERE ${sql.join(where, sql` AND `)}`;
}

/**
 * The parts of the (created × occurred) plane of `scope`, as `UNION ALL` branches of
 * (stage, currency, reason, bucket, every counter) rows: whole UTC days summed from the cell
 * tables whose key has just the time columns the bounds need — whole months from the monthly
 * cells and the days around them from the daily ones (`planCells`), a bounded number of rows —
 * and the partial days at the edges of either range, from `metric_events` through its
 * (pipeline, created_at) and (pipeline, occurred_at) indexes. The parts do not overlap, so
 * their sum is exact. With `interval`, `bucket` is the start of the occurred-time bucket.
 */
function planeParts(
  schema: string,
  scope: MetricScope,
  created: MsRange,
  occurred: MsRange,
  interval: Interval | undefined,
): RawBuilder<unknown>[] {
  const cut = cutPlane(created, occurred, interval !== undefined);
  const dims = dimsWhere(scope);
  // Buckets stay timestamps until the outer query formats them: grouping on them costs less
  // than on text, and only the groups are formatted.
  const cellBucket = (column: string) =>
    interval === undefined
      ? sql`NULL::timestamp`
      : sql`date_trunc(${interval}, ${sql.id(column)}::timestamp)`;
  const eventBucket =
    interval === undefined
      ? sql`NULL::timestamp`
      : sql`date_trunc(${interval}, occurred_at AT TIME ZONE 'UTC')`;
  const branches: RawBuilder<unknown>[] = [];
  const months = interval === undefined || interval === 'month';
  for (const part of cut.whole === null ? [] : planCells(METRIC_CELL_TABLES, cut.whole, months)) {
    const { table } = part;
    const cohortColumn = timeColumn('cohort', table.grain);
    const occurredColumn = timeColumn('occurred', table.grain);
    const where = [
      ...dims,
      sql`rollup = ${rollupOf(scope)}`,
      ...(table.cohort ? rangeWhere(cohortColumn, part.created, true) : []),
      ...(table.occurred ? rangeWhere(occurredColumn, part.occurred, true) : []),
    ];
    const bucket = table.occurred ? cellBucket(occurredColumn) : sql`NULL::timestamp`;
    branches.push(branch(schema, table.name, where, bucket));
  }
  for (const [cr, or] of cut.boxes) {
    const where = [
      ...dims,
      ...rangeWhere('created_at', cr, false),
      ...rangeWhere('occurred_at', or, false),
    ];
    branches.push(branch(schema, 'metric_events', where, eventBucket));
  }
  return branches;
}

/**
 * Sums the metric counters of the events of `scope` (dimensions) whose lead was created in
 * `created` and that occurred in `occurred`, grouped by (stage, currency, reason) and, with
 * `interval`, by the bucket the event occurred in (the parts: {@link planeParts}).
 */
export async function sumMetricDeltas<DB>(
  db: Kysely<DB>,
  schema: string,
  scope: MetricScope,
  created: MsRange,
  occurred: MsRange,
  interval?: Interval,
): Promise<KeyedSums[]> {
  const branches = planeParts(schema, scope, created, occurred, interval);
  if (branches.length === 0) return [];
  const sums = sql.join(METRIC_COUNTERS.map((k) => sql`SUM(${sql.id(k)})::text AS ${sql.id(k)}`));
  const { rows } = await sql<Record<string, string | null>>`
    SELECT stage, currency, reason, to_char(bucket, 'YYYY-MM-DD') AS bucket, ${sums}
    FROM (${sql.join(branches, sql` UNION ALL `)}) AS parts
    GROUP BY stage, currency, reason, parts.bucket
  `.execute(db);
  return rows.map((row) => {
    const counters = zeroCounters();
    for (const k of METRIC_COUNTERS) counters[k] = Number(row[k] ?? 0);
    return {
      stage: row.stage ?? '',
      currency: row.currency ?? '',
      reason: row.reason ?? '',
      bucket: row.bucket ?? null,
      sums: counters,
    };
  });
}

/** What a time series shows of one (bucket, currency): flows of the events in it. */
export interface SeriesSums {
  bucket: string;
  currency: string;
  created: number;
  advanced: number;
  won: number;
  lost: number;
  /** The won amount of the (stage, reason) keys with wins; `null` when no key has one. */
  wonAmount: number | null;
}

/**
 * The flows of a time series per occurred-time bucket and currency: the keyed sums of
 * {@link sumMetricDeltas}, summed on in Postgres down to what a series shows, so a long series
 * by day returns one row per day and currency instead of one per stage and reason too. As in
 * the keyed sums, a won amount counts where its (stage, currency, reason) key has wins in the
 * bucket. The counts of each key are summed as `float8` (whole numbers, exact below 2^53), so
 * only the won amount keeps a `numeric` sum per key: five of them per key cost a year by day
 * (33 k keys at 1 M leads) 49.9 ms, one 30.3 ms.
 *
 * Only cells with a win or a won amount need their (stage, reason) key: the others add nothing
 * to any key's wins or amount, so they are summed per (bucket, currency) alone. At 1 M leads a
 * year by day then groups 13 k keys instead of 33 k (30.3 → 20.2 ms with the query service's
 * `work_mem`, in which the groups fit).
 */
export async function sumSeries<DB>(
  db: Kysely<DB>,
  schema: string,
  scope: MetricScope,
  interval: Interval,
): Promise<SeriesSums[]> {
  const branches = planeParts(schema, scope, scope.created, scope.flow, interval);
  if (branches.length === 0) return [];
  const { rows } = await sql<Record<keyof SeriesSums, string | null>>`
    SELECT to_char(bucket, 'YYYY-MM-DD') AS bucket, currency,
      SUM(created)::bigint::text AS created, SUM(advanced)::bigint::text AS advanced,
      SUM(won)::bigint::text AS won, SUM(lost)::bigint::text AS lost,
      (SUM(won_amount) FILTER (WHERE won <> 0))::text AS "wonAmount"
    FROM (
      SELECT bucket, currency, SUM(created::float8) AS created,
        SUM(advanced::float8) AS advanced, SUM(won::float8) AS won,
        SUM(lost::float8) AS lost, SUM(won_amount) AS won_amount
      FROM (${sql.join(branches, sql` UNION ALL `)}) AS parts
      WHERE bucket IS NOT NULL
      GROUP BY bucket, currency,
        CASE WHEN won <> 0 OR won_amount <> 0 THEN stage END,
        CASE WHEN won <> 0 OR won_amount <> 0 THEN reason END
    ) AS keyed
    GROUP BY keyed.bucket, currency
  `.execute(db);
  return rows.map((row) => ({
    bucket: row.bucket ?? '',
    currency: row.currency ?? '',
    created: Number(row.created),
    advanced: Number(row.advanced),
    won: Number(row.won),
    lost: Number(row.lost),
    wonAmount: row.wonAmount === null ? null : Number(row.wonAmount),
  }));
}
