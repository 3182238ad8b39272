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
 * The ranked values of a bucket of won deals as `seen (value, upto)`, `upto` the running count:
 * each part is one range of the value's index (index-only). `won_amount` is signed (−the amount
 * on a win taken back), so a taken-back amount in [from, to) is a `won_amount` in (−to, −from],
 * integers in [1 − to, 1 − from); the amount is won × won_amount. A win taken back counts −1 at
 * its value, as in the histogram.
 */
function rankedDeals(
  schema: string,
  where: RawBuilder<unknown>[],
  measure: WonMeasure,
  range: MsRange,
): RawBuilder<unknown> {
  const parts =
    measure === 'amount'
      ? [
          [sql`won > 0`, valueIn(sql.ref('won_amount'), range)],
          [
            sql`won < 0`,
            valueIn(sql.ref('won_amount'), { from: 1 - range.to, to: 1 - range.from }),
          ],
        ]
      : [[sql`cycle_ms IS NOT NULL`, valueIn(sql.ref('cycle_ms'), range)]];
  const value = measure === 'amount' ? sql`won * won_amount` : sql.ref('cycle_ms');
  const reads = parts.map(
    (part) => sql`SELECT ${value} AS value, won FROM ${sql.id(schema, 'metric_events')}
      WHERE won <> 0 AND ${sql.join([...where, ...part], sql` AND `)}`,
  );
  // The running sum's frame holds every row of the same value (the default RANGE frame), so
  // the rows need no grouping by value first: a value whose wins net to zero has the running
  // count of the value before it, and is never the first to pass a rank.
  return sql`seen AS MATERIALIZED (
    SELECT value, SUM(won) OVER (ORDER BY value) AS upto
    FROM (${sql.join(reads, sql` UNION ALL `)}) AS deals
  )`;
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
  const [seen, valueAt] =
    stage === undefined
      ? [
          rankedDeals(schema, where, measure, range),
          sql`(SELECT min(value) FROM seen WHERE upto > r.k)`,
        ]
      : [
          rankedVisits(schema, where, stage, range, Math.max(...offsets)),
          sql`(SELECT value FROM seen WHERE at = r.k)`,
        ];
  const { rows } = await sql<{ offset: string; value: string | null }>`
    WITH ${seen}
    SELECT r.k::text AS offset, ${valueAt}::text AS value
    FROM unnest(${pgArrayLiteral(offsets)}::bigint[]) AS r(k)
  `.execute(db);
  const out = new Map<number, number>();
  for (const row of rows) {
    if (row.value === null) {
      throw new Error(`histogram bucket ${bucket} of ${measure} holds fewer deals than counted`);
    }
    out.set(Number(row.offset), Number(row.value));
  }
  return out;
}
