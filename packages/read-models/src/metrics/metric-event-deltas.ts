import type { PipelineCatalog } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import type { Lead } from '../read-model-schema.js';
import type { MetricCounters, MetricEventDelta } from './metric-counters.js';

type Part = { stage: string; currency: string; reason: string } & Partial<MetricCounters> & {
    cycle_ms?: number;
    visit_ms?: number;
  };

/** The open stages with a 1-based position in (after, upTo], each with `reached: 1`. */
function reachedBetween(
  pipelines: PipelineCatalog,
  lead: Lead,
  after: number,
  upTo: number,
): Part[] {
  const pipeline = pipelines.get(lead.pipeline_id);
  const open = pipeline === undefined ? [] : pipelines.openStages(pipeline);
  return open
    .filter((_, index) => index + 1 > after && index + 1 <= upTo)
    .map((stage) => ({ stage: stage.id, currency: lead.currency, reason: '', reached: 1 }));
}

/** The row of the stage `before` leaves: no longer open there, one completed visit. */
function leaving(before: Lead, at: number, forward: boolean): Part {
  const entered = before.stage_entered_at.getTime();
  return {
    stage: before.stage,
    currency: before.currency,
    reason: '',
    current: -1,
    progressed: forward ? 1 : 0,
    open_amount: -before.amount,
    open_entered_ms: -entered,
    visit_ms: at - entered,
  };
}

function parts(
  pipelines: PipelineCatalog,
  before: Lead | undefined,
  after: Lead,
  event: LeadEvent,
) {
  const at = Date.parse(event.occurredAt);
  if (before === undefined) {
    return [
      ...reachedBetween(pipelines, after, 0, after.furthest_position - 1),
      {
        stage: after.stage,
        currency: after.currency,
        reason: '',
        created: 1,
        reached: 1,
        touched: 1,
        current: 1,
        open_amount: after.amount,
        open_entered_ms: at,
      },
    ];
  }
  switch (event.type) {
    case 'LeadCreated':
      return [];
    case 'StageAdvanced':
      return [
        leaving(before, at, true),
        ...reachedBetween(pipelines, after, before.furthest_position, after.furthest_position - 1),
        {
          stage: after.stage,
          currency: after.currency,
          reason: '',
          advanced: 1,
          reached: 1,
          touched: 1,
          current: 1,
          open_amount: after.amount,
          open_entered_ms: at,
        },
      ];
    case 'DealWon':
      return [
        leaving(before, at, true),
        ...reachedBetween(pipelines, after, before.furthest_position, after.furthest_position),
        {
          stage: before.stage,
          currency: after.currency,
          reason: event.data.reason ?? '',
          won: 1,
          won_amount: after.amount,
          cycle_ms: at - after.created_at.getTime(),
        },
      ];
    case 'DealLost':
      return [
        leaving(before, at, false),
        {
          stage: before.stage,
          currency: before.currency,
          reason: event.data.reason,
          lost: 1,
          lost_amount: before.amount,
        },
      ];
  }
}

/** One row in a fixed shape (every field set in one literal, so V8 keeps rows monomorphic). */
function toRow(after: Lead, version: number, occurredAt: Date, part: Part): MetricEventDelta {
  return {
    lead_id: after.lead_id,
    version,
    pipeline_id: after.pipeline_id,
    owner_id: after.owner_id,
    source: after.source,
    created_at: after.created_at,
    occurred_at: occurredAt,
    stage: part.stage,
    currency: part.currency,
    reason: part.reason,
    created: part.created ?? 0,
    advanced: part.advanced ?? 0,
    reached: part.reached ?? 0,
    touched: part.touched ?? 0,
    progressed: part.progressed ?? 0,
    current: part.current ?? 0,
    lost: part.lost ?? 0,
    won: part.won ?? 0,
    won_amount: part.won_amount ?? 0,
    lost_amount: part.lost_amount ?? 0,
    open_amount: part.open_amount ?? 0,
    open_entered_ms: part.open_entered_ms ?? 0,
    cycle_ms: part.cycle_ms ?? null,
    visit_ms: part.visit_ms ?? null,
  };
}

/**
 * The `metric_events` rows of one applied event — pure; `before` is the lead's row before the
 * event (`undefined` for LeadCreated), `after` the row the fold made of it. The daily tables
 * are sums of these rows, so a partial day read from `metric_events` adds up exactly like the
 * whole days read from a daily table. Counter meanings: `METRIC_COUNTERS`.
 */
export function metricEventDeltas(
  pipelines: PipelineCatalog,
  before: Lead | undefined,
  after: Lead,
  event: LeadEvent,
): MetricEventDelta[] {
  const occurredAt = new Date(event.occurredAt);
  return parts(pipelines, before, after, event).map((part) =>
    toRow(after, event.version, occurredAt, part),
  );
}
