import { DealWonData } from '@dealflow/events';
import { compact } from './compact.js';
import type { Decision } from './decision.js';
import type { DeciderSettings } from './decider-settings.js';
import type { WinDeal } from './lead-command.js';
import type { LeadState } from './lead-state.js';
import { isOpen, notOpen } from './open-lead.js';
import { reject } from './reject.js';
import { resolveOccurredAt } from './resolve-occurred-at.js';
import { validateData } from './validate-data.js';

/**
 * An open lead is won, at the given final amount or else its current one. The currency stays
 * the lead's: per-currency metrics assume one currency per lead.
 */
export function decideWinDeal(command: WinDeal, state: LeadState, ctx: DeciderSettings): Decision {
  if (!isOpen(state)) return notOpen(command, state);
  const amount = command.amount ?? state.amount;
  const data = validateData(
    DealWonData,
    compact({ amount, reason: command.reason, fromStage: state.stage }),
  );
  if (!data.ok) {
    return data;
  }
  if (amount.currency !== state.amount.currency) {
    const detail = `the final amount must be in the lead's currency ${state.amount.currency}`;
    return reject('validation_error', detail, 'amount.currency');
  }
  const time = resolveOccurredAt(command, state.lastOccurredAt, ctx.maxClockSkewMs);
  if (!time.ok) {
    return time;
  }
  return {
    ok: true,
    events: [
      {
        type: 'DealWon',
        data: data.data,
        occurredAt: time.occurredAt,
        pipelineId: state.pipelineId,
      },
    ],
  };
}
