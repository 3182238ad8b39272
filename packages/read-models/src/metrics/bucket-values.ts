import { sql, type Kysely, type RawBuilder } from 'kysely';
import { sqlId } from '../sql-text.js';
import type { MetricScope, MsRange } from './metric-scope.js';
import { dimsWhere, rangeWhere } from './sum-metric-deltas.js';
import { bucketRange } from './value-buckets.js';
import { amountBucketIs } from './deal-bucket-indexes.js';
import { visitBucketIs } from './visit-bucket-indexes.js';
import { visitStage, WON_TOTAL_HISTOGRAM, type WonMeasure } from './won-histogram-ddl.js';
import { cellDimsWhere } from './rollup.js';

/** `value` in `[range.from, range.to)`; `TRUE` for an unbounded range. */
function valueIn(value: RawBuilder<unknown>, range: MsRange): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  if (Number.isFinite(range.from)) parts.push(sql`${value} >= ${range.from}`);
  if (Number.isFinite(range.to)) parts.push(sql`${value} < ${range.to}`);
  return parts.length === 0 ? sql`TRUE` : sql`(${sql.join(parts, sql` AND `)})`;
}

/** One bucket to read: the 0-based ranks wanted among its deals or visits in scope. */
export interface BucketRead {
  measure: WonMeasure;
  /** The currency of an amount; none for cycles and visits. */
  currency: string | undefined;
  bucket: number;
  /** The values read, when narrower than the bucket's (a fine bucket of it). */
  range?: MsRange;
  offsets: readonly number[];
  /**
   * The bucket's net deals or visits in scope (from the histogram): lets them be read from the
   * nearer end (deals only when the scope's events have no start, see {@link valuesAtMany}).
   */
  count?: number;
}

/** Rows a first read of a bucket's deals takes past its lowest wanted rank. */
const RANK_WINDOW = 64;

/** How one read's ranks map to its rows: read from the top, rank k is count − 1 − k. */
function direction(read: BucketRead, count: number | undefined) {
  const lo = Math.min(...read.offsets);
  const hi = Math.max(...read.offsets);
  const descending = count !== undefined && count - 1 - hi < lo;
  return { lo, hi, descending, rankOf: (k: number) => (descending ? (count ?? 0) - 1 - k : k) };
}

/**
 * One row `(i, n, vals)` for the deals of a bucket: the won deals in value order with their
 * running count `upto`, from the first whose count passes the lowest wanted rank — one range of
 * an index read in order (the amount's, `metric_events_won_amount` on `abs(won_amount)`, a win
 * taken back being −its amount; or the cycle's), index-only and with no sort, so with `limit`
 * it stops soon after the rank. The value at rank k is the first whose running count passes k:
 * the least such value ascending, the greatest descending (`vals`, one per offset; null when
 * the rows read do not reach it); `n` is the rows read. A win taken back counts −1 at its
 * value, as in the histogram; the running count's frame holds every row of one value (the
 * default RANGE frame), so a value whose wins net to zero is never the first to pass a rank.
 * For a scope with a start (`windowed`) an amount's bucket is also named as the key of the
 * deal-bucket indexes, so the window's deals of the bucket can be read as one range and sorted.
 */
function dealBranch(
  i: number,
  schema: string,
  where: RawBuilder<unknown>[],
  read: BucketRead,
  count: number | undefined,
  limit: number | undefined,
  windowed: boolean,
): RawBuilder<unknown> {
  const { lo, hi, descending, rankOf } = direction(read, count);
  const value = read.measure === 'amount' ? sql`abs(won_amount)` : sql.ref('cycle_ms');
  const bucket = [
    sql`won <> 0`,
    sql`${value} IS NOT NULL`,
    ...where,
    valueIn(value, read.range ?? bucketRange(read.bucket)),
    // A window's deals of the amount bucket are one range of a deal-bucket index (a fine
    // read's narrower range has no such key).
    ...(windowed && read.range === undefined && read.measure === 'amount'
      ? [amountBucketIs(schema, read.bucket)]
      : []),
  ];
  const first = descending ? sql`max` : sql`min`;
  const vals = read.offsets.map((k) => sql`${first}(value) FILTER (WHERE upto > ${rankOf(k)})`);
  return sql`SELECT ${i}::int AS i, count(*)::int AS n, ARRAY[${sql.join(vals)}]::text[] AS vals
    FROM (
      SELECT value, upto FROM (
        SELECT ${value} AS value, SUM(won) OVER (ORDER BY ${descending ? sql`${value} DESC` : value}) AS upto
        FROM ${sqlId(schema, 'metric_events')} WHERE ${sql.join(bucket, sql` AND `)}
      ) AS deals
      WHERE upto > ${descending ? rankOf(hi) : lo}
      ${limit === undefined ? sql`` : sql`LIMIT ${limit}`}
    ) AS w`;
}

/**
 * One row `(i, n, vals)` for the visits of a bucket: a visit weighs +1 and is never taken back,
 * so the value at rank k is the k-th row of the bucket's index range (`metric_events_visits`:
 * stage, then its duration), read in order from the nearer end of the bucket and skipped to the
 * first wanted rank (`OFFSET`). For a scope with a start (`windowed`) the window's visits of the
 * bucket are one range of a visit-bucket index (stage, bucket, then time), read whole and
 * sorted — the planner picks between them. For a window open at its end, given `allTime` (the
 * bucket's count over the whole history, a scalar subquery), both are in the statement and a
 * one-time filter picks one: the walk in order reads about (the ranks from the nearer end) ×
 * all-time ÷ window count entries, the range the window's count and a sort; the walk when it
 * is under 1.5 × the range (a window holding most of the bucket, as a cohort since a date far
 * back), the range otherwise. The planner's estimate of a bucket's rows in a window is no
 * guide to it (2 rows, for ~2 900 at 1 M leads). `vals` holds the `n` values read, ascending.
 */
function visitBranch(
  i: number,
  schema: string,
  where: RawBuilder<unknown>[],
  stage: string,
  read: BucketRead,
  windowed: boolean,
  allTime: RawBuilder<unknown> | undefined,
): RawBuilder<unknown> {
  const { lo, hi, descending } = direction(read, read.count);
  const skip = descending ? (read.count ?? 0) - 1 - hi : lo;
  const rows = (extra: readonly RawBuilder<unknown>[]) => sql`SELECT visit_ms AS value
      FROM ${sqlId(schema, 'metric_events')}
      WHERE ${sql.join(
        [
          sql`visit_ms IS NOT NULL`,
          ...where,
          sql`stage = ${stage}`,
          valueIn(sql.ref('visit_ms'), read.range ?? bucketRange(read.bucket)),
          ...extra,
        ],
        sql` AND `,
      )}
      ORDER BY visit_ms ${descending ? sql`DESC` : sql`ASC`}
      OFFSET ${skip} LIMIT ${hi - lo + 1}`;
  // A fine read's narrower range has no visit-bucket key: walked in order.
  const bucketKey = windowed && read.range === undefined;
  let either = rows(bucketKey ? [visitBucketIs(schema, read.bucket)] : []);
  if (bucketKey && allTime !== undefined && read.count !== undefined) {
    const inOrder = sql`2 * ${allTime} * ${skip + hi - lo + 1} < ${3 * read.count * read.count}`;
    const range = rows([sql`NOT (${inOrder})`, visitBucketIs(schema, read.bucket)]);
    either = sql`(${rows([inOrder])}) UNION ALL (${range})`;
  }
  return sql`SELECT ${i}::int AS i, count(*)::int AS n,
      coalesce(array_agg(value::text ORDER BY value), '{}') AS vals
    FROM (${either}) AS w`;
}

/** The values a visit read's rows give its ranks (read from the top, the last is rank `hi`). */
function visitValues(read: BucketRead, vals: readonly string[]): Map<number, number> {
  const { lo, hi, descending } = direction(read, read.count);
  const first = descending ? hi - vals.length + 1 : lo;
  const out = new Map<number, number>();
  vals.forEach((v, j) => out.set(first + j, Number(v)));
  return out;
}

/**
 * The values at the wanted ranks of every read (0-based ranks among the won deals, or visits,
 * of `scope` in one bucket of a measure, of one currency for amounts, ascending by value), in
 * one statement of one row per read: range reads of the index on the value in order, so only
 * those buckets' rows are touched, up to the ranks, and the ranks are found in Postgres. A
 * deal read takes {@link RANK_WINDOW} rows from its lowest rank on (ranks asked together are
 * adjacent); only when takebacks keep a rank beyond them is the rest of its bucket read, in a
 * second statement. Deals are read from the nearer end of the bucket only when the scope's
 * events have no start: an activity window may hold a taking back without its win.
 *
 * @throws when a bucket holds fewer deals or visits than a wanted rank
 */
export async function valuesAtMany<DB>(
  db: Kysely<DB>,
  schema: string,
  scope: MetricScope,
  reads: readonly BucketRead[],
): Promise<Map<number, number>[]> {
  const dims = [
    ...dimsWhere(scope),
    ...rangeWhere('created_at', scope.created, false),
    ...rangeWhere('occurred_at', scope.flow, false),
  ];
  const whereOf = (r: BucketRead) =>
    r.currency === undefined ? dims : [...dims, sql`currency = ${r.currency}`];
  const dealCount = (r: BucketRead) => (Number.isFinite(scope.flow.from) ? undefined : r.count);
  const windowed = Number.isFinite(scope.created.from) || Number.isFinite(scope.flow.from);
  // A window open at its end (every event since a date) may hold most of a bucket, or few of
  // its rows: which read is shorter is decided by the counts, as the statement runs. A window
  // closed at both ends is read as the range of its visit-bucket index.
  const sinceOnly = windowed && scope.created.to === Infinity && scope.flow.to === Infinity;
  /** A bucket's deals or visits over the whole history, in the scope's all-time cell. */
  const allTimeCount = (r: BucketRead) =>
    sql`(SELECT coalesce(sum(n), 0) FROM ${sqlId(schema, WON_TOTAL_HISTOGRAM.name)}
      WHERE pipeline_id = ${scope.pipelineId} AND ${sql.join(cellDimsWhere(scope), sql` AND `)}
        AND measure = ${r.measure} AND currency = ${r.currency ?? ''} AND bucket = ${r.bucket})`;
  const branch = (r: BucketRead, i: number, limit: number | undefined) => {
    const stage = visitStage(r.measure);
    return stage === undefined
      ? dealBranch(i, schema, whereOf(r), r, dealCount(r), limit, windowed)
      : visitBranch(
          i,
          schema,
          whereOf(r),
          stage,
          r,
          windowed,
          sinceOnly ? allTimeCount(r) : undefined,
        );
  };
  const run = async (branches: RawBuilder<unknown>[]) => {
    const parts = branches.map((b, j) => sql`SELECT * FROM (${b}) AS ${sql.id(`r${j}`)}`);
    const { rows } = await sql<{ i: number; n: number; vals: (string | null)[] }>`${sql.join(
      parts,
      sql` UNION ALL `,
    )}`.execute(db);
    return rows;
  };
  const out = reads.map(() => new Map<number, number>());
  const dealRows = (r: BucketRead, row: { vals: (string | null)[] }, into: Map<number, number>) =>
    r.offsets.forEach((k, j) => {
      const v = row.vals[j];
      if (v !== null && v !== undefined) into.set(k, Number(v));
    });
  const again: number[] = [];
  for (const row of await run(reads.map((r, i) => branch(r, i, RANK_WINDOW)))) {
    const r = reads[row.i];
    const into = out[row.i];
    if (r === undefined || into === undefined) continue;
    if (visitStage(r.measure) !== undefined) {
      const vals = row.vals.filter((v): v is string => v !== null);
      for (const [k, v] of visitValues(r, vals)) into.set(k, v);
      continue;
    }
    dealRows(r, row, into);
    if (into.size < r.offsets.length && row.n === RANK_WINDOW) again.push(row.i);
  }
  if (again.length > 0) {
    for (const row of await run(again.map((i) => branch(reads[i] as BucketRead, i, undefined)))) {
      const r = reads[row.i];
      const into = out[row.i];
      if (r !== undefined && into !== undefined) dealRows(r, row, into);
    }
  }
  reads.forEach((r, i) => {
    if (r.offsets.some((k) => !out[i]?.has(k))) {
      throw new Error(
        `histogram bucket ${r.bucket} of ${r.measure} holds fewer deals than counted`,
      );
    }
  });
  return out;
}

/**
 * The values at `offsets` of one bucket (a single {@link valuesAtMany} read).
 *
 * @example const values = await valuesAt(db, 'rm_v1', scope, 'amount', 'EUR', 212, [40, 41], 83);
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
  const [values] = await valuesAtMany(db, schema, scope, [
    { measure, currency, bucket, offsets, count },
  ]);
  return values ?? new Map();
}
