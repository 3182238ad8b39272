import { METRIC_COUNTERS, type MetricCounter } from './metric-counters.js';
import { MONTHLY_STORAGE, timeColumns, type Grain } from './cell-grain.js';
import { seriesDdl } from './series-cells.js';
import { activityHourlyDdl } from './activity-hourly.js';
import { wonHourlyHistogramDdl } from './won-histogram-hourly.js';
import { wonFineMonthlyDdl } from './fine-monthly.js';
import { wonHistogramDdl } from './won-histogram-ddl.js';
import { wonStatsTotalDdl } from './won-stats-total-ddl.js';

/** A table of metric cells: the counters summed per key, at a time grain. */
export interface MetricCellTable {
  name:
    | 'metric_cohort_daily'
    | 'metric_activity_daily'
    | 'metric_cross_daily'
    | 'metric_cohort_monthly'
    | 'metric_activity_monthly'
    | 'metric_total';
  /** Has the UTC day (or month) of the lead's creation in its key. */
  cohort: boolean;
  /** Has the UTC day (or month) the event occurred in its key. */
  occurred: boolean;
  grain: Grain;
}

/**
 * The three daily aggregates: by cohort day (cohort window, no `asOf`), by occurred day
 * (activity window, or all cohorts as of an instant), and by both (a bounded cohort as of an
 * instant). Each is the same counters summed over a different key, so a query picks the one
 * whose key matches its filters and sums a bounded number of rows.
 */
export const METRIC_DAILY_TABLES: readonly MetricCellTable[] = [
  { name: 'metric_cohort_daily', cohort: true, occurred: false, grain: 'day' },
  { name: 'metric_activity_daily', cohort: false, occurred: true, grain: 'day' },
  { name: 'metric_cross_daily', cohort: true, occurred: true, grain: 'day' },
];

/**
 * Monthly cells beside the single-axis daily tables: the whole months of a window are read
 * from them, only its edge days from the daily ones. (The cross table has none: a bounded
 * cohort as of an instant reads days.)
 */
export const METRIC_MONTHLY_TABLES: readonly MetricCellTable[] = [
  { name: 'metric_cohort_monthly', cohort: true, occurred: false, grain: 'month' },
  { name: 'metric_activity_monthly', cohort: false, occurred: true, grain: 'month' },
];

/**
 * All-time cells (no time column): a scope with no date bound (the summary, the reasons and
 * the funnel of all time) sums one cell per stage, currency and reason, ~100 per rollup, where
 * the monthly ones hold that many per month; and an `asOf` of the last few months reads all
 * time minus the months after it (`planCells`). Filled from the monthly cohort cells.
 */
export const METRIC_TOTAL_TABLE: MetricCellTable = {
  name: 'metric_total',
  cohort: false,
  occurred: false,
  grain: 'all',
};

export const METRIC_CELL_TABLES: readonly MetricCellTable[] = [
  ...METRIC_DAILY_TABLES,
  ...METRIC_MONTHLY_TABLES,
  METRIC_TOTAL_TABLE,
];

/**
 * The key columns of a cell table, in primary-key order. A query filters on pipeline and
 * rollup (`rollup.ts`) and scans a range of days; monthly (and all-time) keys put owner and
 * source before the month, so one owner's months are adjacent in the index (a daily scan is
 * bounded by the edge days anyway).
 */
export function cellKeyColumns(table: MetricCellTable): string[] {
  const dims = ['owner_id', 'source'];
  return table.grain === 'day'
    ? ['pipeline_id', 'rollup', ...timeColumns(table), 'stage', ...dims, 'currency', 'reason']
    : ['pipeline_id', 'rollup', ...dims, ...timeColumns(table), 'stage', 'currency', 'reason'];
}

/** The column type of counter `c` in `metric_events`: amounts and instants are bigint. */
export const metricEventCounterType = (c: MetricCounter): 'bigint' | 'smallint' =>
  c.endsWith('_amount') || c === 'open_entered_ms' ? 'bigint' : 'smallint';

/** DDL of the metric tables in schema `s` (a validated `rm_v<N>` name); idempotent. */
export function metricDdl(s: string): string[] {
  const eventCounters = METRIC_COUNTERS.map(
    (c) => `${c} ${metricEventCounterType(c)} NOT NULL DEFAULT 0`,
  ).join(',\n      ');
  const dailyCounters = METRIC_COUNTERS.map((c) => `${c} bigint NOT NULL DEFAULT 0`).join(
    ',\n      ',
  );
  const daily = METRIC_CELL_TABLES.map(
    (t) => `CREATE TABLE IF NOT EXISTS ${s}.${t.name} (
      pipeline_id text NOT NULL,
      rollup smallint NOT NULL,
      ${timeColumns(t)
        .map((c) => `${c} date NOT NULL,`)
        .join('\n      ')}
      stage text NOT NULL,
      owner_id text NOT NULL,
      source text NOT NULL,
      currency text NOT NULL,
      reason text NOT NULL,
      ${dailyCounters},
      PRIMARY KEY (${cellKeyColumns(t).join(', ')})${t.grain === 'day' ? '' : ` INCLUDE (${METRIC_COUNTERS.join(', ')})`}
    )${t.grain === 'day' ? '' : MONTHLY_STORAGE}`,
  );
  return [
    `CREATE TABLE IF NOT EXISTS ${s}.metric_events (
      lead_id text NOT NULL,
      version int NOT NULL,
      pipeline_id text NOT NULL,
      owner_id text NOT NULL,
      source text NOT NULL,
      created_at timestamptz NOT NULL,
      occurred_at timestamptz NOT NULL,
      stage text NOT NULL,
      currency text NOT NULL,
      reason text NOT NULL,
      ${eventCounters},
      cycle_ms bigint,
      visit_ms bigint
    )`,
    `CREATE INDEX IF NOT EXISTS metric_events_created ON ${s}.metric_events (pipeline_id, created_at) INCLUDE (${CREATED_COVER.join(', ')})`,
    ...metricEventsCoverDdl(s),
    ...daily,
    activityHourlyDdl(s),
    ...seriesDdl(s),
    ...wonHistogramDdl(s),
    wonHourlyHistogramDdl(s),
    wonFineMonthlyDdl(s),
    ...wonStatsTotalDdl(s),
  ];
}

/**
 * Every column a partial day of events is summed from (counters, histograms, visits) besides the key
 * (pipeline_id, occurred_at): an `asOf` inside a day, or the edge days of an activity window,
 * then read ~one day of index entries in order instead of fetching each event's heap page.
 */
export const OCCURRED_COVER: readonly string[] = [
  'owner_id',
  'source',
  'created_at',
  'stage',
  'currency',
  'reason',
  ...METRIC_COUNTERS,
  'cycle_ms',
  'visit_ms',
];

/**
 * The same by creation time (`metric_events_created`): a cohort that starts or ends inside a
 * day (b2c since an instant) sums that day's created edge, every event of the leads created in
 * the rest of it, from ~1 000–3 000 index entries in order instead of one heap page each.
 */
export const CREATED_COVER: readonly string[] = [
  'owner_id',
  'source',
  'occurred_at',
  ...OCCURRED_COVER.filter((c) => c !== 'owner_id' && c !== 'source' && c !== 'created_at'),
];

/**
 * The won rows by occurred time, with what a deal histogram of a partial day needs: the won
 * deals of an instant's day (a summary `asOf`, an activity window's edge) are then read from
 * ~1/16 of the day's index entries, instead of every metric row of it with `won <> 0` as a
 * filter. Only won rows: a few percent of the writes.
 */
export const WON_OCCURRED_INDEX = 'metric_events_won_occurred';
export const WON_OCCURRED_INCLUDE =
  'owner_id, source, created_at, currency, won, won_amount, cycle_ms';

/**
 * What makes deal-size medians and cycle percentiles index-only reads: the won rows with every
 * column their filters and aggregates need (no heap fetch per won deal), and autovacuum on
 * every 2 % of new rows (not the default 20 %) so the visibility map stays current on this
 * append-mostly table; and the partial days of events by occurred time (`OCCURRED_COVER`).
 * Idempotent; migrations bring existing versions to it.
 */
export function metricEventsCoverDdl(s: string): string[] {
  return [
    `CREATE INDEX IF NOT EXISTS metric_events_won_cover ON ${s}.metric_events (pipeline_id, created_at) INCLUDE (owner_id, source, occurred_at, currency, won, won_amount, cycle_ms) WHERE won <> 0`,
    `CREATE INDEX IF NOT EXISTS ${WON_OCCURRED_INDEX} ON ${s}.metric_events (pipeline_id, occurred_at) INCLUDE (${WON_OCCURRED_INCLUDE}) WHERE won <> 0`,
    `CREATE INDEX IF NOT EXISTS metric_events_occurred_cover ON ${s}.metric_events (pipeline_id, occurred_at) INCLUDE (${OCCURRED_COVER.join(', ')})`,
    `ALTER TABLE ${s}.metric_events SET (autovacuum_vacuum_insert_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02)`,
  ];
}
