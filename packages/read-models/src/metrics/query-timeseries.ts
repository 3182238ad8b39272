import type { Pipeline } from '@dealflow/domain';
import type { Kysely } from 'kysely';
import type { TimeseriesPoint, TimeseriesResponse } from './metric-responses.js';
import type { MetricFilters } from './metric-scope.js';
import { loadTallies } from './metric-tallies.js';
import type { Interval } from './sum-metric-deltas.js';

/**
 * `GET /v1/metrics/timeseries` for the scope of `filters`: the scope's events counted per UTC
 * bucket of their `occurredAt` (day; ISO week from Monday; calendar month) — leads created,
 * stage advances, wins, losses, won amount per currency. Only buckets with at least one event
 * are listed, oldest first.
 */
export async function queryTimeseries<DB>(
  db: Kysely<DB>,
  version: number,
  pipeline: Pipeline,
  filters: MetricFilters,
  interval: Interval,
  now: number,
): Promise<TimeseriesResponse> {
  const { flow } = await loadTallies(
    db,
    version,
    { ...filters, pipelineId: pipeline.id },
    now,
    interval,
  );
  const points = new Map<string, TimeseriesPoint>();
  for (const row of flow) {
    if (row.bucket === null) continue;
    const point = points.get(row.bucket) ?? {
      start: `${row.bucket}T00:00:00.000Z`,
      created: 0,
      advanced: 0,
      won: 0,
      lost: 0,
      wonAmount: {},
    };
    point.created += row.sums.created;
    point.advanced += row.sums.advanced;
    point.won += row.sums.won;
    point.lost += row.sums.lost;
    if (row.sums.won !== 0) {
      point.wonAmount[row.currency] = (point.wonAmount[row.currency] ?? 0) + row.sums.won_amount;
    }
    points.set(row.bucket, point);
  }
  return {
    pipelineId: pipeline.id,
    interval,
    points: [...points.values()]
      .filter((p) => p.created + p.advanced + p.won + p.lost !== 0)
      .sort((a, b) => (a.start < b.start ? -1 : 1))
      .map((p) => ({
        ...p,
        wonAmount: Object.fromEntries(
          Object.entries(p.wonAmount).sort(([a], [b]) => (a < b ? -1 : 1)),
        ),
      })),
  };
}
