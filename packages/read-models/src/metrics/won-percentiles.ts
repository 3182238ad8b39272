import { sql, type Kysely, type RawBuilder } from 'kysely';
import { sqlId } from '../sql-text.js';
import { cutBoxHours } from './activity-hourly.js';
import { timeColumn } from './cell-grain.js';
import { planCells } from './cell-plan.js';
import type { MetricScope } from './metric-scope.js';
import { cellDimsWhere } from './rollup.js';
import { cutPlane, dimsWhere, rangeWhere } from './sum-metric-deltas.js';
import { valuesAtMany, type BucketRead } from './bucket-values.js';
import { isAllTime, isInstant, valuesAtManyFine } from './fine-histogram.js';
import { VALUE_BOUNDS, VALUE_BOUNDS_LITERAL } from './value-buckets.js';
import { visitMeasure, WON_HISTOGRAM_TABLES, type WonMeasure } from './won-histogram-ddl.js';
import { hourlyHistogramBranch } from './won-histogram-hourly.js';

/**
 * The won deals (or visits) of a scope of one measure and currency, by bucket: the counts and
 * sums packed as flat triples `[bucket, n, total, …]` (no order), as Postgres sends them — a
 * histogram has hundreds of buckets, and an object per bucket was most of a summary's garbage.
 */
export interface HistogramRow {
  currency: string;
  measure: WonMeasure;
  buckets: readonly number[];
}

/** Σ n and Σ total over every bucket of `rows`. */
export function histogramSums(rows: readonly HistogramRow[]): { n: number; total: number } {
  let n = 0;
  let total = 0;
  for (const { buckets } of rows) {
    for (let i = 0; i < buckets.length; i += 3) {
      n += buckets[i + 1] ?? 0;
      total += buckets[i + 2] ?? 0;
    }
  }
  return { n, total };
}

const BOUNDS = sql.raw(`'${VALUE_BOUNDS_LITERAL}'::bigint[]`);

/**
 * The `UNION ALL` branch bucketing the values of the metric rows in `box` (conditions on
 * `metric_events`), signed: won deals' amounts and cycles, or the visits of `visitsOf`.
 */
function partialDayBranch(
  schema: string,
  box: readonly RawBuilder<unknown>[],
  sign: 1 | -1,
  visitsOf: readonly string[] | undefined,
): RawBuilder<unknown> {
  const where = sql.join(box, sql` AND `);
  if (visitsOf === undefined) {
    return sql`SELECT e.currency, v.measure, width_bucket(v.value, ${BOUNDS}) AS bucket,
        ${sign}::bigint * e.won AS n, ${sign}::bigint * e.won * v.value AS total
      FROM ${sqlId(schema, 'metric_events')} e
      CROSS JOIN LATERAL (VALUES ('amount', e.won * e.won_amount), ('cycle', e.cycle_ms)) AS v(measure, value)
      WHERE v.value IS NOT NULL AND e.won <> 0 AND ${where}`;
  }
  return sql`SELECT '' AS currency, 'visit:' || stage AS measure,
      width_bucket(visit_ms, ${BOUNDS}) AS bucket, ${sign}::bigint AS n,
      ${sign}::bigint * visit_ms AS total
    FROM ${sqlId(schema, 'metric_events')}
    WHERE visit_ms IS NOT NULL AND stage IN (${sql.join(visitsOf)}) AND ${where}`;
}

/**
 * The histograms of the won deals of `scope` (created in `scope.created`, won in `scope.flow`),
 * or of its completed visits of the stages `visitsOf` (left the stage in `scope.flow`):
 * whole days from the histogram tables whose key has the time columns the bounds need (whole
 * months from the monthly ones, `planCells`), partial
 * days bucketed from the won rows of `metric_events` (the same cut as the counters: a long
 * occurred edge is its whole day minus the rest, subtracted; for the summed rollup, the whole
 * hours of a partial day from the hourly cells).
 */
export async function wonHistogram<DB>(
  db: Kysely<DB>,
  schema: string,
  scope: MetricScope,
  visitsOf?: readonly string[],
): Promise<HistogramRow[]> {
  const cut = cutPlane(scope.created, scope.flow, false, true);
  const dims = dimsWhere(scope);
  const withVisits = visitsOf !== undefined;
  if (withVisits && visitsOf.length === 0) return [];
  const measures = withVisits
    ? sql`measure IN (${sql.join(visitsOf.map(visitMeasure))})`
    : sql`measure IN ('amount', 'cycle')`;
  const branches: RawBuilder<unknown>[] = [];
  const plan =
    cut.whole === null ? [] : planCells(WON_HISTOGRAM_TABLES, cut.whole, true, scope.now);
  for (const part of plan) {
    const { table } = part;
    const where = [
      sql`pipeline_id = ${scope.pipelineId}`,
      ...cellDimsWhere(scope),
      measures,
      ...(table.cohort ? rangeWhere(timeColumn('cohort', table.grain), part.created, true) : []),
      ...(table.occurred
        ? rangeWhere(timeColumn('occurred', table.grain), part.occurred, true)
        : []),
    ];
    const values = part.sign === 1 ? sql`n, total` : sql`-n AS n, -total AS total`;
    branches.push(sql`SELECT currency, measure, bucket, ${values}
      FROM ${sqlId(schema, table.name)} WHERE ${sql.join(where, sql` AND `)}`);
  }
  for (const [created, boxOccurred, sign] of cut.boxes) {
    // A partial day of every cohort: its whole hours from the hourly cells, when they fit.
    const { hours, edges } = cutBoxHours(scope, created, boxOccurred);
    if (hours !== null) {
      branches.push(hourlyHistogramBranch(schema, scope.pipelineId, measures, hours, sign));
    }
    for (const occurred of edges) {
      const box = [
        ...dims,
        ...rangeWhere('created_at', created, false),
        ...rangeWhere('occurred_at', occurred, false),
      ];
      branches.push(partialDayBranch(schema, box, sign, visitsOf));
    }
  }
  if (branches.length === 0) return [];
  // The all-time table alone (no time column, every other key column fixed by the scope) holds
  // one row per bucket already: only the empty cells are left out, nothing is summed.
  const onePerBucket = branches.length === 1 && plan.length === 1 && plan[0]?.table.grain === 'all';
  const cellsOf = onePerBucket
    ? sql`SELECT currency, measure, bucket, n, total FROM (${branches[0]}) AS parts
      WHERE n <> 0 OR total <> 0`
    : sql`SELECT currency, measure, bucket, SUM(n) AS n, SUM(total) AS total
      FROM (${sql.join(branches, sql` UNION ALL `)}) AS parts
      GROUP BY currency, measure, bucket
      HAVING SUM(n) <> 0 OR SUM(total) <> 0`;
  // One row per measure and currency, its buckets packed as one flat JSON array of numbers
  // `[bucket, n, total, …]`: a histogram has hundreds of buckets, and decoding each as a row of
  // its own cost more than the query; `JSON.parse` (the driver's, for `json`) reads the array
  // natively, five times faster than splitting the text in JavaScript.
  const { rows } = await sql<HistogramRow>`
    SELECT currency, measure,
           ('[' || string_agg(concat_ws(',', bucket, n, total), ',') || ']')::json AS buckets
    FROM (${cellsOf}) AS cells
    GROUP BY currency, measure
  `.execute(db);
  return rows;
}

/** The bucket reads a set of percentiles of one histogram needs, and how to finish them. */
export interface PercentilePlan {
  reads: BucketRead[];
  /** The percentiles from the values read (one map per read, in order). */
  finish: (values: readonly Map<number, number>[]) => (number | null)[];
}

/**
 * Exact percentiles (PostgreSQL `percentile_cont`: linear interpolation between the values at
 * ranks ⌊p(N−1)⌋ and ⌈p(N−1)⌉) of one measure from its histogram: the buckets' counts say which
 * bucket holds each wanted rank, and only those buckets' rows are read, each once. Values are
 * divided by `scale` before interpolating (days from ms), as the contract's definition does.
 * An empty histogram reads nothing and finishes as null for every `ps` entry.
 */
export function planPercentiles(
  measure: WonMeasure,
  currency: string | undefined,
  rows: readonly HistogramRow[],
  ps: readonly number[],
  scale = 1,
): PercentilePlan {
  // The buckets are numbered from 0 (`VALUE_BOUNDS`): summed into a dense array (a cycle's
  // buckets repeat across currencies), then walked in order where not empty.
  const dense = new Float64Array(VALUE_BOUNDS.length + 1);
  for (const { buckets } of rows) {
    for (let i = 0; i < buckets.length; i += 3) {
      const bucket = buckets[i] ?? 0;
      dense[bucket] = (dense[bucket] ?? 0) + (buckets[i + 1] ?? 0);
    }
  }
  const order: number[] = [];
  const counts: number[] = [];
  let total = 0;
  for (let bucket = 0; bucket < dense.length; bucket++) {
    const n = dense[bucket] ?? 0;
    if (n === 0) continue;
    order.push(bucket);
    counts.push(n);
    total += n;
  }
  if (total <= 0) return { reads: [], finish: () => ps.map(() => null) };
  /** The bucket holding `rank` and the rank's offset inside it (empty buckets hold none). */
  const locate = (rank: number): [bucket: number, offset: number] => {
    let before = 0;
    for (let i = 0; i < order.length; i++) {
      const n = counts[i] ?? 0;
      if (rank < before + n) return [order[i] ?? 0, rank - before];
      before += n;
    }
    throw new Error(`rank ${rank} beyond the ${total} won deals of the histogram`);
  };
  const ranks = ps.map((p) => p * (total - 1));
  const wanted = new Map<number, Set<number>>();
  for (const h of ranks) {
    for (const rank of [Math.floor(h), Math.ceil(h)]) {
      const [bucket, offset] = locate(rank);
      wanted.set(bucket, (wanted.get(bucket) ?? new Set()).add(offset));
    }
  }
  const reads = [...wanted].map(([bucket, offsets]): BucketRead => ({
    measure,
    currency,
    bucket,
    offsets: [...offsets],
    count: dense[bucket],
  }));
  const finish = (values: readonly Map<number, number>[]) => {
    const read = new Map(reads.map((r, i) => [r.bucket, values[i]] as const));
    const valueAt = (rank: number): number => {
      const [bucket, offset] = locate(rank);
      const value = read.get(bucket)?.get(offset);
      if (value === undefined) throw new Error(`rank ${rank} of ${measure} was not read`);
      return value / scale;
    };
    return ranks.map((h) => {
      const lo = Math.floor(h);
      const a = valueAt(lo);
      return a + (h - lo) * (valueAt(Math.ceil(h)) - a);
    });
  };
  return { reads, finish };
}

/**
 * The percentiles of every plan, their bucket reads in one statement ({@link valuesAtMany});
 * with no date bound or as of an instant, through the all-time histogram's fine level
 * ({@link valuesAtManyFine}).
 *
 * @example const [[median], [p50, p90]] = await readPercentiles(db, schema, scope, [amounts, cycles]);
 */
export async function readPercentiles<DB>(
  db: Kysely<DB>,
  schema: string,
  scope: MetricScope,
  plans: readonly PercentilePlan[],
): Promise<(number | null)[][]> {
  const reads = plans.flatMap((p) => p.reads);
  const read = isAllTime(scope) || isInstant(scope) ? valuesAtManyFine : valuesAtMany;
  const values = reads.length === 0 ? [] : await read(db, schema, scope, reads);
  let at = 0;
  return plans.map((plan) => {
    const mine = values.slice(at, at + plan.reads.length);
    at += plan.reads.length;
    return plan.finish(mine);
  });
}

const DAY_MS = 86_400_000;

/** Won deals of a scope: per currency count, Σ and median final amount; cycles in days. */
export interface WonStats {
  amounts: { currency: string; count: number; total: number; median: number | null }[];
  cycle: { count: number; totalMs: number; median: number | null; p90: number | null };
}

/**
 * Deal sizes and sales cycles of the won deals of `scope`: counts and sums from the histograms,
 * medians and p90 exact from the rows of the buckets that hold their ranks.
 */
export async function wonStats<DB>(
  db: Kysely<DB>,
  schema: string,
  scope: MetricScope,
): Promise<WonStats> {
  const histogram = await wonHistogram(db, schema, scope);
  const amountRows = histogram.filter((r) => r.measure === 'amount');
  const cycleRows = histogram.filter((r) => r.measure === 'cycle');
  const currencies = [...new Set(amountRows.map((r) => r.currency))].sort();
  const perCurrency = currencies.map((currency) =>
    amountRows.filter((r) => r.currency === currency),
  );
  const [cycles = [], ...medians] = await readPercentiles(db, schema, scope, [
    planPercentiles('cycle', undefined, cycleRows, [0.5, 0.9], DAY_MS),
    ...perCurrency.map((mine, i) => planPercentiles('amount', currencies[i], mine, [0.5])),
  ]);
  const [median, p90] = cycles;
  const amounts = perCurrency.map((mine, i) => {
    const { n, total } = histogramSums(mine);
    return { currency: currencies[i] ?? '', count: n, total, median: medians[i]?.[0] ?? null };
  });
  const cycleSums = histogramSums(cycleRows);
  return {
    amounts: amounts.filter((a) => a.count !== 0),
    cycle: {
      count: cycleSums.n,
      totalMs: cycleSums.total,
      median: median ?? null,
      p90: p90 ?? null,
    },
  };
}
