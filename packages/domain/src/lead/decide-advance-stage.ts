import type { Decision } from './decision.js';
import type { DeciderSettings } from './decider-settings.js';
import type { AdvanceStage } from './lead-command.js';
import type { LeadState } from './lead-state.js';
import { isOpen, notOpen } from './open-lead.js';
import { reject } from './reject.js';
import { resolveOccurredAt } from './resolve-occurred-at.js';

/**
 * An open lead moves forward to a later open stage of its pipeline; skipping is allowed.
 * Won and lost are reached by `WinDeal` / `LoseDeal` only.
 */
export function decideAdvanceStage(
  command: AdvanceStage,
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
  if (target === undefined) {
    const detail = `stage ${command.toStage} does not exist in pipeline ${pipeline.id}`;
    return reject('invalid_transition', detail, 'toStage');
  }
  if (target.kind !== 'open') {
    const detail = `a lead becomes ${target.kind} by ${target.kind === 'won' ? 'win' : 'lose'}, not by advance`;
    return reject('invalid_transition', detail, 'toStage');
  }
  // A stage removed from the configuration counts as before every stage: the lead can move on.
  const from = ctx.pipelines.position(pipeline, state.stage) ?? 0;
  const to = ctx.pipelines.position(pipeline, target.id) ?? 0;
  if (to <= from) {
    const detail =
      to === from
        ? `lead ${state.leadId} is already in stage ${target.id}`
        : `a lead only moves forward: ${state.stage} → ${target.id} is backward`;
    return reject('invalid_transition', detail, 'toStage');
  }
  return {
    ok: true,
    events: [
      {
        type: 'StageAdvanced',
        data: { fromStage: state.stage, toStage: target.id },
        occurredAt: time.occurredAt,
        pipelineId: state.pipelineId,
      },
    ],
  };
}
