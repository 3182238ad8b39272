import { sql, type Kysely, type RawBuilder } from 'kysely';
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
  descending: boolean,
): RawBuilder<unknown> {
  const value = measure === 'amount' ? sql`abs(won_amount)` : sql.ref('cycle_ms');
  const bucket = [sql`won <> 0`, sql`${value} IS NOT NULL`, ...where, valueIn(value, range)];
  const order = descending ? sql`${value} DESC` : value;
  return sql`SELECT value::text AS value, upto::text AS upto FROM (
      SELECT ${value} AS value, SUM(won) OVER (ORDER BY ${order}) AS upto
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
 *
 * With `count` (the bucket's net deals in scope) it reads from the nearer end: descending, the
 * value at rank k is the first whose running count from the top passes count − 1 − k. That
 * holds while every value's wins net to 0 or more, which `count` may only be given for: a win
 * and its taking back share the value, and a scope with no start of its events (a cohort, or
 * up to an instant) holds both or neither, or the win alone.
 */
async function dealValuesAt<DB>(
  db: Kysely<DB>,
  schema: string,
  where: RawBuilder<unknown>[],
  measure: WonMeasure,
  range: MsRange,
  offsets: readonly number[],
  count: number | undefined,
): Promise<Map<number, number>> {
  const lo = Math.min(...offsets);
  const hi = Math.max(...offsets);
  const descending = count !== undefined && count - 1 - hi < lo;
  const rankOf = (k: number) => (descending && count !== undefined ? count - 1 - k : k);
  const after = descending ? rankOf(hi) : lo;
  const read = async (limit: number | undefined) => {
    const { rows } = await sql<{ value: string; upto: string }>`${rankedDeals(
      schema,
      where,
      measure,
      range,
      after,
      limit,
      descending,
    )}`.execute(db);
    const out = new Map<number, number>();
    for (const k of offsets) {
      const row = rows.find((r) => Number(r.upto) > rankOf(k));
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
 * index on that value in order, so only that bucket's rows are touched, up to the ranks, and
 * the ranks are found in Postgres. `count` (the bucket's deals or visits in scope, from the
 * histogram) lets them be read from the nearer end (deals only when the scope's events have
 * no start: an activity window may hold a taking back without its win).
 */
export async function valuesAt<DB>(
  db: Kysely<DB>,
  schema: string,
  scope: MetricScope,
  measure: WonMeasure,
  currency: string | undefined,
  bucket: number,
  offsets: readonly number[],
  count?: number,
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
      ? await dealValuesAt(
          db,
          schema,
          where,
          measure,
          range,
          offsets,
          Number.isFinite(scope.flow.from) ? undefined : count,
        )
      : await visitValuesAt(db, schema, where, stage, range, offsets, count);
  for (const k of offsets) {
    if (!out.has(k)) {
      throw new Error(`histogram bucket ${bucket} of ${measure} holds fewer deals than counted`);
    }
  }
  return out;
}

/**
 * The values at `offsets` of the visits of a bucket: a visit weighs +1 and is never taken back,
 * so the value at rank k is the k-th row of the bucket's index range (`metric_events_visits`:
 * stage, then its duration), read in order from the nearer end of the bucket (`count`, its
 * visits in scope, from the histogram) and skipped to the first wanted rank (`OFFSET`).
 */
async function visitValuesAt<DB>(
  db: Kysely<DB>,
  schema: string,
  where: RawBuilder<unknown>[],
  stage: string,
  range: MsRange,
  offsets: readonly number[],
  count: number | undefined,
): Promise<Map<number, number>> {
  const lo = Math.min(...offsets);
  const hi = Math.max(...offsets);
  const fromEnd = count !== undefined && count - 1 - hi < lo;
  const bucket = [
    sql`visit_ms IS NOT NULL`,
    ...where,
    sql`stage = ${stage}`,
    valueIn(sql.ref('visit_ms'), range),
  ];
  const { rows } = await sql<{ value: string }>`
    SELECT visit_ms::text AS value FROM ${sql.id(schema, 'metric_events')}
    WHERE ${sql.join(bucket, sql` AND `)}
    ORDER BY visit_ms ${fromEnd ? sql`DESC` : sql`ASC`}
    OFFSET ${fromEnd ? (count ?? 0) - 1 - hi : lo} LIMIT ${hi - lo + 1}
  `.execute(db);
  const out = new Map<number, number>();
  rows.forEach((row, i) => out.set(fromEnd ? hi - i : lo + i, Number(row.value)));
  return out;
}
