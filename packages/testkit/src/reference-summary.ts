import { median, percentile, safeDivide, type Pipeline } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import type { MetricFilters, SummaryResponse } from '@dealflow/read-models';
import { referenceMetricFunnel } from './reference-metric-funnel.js';
import { referenceScope, type ReferenceScope } from './reference-scope.js';
import { byKey, closeSign, DAY_MS, openAtEnd, steps } from './reference-scope-helpers.js';

/**
 * The won deals of the scope as signed values per currency: +amount and +cycle for a win,
 * −amount and −cycle (as they were at the close) for a win a reopening took back.
 */
function wonDeals(scope: ReferenceScope, filters: MetricFilters) {
  const deals: { currency: string; amount: number; cycleDays: number; sign: number }[] = [];
  for (const { lead, step } of steps(scope, filters)) {
    const sign = closeSign(step, 'won');
    const close = sign > 0 ? step.after : step.before;
    if (sign === 0 || close === undefined) continue;
    const closedAt = sign > 0 ? step.at : (close.closedAt ?? step.at);
    deals.push({
      currency: close.currency,
      amount: close.amount,
      cycleDays: (closedAt - lead.walk.createdAt) / DAY_MS,
      sign,
    });
  }
  return deals;
}

/** The values a signed multiset holds, each as often as its net count (taken back ones cancel). */
function netValues(values: { value: number; sign: number }[]): number[] {
  const counts = new Map<number, number>();
  for (const { value, sign } of values) counts.set(value, (counts.get(value) ?? 0) + sign);
  return [...counts]
    .filter(([, n]) => n > 0)
    .flatMap(([value, n]) => Array.from({ length: n }, () => value))
    .sort((a, b) => a - b);
}

/** Reference `GET /v1/metrics/summary`. */
export function referenceSummary(
  events: readonly LeadEvent[],
  pipelines: readonly Pipeline[],
  filters: MetricFilters,
): SummaryResponse {
  const scope = referenceScope(events, pipelines, filters);
  const funnel = referenceMetricFunnel(events, pipelines, filters);
  const deals = wonDeals(scope, filters);
  const currencies = [...new Set(deals.map((d) => d.currency))].sort();
  const sizes = currencies
    .map((currency) => {
      const mine = deals.filter((d) => d.currency === currency);
      const count = mine.reduce((n, d) => n + d.sign, 0);
      const total = mine.reduce((t, d) => t + d.sign * d.amount, 0);
      const values = netValues(mine.map((d) => ({ value: d.amount, sign: d.sign })));
      return { currency, count, mean: safeDivide(total, count), median: median(values) };
    })
    .filter((size) => size.count !== 0);
  const cycleCount = deals.reduce((n, d) => n + d.sign, 0);
  const cycleMean = safeDivide(
    deals.reduce((t, d) => t + d.sign * d.cycleDays, 0),
    cycleCount,
  );
  const cycles = netValues(deals.map((d) => ({ value: d.cycleDays, sign: d.sign })));
  const probability = new Map(scope.pipeline.stages.map((s) => [s.id, s.probability]));
  const weighted = new Map<string, number>();
  for (const { atEnd } of openAtEnd(scope, filters)) {
    const value = atEnd.amount * (probability.get(atEnd.stage) ?? 0);
    weighted.set(atEnd.currency, (weighted.get(atEnd.currency) ?? 0) + value);
  }
  const { leads, open, won, lost } = funnel.totals;
  const means = sizes.map((size): [string, number | null] => [size.currency, size.mean]);
  return {
    pipelineId: scope.pipeline.id,
    leads,
    open,
    won,
    lost,
    winRate: funnel.winRate,
    closeRate: funnel.closeRate,
    averageDealSize: byKey(
      sizes.map((size) => [
        size.currency,
        { mean: size.mean, median: size.median, count: size.count },
      ]),
    ),
    salesCycleDays: {
      mean: cycleMean,
      median: percentile(cycles, 0.5),
      p90: percentile(cycles, 0.9),
      count: cycleCount,
    },
    weightedPipeline: byKey([...weighted]),
    salesVelocity: {
      perDay: byKey(
        means.map(([c, m]) => [
          c,
          m === null || funnel.winRate === null || cycleMean === null
            ? null
            : safeDivide(open * m * funnel.winRate, cycleMean),
        ]),
      ),
      opportunities: open,
      averageDealSize: byKey(means),
      winRate: funnel.winRate,
      cycleDays: cycleMean,
    },
  };
}
