import { DealLostData } from '@dealflow/events';
import { compact } from './compact.js';
import type { Decision } from './decision.js';
import type { DeciderSettings } from './decider-settings.js';
import type { LoseDeal } from './lead-command.js';
import type { LeadState } from './lead-state.js';
import { isOpen, notOpen } from './open-lead.js';
import { reject } from './reject.js';
import { resolveOccurredAt } from './resolve-occurred-at.js';
import { validateData } from './validate-data.js';

/** An open lead is lost, for one of its pipeline's lost reasons, at the stage it is in. */
export function decideLoseDeal(
  command: LoseDeal,
  state: LeadState,
  ctx: DeciderSettings,
): Decision {
  if (!isOpen(state)) return notOpen(command, state);
  const data = validateData(
    DealLostData,
    compact({ reason: command.reason, note: command.note, fromStage: state.stage }),
  );
  if (!data.ok) {
    return data;
  }
  const pipeline = ctx.pipelines.get(state.pipelineId);
  if (pipeline === undefined) {
    return reject('invalid_transition', `pipeline ${state.pipelineId} is not configured`);
  }
  if (!pipeline.lostReasons.includes(command.reason)) {
    const detail = `reason must be one of ${pipeline.lostReasons.join(', ')}`;
    return reject('validation_error', detail, 'reason');
  }
  const time = resolveOccurredAt(command, state.lastOccurredAt, ctx.maxClockSkewMs);
  if (!time.ok) {
    return time;
  }
  return {
    ok: true,
    events: [
      {
        type: 'DealLost',
        data: data.data,
        occurredAt: time.occurredAt,
        pipelineId: state.pipelineId,
      },
    ],
  };
}
