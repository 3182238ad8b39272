import { METRIC_COUNTERS, type MetricCounter } from './metric-counters.js';
import { wonHistogramDdl } from './won-histogram-ddl.js';

/** A daily aggregate of the metric counters and the day columns in its key. */
export interface MetricDailyTable {
  name: 'metric_cohort_daily' | 'metric_activity_daily' | 'metric_cross_daily';
  /** Has `cohort_day` (UTC day of the lead's creation) in its key. */
  cohort: boolean;
  /** Has `occurred_day` (UTC day the event occurred) in its key. */
  occurred: boolean;
}

/**
 * The three daily aggregates: by cohort day (cohort window, no `asOf`), by occurred day
 * (activity window, or all cohorts as of an instant), and by both (a bounded cohort as of an
 * instant). Each is the same counters summed over a different key, so a query picks the one
 * whose key matches its filters and sums a bounded number of rows.
 */
export const METRIC_DAILY_TABLES: readonly MetricDailyTable[] = [
  { name: 'metric_cohort_daily', cohort: true, occurred: false },
  { name: 'metric_activity_daily', cohort: false, occurred: true },
  { name: 'metric_cross_daily', cohort: true, occurred: true },
];

/**
 * The key columns of a daily table, in primary-key order: a query filters on pipeline and
 * rollup (`rollup.ts`) and scans a range of days.
 */
export function dailyKeyColumns(table: MetricDailyTable): string[] {
  return [
    'pipeline_id',
    'rollup',
    ...(table.cohort ? ['cohort_day'] : []),
    ...(table.occurred ? ['occurred_day'] : []),
    'stage',
    'owner_id',
    'source',
    'currency',
    'reason',
  ];
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
  const daily = METRIC_DAILY_TABLES.map(
    (t) => `CREATE TABLE IF NOT EXISTS ${s}.${t.name} (
      pipeline_id text NOT NULL,
      rollup smallint NOT NULL,
      ${t.cohort ? 'cohort_day date NOT NULL,' : ''}
      ${t.occurred ? 'occurred_day date NOT NULL,' : ''}
      stage text NOT NULL,
      owner_id text NOT NULL,
      source text NOT NULL,
      currency text NOT NULL,
      reason text NOT NULL,
      ${dailyCounters},
      PRIMARY KEY (${dailyKeyColumns(t).join(', ')})
    )`,
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
    `CREATE INDEX IF NOT EXISTS metric_events_occurred ON ${s}.metric_events (pipeline_id, occurred_at)`,
    `CREATE INDEX IF NOT EXISTS metric_events_created ON ${s}.metric_events (pipeline_id, created_at)`,
    ...metricEventsCoverDdl(s),
    ...daily,
    ...wonHistogramDdl(s),
  ];
}

/**
 * What makes deal-size medians and cycle percentiles index-only reads: the won rows with every
 * column their filters and aggregates need (no heap fetch per won deal), and autovacuum on
 * every 2 % of new rows (not the default 20 %) so the visibility map stays current on this
 * append-mostly table. Idempotent; also applied to existing versions by a migration, which
 * drops the narrower `metric_events_won` index this one replaces.
 */
export function metricEventsCoverDdl(s: string): string[] {
  return [
    `CREATE INDEX IF NOT EXISTS metric_events_won_cover ON ${s}.metric_events (pipeline_id, created_at) INCLUDE (owner_id, source, occurred_at, currency, won_amount, cycle_ms) WHERE won <> 0`,
    `ALTER TABLE ${s}.metric_events SET (autovacuum_vacuum_insert_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02)`,
  ];
}
