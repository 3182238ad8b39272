import { sql, type QueryExecutorProvider } from 'kysely';
import { cellUpsert, sumCells, type AdditiveCell } from './additive-cells.js';
import { fillMonthly } from './fill-monthly.js';
import { clusterColumns, MONTHLY_STORAGE, timeColumn } from './cell-grain.js';
import type { MetricEventDelta } from './metric-counters.js';
import { rolledKey, SUMMED_ROLLUP_VALUES } from './rollup.js';

/**
 * What a time series shows of the events of a bucket, per currency: the flows `created`,
 * `advanced`, `won`, `lost` and the net won amount. The series cells hold just these, per
 * (pipeline, rollup, owner, source, day(s), currency) — no stage and no reason — so a year by
 * day reads one cell per day and currency (~750 at 1 M leads, where the metric cells by stage
 * and reason are 33 k).
 */
export const SERIES_VALUES = ['created', 'advanced', 'won', 'lost', 'won_amount'] as const;

export type SeriesValue = (typeof SERIES_VALUES)[number];

/**
 * A table of series cells: by the day the event occurred, and by the day (`grain` 'day') or
 * month ('month') of the lead's creation too. The occurred time is always by day.
 */
export interface SeriesTable {
  name: 'series_activity_daily' | 'series_cross_daily' | 'series_cross_monthly';
  cohort: boolean;
  occurred: true;
  grain: 'day' | 'month';
}

/**
 * Unbounded cohorts (all time, as of an instant, an activity window) read the activity cells; a
 * bounded cohort reads the cross cells of its creation days, and of its whole creation months
 * from the cells by creation month (`series_cross_monthly`): a cohort since a date half a year
 * back then reads one cell per month and occurred day, not one per creation day and occurred
 * day.
 */
export const SERIES_TABLES: readonly SeriesTable[] = [
  { name: 'series_activity_daily', cohort: false, occurred: true, grain: 'day' },
  { name: 'series_cross_daily', cohort: true, occurred: true, grain: 'day' },
  { name: 'series_cross_monthly', cohort: true, occurred: true, grain: 'month' },
];

/** The time columns of a series table's key: the creation day or month, then the occurred day. */
export const seriesTimeColumns = (table: SeriesTable): string[] => [
  ...(table.cohort ? [timeColumn('cohort', table.grain)] : []),
  'occurred_day',
];

/**
 * Key columns in primary-key order: owner and source before the days, so the cells of one
 * owner × source (rollup 0) are one adjacent range of days, as in the monthly tables.
 */
export const seriesKey = (table: SeriesTable): string[] => [
  'pipeline_id',
  'rollup',
  'owner_id',
  'source',
  ...seriesTimeColumns(table),
  'currency',
];

/**
 * DDL of the series tables in schema `s`; idempotent. Read by key alone (the values in the
 * key's `INCLUDE`), with the storage of the monthly cells, so reads stay index-only.
 */
export function seriesDdl(s: string): string[] {
  return SERIES_TABLES.map(
    (t) => `CREATE TABLE IF NOT EXISTS ${s}.${t.name} (
      pipeline_id text NOT NULL,
      rollup smallint NOT NULL,
      owner_id text NOT NULL,
      source text NOT NULL,
      ${seriesTimeColumns(t)
        .map((c) => `${c} date NOT NULL,`)
        .join('\n      ')}
      currency text NOT NULL,
      ${SERIES_VALUES.map((v) => `${v} bigint NOT NULL DEFAULT 0`).join(',\n      ')},
      PRIMARY KEY (${seriesKey(t).join(', ')}) INCLUDE (${SERIES_VALUES.join(', ')})
    )${MONTHLY_STORAGE}`,
  );
}

/** The cells of `table` the rows touch, with their summed flows, sorted by key (lock order). */
export const seriesCells = (
  table: SeriesTable,
  rows: readonly MetricEventDelta[],
): AdditiveCell<SeriesValue>[] => sumCells(seriesKey(table), SERIES_VALUES, rows);

/** The upserts adding the flows of `rows` to each series table of `schema` (see `runUpserts`). */
export function seriesUpserts(schema: string, rows: readonly MetricEventDelta[]) {
  return SERIES_TABLES.map((table) =>
    cellUpsert(schema, table.name, seriesKey(table), SERIES_VALUES, seriesCells(table, rows)),
  );
}

/**
 * Fills the (empty) series tables of `schema` from its `metric_cross_daily`: the owner × source
 * cells (rollup 0) summed over stage and reason, the summed rollups from those (fewer rows than
 * the cross table's own), then the activity cells summed from the series cross cells over the
 * creation day, and the cells by creation month summed from the cross cells by month; each
 * written in the order of its key's leading columns. Keys whose flows sum to 0 get no row, as
 * in the other cell tables.
 */
export async function fillSeriesCells(db: QueryExecutorProvider, schema: string): Promise<void> {
  const cross = SERIES_TABLES.find((t) => t.cohort && t.grain === 'day');
  const crossMonthly = SERIES_TABLES.find((t) => t.cohort && t.grain === 'month');
  const activity = SERIES_TABLES.find((t) => !t.cohort);
  if (cross === undefined || crossMonthly === undefined || activity === undefined) {
    throw new Error('series tables missing');
  }
  const ids = (names: readonly string[]) => sql.join(names.map((n) => sql.id(n)));
  const sums = sql.join(SERIES_VALUES.map((v) => sql`sum(${sql.id(v)})`));
  const nonZero = sql.join(
    SERIES_VALUES.map((v) => sql`sum(${sql.id(v)}) <> 0`),
    sql` OR `,
  );
  const into = (table: SeriesTable) =>
    sql`INSERT INTO ${sql.id(schema, table.name)} (${ids([...seriesKey(table), ...SERIES_VALUES])})`;
  const crossKey = seriesKey(cross);
  const positions = sql.raw(crossKey.map((_, i) => String(i + 1)).join(', '));
  const crossOrder = sql.raw(
    clusterColumns(crossKey)
      .map((_, i) => String(i + 1))
      .join(', '),
  );
  await sql`
    ${into(cross)}
    SELECT ${ids(crossKey)}, ${sums} FROM ${sql.id(schema, 'metric_cross_daily')}
    WHERE rollup = 0
    GROUP BY ${positions} HAVING ${nonZero} ORDER BY ${crossOrder}
  `.execute(db);
  await sql`
    ${into(cross)}
    SELECT ${sql.join(rolledKey(crossKey))}, ${sums}
    FROM ${sql.id(schema, cross.name)} AS t CROSS JOIN ${SUMMED_ROLLUP_VALUES}
    WHERE t.rollup = 0
    GROUP BY ${positions} HAVING ${nonZero} ORDER BY ${crossOrder}
  `.execute(db);
  const activityKey = seriesKey(activity);
  await sql`
    ${into(activity)}
    SELECT ${ids(activityKey)}, ${sums} FROM ${sql.id(schema, cross.name)}
    GROUP BY ${ids(activityKey)} HAVING ${nonZero} ORDER BY ${ids(clusterColumns(activityKey))}
  `.execute(db);
  await fillMonthly(
    db,
    schema,
    cross.name,
    crossMonthly.name,
    seriesKey(crossMonthly),
    SERIES_VALUES,
  );
}
