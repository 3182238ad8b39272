import type { Database } from '@dealflow/db';
import type { PipelineCatalog } from '@dealflow/domain';
import { decodeEvent, type LeadEvent } from '@dealflow/events';
import {
  applyFunnelBatch,
  applyLeadListBatch,
  applyWhileLive,
  foldFunnel,
  projectionName,
  readModelDb,
  type ReadModelDatabase,
} from '@dealflow/read-models';
import type { Kysely, Selectable } from 'kysely';
import { lockCheckpoint } from '../checkpoint.js';
import { loadLeads } from '../load-leads.js';
import { markRetried } from './mark-retried.js';
import {
  NotLiveError,
  NotParkedError,
  ParkedNotFoundError,
  toParkedEvent,
  type ParkedEvent,
} from './parked-events.js';

type Row = Selectable<ReadModelDatabase['parked_events']>;

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
 * 3. fold the readable ones in version order against the stored lead, as the live projector
 *    would (a missing version that arrived later fills the gap; duplicates are recognised);
 * 4. write the deltas; mark what applied (or was already applied) `retried`, and keep the rest
 *    parked with the new reason and one more attempt.
 * Exactly once holds as in the live feed: the lead's stored version decides.
 */
export async function retryParked(opts: RetryOptions): Promise<RetryResult> {
  const { db, version } = opts;
  const outcome = await applyWhileLive(db, version, () =>
    db.transaction().execute((trx) => retryInTransaction(trx, opts)),
  );
  if (!('applied' in outcome)) throw new NotLiveError(version, outcome.live);
  return outcome.applied;
}

async function retryInTransaction(trx: Kysely<Database>, opts: RetryOptions): Promise<RetryResult> {
  const { version, id } = opts;
  const rm = readModelDb(trx, version);
  const named = await rm
    .selectFrom('parked_events')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (named === undefined) throw new ParkedNotFoundError(version, id);
  if (named.status !== 'parked') throw new NotParkedError(id, named.status);

  const leadRows = () => {
    let q = rm.selectFrom('parked_events').selectAll().where('status', '=', 'parked');
    q = named.lead_id === null ? q.where('id', '=', id) : q.where('lead_id', '=', named.lead_id);
    return q.orderBy('topic').orderBy('partition').orderBy('offset');
  };
  const partitions = new Map<string, { topic: string; partition: number }>();
  for (const r of await leadRows().execute()) {
    partitions.set(`${r.topic}\u0000${r.partition}`, { topic: r.topic, partition: r.partition });
  }
  // In a fixed order, so two retries never deadlock on each other.
  for (const key of [...partitions.keys()].sort()) {
    const p = partitions.get(key);
    if (p !== undefined) await lockCheckpoint(trx, { projection: projectionName(version), ...p });
  }
  // Again under the locks: the live projector may have parked more of the lead meanwhile.
  const rows = await leadRows().forUpdate().execute();
  if (!rows.some((r) => Number(r.id) === id)) {
    throw new NotParkedError(id, 'retried');
  }

  const unreadable: { row: Row; code: string; error: string }[] = [];
  const readable: { row: Row; event: LeadEvent }[] = [];
  for (const row of rows) {
    const result = decodeEvent({ key: row.key, value: row.value, headers: row.headers });
    if (result.ok) readable.push({ row, event: result.event });
    else unreadable.push({ row, code: result.error.code, error: result.error.message });
  }
  readable.sort((a, b) => a.event.version - b.event.version);
  const events = readable.map((r) => r.event);
  const leads = await loadLeads(trx, version, [...new Set(events.map((e) => e.leadId))]);
  const folded = foldFunnel({ pipelines: opts.pipelines, leads, events });
  await applyFunnelBatch(trx, version, folded);
  await applyLeadListBatch(trx, version, { stored: leads, events, folded });

  const resolved: Row[] = [];
  const failed = [...unreadable];
  readable.forEach(({ row }, i) => {
    const o = folded.outcomes[i];
    if (o?.kind === 'parked') failed.push({ row, code: o.code, error: o.message });
    else resolved.push(row);
  });
  const retried = (
    await markRetried(
      trx,
      version,
      resolved.map((r) => r.id),
    )
  ).map((r) => toParkedEvent(version, r));
  const stillParked: ParkedEvent[] = [];
  for (const f of failed) {
    const updated = await rm
      .updateTable('parked_events')
      .set((eb) => ({ error_code: f.code, error: f.error, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', f.row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    stillParked.push(toParkedEvent(version, updated));
  }
  const byId = (a: ParkedEvent, b: ParkedEvent) => a.id - b.id;
  return {
    leadId: named.lead_id,
    retried: retried.sort(byId),
    stillParked: stillParked.sort(byId),
  };
}
