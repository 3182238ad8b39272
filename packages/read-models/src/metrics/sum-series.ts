import { sql, type Kysely, type RawBuilder } from 'kysely';
import { sqlId } from '../sql-text.js';
import { cutBoxHours, hourlySeriesBranch } from './activity-hourly.js';
import { planCells, type CellPart } from './cell-plan.js';
import { signedColumns } from './counter-columns.js';
import { splitMonths, timeColumn } from './cell-grain.js';
import type { MetricScope } from './metric-scope.js';
import { rollupIs } from './rollup.js';
import { SERIES_TABLES, SERIES_VALUES, type SeriesTable } from './series-cells.js';
import { cutPlane, dimsWhere, rangeWhere, type Interval } from './sum-metric-deltas.js';

/** What a time series shows of one (bucket, currency): the net flows of the events in it. */
export interface SeriesSums {
  bucket: string;
  currency: string;
  created: number;
  advanced: number;
  won: number;
  lost: number;
  /** Net won amount: wins less the wins taken back by reopenings. */
  wonAmount: number;
}

/**
 * The parts on the cross cells by creation day cut again by creation month: the whole months
 * of their creation days from the cells by creation month, only the days around them from the
 * daily ones. The occurred days stay days, which every interval needs.
 */
function byCreationMonth(parts: CellPart<SeriesTable>[]): CellPart<SeriesTable>[] {
  const monthly = SERIES_TABLES.find((t) => t.cohort && t.grain === 'month');
  if (monthly === undefined) return parts;
  return parts.flatMap((part) => {
    if (!part.table.cohort || part.table.grain !== 'day') return [part];
    const { months, days } = splitMonths(part.created);
    return [
      ...(months === null ? [] : [{ ...part, table: monthly, created: months }]),
      ...days.map((created) => ({ ...part, created })),
    ];
  });
}

/**
 * The flows of the events of `scope` per occurred-time bucket (`interval`) and currency. The
 * (created × occurred) plane is cut as for every metric (`cutPlane`): its whole days come
 * from the series cells — by occurred day, or by both days (whole creation months by creation
 * month, {@link byCreationMonth}) for a bounded cohort — of the
 * scope's rollup, one row per day (and creation day) and currency, and the partial days at the
 * edges from `metric_events` (an occurred edge longer than half a day as its whole day minus
 * the rest, subtracted: both lie in one bucket; the whole hours of one of every cohort from the
 * hourly cells of the summed rollup). The parts, with their signs, count every
 * event once, so their sum is exact; a bucket left at zero by a subtraction is not listed,
 * as no bucket that nets to zero is. Buckets stay timestamps until the groups are formatted.
 */
export async function sumSeries<DB>(
  db: Kysely<DB>,
  schema: string,
  scope: MetricScope,
  interval: Interval,
): Promise<SeriesSums[]> {
  const cut = cutPlane(scope.created, scope.flow, true, true);
  const dims = dimsWhere(scope);
  const branches: RawBuilder<unknown>[] = [];
  for (const part of cut.whole === null
    ? []
    : byCreationMonth(planCells(SERIES_TABLES, cut.whole, false))) {
    const where = [
      ...dims,
      rollupIs(scope),
      ...(part.table.cohort
        ? rangeWhere(timeColumn('cohort', part.table.grain), part.created, true)
        : []),
      ...rangeWhere('occurred_day', part.occurred, true),
    ];
    branches.push(sql`SELECT currency, date_trunc(${interval}, occurred_day::timestamp) AS bucket,
        ${signedColumns(SERIES_VALUES, part.sign)}
      FROM ${sqlId(schema, part.table.name)} WHERE ${sql.join(where, sql` AND `)}`);
  }
  for (const [created, box, sign] of cut.boxes) {
    // A partial day of every cohort: its whole hours from the hourly cells, when they fit.
    const { hours, edges } = cutBoxHours(scope, created, box);
    if (hours !== null) {
      branches.push(
        hourlySeriesBranch(schema, scope.pipelineId, hours, sign, interval, SERIES_VALUES),
      );
    }
    for (const occurred of edges) {
      const where = [
        ...dims,
        ...rangeWhere('created_at', created, false),
        ...rangeWhere('occurred_at', occurred, false),
      ];
      branches.push(sql`SELECT currency,
          date_trunc(${interval}, occurred_at AT TIME ZONE 'UTC') AS bucket,
          ${signedColumns(SERIES_VALUES, sign)}
        FROM ${sqlId(schema, 'metric_events')} WHERE ${sql.join(where, sql` AND `)}`);
    }
  }
  if (branches.length === 0) return [];
  const { rows } = await sql<Record<keyof SeriesSums, string>>`
    SELECT to_char(bucket, 'YYYY-MM-DD') AS bucket, currency,
      SUM(created)::text AS created, SUM(advanced)::text AS advanced, SUM(won)::text AS won,
      SUM(lost)::text AS lost, SUM(won_amount)::text AS "wonAmount"
    FROM (${sql.join(branches, sql` UNION ALL `)}) AS parts
    GROUP BY parts.bucket, currency
  `.execute(db);
  return rows.map((row) => ({
    bucket: row.bucket,
    currency: row.currency,
    created: Number(row.created),
    advanced: Number(row.advanced),
    won: Number(row.won),
    lost: Number(row.lost),
    wonAmount: Number(row.wonAmount),
  }));
}
