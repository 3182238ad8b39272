import type { Kysely } from 'kysely';
import type { MetricScope } from './metric-scope.js';
import { visitMeasure, visitStage } from './won-histogram-ddl.js';
import {
  histogramSums,
  planPercentiles,
  readPercentiles,
  wonHistogram,
  type HistogramRow,
} from './won-percentiles.js';

const DAY_MS = 86_400_000;

/**
 * Completed visits (the stage was left) of the scope per stage of `stages`: count, Σ ms and
 * median days.
 * Counts and sums come from the visit histograms (cells, whatever the number of visits); the
 * median is exact (PostgreSQL `percentile_cont` over days) from the rows of the one bucket that
 * holds its rank, as for deal sizes; the medians of every stage read in one statement.
 */
export async function visitStats<DB>(
  db: Kysely<DB>,
  schema: string,
  scope: MetricScope,
  stages: readonly string[],
) {
  const byStage = new Map<string, HistogramRow[]>();
  for (const row of await wonHistogram(db, schema, scope, stages)) {
    const stage = visitStage(row.measure) ?? '';
    byStage.set(stage, [...(byStage.get(stage) ?? []), row]);
  }
  const groups = [...byStage];
  const medians = await readPercentiles(
    db,
    schema,
    scope,
    groups.map(([stage, rows]) =>
      planPercentiles(visitMeasure(stage), undefined, rows, [0.5], DAY_MS),
    ),
  );
  const stats = groups.map(([stage, rows], i) => {
    const { n: count, total: totalMs } = histogramSums(rows);
    return [stage, { count, totalMs, median: medians[i]?.[0] ?? null }] as const;
  });
  return new Map(stats.filter(([, s]) => s.count > 0));
}
