import { TERMINAL_STAGE_IDS, type Pipeline, type PipelineCatalog } from '@dealflow/domain';
import type { LeadEvent, LeadEventOf } from '@dealflow/events';
import type { MetricEventDelta } from '../metrics/metric-counters.js';
import { metricEventDeltas } from '../metrics/metric-event-deltas.js';
import { openStageIds, openStagesBetween } from './open-stage-ids.js';
import type { FunnelDaily, Lead } from '../read-model-schema.js';

/** Why an event cannot be applied now; it is parked and its lead's later events wait behind it. */
export type ParkCode =
  /** Its version is beyond the lead's next one, or the lead is unknown and it is no LeadCreated. */
  | 'gap'
  /** It names a stage (or pipeline) the catalog does not know. */
  | 'unknown_stage'
  /** A move the decider forbids: backwards, from another stage, on a closed lead. */
  | 'invalid_transition'
  /** An earlier event of the same lead was parked in this batch. */
  | 'blocked';

/** What the fold did with one event. */
export type FoldOutcome =
  | { kind: 'applied' }
  /** Version ≤ the lead's stored version: already applied, skipped (at-least-once delivery). */
  | { kind: 'duplicate' }
  | { kind: 'parked'; code: ParkCode; message: string };

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

type Counters = Pick<FunnelDaily, 'reached' | 'touched' | 'current' | 'lost'>;
type Step = { lead: Lead; deltas: [stage: string, counters: Partial<Counters>][] } | FoldOutcome;

const park = (code: ParkCode, message: string): FoldOutcome => ({ kind: 'parked', code, message });
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
 *   one reached up to b (skipped stages count as reached); touched +1 at b only.
 * - DealWon from a: current a −1; reached +1 for every open stage not yet reached (a won lead
 *   reached every open stage); reached, touched +1 on the won row.
 * - DealLost at a: current a −1, lost a +1; reached, touched +1 on the lost row.
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
    for (const [stage, counters] of step.deltas) addDelta(sums, step.lead, stage, counters);
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
    case 'DealReopened':
    case 'AmountChanged':
    case 'OwnerReassigned':
      return park('invalid_transition', `${event.type} is not folded by this read-model version`);
    default: {
      const unexpected: never = event;
      return park('invalid_transition', `unexpected event ${JSON.stringify(unexpected)}`);
    }
  }
}

function openPosition(pipelines: PipelineCatalog, pipeline: Pipeline, stageId: string) {
  const stage = pipelines.stage(pipeline, stageId);
  if (stage === undefined) {
    return park('unknown_stage', `stage ${stageId} is not in pipeline ${pipeline.id}`);
  }
  const position = pipelines.position(pipeline, stageId);
  if (stage.kind !== 'open' || position === undefined) {
    return park('invalid_transition', `stage ${stageId} of pipeline ${pipeline.id} is not open`);
  }
  return position;
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
      ...reached.map((stage): [string, Partial<Counters>] => [stage, { reached: 1 }]),
      [event.data.stage, { reached: 1, touched: 1, current: 1 }],
    ],
  };
}

/** Checks that an event leaves the lead's current open stage; `null` when it does. */
function fromCurrentStage(
  pipelines: PipelineCatalog,
  pipeline: Pipeline,
  lead: Lead,
  event: LeadEventOf<'StageAdvanced' | 'DealWon' | 'DealLost'>,
): FoldOutcome | null {
  if (lead.status !== 'open') {
    return park('invalid_transition', `${event.type} on ${lead.status} lead ${lead.lead_id}`);
  }
  const { fromStage } = event.data;
  if (pipelines.stage(pipeline, fromStage) === undefined) {
    return park('unknown_stage', `stage ${fromStage} is not in pipeline ${pipeline.id}`);
  }
  if (fromStage !== lead.stage) {
    const message = `${event.type} from ${fromStage} but lead ${lead.lead_id} is at ${lead.stage}`;
    return park('invalid_transition', message);
  }
  return null;
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
  if (position <= lead.furthest_position) {
    return park('invalid_transition', `lead ${lead.lead_id} cannot move back to ${toStage}`);
  }
  const at = new Date(event.occurredAt);
  const skipped = openStagesBetween(pipelines, pipeline, lead.furthest_position, position - 1);
  return {
    lead: {
      ...lead,
      stage: toStage,
      open_stage: toStage,
      furthest_position: position,
      stage_entered_at: at,
      version: event.version,
      last_occurred_at: at,
    },
    deltas: [
      [lead.stage, { current: -1 }],
      ...skipped.map((stage): [string, Partial<Counters>] => [stage, { reached: 1 }]),
      [toStage, { reached: 1, touched: 1, current: 1 }],
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
        ...notYetReached.map((stage): [string, Partial<Counters>] => [stage, { reached: 1 }]),
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
