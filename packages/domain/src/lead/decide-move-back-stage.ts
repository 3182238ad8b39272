import type { Decision } from './decision.js';
import type { DeciderSettings } from './decider-settings.js';
import type { MoveBackStage } from './lead-command.js';
import type { LeadState } from './lead-state.js';
import { isOpen, notOpen } from './open-lead.js';
import { reject } from './reject.js';
import { resolveOccurredAt } from './resolve-occurred-at.js';

/**
 * An open lead moves back to an earlier open stage of its pipeline (the proposal was premature:
 * back to demo). Forward moves stay `AdvanceStage`'s; a closed deal comes back by `ReopenDeal`.
 */
export function decideMoveBackStage(
  command: MoveBackStage,
  state: LeadState,
  ctx: DeciderSettings,
): Decision {
  if (!isOpen(state)) return notOpen(command, state);
  const time = resolveOccurredAt(command, state.lastOccurredAt, ctx.maxClockSkewMs);
  if (!time.ok) {
    return time;
  }
  const pipeline = ctx.pipelines.get(state.pipelineId);
  if (pipeline === undefined) {
    return reject('invalid_transition', `pipeline ${state.pipelineId} is not configured`);
  }
  const target = ctx.pipelines.stage(pipeline, command.toStage);
  if (target === undefined || target.kind !== 'open') {
    const detail = `${command.toStage} is not an open stage of pipeline ${pipeline.id}`;
    return reject('invalid_transition', detail, 'toStage');
  }
  const from = ctx.pipelines.position(pipeline, state.stage);
  if (from === undefined) {
    const detail = `stage ${state.stage} was removed from pipeline ${pipeline.id}: nothing lies before it`;
    return reject('invalid_transition', detail, 'toStage');
  }
  const to = ctx.pipelines.position(pipeline, target.id) ?? 0;
  if (to >= from) {
    const detail =
      to === from
        ? `lead ${state.leadId} is already in stage ${target.id}`
        : `move back goes to an earlier stage: ${state.stage} → ${target.id} is forward (advance)`;
    return reject('invalid_transition', detail, 'toStage');
  }
  return {
    ok: true,
    events: [
      {
        type: 'StageMovedBack',
        data: { fromStage: state.stage, toStage: target.id },
        occurredAt: time.occurredAt,
        pipelineId: state.pipelineId,
      },
    ],
  };
}
