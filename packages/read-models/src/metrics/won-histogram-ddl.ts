import { MONTHLY_STORAGE, timeColumns, type Grain } from './cell-grain.js';
import { dealBucketDdl } from './deal-bucket-indexes.js';
import { visitBucketDdl } from './visit-bucket-indexes.js';

/**
 * Histograms of the won deals: per cell — (pipeline, rollup, owner, source, day(s), currency;
 * rollups as in `rollup.ts`) × measure
 * (`amount`: final amount in minor units; `cycle`: ms from LeadCreated to DealWon) × value
 * bucket (`value-buckets.ts`) — the number of won deals `n` and Σ of their values `total`, both
 * signed and additive (a deal taken back is −1 and −value). Three tables with the day columns
 * of the three daily metric tables, so a scope reads the one its bounds need.
 */
export interface WonHistogramTable {
  name:
    | 'won_hist_cohort'
    | 'won_hist_activity'
    | 'won_hist_cross'
    | 'won_hist_cohort_monthly'
    | 'won_hist_activity_monthly'
    | 'won_hist_total';
  cohort: boolean;
  occurred: boolean;
  grain: Grain;
}

/** Daily histograms; the cross one is what the deferred build groups the others from. */
export const WON_DAILY_HISTOGRAMS: readonly WonHistogramTable[] = [
  { name: 'won_hist_cohort', cohort: true, occurred: false, grain: 'day' },
  { name: 'won_hist_activity', cohort: false, occurred: true, grain: 'day' },
  { name: 'won_hist_cross', cohort: true, occurred: true, grain: 'day' },
];

/** Monthly histograms beside the single-axis daily ones (as for the metric cells). */
export const WON_MONTHLY_HISTOGRAMS: readonly WonHistogramTable[] = [
  { name: 'won_hist_cohort_monthly', cohort: true, occurred: false, grain: 'month' },
  { name: 'won_hist_activity_monthly', cohort: false, occurred: true, grain: 'month' },
];

/**
 * All-time histograms (no time column): what a summary or a stage's durations with no date
 * bound reads, ~500 cells per rollup, where the monthly ones hold ~14 k (all months, and the
 * visit measures beside the deal ones) at 100 k leads, and more as months pass.
 */
export const WON_TOTAL_HISTOGRAM: WonHistogramTable = {
  name: 'won_hist_total',
  cohort: false,
  occurred: false,
  grain: 'all',
};

export const WON_HISTOGRAM_TABLES: readonly WonHistogramTable[] = [
  ...WON_DAILY_HISTOGRAMS,
  ...WON_MONTHLY_HISTOGRAMS,
  WON_TOTAL_HISTOGRAM,
];

/**
 * The all-time histogram's second level: the won deals (and visits) of each all-time cell per
 * fine bucket (256 per doubling, `FINE_BOUNDS`), `n` only; an amount under its currency, a
 * cycle or a visit under '' (their ranks are read over every currency). An exact rank read of a scope with
 * no date bound then walks the rows of one fine bucket, 1/16 of a coarse one, so the walk
 * stops growing with the history as fast as the coarse bucket fills.
 */
export const WON_FINE_HISTOGRAM = 'won_hist_fine';

/** The key of {@link WON_FINE_HISTOGRAM}: a coarse bucket's fine cells are one range of it. */
export const WON_FINE_KEY = [
  'pipeline_id',
  'rollup',
  'owner_id',
  'source',
  'measure',
  'currency',
  'bucket',
] as const;

/**
 * The currency of a fine cell: an amount's own; '' for cycles (their ranks are read over every
 * currency at once, so one range holds them) and visits.
 */
export const fineCurrency = (w: { measure: string; currency: string }): string =>
  w.measure === 'amount' ? w.currency : '';

/** The measures a won deal is counted under. */
export type WonMeasure = 'amount' | 'cycle' | `visit:${string}`;

/**
 * The measure of the completed visits of a stage (ms in the stage; currency '' in the key): the
 * histogram tables hold them beside the won deals, so a visit median is read like a deal
 * median. A visit is never taken back (leaving a stage again is another visit).
 */
export const visitMeasure = (stage: string): WonMeasure => `visit:${stage}`;

/** The stage of a visit measure; `undefined` for a deal measure. */
export const visitStage = (measure: WonMeasure): string | undefined =>
  measure.startsWith('visit:') ? measure.slice('visit:'.length) : undefined;

/**
 * Key columns of a histogram table, in primary-key order: the scope's dimensions and the
 * measure before the time columns, so the cells of one measure over a range of days (or
 * months) are one range of the index, read index-only (`n`, `total` in its `INCLUDE`), and the
 * other measures' cells are never visited.
 */
export function wonHistogramKey(table: WonHistogramTable): string[] {
  return [
    'pipeline_id',
    'rollup',
    'owner_id',
    'source',
    'measure',
    ...timeColumns(table),
    'currency',
    'bucket',
  ];
}

/**
 * The won rows by final amount: a won deal's `won_amount` is +amount, a win taken back −amount
 * (amounts are never negative), so `abs(won_amount)` orders both by amount, and one range of
 * the index read in order is one value bucket of the histogram, both signs together.
 */
export const WON_AMOUNT_KEY = 'pipeline_id, currency, abs(won_amount)';
export const WON_AMOUNT_INCLUDE = 'owner_id, source, created_at, occurred_at, won, won_amount';

/**
 * DDL of the histogram tables in schema `s`, and the indexes that read one bucket's won rows
 * (value ranges of `metric_events`, index-only) and the visits of a cohort's partial days
 * (`metric_events_visits_created`, by creation time: the visits index is by stage and
 * duration), and the visits of one bucket by time (`visit-bucket-indexes.ts`). Idempotent.
 */
export function wonHistogramDdl(s: string): string[] {
  const tables = WON_HISTOGRAM_TABLES.map(
    (t) => `CREATE TABLE IF NOT EXISTS ${s}.${t.name} (
      pipeline_id text NOT NULL,
      rollup smallint NOT NULL,
      ${timeColumns(t)
        .map((c) => `${c} date NOT NULL,`)
        .join('\n      ')}
      owner_id text NOT NULL,
      source text NOT NULL,
      currency text NOT NULL,
      measure text NOT NULL,
      bucket int NOT NULL,
      n bigint NOT NULL DEFAULT 0,
      total bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (${wonHistogramKey(t).join(', ')}) INCLUDE (n, total)
    )${MONTHLY_STORAGE}`,
  );
  return [
    ...tables,
    wonFineHistogramDdl(s),
    `CREATE INDEX IF NOT EXISTS metric_events_won_amount ON ${s}.metric_events (${WON_AMOUNT_KEY}) INCLUDE (${WON_AMOUNT_INCLUDE}) WHERE won <> 0`,
    `CREATE INDEX IF NOT EXISTS metric_events_won_cycle ON ${s}.metric_events (pipeline_id, cycle_ms) INCLUDE (owner_id, source, created_at, occurred_at, won) WHERE won <> 0`,
    `CREATE INDEX IF NOT EXISTS metric_events_visits ON ${s}.metric_events (pipeline_id, stage, visit_ms) INCLUDE (owner_id, source, created_at, occurred_at) WHERE visit_ms IS NOT NULL`,
    `CREATE INDEX IF NOT EXISTS metric_events_visits_created ON ${s}.metric_events (pipeline_id, created_at) INCLUDE (stage, visit_ms, owner_id, source, occurred_at) WHERE visit_ms IS NOT NULL`,
    ...visitBucketDdl(s),
    ...dealBucketDdl(s),
  ];
}

/** DDL of {@link WON_FINE_HISTOGRAM} in schema `s`. Idempotent. */
export function wonFineHistogramDdl(s: string): string {
  return `CREATE TABLE IF NOT EXISTS ${s}.${WON_FINE_HISTOGRAM} (
      pipeline_id text NOT NULL,
      rollup smallint NOT NULL,
      owner_id text NOT NULL,
      source text NOT NULL,
      currency text NOT NULL,
      measure text NOT NULL,
      bucket int NOT NULL,
      n bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (${WON_FINE_KEY.join(', ')}) INCLUDE (n)
    )${MONTHLY_STORAGE}`;
}
