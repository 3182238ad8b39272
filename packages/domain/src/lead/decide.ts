import { decideAdvanceStage } from './decide-advance-stage.js';
import { decideChangeAmount } from './decide-change-amount.js';
import { decideCreateLead } from './decide-create-lead.js';
import { decideEraseLead } from './decide-erase-lead.js';
import { decideLoseDeal } from './decide-lose-deal.js';
import { decideMoveBackStage } from './decide-move-back-stage.js';
import { decideReassignOwner } from './decide-reassign-owner.js';
import { decideReopenDeal } from './decide-reopen-deal.js';
import { decideWinDeal } from './decide-win-deal.js';
import { DEFAULT_MAX_CLOCK_SKEW_MS, type DeciderContext } from './decider-context.js';
import type { Decision } from './decision.js';
import type { LeadCommand } from './lead-command.js';
import type { LeadState } from './lead-state.js';

/**
 * Decides a command against a lead's state: the events to append, or a rejection with a stable
 * code. Pure and deterministic — time arrives in the command. Checks run in this order: the
 * lead's existence and status, then the inputs (`validation_error`), then the transition rules
 * (`invalid_transition`).
 *
 * @example
 * const decision = decide(
 *   { type: 'AdvanceStage', leadId: 'l-1', toStage: 'demo', now: '2025-03-01T10:00:00.000Z' },
 *   foldLead(events),
 *   { pipelines: loadPipelines() },
 * );
 */
export function decide(command: LeadCommand, state: LeadState, ctx: DeciderContext): Decision {
  const settings = {
    pipelines: ctx.pipelines,
    maxClockSkewMs: ctx.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS,
  };
  switch (command.type) {
    case 'CreateLead':
      return decideCreateLead(command, state, settings);
    case 'AdvanceStage':
      return decideAdvanceStage(command, state, settings);
    case 'WinDeal':
      return decideWinDeal(command, state, settings);
    case 'LoseDeal':
      return decideLoseDeal(command, state, settings);
    case 'MoveBackStage':
      return decideMoveBackStage(command, state, settings);
    case 'ReopenDeal':
      return decideReopenDeal(command, state, settings);
    case 'ChangeAmount':
      return decideChangeAmount(command, state, settings);
    case 'ReassignOwner':
      return decideReassignOwner(command, state, settings);
    case 'EraseLead':
      return decideEraseLead(command, state);
    default: {
      const unhandled: never = command;
      throw new TypeError(`unknown command ${JSON.stringify(unhandled)}`);
    }
  }
}
