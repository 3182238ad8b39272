import type { LeadEvent } from '@dealflow/events';
import type { ParkedRecord, PositionedRecord } from './positioned-record.js';

/** Records sorted into what to fold, what to park and what to skip. */
export interface TriagedRecords {
  /** Decoded events to fold, in offset order. */
  events: LeadEvent[];
  /** The record of each event in `events` (same index). */
  sources: PositionedRecord[];
  /** Records that cannot be read, or whose lead already waits behind a parked event. */
  parked: ParkedRecord[];
  /** Of `parked`, the records of event types this projector does not know. */
  unknownTypes: number;
}

const keyText = (record: PositionedRecord): string | null =>
  record.raw.key === null ? null : record.raw.key.toString('utf8');

/** The lead a record belongs to: the envelope's, else its key. */
export const leadOf = (record: PositionedRecord): string | null =>
  record.result.ok ? record.result.event.leadId : keyText(record);

/**
 * Sorts decoded records (offset order) before the fold. A record that cannot be read is parked,
 * and so is every later record of a lead that has a parked event (from an earlier chunk,
 * `parkedLeads`, or earlier in this one): a lead's events never apply out of order. An event
 * type this projector does not know is parked too (counted apart): it takes a version of its
 * lead and may change what the lead's later events mean, so skipping it would make them gaps
 * or, worse, count them wrongly. Everything else keeps flowing, so a newer producer never
 * stops an older projector; once upgraded, ops retry the lead.
 */
export function triageRecords(
  records: readonly PositionedRecord[],
  parkedLeads: ReadonlySet<string>,
): TriagedRecords {
  const waiting = new Set(parkedLeads);
  const triaged: TriagedRecords = { events: [], sources: [], parked: [], unknownTypes: 0 };
  for (const record of records) {
    const { result } = record;
    if (result.ok) {
      const { leadId } = result.event;
      if (waiting.has(leadId)) {
        const error = `an earlier event of lead ${leadId} is parked`;
        triaged.parked.push({ record, leadId, code: 'blocked', error });
      } else {
        triaged.events.push(result.event);
        triaged.sources.push(record);
      }
    } else {
      if (result.error.code === 'unknown_type') triaged.unknownTypes += 1;
      const leadId = keyText(record);
      if (leadId !== null) waiting.add(leadId);
      triaged.parked.push({
        record,
        leadId,
        code: result.error.code,
        error: result.error.message,
      });
    }
  }
  return triaged;
}
