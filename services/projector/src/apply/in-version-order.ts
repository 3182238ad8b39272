import type { Database } from '@dealflow/db';
import { decodeEvent, type LeadEvent } from '@dealflow/events';
import { parkedRowsOfLeads } from '@dealflow/read-models';
import type { Kysely } from 'kysely';
import type { PositionedRecord } from './positioned-record.js';

/**
 * What ops retried in the live version, for a rebuild to reproduce: a record the live
 * projector parked (a version that arrived before its predecessor, the events waiting behind
 * it) and ops later applied in version order. Replaying the topic meets the same records in
 * the same order, so the rebuild parks them too — and then does what the retry did.
 */
export interface ReplayRetried {
  /** The retried records, by `recordKey`: parking one of them is expected, not poison. */
  records: ReadonlySet<string>;
  /** Their leads: whose parked events fold again, in version order, with the lead's next records. */
  leads: ReadonlySet<string>;
}

/** A lead's parked event taken back into a chunk's fold. */
export interface Unparked {
  id: number;
  event: LeadEvent;
}

/**
 * The readable parked events of those `parkedLeads` that are replay leads, oldest version
 * first; their leads no longer wait (`waiting` keeps the others).
 */
export async function unparkReplayLeads(
  db: Kysely<Database>,
  version: number,
  parkedLeads: ReadonlySet<string>,
  replay: ReplayRetried,
): Promise<{ unparked: Unparked[]; waiting: Set<string> }> {
  const leads = [...parkedLeads].filter((id) => replay.leads.has(id));
  const waiting = new Set([...parkedLeads].filter((id) => !replay.leads.has(id)));
  if (leads.length === 0) return { unparked: [], waiting };
  const rows = await parkedRowsOfLeads(db, version, leads);
  const unparked: Unparked[] = [];
  for (const row of rows) {
    const result = decodeEvent({ key: row.key, value: row.value, headers: row.headers });
    if (result.ok) unparked.push({ id: Number(row.id), event: result.event });
    // An unreadable one keeps its lead waiting: nothing of the lead applies past it.
    else if (row.lead_id !== null) waiting.add(row.lead_id);
  }
  return {
    unparked: unparked.filter((u) => !waiting.has(u.event.leadId)),
    waiting,
  };
}

/** An event to fold and where it came from: a source's record, or a parked row (its id). */
export interface FoldItem {
  event: LeadEvent;
  source: PositionedRecord | number;
}

/**
 * The chunk's events with the unparked ones put back, each of `replayLeads`' events in version
 * order: they take the lead's places in the chunk (the unparked ones in front), so other
 * leads keep their order and the fold sees every lead's events as its retry would have.
 */
export function inVersionOrder(
  events: readonly LeadEvent[],
  sources: readonly PositionedRecord[],
  unparked: readonly Unparked[],
  replayLeads: ReadonlySet<string>,
): FoldItem[] {
  const items: FoldItem[] = [
    ...unparked.map((u) => ({ event: u.event, source: u.id })),
    ...events.map((event, i): FoldItem => {
      const source = sources[i];
      if (source === undefined) throw new Error('every event needs its record');
      return { event, source };
    }),
  ];
  const places = new Map<string, number[]>();
  items.forEach((item, i) => {
    const { leadId } = item.event;
    if (!replayLeads.has(leadId)) return;
    const at = places.get(leadId);
    if (at === undefined) places.set(leadId, [i]);
    else at.push(i);
  });
  const ordered = [...items];
  for (const at of places.values()) {
    const sorted = at
      .map((i) => items[i])
      .filter((item): item is FoldItem => item !== undefined)
      .sort((a, b) => a.event.version - b.event.version);
    at.forEach((place, k) => {
      const item = sorted[k];
      if (item !== undefined) ordered[place] = item;
    });
  }
  return ordered;
}
