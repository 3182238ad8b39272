import { safeDivide, type Pipeline } from '@dealflow/domain';
import type { Kysely } from 'kysely';
import type { ReasonRow, ReasonsResponse } from './metric-responses.js';
import type { MetricFilters } from './metric-scope.js';
import { loadTallies } from './metric-tallies.js';

/** Reason reported for a win without one. */
export const UNSPECIFIED_REASON = 'unspecified';

/**
 * `GET /v1/metrics/lost-reasons` (`outcome` lost) and `won-reasons` (won) for the scope of
 * `filters`: the deals closed in scope per reason — count, share of all closed that way,
 * amount per currency (won: final amount; lost: expected amount when lost), and the stage they
 * were closed from — largest count first, then by reason. Read from the daily tables only.
 */
export async function queryReasons<DB>(
  db: Kysely<DB>,
  version: number,
  pipeline: Pipeline,
  filters: MetricFilters,
  outcome: 'won' | 'lost',
  now: number,
): Promise<ReasonsResponse> {
  const { flow } = await loadTallies(db, version, { ...filters, pipelineId: pipeline.id }, now);
  const byReason = new Map<string, ReasonRow>();
  let total = 0;
  for (const row of flow) {
    const count = outcome === 'won' ? row.sums.won : row.sums.lost;
    if (count === 0) continue;
    const amount = outcome === 'won' ? row.sums.won_amount : row.sums.lost_amount;
    const reason = row.reason === '' ? UNSPECIFIED_REASON : row.reason;
    const entry = byReason.get(reason) ?? {
      reason,
      count: 0,
      share: null,
      amount: {},
      byStage: {},
    };
    entry.count += count;
    entry.amount[row.currency] = (entry.amount[row.currency] ?? 0) + amount;
    entry.byStage[row.stage] = (entry.byStage[row.stage] ?? 0) + count;
    byReason.set(reason, entry);
    total += count;
  }
  const order = new Map(pipeline.stages.map((s, i) => [s.id, i]));
  const reasons = [...byReason.values()]
    .filter((r) => r.count !== 0)
    .map((r) => ({
      ...r,
      share: safeDivide(r.count, total),
      amount: Object.fromEntries(Object.entries(r.amount).sort(([a], [b]) => (a < b ? -1 : 1))),
      byStage: Object.fromEntries(
        Object.entries(r.byStage)
          .filter(([, n]) => n !== 0)
          .sort(([a], [b]) => (order.get(a) ?? 0) - (order.get(b) ?? 0)),
      ),
    }))
    .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
  return { pipelineId: pipeline.id, total, reasons };
}
