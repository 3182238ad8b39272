import type { Database, EventRow } from '@dealflow/db';
import { foldLead, type LeadState, type PendingEvent } from '@dealflow/domain';
import {
  leadEventSchema,
  parseEvent,
  SCHEMA_VERSIONS,
  type EventMetadata,
  type LeadEvent,
} from '@dealflow/events';
import type { Kysely, Transaction } from 'kysely';
import { uuidv7 } from './uuidv7.js';

/** The columns of `events` an envelope is rebuilt from. */
export type StoredEventRow = Omit<EventRow, 'tx_id' | 'position'>;

/** A lead's stream as stored: its events in version order and the state they fold to. */
export interface LeadStream {
  events: LeadEvent[];
  state: LeadState;
}

/** The events one command appended, and the global position of the last one. */
export interface Appended {
  events: LeadEvent[];
  lastPosition: number;
}

/**
 * Rebuilds the public envelope of a stored event, upcast to the current schema version.
 *
 * @throws Error when the stored row is not a valid event: the store is corrupt, not the request.
 */
export function rowToEnvelope(row: StoredEventRow): LeadEvent {
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
  if (!parsed.ok) {
    throw new Error(
      `stored event ${row.lead_id}@${row.version} is unreadable: ${parsed.error.message}`,
    );
  }
  return parsed.event;
}

/** Reads a lead's events in version order and folds them (`status: 'none'` when there are none). */
export async function readStream(
  db: Kysely<Database> | Transaction<Database>,
  leadId: string,
): Promise<LeadStream> {
  const rows = await db
    .selectFrom('events')
    .select([
      'event_id',
      'lead_id',
      'version',
      'type',
      'schema_version',
      'pipeline_id',
      'occurred_at',
      'recorded_at',
      'data',
      'metadata',
    ])
    .where('lead_id', '=', leadId)
    .orderBy('version')
    .execute();
  const events = rows.map(rowToEnvelope);
  return { events, state: foldLead(events) };
}

/**
 * Appends decided events after `currentVersion` and enqueues them for the relay, in the caller's
 * transaction. Concurrency: two writers that read the same version both try to insert
 * `currentVersion + 1`; the unique `(lead_id, version)` key lets exactly one commit and fails the
 * other with a unique violation (23505), which the caller reports as a conflict.
 */
export async function appendToStream(
  trx: Transaction<Database>,
  stream: { leadId: string; currentVersion: number },
  pending: readonly PendingEvent[],
  context: { recordedAt: string; metadata: EventMetadata },
): Promise<Appended> {
  // Validated against the contract before it is stored: the relay must never meet an event
  // it cannot publish.
  const events = pending.map((event, index) =>
    leadEventSchema.parse({
      id: uuidv7(),
      type: event.type,
      schemaVersion: SCHEMA_VERSIONS[event.type],
      leadId: stream.leadId,
      version: stream.currentVersion + index + 1,
      pipelineId: event.pipelineId,
      occurredAt: event.occurredAt,
      recordedAt: context.recordedAt,
      data: event.data,
      metadata: context.metadata,
    }),
  );
  if (events.length === 0) return { events, lastPosition: 0 };
  const inserted = await trx
    .insertInto('events')
    .values(
      events.map((event) => ({
        event_id: event.id,
        lead_id: event.leadId,
        version: event.version,
        type: event.type,
        schema_version: event.schemaVersion,
        pipeline_id: event.pipelineId,
        occurred_at: event.occurredAt,
        recorded_at: event.recordedAt,
        data: event.data,
        metadata: event.metadata,
      })),
    )
    .returning(['position', 'lead_id'])
    .execute();
  await trx
    .insertInto('outbox')
    .values(inserted.map((row) => ({ position: row.position, lead_id: row.lead_id })))
    .execute();
  return { events, lastPosition: Math.max(...inserted.map((row) => row.position)) };
}
