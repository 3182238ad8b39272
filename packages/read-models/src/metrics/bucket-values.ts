import { sql, type Kysely, type RawBuilder } from 'kysely';
import { pgArrayLiteral } from '../pg-array-literal.js';
import type { MetricScope, MsRange } from './metric-scope.js';
import { dimsWhere, rangeWhere } from './sum-metric-deltas.js';
import { bucketRange } from './value-buckets.js';
import { visitStage, type WonMeasure } from './won-histogram-ddl.js';

/** `value` in `[range.from, range.to)`; `TRUE` for an unbounded range. */
function valueIn(value: RawBuilder<unknown>, range: MsRange): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  if (Number.isFinite(range.from)) parts.push(sql`${value} >= ${range.from}`);
  if (Number.isFinite(range.to)) parts.push(sql`${value} < ${range.to}`);
  return parts.length === 0 ? sql`TRUE` : sql`(${sql.join(parts, sql` AND `)})`;
}

/**
 * The ranked values of a bucket of visits as `seen (value, at)`: a visit weighs +1 and is never
 * taken back, so the value at rank k is the k-th row of the bucket's index range
 * (`metric_events_visits`: stage, then its duration), read in order up to the last wanted rank.
 */
function rankedVisits(
  schema: string,
  where: RawBuilder<unknown>[],
  stage: string,
  range: MsRange,
  last: number,
): RawBuilder<unknown> {
  const bucket = [
    sql`visit_ms IS NOT NULL`,
    ...where,
    sql`stage = ${stage}`,
    valueIn(sql.ref('visit_ms'), range),
  ];
  return sql`seen AS MATERIALIZED (
    SELECT value, row_number() OVER (ORDER BY value) - 1 AS at FROM (
      SELECT visit_ms AS value FROM ${sql.id(schema, 'metric_events')}
      WHERE ${sql.join(bucket, sql` AND `)}
      ORDER BY visit_ms LIMIT ${last + 1}
    ) AS visits
  )`;
}

/**
 * The won deals of a bucket in value order with their running count `upto`, from the first
 * whose count passes `after`: one range of an index read in order (the amount's,
 * `metric_events_won_amount` on `abs(won_amount)`, a win taken back being −its amount; or the
 * cycle's), index-only and with no sort, so with `limit` it stops soon after the rank. A win
 * taken back counts −1 at its value, as in the histogram; the running count's frame holds every
 * row of one value (the default RANGE frame), so a value whose wins net to zero is never the
 * first to pass a rank.
 */
function rankedDeals(
  schema: string,
  where: RawBuilder<unknown>[],
  measure: WonMeasure,
  range: MsRange,
  after: number,
  limit: number | undefined,
): RawBuilder<unknown> {
  const value = measure === 'amount' ? sql`abs(won_amount)` : sql.ref('cycle_ms');
  const bucket = [sql`won <> 0`, sql`${value} IS NOT NULL`, ...where, valueIn(value, range)];
  return sql`SELECT value::text AS value, upto::text AS upto FROM (
      SELECT ${value} AS value, SUM(won) OVER (ORDER BY ${value}) AS upto
      FROM ${sql.id(schema, 'metric_events')} WHERE ${sql.join(bucket, sql` AND `)}
    ) AS deals
    WHERE upto > ${after}
    ${limit === undefined ? sql`` : sql`LIMIT ${limit}`}`;
}

/** Rows a first read of a bucket's deals takes past its lowest wanted rank. */
const RANK_WINDOW = 64;

/**
 * The values at `offsets` of the deals of a bucket ({@link rankedDeals}): the value at rank k
 * is the first whose running count passes k. A first read takes {@link RANK_WINDOW} rows from
 * the lowest rank on (the ranks asked together are adjacent); only when takebacks keep a rank
 * beyond them is the rest of the bucket read.
 */
async function dealValuesAt<DB>(
  db: Kysely<DB>,
  schema: string,
  where: RawBuilder<unknown>[],
  measure: WonMeasure,
  range: MsRange,
  offsets: readonly number[],
): Promise<Map<number, number>> {
  const after = Math.min(...offsets);
  const read = async (limit: number | undefined) => {
    const { rows } = await sql<{ value: string; upto: string }>`${rankedDeals(
      schema,
      where,
      measure,
      range,
      after,
      limit,
    )}`.execute(db);
    const out = new Map<number, number>();
    for (const k of offsets) {
      const row = rows.find((r) => Number(r.upto) > k);
      if (row !== undefined) out.set(k, Number(row.value));
    }
    return { out, whole: limit === undefined || rows.length < limit };
  };
  const first = await read(RANK_WINDOW);
  return first.out.size === offsets.length || first.whole ? first.out : (await read(undefined)).out;
}

/**
 * The values at `offsets` (0-based ranks among the won deals, or visits, of `scope` in bucket
 * `bucket` of `measure`, of `currency` for amounts, ascending by value): a range read of the
 * index on that value, so only that bucket's rows are touched, and the ranks are found in
 * Postgres, so one row per offset comes back.
 */
export async function valuesAt<DB>(
  db: Kysely<DB>,
  schema: string,
  scope: MetricScope,
  measure: WonMeasure,
  currency: string | undefined,
  bucket: number,
  offsets: readonly number[],
): Promise<Map<number, number>> {
  const range: MsRange = bucketRange(bucket);
  const where = [
    ...dimsWhere(scope),
    ...(currency === undefined ? [] : [sql`currency = ${currency}`]),
    ...rangeWhere('created_at', scope.created, false),
    ...rangeWhere('occurred_at', scope.flow, false),
  ];
  const stage = visitStage(measure);
  const out =
    stage === undefined
      ? await dealValuesAt(db, schema, where, measure, range, offsets)
      : await visitValuesAt(db, schema, where, stage, range, offsets);
  for (const k of offsets) {
    if (!out.has(k)) {
      throw new Error(`histogram bucket ${bucket} of ${measure} holds fewer deals than counted`);
    }
  }
  return out;
}

/** The values at `offsets` of the visits of a bucket ({@link rankedVisits}). */
async function visitValuesAt<DB>(
  db: Kysely<DB>,
  schema: string,
  where: RawBuilder<unknown>[],
  stage: string,
  range: MsRange,
  offsets: readonly number[],
): Promise<Map<number, number>> {
  const seen = rankedVisits(schema, where, stage, range, Math.max(...offsets));
  const { rows } = await sql<{ offset: string; value: string | null }>`
    WITH ${seen}
    SELECT r.k::text AS offset, (SELECT value FROM seen WHERE at = r.k)::text AS value
    FROM unnest(${pgArrayLiteral(offsets)}::bigint[]) AS r(k)
  `.execute(db);
  const out = new Map<number, number>();
  for (const row of rows) if (row.value !== null) out.set(Number(row.offset), Number(row.value));
  return out;
}
