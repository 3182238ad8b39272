import type { PipelineCatalog } from '@dealflow/domain';
import type { LeadEvent } from '@dealflow/events';
import type { Lead } from '../read-model-schema.js';
import { openStagesBetween } from '../funnel/open-stage-ids.js';
import type { MetricEventDelta } from './metric-counters.js';

/** A row with every counter 0, in one fixed shape (so V8 keeps rows monomorphic). */
function newRow(
  keyedBy: Lead,
  version: number,
  occurredAt: Date,
  stage: string,
  currency: string,
  reason: string,
): MetricEventDelta {
  return {
    lead_id: keyedBy.lead_id,
    version,
    pipeline_id: keyedBy.pipeline_id,
    owner_id: keyedBy.owner_id,
    source: keyedBy.source,
    created_at: keyedBy.created_at,
    occurred_at: occurredAt,
    stage,
    currency,
    reason,
    created: 0,
    advanced: 0,
    reached: 0,
    touched: 0,
    progressed: 0,
    current: 0,
    lost: 0,
    won: 0,
    won_amount: 0,
    lost_amount: 0,
    open_amount: 0,
    open_entered_ms: 0,
    cycle_ms: null,
    visit_ms: null,
  };
}

/** The rows of one event being made: the lead after it, the event's version and instant. */
interface Emit {
  rows: MetricEventDelta[];
  after: Lead;
  version: number;
  at: number;
  occurredAt: Date;
}

/** A new row of the event; keyed by the lead after it (owner at the moment of the event). */
function add(
  e: Emit,
  stage: string,
  currency: string,
  reason: string,
  keyedBy: Lead = e.after,
): MetricEventDelta {
  const row = newRow(keyedBy, e.version, e.occurredAt, stage, currency, reason);
  e.rows.push(row);
  return row;
}

/** `reached` on the open stages with a 1-based position in (from, upTo]. */
function reach(e: Emit, pipelines: PipelineCatalog, from: number, upTo: number): void {
  const pipeline = pipelines.get(e.after.pipeline_id);
  if (pipeline === undefined) return;
  for (const stage of openStagesBetween(pipelines, pipeline, from, upTo)) {
    add(e, stage, e.after.currency, '').reached = 1;
  }
}

/** The row of the stage `before` leaves: no longer open there, one completed visit. */
function leave(e: Emit, before: Lead, forward: boolean): void {
  const entered = before.stage_entered_at.getTime();
  const row = add(e, before.stage, before.currency, '');
  row.current = -1;
  row.progressed = forward ? 1 : 0;
  row.open_amount = -before.amount;
  row.open_entered_ms = -entered;
  row.visit_ms = e.at - entered;
}

/**
 * The row of the stage the lead enters (created in, advanced or moved back to, reopened in);
 * `first`: no stage this far was reached before (reached is a set).
 */
function enter(e: Emit, counter: 'created' | 'advanced' | null, first: boolean): void {
  const row = add(e, e.after.stage, e.after.currency, '');
  if (counter !== null) row[counter] = 1;
  row.reached = first ? 1 : 0;
  row.touched = 1;
  row.current = 1;
  row.open_amount = e.after.amount;
  row.open_entered_ms = e.at;
}

/**
 * A reopened deal's close, taken back on the key it was counted on (its open stage, currency,
 * reason): win rate, close rate, reasons and deal sizes count the latest outcome only. The
 * cycle goes with it, so a deal's cycle runs from creation to its final close.
 */
function takeBackClose(e: Emit, before: Lead): void {
  const row = add(e, before.open_stage, before.currency, before.reason ?? '', before);
  if (before.status === 'won') {
    row.won = -1;
    row.won_amount = -before.amount;
    const closedAt = before.closed_at ?? before.last_occurred_at;
    row.cycle_ms = closedAt.getTime() - before.created_at.getTime();
  } else {
    row.lost = -1;
    row.lost_amount = -before.amount;
  }
}

/**
 * An open lead whose amount or owner changed: its stock (open count, expected amount, entry
 * time) leaves its old key and enters the new one — the weighted pipeline uses the current
 * amount, `current` by owner the current owner. No visit ends.
 */
function move(e: Emit, before: Lead): void {
  const entered = before.stage_entered_at.getTime();
  const out = add(e, before.stage, before.currency, '', before);
  out.current = -1;
  out.open_amount = -before.amount;
  out.open_entered_ms = -entered;
  const into = add(e, e.after.stage, e.after.currency, '');
  into.current = 1;
  into.open_amount = e.after.amount;
  into.open_entered_ms = entered;
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
  const at = Date.parse(event.occurredAt);
  const e: Emit = { rows: [], after, version: event.version, at, occurredAt: new Date(at) };
  if (before === undefined) {
    reach(e, pipelines, 0, after.furthest_position - 1);
    enter(e, 'created', true);
    return e.rows;
  }
  const further = after.furthest_position > before.furthest_position;
  switch (event.type) {
    case 'LeadCreated':
    case 'LeadErased':
      return e.rows;
    case 'StageAdvanced':
      leave(e, before, true);
      reach(e, pipelines, before.furthest_position, after.furthest_position - 1);
      enter(e, 'advanced', further);
      return e.rows;
    case 'StageMovedBack':
      leave(e, before, false);
      enter(e, null, false);
      return e.rows;
    case 'DealReopened':
      takeBackClose(e, before);
      reach(e, pipelines, before.furthest_position, after.furthest_position - 1);
      enter(e, null, further);
      return e.rows;
    case 'AmountChanged':
    case 'OwnerReassigned':
      move(e, before);
      return e.rows;
    case 'DealWon': {
      leave(e, before, true);
      reach(e, pipelines, before.furthest_position, after.furthest_position);
      const row = add(e, before.stage, after.currency, event.data.reason ?? '');
      row.won = 1;
      row.won_amount = after.amount;
      row.cycle_ms = at - after.created_at.getTime();
      return e.rows;
    }
    case 'DealLost': {
      leave(e, before, false);
      const row = add(e, before.stage, before.currency, event.data.reason);
      row.lost = 1;
      row.lost_amount = before.amount;
      return e.rows;
    }
    default: {
      const unexpected: never = event;
      throw new Error(`unexpected event ${JSON.stringify(unexpected)}`);
    }
  }
}
