import { sql, type QueryExecutorProvider } from 'kysely';
import { sqlId } from '../sql-text.js';
import { cellUpsert } from './additive-cells.js';
import { MONTHLY_STORAGE } from './cell-grain.js';
import type { MetricEventDelta } from './metric-counters.js';
import { rollupOf } from './rollup.js';
import { FINE_BOUNDS_LITERAL } from './value-buckets.js';
import { fineCells, wonValueRows } from './won-histogram.js';

/**
 * The fine level by month of the "all owners, all sources" rollup: won deals (amount, cycle)
 * and completed visits per pipeline, measure, currency (as in `won_hist_fine`), fine bucket
 * and UTC month they occurred in, `n` only. The fine counts of a coarse bucket as of an
 * instant are then the whole months on the instant's nearer side of its month, plus or minus
 * the bucket's rows between the instant and that month's edge — at most half a month of rows,
 * where the all-time fine cells less every row after the instant read a row per deal or visit
 * since it (1 M leads, an instant 60 days back: ~1 300 rows per stage's bucket). Only the
 * summed rollup has them, like the hourly cells; a scope filtered by owner or source reads
 * the rows after its instant, as before.
 */
export const WON_FINE_MONTHLY = 'won_hist_fine_monthly';

/** Key columns, in primary-key order: a coarse bucket's fine cells of every month are one range. */
export const WON_FINE_MONTHLY_KEY = [
  'pipeline_id',
  'measure',
  'currency',
  'bucket',
  'occurred_month',
] as const;

const VALUES = ['n'] as const;

/** The one rollup the monthly fine cells hold: every owner, every source. */
const SUMMED_ROLLUP = rollupOf({});

/** DDL of the monthly fine cells in schema `s`; idempotent. */
export function wonFineMonthlyDdl(s: string): string {
  return `CREATE TABLE IF NOT EXISTS ${s}.${WON_FINE_MONTHLY} (
      pipeline_id text NOT NULL,
      measure text NOT NULL,
      currency text NOT NULL,
      bucket int NOT NULL,
      occurred_month date NOT NULL,
      n bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (${WON_FINE_MONTHLY_KEY.join(', ')}) INCLUDE (n)
    )${MONTHLY_STORAGE}`;
}

/** The upsert adding the won deals and visits of `rows` to the monthly fine cells of `schema`. */
export const fineMonthlyUpsert = (schema: string, rows: readonly MetricEventDelta[]) =>
  cellUpsert(
    schema,
    WON_FINE_MONTHLY,
    WON_FINE_MONTHLY_KEY,
    VALUES,
    fineCells(WON_FINE_MONTHLY_KEY, rows, [SUMMED_ROLLUP]),
  );

/**
 * Fills the monthly fine cells of `schema` from its `metric_events` (the deferred build), in
 * key order. The table must be empty.
 */
export async function fillFineMonthly(db: QueryExecutorProvider, schema: string): Promise<void> {
  const columns = sql.join(WON_FINE_MONTHLY_KEY.map((k) => sql.id(k)));
  await sql`
    INSERT INTO ${sqlId(schema, WON_FINE_MONTHLY)} (${columns}, n)
    SELECT pipeline_id, v.measure, CASE WHEN v.measure = 'amount' THEN currency ELSE '' END,
      width_bucket(v.value, ${sql.raw(`'${FINE_BOUNDS_LITERAL}'::bigint[]`)}),
      date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date, SUM(won)
    FROM (${wonValueRows(schema)}) AS v
    GROUP BY 1, 2, 3, 4, 5
    HAVING SUM(won) <> 0
    ORDER BY 1, 2, 3, 4, 5
  `.execute(db);
}
