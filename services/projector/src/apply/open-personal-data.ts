import { readLeadKeys, type Database } from '@dealflow/db';
import {
  openPersonalFields,
  PersonalDataError,
  type LeadEvent,
  type PersonalFields,
} from '@dealflow/events';
import type { Kysely } from 'kysely';

/** A chunk's personal fields, opened: per lead, and the events that could not be opened. */
export interface OpenedPersonalData {
  /** Name and company of each lead created in the chunk, opened (or `null` once erased). */
  cards: Map<string, PersonalFields>;
  /**
   * Index in the chunk → why that event cannot apply: its `LeadCreated` cannot be shown (the
   * key is lost, …), or it is a later event of such a lead (`blocked`, as the fold parks them).
   */
  refused: Map<number, { code: string; leadId: string; message: string }>;
}

/**
 * Opens the personal fields of a chunk's `LeadCreated` events with their leads' keys, read in
 * one query. A lead whose key is erased reads as erased; a sealed field whose key row is
 * missing (lost, never erased) or does not open is refused, naming the lead — the caller parks
 * it (live) or stops (rebuild); it is never shown as erased.
 */
export async function openPersonalData(
  db: Kysely<Database>,
  events: readonly LeadEvent[],
): Promise<OpenedPersonalData> {
  const created = events.flatMap((event, index) =>
    event.type === 'LeadCreated' ? [{ event, index }] : [],
  );
  const opened: OpenedPersonalData = { cards: new Map(), refused: new Map() };
  if (created.length === 0) return opened;
  const keys = await readLeadKeys(
    db,
    created.map(({ event }) => event.leadId),
  );
  for (const { event, index } of created) {
    try {
      const key = keys.get(event.leadId) ?? { kind: 'missing' };
      opened.cards.set(event.leadId, openPersonalFields(event.leadId, event.data, key));
    } catch (err) {
      if (!(err instanceof PersonalDataError)) throw err;
      opened.refused.set(index, err);
    }
  }
  const stopped = new Map([...opened.refused].map(([index, why]) => [why.leadId, index]));
  events.forEach((event, index) => {
    const from = stopped.get(event.leadId);
    if (from === undefined || index <= from) return;
    const message = `an earlier event of lead ${event.leadId} is parked`;
    opened.refused.set(index, { code: 'blocked', leadId: event.leadId, message });
  });
  return opened;
}
