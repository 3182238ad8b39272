import { AmountChangedData } from '@dealflow/events';
import type { Decision } from './decision.js';
import type { DeciderSettings } from './decider-settings.js';
import type { ChangeAmount } from './lead-command.js';
import type { LeadState } from './lead-state.js';
import { isOpen, notOpen } from './open-lead.js';
import { reject } from './reject.js';
import { resolveOccurredAt } from './resolve-occurred-at.js';
import { validateData } from './validate-data.js';

/**
 * The expected amount of an open lead changes as negotiation goes on: its value, its currency or
 * both. A closed deal keeps the amount it closed at (`lead_closed`); reopen it first.
 */
export function decideChangeAmount(
  command: ChangeAmount,
  state: LeadState,
  ctx: DeciderSettings,
): Decision {
  if (!isOpen(state)) return notOpen(command, state);
  const data = validateData(AmountChangedData, {
    amount: command.amount,
    previousAmount: state.amount,
  });
  if (!data.ok) {
    return data;
  }
  const { amount, previousAmount } = data.data;
  if (amount.value === previousAmount.value && amount.currency === previousAmount.currency) {
    const detail = `the amount is already ${amount.value} ${amount.currency}`;
    return reject('invalid_transition', detail, 'amount');
  }
  const time = resolveOccurredAt(command, state.lastOccurredAt, ctx.maxClockSkewMs);
  if (!time.ok) {
    return time;
  }
  return {
    ok: true,
    events: [
      {
        type: 'AmountChanged',
        data: data.data,
        occurredAt: time.occurredAt,
        pipelineId: state.pipelineId,
      },
    ],
  };
}
