import type { LeadEvent } from '@dealflow/events';
import { evolve } from './evolve.js';
import { initialState, type LeadState } from './lead-state.js';

/** The state of a lead after its events, in version order. */
export function foldLead(events: readonly LeadEvent[]): LeadState {
  return events.reduce(evolve, initialState());
}
