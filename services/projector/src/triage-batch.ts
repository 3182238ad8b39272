import type { LeadEvent } from '@dealflow/events';
import type { ConsumedMessage, DecodedMessage } from '@dealflow/kafka';
import type { ParkedRecord } from './park-records.js';

/** A batch sorted into what to fold, what to park and what to skip. */
export interface TriagedBatch {
  /** Decoded events to fold, in offset order. */
  events: LeadEvent[];
  /** The record of each event in `events` (same index). */
  sources: ConsumedMessage[];
  /** Records that cannot be read, or whose lead already waits behind a parked event. */
  parked: ParkedRecord[];
  /** Of `parked`, the records of event types this projector does not know. */
  unknownTypes: number;
}

const keyText = (key: Buffer | null): string | null => (key === null ? null : key.toString('utf8'));

/**
 * Sorts decoded records (offset order) before the fold. A record that cannot be read is parked,
 * and so is every later record of a lead that has a parked event (from an earlier batch,
 * `parkedLeads`, or earlier in this one): a lead's events never apply out of order. An event
 * type this projector does not know is parked too (counted apart): it takes a version of its
 * lead and may change what the lead's later events mean, so skipping it would make them gaps
 * or, worse, count them wrongly. Everything else keeps flowing, so a newer producer never
 * stops an older projector; once upgraded, ops retry the lead.
 */
export function triageBatch(
  decoded: readonly DecodedMessage[],
  parkedLeads: ReadonlySet<string>,
): TriagedBatch {
  const waiting = new Set(parkedLeads);
  const triaged: TriagedBatch = { events: [], sources: [], parked: [], unknownTypes: 0 };
  for (const { result, raw } of decoded) {
    if (result.ok) {
      const { leadId } = result.event;
      if (waiting.has(leadId)) {
        const error = `an earlier event of lead ${leadId} is parked`;
        triaged.parked.push({ message: raw, leadId, code: 'blocked', error });
      } else {
        triaged.events.push(result.event);
        triaged.sources.push(raw);
      }
    } else {
      if (result.error.code === 'unknown_type') triaged.unknownTypes += 1;
      const leadId = keyText(raw.key);
      if (leadId !== null) waiting.add(leadId);
      triaged.parked.push({
        message: raw,
        leadId,
        code: result.error.code,
        error: result.error.message,
      });
    }
  }
  return triaged;
}
