import { mean, median, percentile, rate, safeDivide, type Pipeline } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import type {
  FunnelResponse,
  MetricFilters,
  ReasonsResponse,
  StageDurationsResponse,
  SummaryResponse,
  TimeseriesResponse,
} from '@dealflow/read-models';
import type { LeadSnapshot, LeadStep } from './reference-lead-walk.js';
import { ownedBy, referenceScope, type ReferenceScope } from './reference-scope.js';

const DAY_MS = 86_400_000;
const byKey = <T>(entries: [string, T][]) =>
  Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));

/** Index of the furthest open stage the lead reached (−1 before it exists). */
function furthestIndex(scope: ReferenceScope, snapshot: LeadSnapshot | undefined): number {
  if (snapshot === undefined) return -1;
  if (snapshot.reachedAll) return scope.open.length - 1;
  const indexes = [...snapshot.visited].map((id) => scope.open.findIndex((s) => s.id === id));
  return Math.max(-1, ...indexes);
}

/** The open stage an event puts the lead in (entered), if any. */
function enteredStage(step: LeadStep): string | undefined {
  const { event } = step;
  if (event.type === 'LeadCreated') return event.data.stage;
  if (
    event.type === 'StageAdvanced' ||
    event.type === 'StageMovedBack' ||
    event.type === 'DealReopened'
  ) {
    return event.data.toStage;
  }
  return undefined;
}

/** +1 for a close with `outcome`, −1 for a reopening that takes such a close back, else 0. */
function closeSign(step: LeadStep, outcome: 'won' | 'lost'): number {
  if (step.event.type === (outcome === 'won' ? 'DealWon' : 'DealLost')) return 1;
  return step.event.type === 'DealReopened' && step.before?.status === outcome ? -1 : 0;
}

/** The in-window steps of the scope credited to the filter's owner (owner at the event). */
const steps = (scope: ReferenceScope, filters: MetricFilters) =>
  scope.leads.flatMap((lead) =>
    lead.inWindow.filter((step) => ownedBy(filters, step.after)).map((step) => ({ lead, step })),
  );

/** Leads open when the window opened, credited to the owner they had then. */
const openAtStart = (scope: ReferenceScope, filters: MetricFilters) =>
  scope.leads.filter((l) => l.atStart?.status === 'open' && ownedBy(filters, l.atStart));

/** Leads open at the end of the scope, credited to the owner they have then. */
const openAtEnd = (scope: ReferenceScope, filters: MetricFilters) =>
  scope.leads.filter((l) => l.atEnd.status === 'open' && ownedBy(filters, l.atEnd));

/**
 * Reference `GET /v1/funnel` for every window, asOf and mode (see `referenceScope`), by the
 * semantics of docs/crm-histories.md: reached is a set (a stage counts at the first arrival at
 * it or beyond), touched counts each entry, current follows the latest state, won and lost
 * count the latest outcome (a reopening takes its close back), each credited to the owner at
 * the moment of the event.
 */
export function referenceMetricFunnel(
  events: readonly LeadEvent[],
  pipelines: readonly Pipeline[],
  filters: MetricFilters & { mode?: 'reached' | 'touched' },
): FunnelResponse {
  const scope = referenceScope(events, pipelines, filters);
  const { open } = scope;
  const index = (stage: string) => open.findIndex((s) => s.id === stage);
  const inWindow = steps(scope, filters);
  const atStart = openAtStart(scope, filters);
  const atEnd = openAtEnd(scope, filters);
  const net = (outcome: 'won' | 'lost', stage?: string) =>
    inWindow
      .filter(({ step }) => stage === undefined || step.before?.stage === stage)
      .reduce((sum, { step }) => sum + closeSign(step, outcome), 0);
  const won = net('won');
  const lost = net('lost');
  const arrivals = inWindow.map(({ step }) => ({
    before: furthestIndex(scope, step.before),
    after: furthestIndex(scope, step.after),
  }));
  const reached = open.map(
    (_, k) =>
      atStart.filter((l) => index(l.atStart?.stage ?? '') >= k).length +
      arrivals.filter((a) => a.before < k && a.after >= k).length,
  );
  const touched = open.map(
    (s) =>
      atStart.filter((l) => l.atStart?.stage === s.id).length +
      inWindow.filter(({ step }) => enteredStage(step) === s.id).length,
  );
  const total = reached[0] ?? 0;
  const mode = filters.mode ?? 'reached';
  return {
    pipelineId: scope.pipeline.id,
    totals: { leads: total, open: atEnd.length, won, lost },
    winRate: rate(won, total),
    closeRate: rate(won, won + lost),
    stages: open.map((stage, k) => {
      const here = (mode === 'reached' ? reached[k] : touched[k]) ?? 0;
      const movedOn = inWindow.filter(
        ({ step }) =>
          (step.event.type === 'StageAdvanced' || step.event.type === 'DealWon') &&
          step.before?.stage === stage.id,
      ).length;
      const next =
        mode === 'touched' ? movedOn : k === open.length - 1 ? won : (reached[k + 1] ?? 0);
      return {
        stage: stage.id,
        position: k + 1,
        probability: stage.probability,
        reached: here,
        current: atEnd.filter((l) => l.atEnd.stage === stage.id).length,
        lost: net('lost', stage.id),
        conversionToNext: rate(next, here),
        cumulativeConversion: rate(here, total),
      };
    }),
  };
}

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

/** Reference `GET /v1/metrics/lost-reasons` (`lost`) and `won-reasons` (`won`). */
export function referenceReasons(
  events: readonly LeadEvent[],
  pipelines: readonly Pipeline[],
  filters: MetricFilters,
  outcome: 'won' | 'lost',
): ReasonsResponse {
  const scope = referenceScope(events, pipelines, filters);
  // Closes net of reopenings per (reason, stage, currency): a key whose closes were all taken
  // back adds nothing, not even a zero amount.
  const keys = new Map<
    string,
    { reason: string; stage: string; currency: string; count: number; amount: number }
  >();
  for (const { step } of steps(scope, filters)) {
    const sign = closeSign(step, outcome);
    // The close as it was counted: the lead after it, or before the reopening that takes it back.
    const close = sign > 0 ? step.after : step.before;
    if (sign === 0 || close === undefined) continue;
    const reason = close.reason ?? 'unspecified';
    const id = JSON.stringify([reason, close.stage, close.currency]);
    const key = keys.get(id) ?? {
      reason,
      stage: close.stage,
      currency: close.currency,
      count: 0,
      amount: 0,
    };
    key.count += sign;
    key.amount += sign * close.amount;
    keys.set(id, key);
  }
  const rows = new Map<
    string,
    { count: number; amount: Map<string, number>; byStage: Map<string, number> }
  >();
  let total = 0;
  for (const key of keys.values()) {
    if (key.count === 0) continue;
    total += key.count;
    const row = rows.get(key.reason) ?? { count: 0, amount: new Map(), byStage: new Map() };
    row.count += key.count;
    row.amount.set(key.currency, (row.amount.get(key.currency) ?? 0) + key.amount);
    row.byStage.set(key.stage, (row.byStage.get(key.stage) ?? 0) + key.count);
    rows.set(key.reason, row);
  }
  const order = scope.pipeline.stages.map((s) => s.id);
  return {
    pipelineId: scope.pipeline.id,
    total,
    reasons: [...rows]
      .filter(([, r]) => r.count !== 0)
      .map(([reason, r]) => ({
        reason,
        count: r.count,
        share: safeDivide(r.count, total),
        amount: byKey([...r.amount]),
        byStage: Object.fromEntries(
          [...r.byStage]
            .filter(([, n]) => n !== 0)
            .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)),
        ),
      }))
      .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1)),
  };
}

/** Events that end a visit of the stage the lead was in. */
const LEAVING = new Set(['StageAdvanced', 'StageMovedBack', 'DealWon', 'DealLost']);

/** Reference `GET /v1/metrics/stage-durations`, ages measured at `ageAt`. */
export function referenceStageDurations(
  events: readonly LeadEvent[],
  pipelines: readonly Pipeline[],
  filters: MetricFilters,
  ageAt: Date,
): StageDurationsResponse {
  const scope = referenceScope(events, pipelines, filters);
  const visits = steps(scope, filters).filter(({ step }) => LEAVING.has(step.event.type));
  const open = openAtEnd(scope, filters);
  return {
    pipelineId: scope.pipeline.id,
    asOf: ageAt.toISOString(),
    stages: scope.open.map((stage) => {
      const days = visits
        .filter(({ step }) => step.before?.stage === stage.id)
        .map(({ step }) => (step.at - (step.before?.enteredAt ?? step.at)) / DAY_MS)
        .sort((a, b) => a - b);
      const ages = open
        .filter((l) => l.atEnd.stage === stage.id)
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
  // Net won amounts per (bucket, currency): a currency is listed where its wins or its amount do
  // not net to zero, so a win and the reopening that took it back in one bucket leave nothing.
  const wonByCurrency = new Map<
    string,
    { start: string; currency: string; won: number; amount: number }
  >();
  for (const { step } of steps(scope, filters)) {
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
    p.lost += closeSign(step, 'lost');
    const won = closeSign(step, 'won');
    const close = won > 0 ? step.after : step.before;
    if (won !== 0 && close !== undefined) {
      p.won += won;
      const id = JSON.stringify([start, close.currency]);
      const sum = wonByCurrency.get(id) ?? { start, currency: close.currency, won: 0, amount: 0 };
      sum.won += won;
      sum.amount += won * close.amount;
      wonByCurrency.set(id, sum);
    }
    points.set(start, p);
  }
  for (const sum of wonByCurrency.values()) {
    const p = points.get(sum.start);
    if (p === undefined || (sum.won === 0 && sum.amount === 0)) continue;
    p.wonAmount[sum.currency] = sum.amount;
  }
  return {
    pipelineId: scope.pipeline.id,
    interval,
    // A bucket whose events net to nothing (a close and its reopening) shows no point; one
    // whose counts net to zero but not its won amount (won again at another amount) does.
    points: [...points.values()]
      .filter(
        (p) =>
          [p.created, p.advanced, p.won, p.lost].some((n) => n !== 0) ||
          Object.keys(p.wonAmount).length > 0,
      )
      .sort((a, b) => (a.start < b.start ? -1 : 1)),
  };
}
