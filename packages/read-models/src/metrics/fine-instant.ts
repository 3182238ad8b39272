import { sql, type RawBuilder } from 'kysely';
import { sqlId } from '../sql-text.js';
import type { BucketRead } from './bucket-values.js';
import { monthAround } from './cell-grain.js';
import { amountBucketIs, cycleBucketIs } from './deal-bucket-indexes.js';
import { WON_FINE_MONTHLY } from './fine-monthly.js';
import type { MetricScope, MsRange } from './metric-scope.js';
import { dimsWhere, rangeWhere } from './sum-metric-deltas.js';
import { FINE_BOUNDS, fineBucketsOf } from './value-buckets.js';
import { visitBucketIs } from './visit-bucket-indexes.js';
import { visitStage } from './won-histogram-ddl.js';

/** Whether `scope` has monthly fine cells (`won_hist_fine_monthly`): the summed rollup. */
export const hasMonthlyFine = (scope: MetricScope): boolean =>
  scope.ownerId === undefined && scope.source === undefined;

/** Whether a fine read is worth it as of an instant: at most this share of the bucket's rows after it. */
const AFTER_SHARE = 0.25;

/**
 * A coarse bucket's deals or visits that occurred in `occurred`, by fine bucket, signed: one
 * range of an occurred-time bucket index. `gate`, when given, is true when they are few enough
 * to read (a one-time filter: Postgres reads none of them otherwise).
 */
function rowsBranch(
  i: number,
  schema: string,
  scope: MetricScope,
  r: BucketRead,
  occurred: MsRange,
  sign: 1 | -1,
  gate?: RawBuilder<unknown>,
): RawBuilder<unknown> {
  const stage = visitStage(r.measure);
  const [value, weight, own] =
    stage !== undefined
      ? [
          sql`visit_ms`,
          sql`1`,
          [sql`visit_ms IS NOT NULL`, sql`stage = ${stage}`, visitBucketIs(schema, r.bucket)],
        ]
      : r.measure === 'amount'
        ? [
            sql`abs(won_amount)`,
            sql`won`,
            [sql`won <> 0`, sql`currency = ${r.currency ?? ''}`, amountBucketIs(schema, r.bucket)],
          ]
        : [
            sql`cycle_ms`,
            sql`won`,
            [sql`won <> 0`, sql`cycle_ms IS NOT NULL`, cycleBucketIs(schema, r.bucket)],
          ];
  const where = [
    ...dimsWhere(scope),
    ...own,
    ...rangeWhere('occurred_at', occurred, false),
    ...(gate === undefined ? [] : [gate]),
  ];
  // The fine bucket of a value of coarse bucket `b`: its first fine bucket plus the fine bounds
  // inside `b` at or below the value (`width_bucket` over those alone, sent as a parameter).
  const { first, last } = fineBucketsOf(r.bucket);
  const inner = FINE_BOUNDS.slice(first, last);
  const bucket =
    inner.length === 0
      ? sql`${first}::int`
      : sql`${first}::int + width_bucket(${value}, ${inner}::bigint[])`;
  const n = sign === 1 ? weight : sql`-${weight}`;
  return sql`SELECT ${i}::int AS i, ${bucket} AS bucket, ${n} AS n
    FROM ${sqlId(schema, 'metric_events')} WHERE ${sql.join(where, sql` AND `)}`;
}

/**
 * The branches giving a coarse bucket's fine counts as of the instant `at` for the summed
 * rollup, from the side of the instant's month nearer to it: the monthly fine cells of the
 * months before it plus the bucket's rows from the month's start to the instant; or the
 * all-time fine cells (`allTime`) less the months after it and less the rows from the instant
 * to the next month. At most half a month of rows, whatever the history's length or density.
 */
function summedInstantBranches(
  i: number,
  schema: string,
  scope: MetricScope,
  r: BucketRead,
  at: number,
  allTime: RawBuilder<unknown>,
): RawBuilder<unknown>[] {
  const { first, last } = fineBucketsOf(r.bucket);
  const { from: start, to: next } = monthAround(at);
  const fromStart = at - start <= next - at;
  const months = rangeWhere(
    'occurred_month',
    fromStart ? { from: -Infinity, to: start } : { from: next, to: Infinity },
    true,
  );
  const where = [
    sql`pipeline_id = ${scope.pipelineId}`,
    sql`measure = ${r.measure}`,
    sql`currency = ${r.currency ?? ''}`,
    sql`bucket BETWEEN ${first} AND ${last}`,
    ...months,
  ];
  const monthly = sql`SELECT ${i}::int AS i, bucket, ${fromStart ? sql`n` : sql`-n`} AS n
    FROM ${sqlId(schema, WON_FINE_MONTHLY)} WHERE ${sql.join(where, sql` AND `)}`;
  return fromStart
    ? [monthly, rowsBranch(i, schema, scope, r, { from: start, to: at }, 1)]
    : [allTime, monthly, rowsBranch(i, schema, scope, r, { from: at, to: next }, -1)];
}

/**
 * The `UNION ALL` branches of `(i, bucket, n)` giving the fine counts of coarse read `r` as of
 * the instant that ends `scope`, whose all-time fine cells are `allTime` (their sum:
 * `allTimeCount`). For the summed rollup, from the nearer side of the instant's month; for an
 * owner or source, the all-time cells less the bucket's rows after the instant, read only when
 * at most {@link AFTER_SHARE} of the bucket's rows are after it (otherwise the counts fall
 * short of `r.count`, and the caller walks the coarse bucket).
 */
export function instantFineBranches(
  i: number,
  schema: string,
  scope: MetricScope,
  r: BucketRead & { count: number },
  allTime: RawBuilder<unknown>,
  allTimeCount: RawBuilder<unknown>,
): RawBuilder<unknown>[] {
  const at = scope.flow.to;
  if (hasMonthlyFine(scope)) return summedInstantBranches(i, schema, scope, r, at, allTime);
  const gate = sql`(${allTimeCount}) <= ${Math.floor(r.count * (1 + AFTER_SHARE))}`;
  return [allTime, rowsBranch(i, schema, scope, r, { from: at, to: Infinity }, -1, gate)];
}
