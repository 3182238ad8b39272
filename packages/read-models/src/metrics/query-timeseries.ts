import type { Pipeline } from '@dealflow/domain';
import type { Kysely } from 'kysely';
import type { TimeseriesPoint, TimeseriesResponse } from './metric-responses.js';
import { readModelSchemaName } from '../read-model-schema.js';
import { metricScope, type MetricFilters } from './metric-scope.js';
import type { Interval } from './sum-metric-deltas.js';
import { sumSeries } from './sum-series.js';

/** Whether a bucket shows: a count or a currency's won amount that does not net to zero. */
const listed = (p: TimeseriesPoint): boolean =>
  p.created !== 0 ||
  p.advanced !== 0 ||
  p.won !== 0 ||
  p.lost !== 0 ||
  Object.keys(p.wonAmount).length > 0;

/**
 * `GET /v1/metrics/timeseries` for the scope of `filters`: the scope's events counted per UTC
 * bucket of their `occurredAt` (day; ISO week from Monday; calendar month) — leads created,
 * stage advances, wins, losses, won amount per currency, all net of reopenings. A currency is
 * listed in `wonAmount` where its wins or its amount do not net to zero; a bucket whose counts
 * all net to zero, with no currency listed, is not listed. Oldest first.
 */
export async function queryTimeseries<DB>(
  db: Kysely<DB>,
  version: number,
  pipeline: Pipeline,
  filters: MetricFilters,
  interval: Interval,
  now: number,
): Promise<TimeseriesResponse> {
  const scope = metricScope({ ...filters, pipelineId: pipeline.id }, now);
  const rows = await sumSeries(db, readModelSchemaName(version), scope, interval);
  const points = new Map<string, TimeseriesPoint>();
  for (const row of rows) {
    const point = points.get(row.bucket) ?? {
      start: `${row.bucket}T00:00:00.000Z`,
      created: 0,
      advanced: 0,
      won: 0,
      lost: 0,
      wonAmount: {},
    };
    point.created += row.created;
    point.advanced += row.advanced;
    point.won += row.won;
    point.lost += row.lost;
    if (row.won !== 0 || row.wonAmount !== 0) {
      point.wonAmount[row.currency] = (point.wonAmount[row.currency] ?? 0) + row.wonAmount;
    }
    points.set(row.bucket, point);
  }
  return {
    pipelineId: pipeline.id,
    interval,
    points: [...points.values()]
      .filter(listed)
      .sort((a, b) => (a.start < b.start ? -1 : 1))
      .map((p) => ({
        ...p,
        wonAmount: Object.fromEntries(
          Object.entries(p.wonAmount).sort(([a], [b]) => (a < b ? -1 : 1)),
        ),
      })),
  };
}
