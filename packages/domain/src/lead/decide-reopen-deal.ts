import type { Decision } from './decision.js';
import type { DeciderSettings } from './decider-settings.js';
import type { ReopenDeal } from './lead-command.js';
import type { LeadState } from './lead-state.js';
import { reject } from './reject.js';
import { resolveOccurredAt } from './resolve-occurred-at.js';

/**
 * A won or lost deal is reopened into a named open stage of its pipeline (the customer came back,
 * or it was closed by mistake). Its close stops counting; the next close is its outcome.
 */
export function decideReopenDeal(
  command: ReopenDeal,
  state: LeadState,
  ctx: DeciderSettings,
): Decision {
  if (state.status === 'none') {
    return reject('lead_not_found', `lead ${command.leadId} does not exist`);
  }
  if (state.status === 'open') {
    return reject('lead_not_closed', `lead ${state.leadId} is open: only a closed deal reopens`);
  }
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
    const detail = `a deal reopens into an open stage; ${command.toStage} is not one of pipeline ${pipeline.id}`;
    return reject('invalid_transition', detail, 'toStage');
  }
  return {
    ok: true,
    events: [
      {
        type: 'DealReopened',
        data: { fromStage: state.stage, toStage: target.id },
        occurredAt: time.occurredAt,
        pipelineId: state.pipelineId,
      },
    ],
  };
}
