import type { Database } from '@dealflow/db';
import { parseEvent, type LeadEvent } from '@dealflow/events';
import { liveVersion, readModelSchemaName } from '@dealflow/read-models';
import { referenceFunnel, type ServiceProcess } from '@dealflow/testkit';
import { sql, type Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Accepted } from './faults-driver.js';
import { PIPELINES } from './histories.js';
import { getJson, type Stack } from './stack.js';

/** Every event in the event store, decoded with the published contract, in position order. */
export async function storedEvents(db: Kysely<Database>): Promise<LeadEvent[]> {
  const rows = await db.selectFrom('events').selectAll().orderBy('position').execute();
  return rows.map((row) => {
    const parsed = parseEvent({
      id: row.event_id,
      type: row.type,
      schemaVersion: row.schema_version,
      leadId: row.lead_id,
      version: row.version,
      pipelineId: row.pipeline_id,
      occurredAt: row.occurred_at.toISOString(),
      recordedAt: row.recorded_at.toISOString(),
      data: row.data,
      metadata: row.metadata,
    });
    if (!parsed.ok) throw new Error(`stored event unreadable: ${parsed.error.message}`);
    return parsed.event;
  });
}

/**
 * Nothing half-written: every lead's versions are exactly 1..n in `events`, and every outbox row
 * points at an event (an outbox row without its event, or a gap, would be a torn append).
 */
export async function expectWholeEventStore(db: Kysely<Database>): Promise<void> {
  const { rows: torn } = await sql<{ lead_id: string }>`
    SELECT lead_id FROM events GROUP BY lead_id
    HAVING min(version) <> 1 OR max(version) <> count(*) OR count(DISTINCT version) <> count(*)`.execute(
    db,
  );
  expect(torn).toEqual([]);
  const { rows: orphans } = await sql<{ position: number }>`
    SELECT o.position FROM outbox o LEFT JOIN events e ON e.position = o.position
     WHERE e.position IS NULL`.execute(db);
  expect(orphans).toEqual([]);
}

/** Every command that got a 2xx is in the event store at the version it was answered with. */
export function expectAcceptedStored(accepted: readonly Accepted[], events: readonly LeadEvent[]) {
  const stored = new Set(events.map((e) => `${e.leadId}@${e.version}`));
  const missing = accepted.filter((a) => !stored.has(`${a.leadId}@${a.version}`));
  expect(missing).toEqual([]);
}

/** Per lead, the last version the live read models applied. */
async function projectedVersions(stack: Stack): Promise<[string, number][]> {
  const version = await liveVersion(stack.db.db);
  if (version === undefined) throw new Error('no live read-model version');
  const { rows } = await sql<{ lead_id: string; version: number }>`
    SELECT lead_id, version FROM ${sql.table(`${readModelSchemaName(version)}.leads`)}`.execute(
    stack.db.db,
  );
  return rows.map((r) => [r.lead_id, Number(r.version)]);
}

/**
 * The read models hold `events` exactly once: both pipelines' funnels equal the reference fold,
 * and every lead's projected version equals the number of its events (none skipped, none
 * applied twice).
 */
export async function expectExactReadModels(stack: Stack, events: readonly LeadEvent[]) {
  for (const pipelineId of ['default', 'b2c']) {
    const body = await getJson(`${stack.query.url}/v1/funnel?pipelineId=${pipelineId}`);
    expect(body).toEqual(referenceFunnel(events, PIPELINES, { pipelineId }));
  }
  const projected = Object.fromEntries(await projectedVersions(stack));
  const expected: Record<string, number> = {};
  for (const e of events) expected[e.leadId] = Math.max(expected[e.leadId] ?? 0, e.version);
  expect(projected).toEqual(expected);
}

/** The partitions a projector process was last assigned, read from its own log. */
export function lastAssignment(proc: ServiceProcess): number[] | undefined {
  let last: number[] | undefined;
  for (const line of proc.output().split('\n')) {
    if (!line.includes('assigned; resuming from checkpoints')) continue;
    try {
      const entry = JSON.parse(line) as { partitions?: number[] };
      if (entry.partitions) last = entry.partitions;
    } catch {
      // a line cut by the output buffer's limit
    }
  }
  return last;
}

/** Resolves after a random pause in [minMs, maxMs]: a kill lands at an arbitrary moment. */
export function randomPause(minMs: number, maxMs: number): Promise<void> {
  return new Promise((r) => setTimeout(r, minMs + Math.floor(Math.random() * (maxMs - minMs))));
}

/**
 * With the projector stopped: the read models hold a whole prefix of every lead's events and
 * nothing else — the funnel equals the reference fold of each lead's events up to the version
 * its `leads` row says was applied. A half-applied batch (a lead row moved without its
 * counters, or the reverse) breaks the equality.
 */
export async function expectWholePrefix(stack: Stack, events: readonly LeadEvent[]) {
  const applied = new Map(await projectedVersions(stack));
  const prefix = events.filter((e) => e.version <= (applied.get(e.leadId) ?? 0));
  for (const pipelineId of ['default', 'b2c']) {
    const body = await getJson(`${stack.query.url}/v1/funnel?pipelineId=${pipelineId}`);
    expect(body).toEqual(referenceFunnel(prefix, PIPELINES, { pipelineId }));
  }
  return prefix.length;
}
