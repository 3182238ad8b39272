import { safeDivide, type Pipeline } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import type { MetricFilters, ReasonsResponse } from '@dealflow/read-models';
import { referenceScope } from './reference-scope.js';
import { byKey, closeSign, steps } from './reference-scope-helpers.js';

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
