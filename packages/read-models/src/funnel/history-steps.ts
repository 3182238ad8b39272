import { TERMINAL_STAGE_IDS, type Pipeline, type PipelineCatalog } from '@dealflow/domain';
import type { LeadEvent, LeadEventOf } from '@dealflow/events';
import type { Lead } from '../read-model-schema.js';
import { fromCurrentStage, openPosition, park, type Delta, type Step } from './fold-step.js';
import { openStagesBetween } from './open-stage-ids.js';

const { won: WON, lost: LOST } = TERMINAL_STAGE_IDS;

/** The lead after entering open stage `stage` by `event` (furthest position `furthest`). */
export function entered(lead: Lead, event: LeadEvent, stage: string, furthest: number): Lead {
  const at = new Date(event.occurredAt);
  return {
    ...lead,
    stage,
    open_stage: stage,
    status: 'open',
    furthest_position: furthest,
    stage_entered_at: at,
    closed_at: null,
    version: event.version,
    last_occurred_at: at,
  };
}

/**
 * Entering open stage `stage` at `position`: touched and current there; reached is a set, so
 * only the stages beyond the furthest one reached so far count (skipped ones too).
 */
export function arrival(
  pipelines: PipelineCatalog,
  pipeline: Pipeline,
  lead: Lead,
  stage: string,
  position: number,
): Delta[] {
  const skipped = openStagesBetween(pipelines, pipeline, lead.furthest_position, position - 1);
  const first = position > lead.furthest_position ? 1 : 0;
  return [
    ...skipped.map((s): Delta => [s, { reached: 1 }]),
    [stage, { reached: first, touched: 1, current: 1 }],
  ];
}

export function movedBack(
  pipelines: PipelineCatalog,
  pipeline: Pipeline,
  lead: Lead,
  event: LeadEventOf<'StageMovedBack'>,
): Step {
  const refused = fromCurrentStage(pipelines, pipeline, lead, event);
  if (refused !== null) return refused;
  const { toStage } = event.data;
  const position = openPosition(pipelines, pipeline, toStage);
  if (typeof position !== 'number') return position;
  if (position >= (pipelines.position(pipeline, lead.stage) ?? 0)) {
    return park('invalid_transition', `lead ${lead.lead_id} cannot move back to ${toStage}`);
  }
  return {
    lead: entered(lead, event, toStage, lead.furthest_position),
    deltas: [
      [lead.stage, { current: -1 }],
      [toStage, { touched: 1, current: 1 }],
    ],
  };
}

/** A reopened deal: its close is taken back (latest outcome counts), it enters `toStage`. */
export function reopened(
  pipelines: PipelineCatalog,
  pipeline: Pipeline,
  lead: Lead,
  event: LeadEventOf<'DealReopened'>,
): Step {
  if (lead.status === 'open' || event.data.fromStage !== lead.stage) {
    const message = `DealReopened from ${event.data.fromStage} but lead ${lead.lead_id} is ${lead.stage}`;
    return park('invalid_transition', message);
  }
  const { toStage } = event.data;
  const position = openPosition(pipelines, pipeline, toStage);
  if (typeof position !== 'number') return position;
  const takenBack: Delta[] =
    lead.status === 'won'
      ? [[WON, { reached: -1, touched: -1 }]]
      : [
          [lead.open_stage, { lost: -1 }],
          [LOST, { reached: -1, touched: -1 }],
        ];
  return {
    lead: {
      ...entered(lead, event, toStage, Math.max(position, lead.furthest_position)),
      reason: null,
    },
    deltas: [...takenBack, ...arrival(pipelines, pipeline, lead, toStage, position)],
  };
}

/** An open lead's amount or owner changed: its place in the counters moves with it. */
export function changed(
  lead: Lead,
  event: LeadEventOf<'AmountChanged' | 'OwnerReassigned'>,
  patch: Partial<Pick<Lead, 'currency' | 'amount' | 'owner_id'>>,
): Step {
  if (lead.status !== 'open') {
    return park('invalid_transition', `${event.type} on ${lead.status} lead ${lead.lead_id}`);
  }
  const at = new Date(event.occurredAt);
  const after: Lead = { ...lead, ...patch, version: event.version, last_occurred_at: at };
  return {
    lead: after,
    deltas:
      after.owner_id === lead.owner_id
        ? []
        : [
            [lead.stage, { current: -1 }, lead],
            [lead.stage, { current: 1 }],
          ],
  };
}
