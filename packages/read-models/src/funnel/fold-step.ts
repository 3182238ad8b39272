/** The pieces every step of the funnel fold (`fold.ts`, `history-steps.ts`) shares. */
import type { Pipeline, PipelineCatalog } from '@dealflow/domain';
import type { LeadEventOf } from '@dealflow/events';
import type { FunnelDaily, Lead } from '../read-model-schema.js';

/** Why an event cannot be applied now; it is parked and its lead's later events wait behind it. */
export type ParkCode =
  /** Its version is beyond the lead's next one, or the lead is unknown and it is no LeadCreated. */
  | 'gap'
  /** It names a stage (or pipeline) the catalog does not know. */
  | 'unknown_stage'
  /** A move the decider forbids: an advance backwards, from another stage, on a closed lead. */
  | 'invalid_transition'
  /** An earlier event of the same lead was parked in this batch. */
  | 'blocked';

/** What the fold did with one event. */
export type FoldOutcome =
  | { kind: 'applied' }
  /** Version ≤ the lead's stored version: already applied, skipped (at-least-once delivery). */
  | { kind: 'duplicate' }
  | { kind: 'parked'; code: ParkCode; message: string };

/** The counters of a funnel_daily row. */
export type Counters = Pick<FunnelDaily, 'reached' | 'touched' | 'current' | 'lost'>;
/** A counter delta on a stage, keyed by the lead after the event unless `keyedBy` names another. */
export type Delta = [stage: string, counters: Partial<Counters>, keyedBy?: Lead];
/** What one event makes of a lead: its new row and deltas, or why it is not applied. */
export type Step = { lead: Lead; deltas: Delta[] } | FoldOutcome;

/** A parked outcome: the event waits, with its reason. */
export const park = (code: ParkCode, message: string): FoldOutcome => ({
  kind: 'parked',
  code,
  message,
});
/** The 1-based position of open stage `stageId`, or why the event is parked. */
export function openPosition(pipelines: PipelineCatalog, pipeline: Pipeline, stageId: string) {
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

/** Checks that an event leaves the lead's current open stage; `null` when it does. */
export function fromCurrentStage(
  pipelines: PipelineCatalog,
  pipeline: Pipeline,
  lead: Lead,
  event: LeadEventOf<'StageAdvanced' | 'StageMovedBack' | 'DealWon' | 'DealLost'>,
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
