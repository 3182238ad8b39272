import { TERMINAL_STAGE_IDS, type Pipeline, type PipelineCatalog } from '@dealflow/domain';
import type { LeadEvent, LeadEventOf } from '@dealflow/events';
import type { MetricEventDelta } from '../metrics/metric-counters.js';
import { metricEventDeltas } from '../metrics/metric-event-deltas.js';
import {
  fromCurrentStage,
  openPosition,
  park,
  type Counters,
  type Delta,
  type FoldOutcome,
  type ParkCode,
  type Step,
} from './fold-step.js';
import { arrival, changed, entered, movedBack, reopened } from './history-steps.js';
import { openStageIds, openStagesBetween } from './open-stage-ids.js';
import type { FunnelDaily, Lead } from '../read-model-schema.js';

export type { FoldOutcome, ParkCode };

/** Input of {@link foldFunnel}. */
export interface FunnelFoldInput {
  pipelines: PipelineCatalog;
  /** The stored rows of (at least) every lead the events touch; absent = unknown lead. */
  leads: ReadonlyMap<string, Lead>;
  /** The batch's decoded events, in offset order (per lead: version order). */
  events: readonly LeadEvent[];
}

/** Output of {@link foldFunnel}: what to write, and what happened to each event. */
export interface FunnelFoldResult {
  /** The new state of every lead an event changed, one row per lead. */
  leads: Lead[];
  /** Counter deltas summed per funnel_daily key; keys whose deltas cancel out are left out. */
  deltas: FunnelDaily[];
  /** The metric rows of every applied event (`metric_events`, summed into the daily tables). */
  metricEvents: MetricEventDelta[];
  /** One outcome per input event, same order. */
  outcomes: FoldOutcome[];
}

// One object each: a batch has as many outcomes as events, and these carry nothing else.
const APPLIED: FoldOutcome = Object.freeze({ kind: 'applied' });
const DUPLICATE: FoldOutcome = Object.freeze({ kind: 'duplicate' });
const { won: WON, lost: LOST } = TERMINAL_STAGE_IDS;

/**
 * Folds one batch of events into lead rows and funnel_daily deltas — pure, no I/O, so a batch
 * of any size costs a few set-based statements to write (see `applyFunnelBatch`).
 *
 * Counter semantics (DESIGN.md "The numbers", `FunnelDailyRow`), per the lead's cohort
 * (UTC day of its LeadCreated), pipeline, owner and source:
 * - LeadCreated at s: reached +1 for s and every open stage before it; touched, current +1 at s.
 * - StageAdvanced a→b: current a −1, b +1; reached +1 for every open stage after the furthest
 *   one reached up to b (skipped stages count as reached; reached is a set, so a stage reached
 *   before a move back does not count again); touched +1 at b only.
 * - StageMovedBack a→b: current a −1, b +1; touched +1 at b (each entry); reached unchanged.
 * - DealWon from a: current a −1; reached +1 for every open stage not yet reached (a won lead
 *   reached every open stage); reached, touched +1 on the won row.
 * - DealLost at a: current a −1, lost a +1; reached, touched +1 on the lost row.
 * - DealReopened into b: the close is taken back (won row −1, or lost at a −1 and lost row −1),
 *   then b is entered as by StageAdvanced (reached only beyond the furthest stage).
 * - OwnerReassigned: current moves from the old owner's row to the new one's (attribution at
 *   the moment of each event); AmountChanged changes no funnel counter.
 * - LeadErased: nothing but the lead's version (personal data lives in the lead list only).
 *
 * Idempotent by the per-lead version: an event at or below the stored version is a duplicate
 * and changes nothing, so a redelivered batch or a relay republish leaves the numbers as they
 * were. A lead's events in one batch fold in sequence; once one is parked, the lead's later
 * events of the batch are parked as `blocked` (per-lead order is never broken).
 *
 * @example
 * const { leads, deltas, outcomes } = foldFunnel({ pipelines, leads: stored, events });
 */
export function foldFunnel(input: FunnelFoldInput): FunnelFoldResult {
  // The batch's new lead states, read before the stored ones (never copied: `leads` may be large).
  const state = new Map<string, Lead>();
  const parkedLeads = new Set<string>();
  const sums = new Map<string, FunnelDaily>();
  const metricEvents: MetricEventDelta[] = [];

  const outcomes = input.events.map((event): FoldOutcome => {
    const stored = state.get(event.leadId) ?? input.leads.get(event.leadId);
    if (stored !== undefined && event.version <= stored.version) return DUPLICATE;
    const step = parkedLeads.has(event.leadId)
      ? park('blocked', `an earlier event of lead ${event.leadId} is parked`)
      : stepOf(input.pipelines, stored, event);
    if ('kind' in step) {
      if (step.kind === 'parked') parkedLeads.add(event.leadId);
      return step;
    }
    state.set(event.leadId, step.lead);
    for (const row of metricEventDeltas(input.pipelines, stored, step.lead, event)) {
      metricEvents.push(row);
    }
    for (const [stage, counters, keyedBy] of step.deltas) {
      addDelta(sums, keyedBy ?? step.lead, stage, counters);
    }
    return APPLIED;
  });

  const leads = [...state.values()];
  const deltas = [...sums.values()].filter(
    (d) => d.reached !== 0 || d.touched !== 0 || d.current !== 0 || d.lost !== 0,
  );
  return { leads, deltas, metricEvents, outcomes };
}

function addDelta(
  sums: Map<string, FunnelDaily>,
  lead: Lead,
  stage: string,
  counters: Partial<Counters>,
): void {
  // NUL cannot occur in a value Postgres stores as text, so the joined key is unambiguous.
  const key = `${lead.pipeline_id}\0${lead.cohort_day}\0${stage}\0${lead.owner_id}\0${lead.source}`;
  let row = sums.get(key);
  if (row === undefined) {
    row = {
      pipeline_id: lead.pipeline_id,
      cohort_day: lead.cohort_day,
      stage,
      owner_id: lead.owner_id,
      source: lead.source,
      reached: 0,
      touched: 0,
      current: 0,
      lost: 0,
    };
    sums.set(key, row);
  }
  row.reached += counters.reached ?? 0;
  row.touched += counters.touched ?? 0;
  row.current += counters.current ?? 0;
  row.lost += counters.lost ?? 0;
}

function stepOf(pipelines: PipelineCatalog, lead: Lead | undefined, event: LeadEvent): Step {
  if (lead === undefined) {
    return event.type === 'LeadCreated'
      ? created(pipelines, event)
      : park('gap', `${event.type} v${event.version} of unknown lead ${event.leadId}`);
  }
  if (event.version > lead.version + 1) {
    return park('gap', `v${event.version} of lead ${lead.lead_id} follows stored v${lead.version}`);
  }
  const pipeline = pipelines.get(lead.pipeline_id);
  if (pipeline === undefined) return park('unknown_stage', `unknown pipeline ${lead.pipeline_id}`);
  switch (event.type) {
    case 'LeadCreated':
      return park('invalid_transition', `lead ${lead.lead_id} exists already`);
    case 'StageAdvanced':
      return advanced(pipelines, pipeline, lead, event);
    case 'DealWon':
      return closed(pipelines, pipeline, lead, event);
    case 'DealLost':
      return closed(pipelines, pipeline, lead, event);
    case 'StageMovedBack':
      return movedBack(pipelines, pipeline, lead, event);
    case 'DealReopened':
      return reopened(pipelines, pipeline, lead, event);
    case 'AmountChanged':
      return changed(lead, event, {
        currency: event.data.amount.currency,
        amount: event.data.amount.value,
      });
    case 'OwnerReassigned':
      return changed(lead, event, { owner_id: event.data.ownerId });
    case 'LeadErased':
      // Personal data only: no counter moves, and it is no activity (`last_occurred_at` stays).
      return { lead: { ...lead, version: event.version }, deltas: [] };
    default: {
      const unexpected: never = event;
      return park('invalid_transition', `unexpected event ${JSON.stringify(unexpected)}`);
    }
  }
}

function created(pipelines: PipelineCatalog, event: LeadEventOf<'LeadCreated'>): Step {
  const pipeline = pipelines.get(event.pipelineId);
  if (pipeline === undefined) return park('unknown_stage', `unknown pipeline ${event.pipelineId}`);
  const position = openPosition(pipelines, pipeline, event.data.stage);
  if (typeof position !== 'number') return position;
  const at = new Date(event.occurredAt);
  const lead: Lead = {
    lead_id: event.leadId,
    pipeline_id: pipeline.id,
    owner_id: event.data.ownerId ?? '',
    source: event.data.source ?? '',
    created_at: at,
    cohort_day: at.toISOString().slice(0, 10),
    stage: event.data.stage,
    open_stage: event.data.stage,
    furthest_position: position,
    status: 'open',
    currency: event.data.amount.currency,
    amount: event.data.amount.value,
    stage_entered_at: at,
    closed_at: null,
    reason: null,
    version: event.version,
    last_occurred_at: at,
  };
  const reached = openStagesBetween(pipelines, pipeline, 0, position - 1);
  return {
    lead,
    deltas: [
      ...reached.map((stage): Delta => [stage, { reached: 1 }]),
      [event.data.stage, { reached: 1, touched: 1, current: 1 }],
    ],
  };
}

function advanced(
  pipelines: PipelineCatalog,
  pipeline: Pipeline,
  lead: Lead,
  event: LeadEventOf<'StageAdvanced'>,
): Step {
  const refused = fromCurrentStage(pipelines, pipeline, lead, event);
  if (refused !== null) return refused;
  const { toStage } = event.data;
  const position = openPosition(pipelines, pipeline, toStage);
  if (typeof position !== 'number') return position;
  if (position <= (pipelines.position(pipeline, lead.stage) ?? 0)) {
    return park('invalid_transition', `lead ${lead.lead_id} cannot advance back to ${toStage}`);
  }
  return {
    lead: entered(lead, event, toStage, Math.max(position, lead.furthest_position)),
    deltas: [
      [lead.stage, { current: -1 }],
      ...arrival(pipelines, pipeline, lead, toStage, position),
    ],
  };
}

function closed(
  pipelines: PipelineCatalog,
  pipeline: Pipeline,
  lead: Lead,
  event: LeadEventOf<'DealWon' | 'DealLost'>,
): Step {
  const refused = fromCurrentStage(pipelines, pipeline, lead, event);
  if (refused !== null) return refused;
  const at = new Date(event.occurredAt);
  const base: Lead = {
    ...lead,
    stage_entered_at: at,
    closed_at: at,
    version: event.version,
    last_occurred_at: at,
  };
  if (event.type === 'DealWon') {
    const notYetReached = openStagesBetween(pipelines, pipeline, lead.furthest_position, Infinity);
    return {
      lead: {
        ...base,
        stage: WON,
        status: 'won',
        furthest_position: openStageIds(pipelines, pipeline).length,
        currency: event.data.amount.currency,
        amount: event.data.amount.value,
        reason: event.data.reason ?? null,
      },
      deltas: [
        [lead.stage, { current: -1 }],
        ...notYetReached.map((stage): Delta => [stage, { reached: 1 }]),
        [WON, { reached: 1, touched: 1 }],
      ],
    };
  }
  return {
    lead: { ...base, stage: LOST, status: 'lost', reason: event.data.reason },
    deltas: [
      [lead.stage, { current: -1, lost: 1 }],
      [LOST, { reached: 1, touched: 1 }],
    ],
  };
}
