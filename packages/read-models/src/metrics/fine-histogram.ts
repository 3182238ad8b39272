import { sql, type Kysely, type QueryExecutorProvider, type RawBuilder } from 'kysely';
import { sqlId } from '../sql-text.js';
import { cellUpsert } from './additive-cells.js';
import { valuesAtMany, type BucketRead } from './bucket-values.js';
import { hasMonthlyFine, instantFineBranches } from './fine-instant.js';
import type { MetricEventDelta } from './metric-counters.js';
import type { MetricScope } from './metric-scope.js';
import {
  cellDimsWhere,
  ROLLED_OWNER,
  ROLLED_SOURCE,
  ROLLUPS,
  SUMMED_ROLLUP_VALUES,
} from './rollup.js';
import { FINE_BOUNDS_LITERAL, fineBucketRange, fineBucketsOf } from './value-buckets.js';
import { WON_FINE_HISTOGRAM, WON_FINE_KEY } from './won-histogram-ddl.js';
import { fineCells, wonValueRows } from './won-histogram.js';

const FINE_VALUES = ['n'] as const;

const FINE_BOUNDS_SQL = sql.raw(`'${FINE_BOUNDS_LITERAL}'::bigint[]`);

/** The upsert adding the won deals and visits of `rows` to the fine histogram of `schema`. */
export const fineHistogramUpsert = (schema: string, rows: readonly MetricEventDelta[]) =>
  cellUpsert(
    schema,
    WON_FINE_HISTOGRAM,
    WON_FINE_KEY,
    FINE_VALUES,
    fineCells(WON_FINE_KEY, rows, ROLLUPS),
  );

/**
 * Fills the fine histogram of `schema` from its `metric_events` (the deferred build and the
 * migration of existing versions): rollup 0 grouped from the won rows and visits, the summed
 * rollups from those cells, in key order. The table must be empty.
 */
export async function fillFineHistogram(db: QueryExecutorProvider, schema: string): Promise<void> {
  const table = sqlId(schema, WON_FINE_HISTOGRAM);
  const columns = sql.join(WON_FINE_KEY.map((k) => sql.id(k)));
  const positions = sql.raw(WON_FINE_KEY.map((_, i) => String(i + 1)).join(', '));
  await sql`
    INSERT INTO ${table} (${columns}, n)
    SELECT pipeline_id, 0, owner_id, source, v.measure,
      CASE WHEN v.measure = 'amount' THEN currency ELSE '' END,
      width_bucket(v.value, ${FINE_BOUNDS_SQL}), SUM(won)
    FROM (${wonValueRows(schema)}) AS v
    GROUP BY ${positions}
    HAVING SUM(won) <> 0
    ORDER BY ${positions}
  `.execute(db);
  await sql`
    INSERT INTO ${table} (${columns}, n)
    SELECT pipeline_id, r.rollup, ${ROLLED_OWNER}, ${ROLLED_SOURCE}, measure, currency, bucket,
      SUM(n)
    FROM ${table} AS t CROSS JOIN ${SUMMED_ROLLUP_VALUES}
    WHERE t.rollup = 0
    GROUP BY ${positions}
    HAVING SUM(n) <> 0
    ORDER BY ${positions}
  `.execute(db);
}

/** Whether `scope` has no date bound: its histogram is the all-time one, with a fine level. */
export const isAllTime = (scope: MetricScope): boolean =>
  [scope.created, scope.flow].every((r) => r.from === -Infinity && r.to === Infinity);

/**
 * Whether `scope` is every event before an instant (`asOf`, no other bound): its fine counts
 * come from the fine cells and the bucket's rows around the instant (`fine-instant.ts`).
 */
export const isInstant = (scope: MetricScope): boolean =>
  scope.start === null &&
  scope.created.from === -Infinity &&
  scope.created.to === Infinity &&
  scope.flow.from === -Infinity &&
  Number.isFinite(scope.flow.to);

/** A fine read and where its ranks sit in the coarse read it came from. */
interface FinePiece {
  read: BucketRead;
  coarse: number;
  /** The coarse bucket's deals or visits below this fine bucket: coarse rank = fine rank + before. */
  before: number;
}

/**
 * {@link valuesAtMany} for a scope with no date bound, or as of an instant, through the fine
 * level: the fine cells of every coarse bucket read (one statement, an index range each; as of
 * an instant, the monthly fine cells and the rows of the instant's month for the summed
 * rollup, or the all-time cells less the bucket's rows after the instant for the others:
 * `fine-instant.ts`) say which fine bucket holds each wanted rank, and only those fine
 * buckets' rows are read — 1/16 of a coarse bucket's. As of an instant far in the past, an
 * owner's or source's coarse bucket is walked as before. The values are the same; the walk is
 * shorter.
 *
 * @throws when a bucket's fine cells do not sum to its coarse count (the tables disagree)
 */
export async function valuesAtManyFine<DB>(
  db: Kysely<DB>,
  schema: string,
  scope: MetricScope,
  reads: readonly BucketRead[],
): Promise<Map<number, number>[]> {
  const instant = isInstant(scope);
  const gated = instant && !hasMonthlyFine(scope);
  const branches = reads.flatMap((r, i): RawBuilder<unknown>[] => {
    const { first, last } = fineBucketsOf(r.bucket);
    const where = [
      sql`pipeline_id = ${scope.pipelineId}`,
      ...cellDimsWhere(scope),
      sql`measure = ${r.measure}`,
      sql`currency = ${r.currency ?? ''}`,
      sql`bucket BETWEEN ${first} AND ${last}`,
      sql`n <> 0`,
    ];
    const fine = sqlId(schema, WON_FINE_HISTOGRAM);
    const cells = sql`SELECT ${i}::int AS i, bucket, n FROM ${fine} WHERE ${sql.join(where, sql` AND `)}`;
    if (!instant || r.count === undefined) return [cells];
    const allTimeCount = sql`SELECT coalesce(sum(n), 0) FROM ${fine} WHERE ${sql.join(where, sql` AND `)}`;
    return instantFineBranches(i, schema, scope, { ...r, count: r.count }, cells, allTimeCount);
  });
  const { rows } = await sql<{ i: number; bucket: number; n: string }>`
    SELECT i, bucket, SUM(n) AS n FROM (${sql.join(branches, sql` UNION ALL `)}) AS fine
    GROUP BY i, bucket HAVING SUM(n) <> 0 ORDER BY i, bucket
  `.execute(db);
  const cellsOf = reads.map((): [bucket: number, n: number][] => []);
  for (const row of rows) cellsOf[row.i]?.push([row.bucket, Number(row.n)]);
  const pieces: FinePiece[] = [];
  reads.forEach((r, coarse) => {
    const cells = cellsOf[coarse] ?? [];
    const sum = cells.reduce((s, [, n]) => s + n, 0);
    if (gated && sum !== r.count) {
      // Many rows after the instant (none were read): the coarse bucket, walked as before.
      pieces.push({ read: r, coarse, before: 0 });
      return;
    }
    if (r.count !== undefined && sum !== r.count) {
      throw new Error(
        `fine cells of bucket ${r.bucket} of ${r.measure} hold ${sum}, the bucket ${r.count}`,
      );
    }
    const byFine = new Map<number, FinePiece>();
    for (const k of r.offsets) {
      let before = 0;
      const cell = cells.find(([, n]) => {
        if (k < before + n) return true;
        before += n;
        return false;
      });
      if (cell === undefined)
        throw new Error(`rank ${k} beyond bucket ${r.bucket} of ${r.measure}`);
      const [f, n] = cell;
      const piece = byFine.get(f) ?? {
        read: { ...r, range: fineBucketRange(f), offsets: [], count: n },
        coarse,
        before,
      };
      piece.read = { ...piece.read, offsets: [...piece.read.offsets, k - before] };
      byFine.set(f, piece);
    }
    pieces.push(...byFine.values());
  });
  const values = await valuesAtMany(
    db,
    schema,
    scope,
    pieces.map((p) => p.read),
  );
  const out = reads.map(() => new Map<number, number>());
  pieces.forEach((p, j) => {
    for (const [k, v] of values[j] ?? []) out[p.coarse]?.set(k + p.before, v);
  });
  return out;
}
