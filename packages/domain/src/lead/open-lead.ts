import type { Decision } from './decision.js';
import type { LeadSnapshot, LeadState } from './lead-state.js';
import { reject } from './reject.js';

/** A lead whose deal is still open: what every command but create and reopen needs. */
export type OpenLead = LeadSnapshot & { status: 'open' };

/** Whether the lead exists and its deal is open. */
export const isOpen = (state: LeadState): state is OpenLead => state.status === 'open';

/**
 * The refusal of a command that needs an open lead, for a lead that is not: `lead_not_found`
 * when it does not exist, `lead_closed` when it is won or lost.
 *
 * @example if (!isOpen(state)) return notOpen(command, state);
 */
export function notOpen(command: { leadId: string }, state: LeadState): Decision & { ok: false } {
  return state.status === 'none'
    ? reject('lead_not_found', `lead ${command.leadId} does not exist`)
    : reject('lead_closed', `lead ${state.leadId} is ${state.status}`);
}
