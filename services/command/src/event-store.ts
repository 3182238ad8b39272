import type { Database, EventRow } from '@dealflow/db';
import { foldLead, type LeadState } from '@dealflow/domain';
import { parseEvent, SCHEMA_VERSIONS, type LeadEvent } from '@dealflow/events';
import type { Kysely, Transaction } from 'kysely';

/** The columns of `events` an envelope is rebuilt from. */
export type StoredEventRow = Omit<EventRow, 'tx_id' | 'position'>;

/** A lead's stream as stored: its events in version order and the state they fold to. */
export interface LeadStream {
  events: LeadEvent[];
  state: LeadState;
}

/** The envelope fields of a stored event, as stored (not yet validated or upcast). */
function rowFields(row: StoredEventRow) {
  return {
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
  };
}

/**
 * Rebuilds the public envelope of a stored event, upcast to the current schema version.
 *
 * @throws Error when the stored row is not a valid event: the store is corrupt, not the request.
 */
export function rowToEnvelope(row: StoredEventRow): LeadEvent {
  const parsed = parseEvent(rowFields(row));
  if (!parsed.ok) {
    throw new Error(
      `stored event ${row.lead_id}@${row.version} is unreadable: ${parsed.error.message}`,
    );
  }
  return parsed.event;
}

const CURRENT_VERSIONS: ReadonlyMap<string, number> = new Map(Object.entries(SCHEMA_VERSIONS));

/**
 * The envelope of a stored event on its way to Kafka. A row at its type's current schema
 * version is rebuilt as is: the append validated it, and `encodeEvent` validates it again
 * before it reaches the topic, so parsing it here too would only repeat that work for every
 * published event. An older row is upcast and parsed ({@link rowToEnvelope}).
 */
export function rowToPublishedEnvelope(row: StoredEventRow): LeadEvent {
  if (CURRENT_VERSIONS.get(row.type) !== row.schema_version) return rowToEnvelope(row);
  return rowFields(row) as LeadEvent;
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
