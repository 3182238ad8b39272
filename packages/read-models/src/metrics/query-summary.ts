import { safeDivide, type Pipeline } from '@dealflow/domain';
import type { Kysely } from 'kysely';
import type { SummaryResponse } from './metric-responses.js';
import { readModelSchemaName } from '../read-model-schema.js';
import { metricScope, type MetricFilters } from './metric-scope.js';
import { funnelOf } from './query-metric-funnel.js';
import { loadTallies, stageCounts } from './metric-tallies.js';
import { wonStatsOf } from './won-stats-total.js';

const DAY_MS = 86_400_000;

/** Open leads and Σ expected amount × stage probability per currency, at the end of the scope. */
function weighted(
  pipeline: Pipeline,
  rows: { stage: string; currency: string; sums: { current: number; open_amount: number } }[],
) {
  const probability = new Map(pipeline.stages.map((s) => [s.id, s.probability]));
  const open = new Map<string, { leads: number; value: number }>();
  for (const row of rows) {
    const p = probability.get(row.stage) ?? 0;
    const sum = open.get(row.currency) ?? { leads: 0, value: 0 };
    sum.leads += row.sums.current;
    sum.value += row.sums.open_amount * p;
    open.set(row.currency, sum);
  }
  return Object.fromEntries(
    [...open]
      .filter(([, s]) => s.leads > 0)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([c, s]) => [c, s.value]),
  );
}

/**
 * `GET /v1/metrics/summary` (API.md, DESIGN.md "The numbers") for the scope of `filters`.
 * Counts come from the daily tables; deal sizes and cycles from the won-deal histograms (with
 * no date bound, from the cell's kept statistics while they are current), their
 * medians and p90 exact (PostgreSQL `percentile_cont`, the definition of the domain's
 * `percentile`) from the rows of the one bucket that holds each wanted rank. Money is per currency; velocity per currency = opportunities × mean deal size
 * × win rate ÷ mean cycle days, `null` when any part is undefined.
 */
export async function querySummary<DB>(
  db: Kysely<DB>,
  version: number,
  pipeline: Pipeline,
  filters: MetricFilters,
  now: number,
): Promise<SummaryResponse> {
  const scoped = { ...filters, pipelineId: pipeline.id };
  // Counters and won-deal histograms are independent reads: side by side.
  const [tallies, { amounts, cycle }] = await Promise.all([
    loadTallies(db, version, scoped, now, ['currency']),
    wonStatsOf(db, readModelSchemaName(version), metricScope(scoped, now)),
  ]);
  const funnel = funnelOf(pipeline.id, stageCounts(pipeline, tallies), 'reached');
  const { leads, open, won, lost } = funnel.totals;
  const sorted = [...amounts].sort((a, b) => (a.currency < b.currency ? -1 : 1));
  const averageDealSize = Object.fromEntries(
    sorted.map((a) => [
      a.currency,
      { mean: safeDivide(a.total, a.count), median: a.median, count: a.count },
    ]),
  );
  const cycleMean = safeDivide(cycle.totalMs, cycle.count * DAY_MS);
  const means = Object.fromEntries(sorted.map((a) => [a.currency, safeDivide(a.total, a.count)]));
  const perDay = Object.fromEntries(
    sorted.map((a) => {
      const mean = safeDivide(a.total, a.count);
      const value =
        mean === null || funnel.winRate === null || cycleMean === null
          ? null
          : safeDivide(open * mean * funnel.winRate, cycleMean);
      return [a.currency, value];
    }),
  );
  return {
    pipelineId: pipeline.id,
    leads,
    open,
    won,
    lost,
    winRate: funnel.winRate,
    closeRate: funnel.closeRate,
    averageDealSize,
    salesCycleDays: { mean: cycleMean, median: cycle.median, p90: cycle.p90, count: cycle.count },
    weightedPipeline: weighted(pipeline, [...tallies.start, ...tallies.flow]),
    salesVelocity: {
      perDay,
      opportunities: open,
      averageDealSize: means,
      winRate: funnel.winRate,
      cycleDays: cycleMean,
    },
  };
}
