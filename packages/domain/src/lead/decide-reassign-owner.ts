import { OwnerReassignedData } from '@dealflow/events';
import { compact } from './compact.js';
import type { Decision } from './decision.js';
import type { DeciderSettings } from './decider-settings.js';
import type { ReassignOwner } from './lead-command.js';
import type { LeadState } from './lead-state.js';
import { isOpen, notOpen } from './open-lead.js';
import { reject } from './reject.js';
import { resolveOccurredAt } from './resolve-occurred-at.js';
import { validateData } from './validate-data.js';

/**
 * An open lead changes hands. A closed deal stays credited to the owner who closed it
 * (`lead_closed`): metrics by owner credit the owner at the moment of each event.
 */
export function decideReassignOwner(
  command: ReassignOwner,
  state: LeadState,
  ctx: DeciderSettings,
): Decision {
  if (!isOpen(state)) return notOpen(command, state);
  const data = validateData(
    OwnerReassignedData,
    compact({ ownerId: command.ownerId, previousOwnerId: state.ownerId ?? undefined }),
  );
  if (!data.ok) {
    return data;
  }
  if (command.ownerId === state.ownerId) {
    return reject(
      'invalid_transition',
      `lead ${state.leadId} is ${command.ownerId}'s already`,
      'ownerId',
    );
  }
  const time = resolveOccurredAt(command, state.lastOccurredAt, ctx.maxClockSkewMs);
  if (!time.ok) {
    return time;
  }
  return {
    ok: true,
    events: [
      {
        type: 'OwnerReassigned',
        data: data.data,
        occurredAt: time.occurredAt,
        pipelineId: state.pipelineId,
      },
    ],
  };
}
