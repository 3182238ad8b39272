import { mean, median, percentile, safeDivide, type Pipeline } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import type {
  FunnelResponse,
  MetricFilters,
  ReasonsResponse,
  StageDurationsResponse,
  SummaryResponse,
  TimeseriesResponse,
} from '@dealflow/read-models';
import { referenceScope, type LeadInScope, type ReferenceScope } from './reference-scope.js';

const DAY_MS = 86_400_000;
const byKey = <T>(entries: [string, T][]) =>
  Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));

function furthestIndex(scope: ReferenceScope, lead: LeadInScope): number {
  if (lead.atEnd.status === 'won') return scope.open.length - 1;
  return Math.max(...[...lead.atEnd.visited].map((id) => scope.open.findIndex((s) => s.id === id)));
}

function touched(lead: LeadInScope, stage: string): boolean {
  if (lead.atStart?.status === 'open' && lead.atStart.stage === stage) return true;
  return lead.inWindow.some(
    (s) =>
      (s.event.type === 'LeadCreated' && s.event.data.stage === stage) ||
      (s.event.type === 'StageAdvanced' && s.event.data.toStage === stage),
  );
}

const steps = (scope: ReferenceScope) =>
  scope.leads.flatMap((lead) => lead.inWindow.map((step) => ({ lead, step })));

/** Reference `GET /v1/funnel` for every window, asOf and mode (see `referenceScope`). */
export function referenceMetricFunnel(
  events: readonly LeadEvent[],
  pipelines: readonly Pipeline[],
  filters: MetricFilters & { mode?: 'reached' | 'touched' },
): FunnelResponse {
  const scope = referenceScope(events, pipelines, filters);
  const { leads, open } = scope;
  const leaving = steps(scope).filter(
    ({ step }) => step.event.type === 'StageAdvanced' || step.event.type === 'DealWon',
  );
  const closed = (type: 'DealWon' | 'DealLost') =>
    steps(scope).filter(({ step }) => step.event.type === type);
  const won = closed('DealWon').length;
  const lost = closed('DealLost').length;
  const reached = open.map((_, k) => leads.filter((l) => furthestIndex(scope, l) >= k).length);
  const inStage = open.map((s) => leads.filter((l) => touched(l, s.id)).length);
  const total = leads.length;
  const mode = filters.mode ?? 'reached';
  return {
    pipelineId: scope.pipeline.id,
    totals: {
      leads: total,
      open: leads.filter((l) => l.atEnd.status === 'open').length,
      won,
      lost,
    },
    winRate: safeDivide(won, total),
    closeRate: safeDivide(won, won + lost),
    stages: open.map((stage, k) => {
      const here = (mode === 'reached' ? reached[k] : inStage[k]) ?? 0;
      const movedOn = leaving.filter(({ step }) => step.before?.stage === stage.id).length;
      const next =
        mode === 'touched' ? movedOn : k === open.length - 1 ? won : (reached[k + 1] ?? 0);
      return {
        stage: stage.id,
        position: k + 1,
        probability: stage.probability,
        reached: here,
        current: leads.filter((l) => l.atEnd.status === 'open' && l.atEnd.stage === stage.id)
          .length,
        lost: closed('DealLost').filter(({ step }) => step.before?.stage === stage.id).length,
        conversionToNext: safeDivide(next, here),
        cumulativeConversion: safeDivide(here, total),
      };
    }),
  };
}

/** Reference `GET /v1/metrics/summary`. */
export function referenceSummary(
  events: readonly LeadEvent[],
  pipelines: readonly Pipeline[],
  filters: MetricFilters,
): SummaryResponse {
  const scope = referenceScope(events, pipelines, filters);
  const funnel = referenceMetricFunnel(events, pipelines, filters);
  const wins = steps(scope).filter(({ step }) => step.event.type === 'DealWon');
  const amounts = new Map<string, number[]>();
  for (const { step } of wins)
    amounts.set(step.after.currency, [
      ...(amounts.get(step.after.currency) ?? []),
      step.after.amount,
    ]);
  const cycles = wins.map(({ lead, step }) => (step.at - lead.walk.createdAt) / DAY_MS);
  const cycleMean = mean(cycles);
  const probability = new Map(scope.pipeline.stages.map((s) => [s.id, s.probability]));
  const weighted = new Map<string, number>();
  for (const { atEnd } of scope.leads.filter((l) => l.atEnd.status === 'open')) {
    const value = atEnd.amount * (probability.get(atEnd.stage) ?? 0);
    weighted.set(atEnd.currency, (weighted.get(atEnd.currency) ?? 0) + value);
  }
  const { leads, open, won, lost } = funnel.totals;
  const sortedAmounts = [...amounts].map(([c, values]): [string, number[]] => [
    c,
    [...values].sort((a, b) => a - b),
  ]);
  const means = sortedAmounts.map(([c, values]): [string, number | null] => [c, mean(values)]);
  return {
    pipelineId: scope.pipeline.id,
    leads,
    open,
    won,
    lost,
    winRate: funnel.winRate,
    closeRate: funnel.closeRate,
    averageDealSize: byKey(
      sortedAmounts.map(([c, v]) => [c, { mean: mean(v), median: median(v), count: v.length }]),
    ),
    salesCycleDays: {
      mean: cycleMean,
      median: percentile(cycles, 0.5),
      p90: percentile(cycles, 0.9),
      count: cycles.length,
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

/** Reference `GET /v1/metrics/lost-reasons` (`lost`) and `won-reasons` (`won`). */
export function referenceReasons(
  events: readonly LeadEvent[],
  pipelines: readonly Pipeline[],
  filters: MetricFilters,
  outcome: 'won' | 'lost',
): ReasonsResponse {
  const scope = referenceScope(events, pipelines, filters);
  const closes = steps(scope).filter(
    ({ step }) => step.event.type === (outcome === 'won' ? 'DealWon' : 'DealLost'),
  );
  const rows = new Map<
    string,
    { count: number; amount: Map<string, number>; byStage: Map<string, number> }
  >();
  for (const { step } of closes) {
    const { event, before, after } = step;
    const reason =
      (event.type === 'DealWon' || event.type === 'DealLost' ? event.data.reason : undefined) ??
      'unspecified';
    const row = rows.get(reason) ?? { count: 0, amount: new Map(), byStage: new Map() };
    row.count += 1;
    row.amount.set(after.currency, (row.amount.get(after.currency) ?? 0) + after.amount);
    const stage = before?.stage ?? '';
    row.byStage.set(stage, (row.byStage.get(stage) ?? 0) + 1);
    rows.set(reason, row);
  }
  const order = scope.pipeline.stages.map((s) => s.id);
  return {
    pipelineId: scope.pipeline.id,
    total: closes.length,
    reasons: [...rows]
      .map(([reason, r]) => ({
        reason,
        count: r.count,
        share: safeDivide(r.count, closes.length),
        amount: byKey([...r.amount]),
        byStage: Object.fromEntries(
          [...r.byStage].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)),
        ),
      }))
      .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1)),
  };
}

/** Reference `GET /v1/metrics/stage-durations`, ages measured at `ageAt`. */
export function referenceStageDurations(
  events: readonly LeadEvent[],
  pipelines: readonly Pipeline[],
  filters: MetricFilters,
  ageAt: Date,
): StageDurationsResponse {
  const scope = referenceScope(events, pipelines, filters);
  const visits = steps(scope).filter(({ step }) => step.event.type !== 'LeadCreated');
  return {
    pipelineId: scope.pipeline.id,
    asOf: ageAt.toISOString(),
    stages: scope.open.map((stage) => {
      const days = visits
        .filter(({ step }) => step.before?.stage === stage.id)
        .map(({ step }) => (step.at - (step.before?.enteredAt ?? step.at)) / DAY_MS)
        .sort((a, b) => a - b);
      const ages = scope.leads
        .filter((l) => l.atEnd.status === 'open' && l.atEnd.stage === stage.id)
        .map((l) => (ageAt.getTime() - l.atEnd.enteredAt) / DAY_MS);
      return {
        stage: stage.id,
        completedVisits: days.length,
        meanDays: mean(days),
        medianDays: median(days),
        openNow: ages.length,
        meanAgeDaysOpen: mean(ages),
      };
    }),
  };
}

/** UTC start of the day, ISO week (Monday) or month of `ms`, as `YYYY-MM-DD`. */
function bucketOf(ms: number, interval: 'day' | 'week' | 'month'): string {
  const d = new Date(ms);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (interval === 'month')
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)).toISOString().slice(0, 10);
  if (interval === 'week')
    return new Date(day - ((d.getUTCDay() + 6) % 7) * DAY_MS).toISOString().slice(0, 10);
  return new Date(day).toISOString().slice(0, 10);
}

/** Reference `GET /v1/metrics/timeseries`. */
export function referenceTimeseries(
  events: readonly LeadEvent[],
  pipelines: readonly Pipeline[],
  filters: MetricFilters,
  interval: 'day' | 'week' | 'month',
): TimeseriesResponse {
  const scope = referenceScope(events, pipelines, filters);
  const points = new Map<string, TimeseriesResponse['points'][number]>();
  for (const { step } of steps(scope)) {
    const start = `${bucketOf(step.at, interval)}T00:00:00.000Z`;
    const p = points.get(start) ?? {
      start,
      created: 0,
      advanced: 0,
      won: 0,
      lost: 0,
      wonAmount: {},
    };
    if (step.event.type === 'LeadCreated') p.created += 1;
    if (step.event.type === 'StageAdvanced') p.advanced += 1;
    if (step.event.type === 'DealLost') p.lost += 1;
    if (step.event.type === 'DealWon') {
      p.won += 1;
      p.wonAmount[step.after.currency] =
        (p.wonAmount[step.after.currency] ?? 0) + step.after.amount;
    }
    points.set(start, p);
  }
  return {
    pipelineId: scope.pipeline.id,
    interval,
    points: [...points.values()].sort((a, b) => (a.start < b.start ? -1 : 1)),
  };
}
