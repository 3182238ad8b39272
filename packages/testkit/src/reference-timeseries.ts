import type { Pipeline } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import type { MetricFilters, TimeseriesResponse } from '@dealflow/read-models';
import { referenceScope } from './reference-scope.js';
import { closeSign, DAY_MS, steps } from './reference-scope-helpers.js';

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
