import type { Database } from '@dealflow/db';
import type { PipelineCatalog } from '@dealflow/domain';
import { decodeEvent } from '@dealflow/events';
import {
  holdLiveFeed,
  markStillParked,
  parkedRowById,
  parkedRowsBeside,
  projectionName,
  type ParkedRow,
} from '@dealflow/read-models';
import type { Kysely } from 'kysely';
import { applyEvents } from '../apply/apply-events.js';
import { lockCheckpoint } from '../apply/checkpoint.js';
import type { Unparked } from '../apply/in-version-order.js';
import {
  NotLiveError,
  NotParkedError,
  ParkedNotFoundError,
  toParkedEvent,
  type ParkedEvent,
} from './parked-events.js';

/** What a retry did: the lead's dead letters that now applied (or were already in), and the rest. */
export interface RetryResult {
  leadId: string | null;
  retried: ParkedEvent[];
  stillParked: ParkedEvent[];
}

/** What {@link retryParked} needs. */
export interface RetryOptions {
  db: Kysely<Database>;
  /** The live read-model version (retrying into another one is refused). */
  version: number;
  pipelines: PipelineCatalog;
  /** Any parked event of the lead to retry. */
  id: number;
}

/**
 * Retries a lead's dead letters — the one named and every other still parked for the same lead
 * (a record without a lead: just that one) — in one transaction under the live feed lock:
 * 1. lock the checkpoint rows of their partitions, so the live projector's next chunk there
 *    waits and then sees the outcome (no new event of the lead slips past or gets stuck);
 * 2. decode the original bytes again (a fixed or upgraded projector may read them now);
 * 3. hand the readable ones to the apply step as parked events taken back: folded in version
 *    order against the stored lead, as the live projector would (a missing version that
 *    arrived later fills the gap; duplicates are recognised), deltas written, what applied
 *    (or was already applied) marked `retried`;
 * 4. keep the rest parked with the new reason and one more attempt.
 * Exactly once holds as in the live feed: the lead's stored version decides.
 */
export async function retryParked(opts: RetryOptions): Promise<RetryResult> {
  const { db, version } = opts;
  return db.transaction().execute(async (trx) => {
    const live = await holdLiveFeed(trx);
    if (live !== version) throw new NotLiveError(version, live);
    return retryInTransaction(trx, opts);
  });
}

async function retryInTransaction(trx: Kysely<Database>, opts: RetryOptions): Promise<RetryResult> {
  const { version, id } = opts;
  const named = await parkedRowById(trx, version, id);
  if (named === undefined) throw new ParkedNotFoundError(version, id);
  if (named.status !== 'parked') throw new NotParkedError(id, named.status);

  const of = { id, leadId: named.lead_id };
  const partitions = new Map<string, { topic: string; partition: number }>();
  for (const r of await parkedRowsBeside(trx, version, of)) {
    partitions.set(`${r.topic}\u0000${r.partition}`, { topic: r.topic, partition: r.partition });
  }
  // In a fixed order, so two retries never deadlock on each other.
  for (const key of [...partitions.keys()].sort()) {
    const p = partitions.get(key);
    if (p !== undefined) await lockCheckpoint(trx, { projection: projectionName(version), ...p });
  }
  // Again under the locks: the live projector may have parked more of the lead meanwhile.
  const rows = await parkedRowsBeside(trx, version, of, true);
  if (!rows.some((r) => Number(r.id) === id)) {
    throw new NotParkedError(id, 'retried');
  }

  const failed: { row: ParkedRow; code: string; error: string }[] = [];
  const takenBack: Unparked[] = [];
  const byId = new Map<number, ParkedRow>();
  for (const row of rows) {
    byId.set(Number(row.id), row);
    const result = decodeEvent({ key: row.key, value: row.value, headers: row.headers });
    if (result.ok) takenBack.push({ id: Number(row.id), event: result.event });
    else failed.push({ row, code: result.error.code, error: result.error.message });
  }
  const applied = await applyEvents(
    trx,
    { version, pipelines: opts.pipelines },
    { records: [], takenBack },
  );
  for (const still of applied.stillParked) {
    const row = byId.get(still.id);
    if (row !== undefined) failed.push({ row, code: still.code, error: still.error });
  }
  const stillParked: ParkedEvent[] = [];
  for (const f of failed) {
    const updated = await markStillParked(trx, version, f.row.id, f);
    stillParked.push(toParkedEvent(version, updated));
  }
  const ascending = (a: ParkedEvent, b: ParkedEvent) => a.id - b.id;
  return {
    leadId: named.lead_id,
    retried: applied.retried.map((r) => toParkedEvent(version, r)).sort(ascending),
    stillParked: stillParked.sort(ascending),
  };
}
