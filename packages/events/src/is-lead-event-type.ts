import { EVENT_TYPES, type LeadEventType } from './event-types.js';

const known: ReadonlySet<string> = new Set(EVENT_TYPES);

/** Whether `type` names an event this version of the contract knows. */
export function isLeadEventType(type: string): type is LeadEventType {
  return known.has(type);
}
