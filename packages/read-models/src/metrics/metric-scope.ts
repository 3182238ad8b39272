import { DEFAULT_PIPELINE_ID } from '@dealflow/domain';

/** Filters shared by every metrics endpoint (API.md "Query service"). */
export interface MetricFilters {
  /** Default `default`. */
  pipelineId?: string | undefined;
  ownerId?: string | undefined;
  source?: string | undefined;
  /** Inclusive window start. */
  from?: Date | undefined;
  /** Exclusive window end. */
  to?: Date | undefined;
  /** `cohort` (default): leads created in the window; `activity`: events that occurred in it. */
  window?: 'cohort' | 'activity' | undefined;
  /** Only events with `occurredAt <= asOf` count. */
  asOf?: Date | undefined;
}

/** A half-open range `[from, to)` of epoch milliseconds; ends may be infinite. */
export interface MsRange {
  from: number;
  to: number;
}

/**
 * What a metric query sums, in the terms of the read models: leads of `pipelineId` (and
 * owner/source), created in `created`, events that occurred in `flow`; and, for the activity
 * window, the state just before the window (`start`: events up to its start) — the leads open
 * then are "in play" in the window beside those created in it.
 */
export interface MetricScope {
  pipelineId: string;
  ownerId: string | undefined;
  source: string | undefined;
  created: MsRange;
  flow: MsRange;
  start: MsRange | null;
  /** The instant open leads' ages are measured at. */
  ageAt: number;
  /** When the question is asked: no cells lie in later months (but may, and still count). */
  now?: number;
}

const ALL: MsRange = { from: -Infinity, to: Infinity };

/**
 * Turns API filters into a {@link MetricScope}. `asOf` is inclusive (`occurredAt <= asOf`); on
 * millisecond timestamps that is `occurredAt < asOf + 1 ms`.
 *
 * - cohort: created in `[from, to)`; every event up to `asOf` (all when absent).
 * - activity: any creation; events in `[from, min(to, asOf + 1 ms))`; the stock just before
 *   `from` gives the leads open when the window opened.
 * - ages: at `asOf`, else (activity) at `to`, else at `now`; the earlier of the two when both.
 */
export function metricScope(filters: MetricFilters, now: number): MetricScope {
  const asOfEnd = filters.asOf === undefined ? Infinity : filters.asOf.getTime() + 1;
  const from = filters.from?.getTime() ?? -Infinity;
  const to = filters.to?.getTime() ?? Infinity;
  const dims = {
    pipelineId: filters.pipelineId ?? DEFAULT_PIPELINE_ID,
    ownerId: filters.ownerId,
    source: filters.source,
  };
  if (filters.window === 'activity') {
    const end = Math.min(to, asOfEnd);
    const ageAt = Math.min(filters.asOf?.getTime() ?? Infinity, filters.to?.getTime() ?? Infinity);
    return {
      ...dims,
      created: ALL,
      flow: { from: Math.min(from, end), to: end },
      start: Number.isFinite(from) ? { from: -Infinity, to: Math.min(from, end) } : null,
      ageAt: Number.isFinite(ageAt) ? ageAt : now,
      now,
    };
  }
  return {
    ...dims,
    created: { from, to },
    flow: { from: -Infinity, to: asOfEnd },
    start: null,
    ageAt: filters.asOf?.getTime() ?? now,
    now,
  };
}
