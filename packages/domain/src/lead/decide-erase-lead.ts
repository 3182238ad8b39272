import { DEFAULT_MAX_CLOCK_SKEW_MS } from './decider-context.js';
import type { Decision } from './decision.js';
import type { EraseLead } from './lead-command.js';
import type { LeadState } from './lead-state.js';
import { reject } from './reject.js';
import { resolveOccurredAt } from './resolve-occurred-at.js';

/**
 * Erases a lead's personal data: any existing lead, open, won or lost (`lead_not_found`
 * otherwise), once (`already_erased`). The event carries nothing personal; the write deletes the
 * key. Its time is the server's (never before the lead's last event): erasure is not business
 * activity, so it moves no metric and no later command depends on it — an erased lead still
 * advances, closes and reopens, so the numbers keep working.
 */
export function decideEraseLead(command: EraseLead, state: LeadState): Decision {
  if (state.status === 'none') {
    return reject('lead_not_found', `lead ${command.leadId} does not exist`);
  }
  if (state.erasedAt !== null) {
    return reject('already_erased', `lead ${state.leadId} was erased at ${state.erasedAt}`);
  }
  const time = resolveOccurredAt(
    { now: command.now },
    state.lastOccurredAt,
    DEFAULT_MAX_CLOCK_SKEW_MS,
  );
  if (!time.ok) {
    return time;
  }
  return {
    ok: true,
    events: [
      { type: 'LeadErased', data: {}, occurredAt: time.occurredAt, pipelineId: state.pipelineId },
    ],
  };
}
